// discus::daemon::dicom — discusd's DICOM listener (issues 15, 16): the SCP of src/net/services
// (Verification, Storage, and whatever other service classes the daemon registers, such as Media
// Creation Management) running inside the service, storing into the station's study store.
//
// Configuration: [dicom] in discus.toml, overridden by discusd --aet, --dicom-port,
// --dicom-tls-key/--dicom-tls-cert/--dicom-tls-ca (the meaning of `discus store-scp`'s --tls-*:
// a CA makes the peer's certificate required and verified; PS3.15 B.9/B.10 BCP 195 profiles).
// Each stored instance is indexed (store::Store::add) before its C-STORE-RSP, so what is
// acknowledged is in the store. Each association that stored something is audited as one
// PS3.15 A.5.3.7 DICOM Instances Transferred message (we are the destination; the calling AE
// title and address the source; every patient and study with SOP classes and counts).
//   DISCUS_TRY(auto opts, listener_options(settings, flags));  opts.services.push_back(mcm);
//   DISCUS_TRY(auto l, Listener::start(std::move(opts), store, &trail, log));   ...  l->stop();
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/settings.h"
#include "base/log.h"
#include "base/result.h"
#include "daemon/audit/trail.h"
#include "net/services/server.h"
#include "store/store.h"

namespace discus::daemon::dicom {

// What the command line says (empty / -1: not given, the configuration decides).
struct ListenerFlags {
  std::string ae_title;
  int port = -1;
  std::string tls_key, tls_cert, tls_ca;
};

struct ListenerOptions {
  std::string ae_title = "DISCUS";
  int port = -1;  // -1: no listener
  std::string bind_address;
  std::vector<std::string> calling_ae_titles, addresses;
  net::services::DuplicatePolicy duplicates = net::services::DuplicatePolicy::kReplace;
  std::string tls_key, tls_cert, tls_ca;
  unsigned max_associations = 0;  // 0: the SCP's default
  // Other service classes' SCPs, by SOP Class UID (net/services/server.h): the registration point.
  std::vector<net::services::ServiceRegistration> services;
};

// Flags over settings over defaults; an AE title or TLS pair that cannot work is an error.
base::Result<ListenerOptions> listener_options(const app::Settings& settings, const ListenerFlags& flags);

class Listener {
 public:
  // Binds the port at once (an error when taken) and serves in its own thread.
  static base::Result<std::unique_ptr<Listener>> start(ListenerOptions options, store::Store& store, audit::Trail* trail,
                                                       base::Logger& log);
  ~Listener();
  std::uint16_t port() const { return server_->port(); }
  const net::services::ServerStats& stats() const { return server_->stats(); }
  // Stops accepting and waits for the associations in progress to end.
  void stop();

 private:
  struct Tally {  // one association's received instances, for its audit message
    std::map<std::string, audit::Patient> patients;
    std::map<std::string, audit::Study> studies;
  };
  Listener(store::Store& store, audit::Trail* trail, base::Logger& log) : store_(store), trail_(trail), log_(log) {}
  void stored(const net::services::StoredInstance& s);
  void ended(const net::services::AssociationEnded& e);

  store::Store& store_;
  audit::Trail* trail_;
  base::Logger& log_;
  std::unique_ptr<net::services::Server> server_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::map<std::uint64_t, Tally> tallies_;
};

}  // namespace discus::daemon::dicom
