// discus::daemon::audit — the service's trail: the local log plus the syslog sender.
//
// record() turns the event into its PS3.15 A.5 message(s), appends them to STATE/audit/
// messages.log (fsync'd; a Data Export with its release-of-information record) and wakes the
// sender. The sender is one thread that reads the log from the offset the repository last
// received (STATE/audit/sent), sends each message as RFC 5424 syslog over the configured
// transport and moves the offset on; when the repository is unreachable it waits (backoff up to
// `max_backoff_ms`) and tries again, so record() never waits for the network and a message is
// never dropped: everything after the offset is resent on reconnect, also after a restart.
// Delivery is at least once: a crash between a send and the offset's update resends that record.
//   DISCUS_TRY(auto trail, ServiceTrail::open(options, "/var/lib/discus"));
//   DISCUS_TRY(auto seq, trail->record_numbered(event));  trail->wait_sent(seq, 5s);  // tests
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "daemon/audit/log_store.h"
#include "daemon/audit/message.h"
#include "daemon/audit/trail.h"
#include "daemon/audit/transport.h"

namespace discus::daemon::audit {

class ServiceTrail final : public Trail {
 public:
  struct Tuning {
    int timeout_ms = 3000;        // connect, handshake and write timeouts
    int min_backoff_ms = 100;     // first wait after a failure, doubled up to
    int max_backoff_ms = 30000;
  };
  static base::Result<std::unique_ptr<ServiceTrail>> open(const TrailOptions& options, const std::string& state_dir,
                                                          Tuning tuning);
  ~ServiceTrail() override;  // stops the sender (what is unsent stays in the log for next time)

  base::Status record(const AuditEvent& event) override;
  base::Result<std::uint64_t> record_numbered(const AuditEvent& event);

  // Until every record up to `sequence` reached the repository (true) or the time ran out.
  // Without a repository, true at once.
  bool wait_sent(std::uint64_t sequence, std::chrono::milliseconds timeout);
  std::uint64_t sent_sequence() const;
  const std::string& log_file() const { return log_.path(); }

 private:
  ServiceTrail(LogStore log, Source source, std::string state_dir);
  void run_sender();
  base::Status save_cursor(std::uint64_t offset, std::uint64_t sequence);

  LogStore log_;
  Source source_;
  std::string state_dir_;
  Tuning tuning_;
  std::unique_ptr<Transport> transport_;  // null: local only
  SyslogHeader header_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;     // a new record, or stop
  std::condition_variable progress_; // the sent offset moved
  bool stop_ = false;
  std::uint64_t appended_ = 0;       // last sequence appended
  std::uint64_t sent_offset_ = 0, sent_seq_ = 0;
  std::thread sender_;
};

}  // namespace discus::daemon::audit
