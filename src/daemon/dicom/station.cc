#include "daemon/dicom/station.h"

#include <fmt/format.h>

namespace discus::daemon::dicom {

base::Result<std::unique_ptr<DicomStation>> DicomStation::start(DicomStationOptions o) {
  std::unique_ptr<DicomStation> s(new DicomStation());
  store::StoreOptions so;
  so.dir = o.state_dir + "/store";
  so.database = o.state_dir + "/store.db";
  so.quiet_ms = o.quiet_ms;
  so.retention_days = o.retention_days;
  DISCUS_TRY(s->store_, store::Store::open(so));
  DISCUS_TRY(std::size_t found, s->store_->reconcile());
  if (found > 0 && o.log) o.log->info("store: {} instances found unindexed after a restart, indexed now", found);
  static const app::Settings kNone;
  DISCUS_TRY(auto rules, store::rules_from_settings(o.settings ? *o.settings : kNone, o.drives));
  if (!rules.empty() && !o.queue) return base::Error{base::ErrorCode::kInvalidArgument, "auto-burn rules need a queue"};
  if (o.queue) {
    s->autoburn_ = std::make_unique<store::AutoBurn>(*s->store_, *o.queue, std::move(rules), o.log, o.queue_changed);
    store::AutoBurn* ab = s->autoburn_.get();
    s->watcher_ = std::make_unique<store::StudyWatcher>(
        *s->store_, [ab](const store::StudySummary& st) -> base::Status {
          DISCUS_TRY(auto ids, ab->evaluate(st));
          (void)ids;
          return {};
        },
        o.poll, o.log);
  }
  if (o.listener.port >= 0) {
    ListenerOptions lo = std::move(o.listener);
    const std::string aet = lo.ae_title;
    const bool tls = !lo.tls_key.empty();
    const std::size_t others = lo.services.size();
    DISCUS_TRY(s->listener_, Listener::start(std::move(lo), *s->store_, o.trail, *o.log));
    if (o.log)
      o.log->info("DICOM listener {} on port {}{} (Verification, Storage{}); {} auto-burn rule(s)", aet, s->listener_->port(),
                  tls ? " with TLS" : "", others ? fmt::format(" and {} other SOP class(es)", others) : std::string(), s->autoburn_ ? s->autoburn_->rules().size() : 0);
  }
  s->options_ = std::move(o);
  return s;
}

DicomStation::~DicomStation() { stop(); }

void DicomStation::stop() {
  if (listener_) listener_->stop();
  if (watcher_) watcher_->stop();
}

}  // namespace discus::daemon::dicom
