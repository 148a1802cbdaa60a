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

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "base/log.h"
#include "base/result.h"
#include "net/dimse/negotiation.h"
#include "net/services/access.h"
#include "net/services/storage_scp.h"
#include "net/ul/association.h"
#include "net/ul/tls.h"

namespace discus::net::services {

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
};

}  // namespace discus::net::services
