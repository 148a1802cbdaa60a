// discus::jobs — the durable queue: one interface, one schema, a backend per database.
//
// Every call is one transaction that is durable (fsync'd) before it returns, so "acknowledged"
// means "survives a power cut" (issue 14 item 2). Calls take spans so a caller may group several
// transitions into one commit (group commit) without weakening that rule. Workers hold a job
// through a lease they renew with heartbeat(); a job whose lease ran out is given back at the
// next claim and its copies are recovered (recovery_state(): staging redone, physical output
// made suspect). Only the claim's selection differs per backend (SQLite: one writer;
// PostgreSQL: FOR UPDATE SKIP LOCKED); see schema.h and sql/sql_repository.h.
//   DISCUS_TRY(auto ids, repo.submit({&spec, 1}));   DISCUS_TRY(auto got, repo.claim("st1", 30000, 1));
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "jobs/job.h"

namespace discus::jobs {

// Milliseconds since the epoch; a function so tests move time to expire leases. Read once at
// the start of each transaction. Where a backend is opened without one (open_repository.h),
// PostgreSQL uses the database server's clock (the one clock stations sharing a queue agree
// on) and SQLite this process's.
using Clock = std::function<std::int64_t()>;
Clock system_clock();

// A state change asked by a worker or an operator. `expected` is compared and set: a worker
// whose view is stale (the job was cancelled, its lease given away) is refused with kConflict.
struct JobChange {
  JobId job = 0;
  JobState expected = JobState::kRunning;
  JobState to = JobState::kDone;
  std::string station;  // for a running job: must hold the lease
  std::string reason;   // error of a failure, hold reason, or a note for the event
};

struct CopyChange {
  JobId job = 0;
  int n = 1;
  CopyState expected = CopyState::kQueued;
  CopyState to = CopyState::kRunning;
  std::string station;
  std::string output;  // set when known (the image path, the device)
  std::string reason;
};

// One recorded transition: the events table is the history and the API's event stream.
struct Event {
  std::int64_t seq = 0;
  std::int64_t time_ms = 0;
  JobId job = 0;
  int n = 0, attempt = 0;  // 0 for an event of the job itself
  std::string from, to;    // states; `from` empty for a submission
  std::string station, detail;
};

struct ListFilter {
  std::optional<JobState> state;
  JobId after = 0;     // keyset paging: jobs with id > after
  int limit = 0;       // 0: all
  bool with_copies = true;
  bool with_spec = false;  // the stored spec is parsed only when asked (show() always does)
};

class Repository {
 public:
  virtual ~Repository() = default;

  // Queues the jobs with their copies (attempt 1 each), returns their ids in order.
  virtual base::Result<std::vector<JobId>> submit(std::span<const JobSpec> specs) = 0;
  // Takes up to `max` queued jobs for `station` (highest priority, oldest first), leased for
  // `lease_ms`; first gives back every job whose lease ran out. Claimed jobs are `running`.
  virtual base::Result<std::vector<Job>> claim(const std::string& station, std::int64_t lease_ms, int max) = 0;
  // Extends the leases `station` holds on `jobs`; returns the jobs it no longer holds (cancelled,
  // or given away after its lease ran out): their worker must stop without another transition.
  virtual base::Result<std::vector<JobId>> heartbeat(const std::string& station, std::span<const JobId> jobs,
                                                     std::int64_t lease_ms) = 0;
  // All or nothing, in order, in one durable commit. A copy going to `rejected` queues its
  // remake (attempt + 1) in the same commit: never a spoiled disc without its replacement.
  virtual base::Status apply(std::span<const JobChange> jobs, std::span<const CopyChange> copies) = 0;

  virtual base::Result<std::vector<Job>> list(const ListFilter& filter) = 0;
  virtual base::Result<Job> show(JobId id) = 0;
  // Operator actions: cancel (refused while a copy is physical: PS3.4 S.3.2.3 C202), retry a
  // failed or cancelled job (failed copies re-queued), hold (pause) and release a job.
  virtual base::Status cancel(JobId id, const std::string& reason) = 0;
  virtual base::Status retry(JobId id) = 0;
  virtual base::Status hold(JobId id, const std::string& reason) = 0;
  virtual base::Status release(JobId id) = 0;
  // "Stop after this copy", accepted whatever the job is doing: a job with nothing physical and
  // not running is cancelled at once; otherwise its queued copies are cancelled and the request
  // is kept in the stored spec (JobSpec::stop_after_copy, `reason`), so the station lets the
  // current copy finish and verify, starts no other (not even a remake), and ends the job
  // cancelled with its verified copies counted (scheduler.h). Durable like every call here.
  virtual base::Status stop_after_copy(JobId id, const std::string& reason) {
    (void)id, (void)reason;
    return base::Error{base::ErrorCode::kUnsupported, "this queue cannot stop a job after its current copy"};
  }
  // Recorded transitions with seq > after, oldest first, at most `limit`.
  virtual base::Result<std::vector<Event>> events_since(std::int64_t after, int limit) = 0;
  // Gives back every job `station` holds, as an expired lease would: a station that restarts
  // after a crash calls this before it claims (its own suspects are read back, not reburned).
  virtual base::Status recover(const std::string& station) = 0;
};

}  // namespace discus::jobs
