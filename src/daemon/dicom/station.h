// discus::daemon::dicom — the daemon's DICOM side as one object: the study store (src/store),
// the auto-burn rules with the thread that runs them on complete studies, and the DICOM
// listener. discusd_main.cc starts it after the scheduler and stops it before; the API reads the
// store through store().
//
// Start: the store is opened (STATE/store/, STATE/store.db) and reconciled with its folder (what
// a crash left unindexed), the rules are read from the configuration, the watcher starts, then
// the listener binds (when a port is configured). Stop: the listener first (no new instances),
// then the watcher.
//   DicomStationOptions o{...};  o.listener.services.push_back(mcm);   // other SCPs register here
//   DISCUS_TRY(auto st, DicomStation::start(std::move(o)));   ...  st->stop();
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/settings.h"
#include "base/log.h"
#include "base/result.h"
#include "daemon/audit/trail.h"
#include "daemon/dicom/listener.h"
#include "jobs/repository.h"
#include "store/rules.h"
#include "store/store.h"
#include "store/watcher.h"

namespace discus::daemon::dicom {

struct DicomStationOptions {
  std::string state_dir;
  const app::Settings* settings = nullptr;
  ListenerOptions listener;                // port -1: no listener (the store still answers the API)
  std::vector<std::string> drives;         // discusd --drive: a rule without a target uses the first
  std::unique_ptr<jobs::Repository> queue;  // the auto-burn rules' own queue connection
  std::function<void()> queue_changed;     // the scheduler's wake()
  audit::Trail* trail = nullptr;
  base::Logger* log = nullptr;
  std::int64_t quiet_ms = 30000;           // [store] quiet_seconds (default 30 s)
  int retention_days = 7;                  // [store] retention_days (default 7)
  std::chrono::milliseconds poll{250};
};

class DicomStation {
 public:
  static base::Result<std::unique_ptr<DicomStation>> start(DicomStationOptions options);
  ~DicomStation();
  store::Store& store() { return *store_; }
  Listener* listener() { return listener_.get(); }  // null without a port
  void stop();

 private:
  DicomStation() = default;
  DicomStationOptions options_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::AutoBurn> autoburn_;
  std::unique_ptr<store::StudyWatcher> watcher_;
  std::unique_ptr<Listener> listener_;
};

}  // namespace discus::daemon::dicom
