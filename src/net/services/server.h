// discus::net::services — the SCP: accepts associations, checks access, negotiates, and serves
// Verification (PS3.4 A) and Storage (PS3.4 B) on each, one thread per association.
//
// Bounded: at most max_associations served at once (beyond that an A-ASSOCIATE-RJ, transient,
// local-limit-exceeded), a few more connections only to say so, and the rest closed at once;
// every read has a deadline (ul::Timeouts). One log line per association, without PHI:
// peer address, AE titles, contexts, instances, bytes, how it ended.
//
//   DISCUS_TRY(auto server, Server::start(options, log));
//   std::atomic<bool> stop{false};   server->run(stop);   // until stop is set
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/log.h"
#include "base/result.h"
#include "net/dimse/command.h"
#include "net/dimse/negotiation.h"
#include "net/services/access.h"
#include "net/services/storage_scp.h"
#include "net/ul/association.h"
#include "net/ul/tls.h"

namespace discus::net::services {

// ---- The registration point for other service classes ---------------------------------------
// One association as a handler or hook sees it (no PHI: AE titles and the peer's address).
struct AssociationInfo {
  std::uint64_t id = 0;  // unique per Server, in order of acceptance
  std::string calling_ae_title, called_ae_title;
  std::string peer_host;  // IP address
};

// A request on a context of a registered SOP class: the command and its whole data set
// (gathered in memory, at most ServiceRegistration::max_data_set_bytes; empty when it has none),
// encoded in the context's transfer syntax.
struct ServiceRequest {
  const AssociationInfo& association;
  std::uint8_t context_id = 0;
  std::string_view sop_class_uid;        // the context's abstract syntax
  std::string_view transfer_syntax_uid;  // the context's accepted transfer syntax
  const dimse::Command& command;
  base::ByteView data_set;
};

// One message to send back on the same context: pending answers first, the final one last.
// command.data_set_type says whether data_set (encoded in the context's syntax) follows.
struct ServiceReply {
  dimse::Command command;
  base::Bytes data_set;
};

// The SCP side of one service class (N-CREATE/N-ACTION/N-GET/N-SET/N-DELETE/N-EVENT-REPORT or
// C-FIND/C-MOVE/C-GET requests). One handler serves every association, from their threads at
// once: it must be thread-safe. Requests of one association arrive one at a time, in order
// (we negotiate an asynchronous operations window of 1, PS3.7 D.3.3.3).
class ServiceHandler {
 public:
  virtual ~ServiceHandler() = default;
  // Never throws; a request it cannot serve is answered with a failure status, not an error.
  virtual std::vector<ServiceReply> handle(const ServiceRequest& request) noexcept = 0;
  // The association ended (released or aborted): per-association state may go.
  virtual void association_ended(const AssociationInfo&) noexcept {}
};

// Registers `handler` for `sop_class_uid` (a SOP Class or Meta SOP Class UID): contexts proposing
// it are accepted in Explicit or Implicit VR Little Endian (the peer's first choice of the two),
// and every request on them goes to the handler. Registering a Verification or Storage SOP class
// overrides neither. The data set of one request above max_data_set_bytes aborts the association.
//   ScpOptions o;  o.services.push_back({"1.2.840.10008.5.1.1.33", std::make_shared<McmScp>(...)});
// The transfer syntaxes a registered service's context is accepted in, the peer's first of these
// (PS3.7 D.3.3: N- and C-FIND/MOVE/GET messages use no compression); the conformance statement
// (discus __conformance) prints this list.
inline constexpr std::array<std::string_view, 2> kServiceTransferSyntaxes = {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"};

struct ServiceRegistration {
  std::string sop_class_uid;
  std::shared_ptr<ServiceHandler> handler;
  std::uint32_t max_data_set_bytes = 1u << 20;
};

// What the Storage SCP tells its host after an instance was stored (the file renamed into place
// and, with fsync on, durable) and before C-STORE-RSP is sent; also for a duplicate kept under
// DuplicatePolicy::kKeep (path is then the file already there).
struct StoredInstance {
  const AssociationInfo& association;
  std::string sop_class_uid, sop_instance_uid;
  std::string path;
  std::uint64_t bytes = 0;
};

// One association's end, for the host's audit trail (PS3.15 A.5.3.7) and statistics.
struct AssociationEnded {
  const AssociationInfo& association;
  std::uint64_t stored = 0, failed = 0, bytes = 0;
  bool released = false;  // false: aborted (by either side)
};

struct ScpOptions {
  std::uint16_t port = 11112;
  std::string bind_address;  // empty: all
  AccessPolicy access;
  dimse::AcceptPolicy accept;
  ul::Timeouts timeouts;
  std::uint32_t max_pdu_length = 256 * 1024;  // announced in 51H and enforced on receipt
  unsigned max_associations = 64;
  std::uint64_t max_messages_per_association = 0;  // 0: unlimited
  StorageOptions storage;   // out_dir empty: Verification only
  std::shared_ptr<ul::TlsContext> tls;
  std::vector<ServiceRegistration> services;  // other service classes, by SOP Class UID
  // Hooks for the host; called from association threads at once (must be thread-safe); may be empty.
  std::function<void(const StoredInstance&)> on_stored;
  std::function<void(const AssociationEnded&)> on_association_end;
};

struct ServerStats {
  std::atomic<std::uint64_t> associations{0}, rejected{0}, aborted{0}, instances{0}, failures{0}, bytes{0};
  std::atomic<int> active{0};
};

class Server {
 public:
  static base::Result<std::unique_ptr<Server>> start(ScpOptions options, base::Logger& log);
  std::uint16_t port() const { return listener_.port(); }
  // Accepts until `stop` is set, then waits for the associations in progress to end.
  void run(const std::atomic<bool>& stop);
  const ServerStats& stats() const { return stats_; }

 private:
  Server(ScpOptions o, ul::Listener l, base::Logger& log) : options_(std::move(o)), listener_(std::move(l)), log_(log) {}
  void serve(std::unique_ptr<ul::TcpTransport> tcp, bool over_limit) noexcept;

  ScpOptions options_;
  ul::Listener listener_;
  base::Logger& log_;
  std::mutex log_mutex_;
  ServerStats stats_;
  std::atomic<int> threads_{0};
  std::atomic<std::uint64_t> next_id_{0};
};

}  // namespace discus::net::services
