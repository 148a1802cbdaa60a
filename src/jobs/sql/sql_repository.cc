#include "jobs/sql/sql_repository.h"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>

#include <limits>

#include "jobs/job_json.h"
#include "jobs/schema.h"

namespace discus::jobs {

Clock system_clock() {
  return [] {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  };
}

namespace {

using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;
using sql::Database;
using sql::Statement;
using sql::Transaction;
using sql::TxKind;

// "No limit" in a form both dialects take (PostgreSQL refuses LIMIT -1).
constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();

Error conflict(std::string message) { return Error{ErrorCode::kConflict, std::move(message)}; }

constexpr std::string_view kJobColumns =
    "id, kind, state, priority, submitted_by, hold_reason, error, lease_owner, lease_expires_ms, created_ms, "
    "updated_ms";

// The latest attempt of each copy of a job: the unit that has a current state.
constexpr std::string_view kCurrentCopy =
    "SELECT attempt, state FROM copies WHERE job_id = ? AND n = ? ORDER BY attempt DESC LIMIT 1";
constexpr std::string_view kCurrentCopies =
    "SELECT n, attempt, state FROM copies c WHERE job_id = ?1 AND attempt = "
    "(SELECT MAX(attempt) FROM copies WHERE job_id = ?1 AND n = c.n) ORDER BY n";

struct JobRow {
  JobState state = JobState::kQueued;
  std::string lease_owner;
};

struct CopyRow {
  int n = 0, attempt = 0;
  CopyState state = CopyState::kQueued;
};

class SqlRepository final : public Repository {
 public:
  SqlRepository(std::unique_ptr<Database> db, Clock clock)
      : db_(std::move(db)),
        clock_(std::move(clock)),
        load_job_sql_(fmt::format("SELECT state, lease_owner FROM jobs WHERE id = ?1{}", db_->lock_rows())),
        expired_sql_(fmt::format("SELECT id, lease_owner FROM jobs WHERE state = 'running' AND lease_expires_ms < ?1 "
                                 "ORDER BY id{}",
                                 db_->skip_locked())),
        claimable_sql_(fmt::format("SELECT id FROM jobs WHERE state = 'queued' ORDER BY priority DESC, id LIMIT ?1{}",
                                   db_->skip_locked())),
        held_by_sql_(fmt::format("SELECT id FROM jobs WHERE state = 'running' AND lease_owner = ?1 ORDER BY id{}",
                                 db_->lock_rows())) {}

  Status prepare();

  Result<std::vector<JobId>> submit(std::span<const JobSpec> specs) override;
  Result<std::vector<Job>> claim(const std::string& station, std::int64_t lease_ms, int max) override;
  Result<std::vector<JobId>> heartbeat(const std::string& station, std::span<const JobId> jobs,
                                       std::int64_t lease_ms) override;
  Status apply(std::span<const JobChange> jobs, std::span<const CopyChange> copies) override;
  Result<std::vector<Job>> list(const ListFilter& filter) override;
  Result<Job> show(JobId id) override;
  Status cancel(JobId id, const std::string& reason) override;
  Status retry(JobId id) override;
  Status hold(JobId id, const std::string& reason) override;
  Status release(JobId id) override;
  Status stop_after_copy(JobId id, const std::string& reason) override;
  Result<std::vector<Event>> events_since(std::int64_t after, int limit) override;
  Status recover(const std::string& station) override;

 private:
  Status migrate();
  Status begin(Transaction& tx, TxKind kind);  // and reads the transaction's time into now_
  Result<std::vector<JobId>> select_claimable(int max);  // the backend-specific step
  Result<JobRow> load_job(JobId id);
  Result<std::vector<CopyRow>> current_copies(JobId id);
  Status record(JobId job, int n, int attempt, std::string_view from, std::string_view to, std::string_view station,
                std::string_view detail);
  // `job` is the row as load_job() read (and locked) it in this transaction.
  Status change_job(JobId id, const JobRow& job, JobState to, const std::string& station, const std::string& reason,
                    bool by_operator);
  Status settle_copies(JobId id, JobState to, const std::string& reason);
  Status set_copy(JobId id, const CopyRow& c, CopyState to, const std::string& station, const std::string& output,
                  const std::string& reason);
  Status add_attempt(JobId id, int n, int attempt, const std::string& why);
  Status give_back(JobId id, const std::string& owner, const std::string& why);
  Status apply_copy(const CopyChange& c);
  Status operator_change(JobId id, std::initializer_list<JobState> from, JobState to, const std::string& reason);
  Result<std::vector<Job>> read_jobs(std::string_view where, std::int64_t a, std::int64_t b, int limit, bool spec);
  Status attach_copies(std::vector<Job>& jobs);
  Status set_stop_after_copy(JobId id, const std::string& reason);  // in the stored spec

  std::unique_ptr<Database> db_;
  Clock clock_;
  std::int64_t now_ = 0;  // the current transaction's time
  bool events_locked_ = false;  // this transaction holds the events lock (Database::lock_events)
  const std::string load_job_sql_, expired_sql_, claimable_sql_, held_by_sql_;
};

Status SqlRepository::begin(Transaction& tx, TxKind kind) {
  DISCUS_CHECK(tx.begin(kind));
  events_locked_ = false;
  if (clock_) {
    now_ = clock_();
  } else if (auto t = db_->transaction_time_ms()) {
    now_ = *t;
  } else {
    now_ = system_clock()();
  }
  return {};
}

// One transaction for the whole migration. PostgreSQL: the advisory lock makes a second
// station that starts at the same moment wait, then find the schema current; SQLite: BEGIN
// IMMEDIATE already excludes every other writer.
Status SqlRepository::migrate() {
  Transaction tx(*db_);
  DISCUS_CHECK(begin(tx, TxKind::kWrite));
  DISCUS_CHECK(db_->lock_for_migration());
  DISCUS_CHECK(db_->exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_ms BIGINT NOT NULL)"));
  DISCUS_TRY(Statement * s, db_->statement("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  DISCUS_TRY(bool row, s->step());
  const std::int64_t current = row ? s->integer(0) : 0;
  s->reset();
  const auto all = migrations();
  if (current > all.back().version)
    return Error{ErrorCode::kUnsupported,
                 fmt::format("the queue database has schema version {}, newer than this program's {}; use the "
                             "discusd that wrote it",
                             current, all.back().version)}
        .in_file(db_->where());
  for (const Migration& m : all) {
    if (m.version <= current) continue;
    DISCUS_CHECK(db_->exec(render(m, db_->dialect())));
    DISCUS_TRY(Statement * ins, db_->statement("INSERT INTO schema_migrations VALUES (?1, ?2, ?3)"));
    DISCUS_CHECK(ins->bind(1, m.version).bind(2, m.name).bind(3, now_).run());
  }
  return tx.commit();
}

Status SqlRepository::prepare() {
  DISCUS_CHECK(db_->check_integrity());
  return migrate();
}

Result<JobRow> SqlRepository::load_job(JobId id) {
  DISCUS_TRY(Statement * s, db_->statement(load_job_sql_));
  s->bind(1, id);
  DISCUS_TRY(bool row, s->step());
  if (!row) return Error{ErrorCode::kNotFound, fmt::format("no job {}", id)};
  JobRow r;
  r.state = job_state_from_string(s->text(0)).value_or(JobState::kFailed);
  r.lease_owner = s->text(1);
  s->reset();
  return r;
}

Result<std::vector<CopyRow>> SqlRepository::current_copies(JobId id) {
  DISCUS_TRY(Statement * s, db_->statement(kCurrentCopies));
  s->bind(1, id);
  std::vector<CopyRow> out;
  for (;;) {
    DISCUS_TRY(bool row, s->step());
    if (!row) break;
    out.push_back({static_cast<int>(s->integer(0)), static_cast<int>(s->integer(1)),
                   copy_state_from_string(s->text(2)).value_or(CopyState::kFailed)});
  }
  s->reset();
  return out;
}

Status SqlRepository::record(JobId job, int n, int attempt, std::string_view from, std::string_view to,
                                std::string_view station, std::string_view detail) {
  if (!events_locked_) {
    DISCUS_CHECK(db_->lock_events());
    events_locked_ = true;
  }
  DISCUS_TRY(Statement * s, db_->statement(
                                "INSERT INTO events (time_ms, job_id, n, attempt, from_state, to_state, station, detail) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  return s->bind(1, now_).bind(2, job).bind(3, n).bind(4, attempt).bind(5, from).bind(6, to).bind(7, station)
      .bind(8, detail).run();
}

Status SqlRepository::set_copy(JobId id, const CopyRow& c, CopyState to, const std::string& station,
                                  const std::string& output, const std::string& reason) {
  DISCUS_CHECK(check_copy_transition(c.state, to));
  DISCUS_TRY(Statement * s, db_->statement(
                                "UPDATE copies SET state = ?, verified = ?, output = CASE WHEN ? = '' THEN output ELSE ? "
                                "END, reason = ?, updated_ms = ? WHERE job_id = ? AND n = ? AND attempt = ?"));
  DISCUS_CHECK(s->bind(1, to_string(to)).bind(2, to == CopyState::kDone ? 1 : 0).bind(3, output).bind(4, output)
                   .bind(5, reason).bind(6, now_).bind(7, id).bind(8, c.n).bind(9, c.attempt).run());
  DISCUS_CHECK(record(id, c.n, c.attempt, to_string(c.state), to_string(to), station, reason));
  // Exactly once: a rejected medium is replaced in the same commit, so a crash cannot lose the
  // remake and a retry cannot burn it twice.
  if (to == CopyState::kRejected)
    return add_attempt(id, c.n, c.attempt + 1, fmt::format("remake of attempt {}: {}", c.attempt, reason));
  return {};
}

Status SqlRepository::add_attempt(JobId id, int n, int attempt, const std::string& why) {
  DISCUS_TRY(Statement * s, db_->statement(
                                "INSERT INTO copies (job_id, n, attempt, state, updated_ms) VALUES (?, ?, ?, 'queued', ?)"));
  DISCUS_CHECK(s->bind(1, id).bind(2, n).bind(3, attempt).bind(4, now_).run());
  return record(id, n, attempt, "", "queued", "", why);
}

// When a job leaves `running` other than for done, its copies that never touched a medium
// follow it; a physical one blocks the change (the worker finishes or rejects it first).
Status SqlRepository::settle_copies(JobId id, JobState to, const std::string& reason) {
  DISCUS_TRY(auto copies, current_copies(id));
  for (const CopyRow& c : copies) {
    if (is_physical(c.state))
      return conflict(fmt::format("job {} copy {} is {}: it cannot be interrupted until it is verified or "
                                  "rejected (PS3.4 S.3.2.3, C202)",
                                  id, c.n, to_string(c.state)));
    std::optional<CopyState> next;
    if ((to == JobState::kQueued || to == JobState::kHeld) && c.state == CopyState::kRunning) next = CopyState::kQueued;
    if (to == JobState::kFailed && (c.state == CopyState::kQueued || c.state == CopyState::kRunning))
      next = CopyState::kFailed;
    if (to == JobState::kCancelled && !is_terminal(c.state)) next = CopyState::kCancelled;
    if (next) DISCUS_CHECK(set_copy(id, c, *next, "", "", reason));
  }
  return {};
}

Status SqlRepository::change_job(JobId id, const JobRow& job, JobState to, const std::string& station,
                                 const std::string& reason, bool by_operator) {
  DISCUS_CHECK(check_job_transition(job.state, to));
  if (job.state == JobState::kRunning && !by_operator && job.lease_owner != station)
    return conflict(fmt::format("job {} is leased to \"{}\", not \"{}\"", id, job.lease_owner, station));
  if (to == JobState::kDone) {
    DISCUS_TRY(auto copies, current_copies(id));
    for (const CopyRow& c : copies)
      if (c.state != CopyState::kDone)
        return conflict(fmt::format("job {} cannot be done: copy {} is {} (a copy counts only once verified)", id,
                                    c.n, to_string(c.state)));
  } else if (job.state == JobState::kRunning || to == JobState::kCancelled) {
    DISCUS_CHECK(settle_copies(id, to, reason));
  }
  DISCUS_TRY(Statement * s, db_->statement(
                                "UPDATE jobs SET state = ?, hold_reason = ?, error = CASE WHEN ? THEN ? ELSE error END, "
                                "lease_owner = '', lease_expires_ms = 0, updated_ms = ? WHERE id = ?"));
  DISCUS_CHECK(s->bind(1, to_string(to)).bind(2, to == JobState::kHeld ? reason : std::string())
                   .bind(3, to == JobState::kFailed ? 1 : 0).bind(4, reason).bind(5, now_).bind(6, id).run());
  return record(id, 0, 0, to_string(job.state), to_string(to), station, reason);
}

Result<std::vector<JobId>> SqlRepository::submit(std::span<const JobSpec> specs) {
  for (const JobSpec& spec : specs) DISCUS_CHECK(validate(spec));  // refuse before anything is written
  Transaction tx(*db_);
  DISCUS_CHECK(begin(tx, TxKind::kWrite));
  DISCUS_TRY(Statement * ins, db_->statement(
                                  "INSERT INTO jobs (kind, state, priority, spec, submitted_by, created_ms, updated_ms) "
                                  "VALUES (?, 'queued', ?, ?, ?, ?, ?) RETURNING id"));
  DISCUS_TRY(Statement * copy, db_->statement(
                                   "INSERT INTO copies (job_id, n, attempt, state, updated_ms) VALUES (?, ?, 1, 'queued', ?)"));
  std::vector<JobId> ids;
  const std::int64_t now = now_;
  for (const JobSpec& spec : specs) {
    // validate() refused text that is not UTF-8, so "replace" never fires: it only keeps a
    // throwing dump() out of a function that returns errors as values.
    const std::string stored = to_json(spec).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    ins->bind(1, to_string(spec.kind)).bind(2, spec.priority).bind(3, stored).bind(4, spec.submitted_by)
        .bind(5, now).bind(6, now);
    DISCUS_TRY(bool row, ins->step());
    const JobId id = row ? ins->integer(0) : 0;
    ins->reset();
    if (id == 0) return Error{ErrorCode::kIo, "the database returned no id for a new job"}.in_file(db_->where());
    for (int n = 1; n <= spec.copy_count(); ++n) DISCUS_CHECK(copy->bind(1, id).bind(2, n).bind(3, now).run());
    DISCUS_CHECK(record(id, 0, 0, "", "queued", "",
                        spec.submitted_by.empty() ? "submitted" : fmt::format("submitted by {}", spec.submitted_by)));
    ids.push_back(id);
  }
  DISCUS_CHECK(tx.commit());
  return ids;
}

// The one step that differs per backend. SQLite: BEGIN IMMEDIATE already made this connection
// the only writer, so a plain ordered SELECT is race-free. PostgreSQL: "FOR UPDATE SKIP
// LOCKED" locks the rows it returns and passes over rows another station's claim holds, so
// two stations claiming at once take different jobs and neither waits.
Result<std::vector<JobId>> SqlRepository::select_claimable(int max) {
  DISCUS_TRY(Statement * s, db_->statement(claimable_sql_));
  s->bind(1, max);
  std::vector<JobId> ids;
  for (;;) {
    DISCUS_TRY(bool row, s->step());
    if (!row) break;
    ids.push_back(s->integer(0));
  }
  s->reset();
  return ids;
}

// A station that is gone (lease ran out, or it restarted) gives its job back. Its copies are
// recovered per recovery_state(): staging is redone, physical output becomes suspect.
Status SqlRepository::give_back(JobId id, const std::string& owner, const std::string& why) {
  DISCUS_TRY(auto copies, current_copies(id));
  for (const CopyRow& c : copies)
    if (const CopyState next = recovery_state(c.state); next != c.state)
      DISCUS_CHECK(set_copy(id, c, next, owner, "", why));
  DISCUS_CHECK(check_job_transition(JobState::kRunning, JobState::kQueued));
  DISCUS_TRY(Statement * s, db_->statement(
                                "UPDATE jobs SET state = 'queued', lease_owner = '', lease_expires_ms = 0, updated_ms = ? "
                                "WHERE id = ?"));
  DISCUS_CHECK(s->bind(1, now_).bind(2, id).run());
  return record(id, 0, 0, "running", "queued", owner, why);
}

Result<std::vector<Job>> SqlRepository::claim(const std::string& station, std::int64_t lease_ms, int max) {
  if (station.empty()) return Error{ErrorCode::kInvalidArgument, "a claim needs a station name"};
  Transaction tx(*db_);
  DISCUS_CHECK(begin(tx, TxKind::kWrite));
  const std::int64_t now = now_;
  {
    // Expired leases are locked the same way: two stations both past the expiry give each
    // job back once.
    DISCUS_TRY(Statement * s, db_->statement(expired_sql_));
    s->bind(1, now);
    std::vector<std::pair<JobId, std::string>> expired;
    for (;;) {
      DISCUS_TRY(bool row, s->step());
      if (!row) break;
      expired.emplace_back(s->integer(0), s->text(1));
    }
    s->reset();
    for (const auto& [id, owner] : expired)
      DISCUS_CHECK(give_back(id, owner, fmt::format("lease of station \"{}\" expired", owner)));
  }
  DISCUS_TRY(auto ids, select_claimable(max));
  DISCUS_TRY(Statement * take, db_->statement(
                                   "UPDATE jobs SET state = 'running', lease_owner = ?, lease_expires_ms = ?, "
                                   "updated_ms = ? WHERE id = ?"));
  for (JobId id : ids) {
    DISCUS_CHECK(take->bind(1, station).bind(2, now + lease_ms).bind(3, now).bind(4, id).run());
    DISCUS_CHECK(record(id, 0, 0, "queued", "running", station, "claimed"));
  }
  std::vector<Job> jobs;
  if (!ids.empty()) {
    const auto [lo, hi] = std::minmax_element(ids.begin(), ids.end());
    DISCUS_TRY(jobs, read_jobs("state = 'running' AND id BETWEEN ?1 AND ?2", *lo, *hi, 0, true));
    std::erase_if(jobs, [&](const Job& j) { return std::find(ids.begin(), ids.end(), j.id) == ids.end(); });
    DISCUS_CHECK(attach_copies(jobs));
  }
  DISCUS_CHECK(tx.commit());
  return jobs;
}

Result<std::vector<JobId>> SqlRepository::heartbeat(const std::string& station, std::span<const JobId> jobs,
                                                       std::int64_t lease_ms) {
  Transaction tx(*db_);
  DISCUS_CHECK(begin(tx, TxKind::kWrite));
  DISCUS_TRY(Statement * s, db_->statement(
                                "UPDATE jobs SET lease_expires_ms = ? WHERE id = ? AND state = 'running' AND "
                                "lease_owner = ?"));
  std::vector<JobId> lost;
  const std::int64_t until = now_ + lease_ms;
  for (JobId id : jobs) {
    DISCUS_CHECK(s->bind(1, until).bind(2, id).bind(3, station).run());
    if (db_->changes() == 0) lost.push_back(id);
  }
  DISCUS_CHECK(tx.commit());
  return lost;
}

Status SqlRepository::apply_copy(const CopyChange& c) {
  DISCUS_TRY(JobRow job, load_job(c.job));
  if (job.state != JobState::kRunning || job.lease_owner != c.station)
    return conflict(fmt::format("job {} is {} and leased to \"{}\": station \"{}\" may not change its copies", c.job,
                                to_string(job.state), job.lease_owner, c.station));
  DISCUS_TRY(Statement * s, db_->statement(kCurrentCopy));
  s->bind(1, c.job).bind(2, c.n);
  DISCUS_TRY(bool row, s->step());
  if (!row) return Error{ErrorCode::kNotFound, fmt::format("job {} has no copy {}", c.job, c.n)};
  CopyRow cur{c.n, static_cast<int>(s->integer(0)), copy_state_from_string(s->text(1)).value_or(CopyState::kFailed)};
  s->reset();
  if (cur.state != c.expected)
    return conflict(fmt::format("job {} copy {} is {}, not {}", c.job, c.n, to_string(cur.state), to_string(c.expected)));
  return set_copy(c.job, cur, c.to, c.station, c.output, c.reason);
}

Status SqlRepository::apply(std::span<const JobChange> jobs, std::span<const CopyChange> copies) {
  Transaction tx(*db_);
  DISCUS_CHECK(begin(tx, TxKind::kWrite));
  // Several jobs in one commit: where rows are locked (PostgreSQL), lock them all first, in id
  // order, before the first event takes the events lock; a transaction holding that lock then
  // never waits for a row, and two stations' batches cannot deadlock.
  if (jobs.size() + copies.size() > 1) {
    std::vector<JobId> ids;
    for (const CopyChange& c : copies) ids.push_back(c.job);
    for (const JobChange& j : jobs) ids.push_back(j.job);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.size() > 1) DISCUS_CHECK(db_->lock_jobs(ids));
  }
  for (const CopyChange& c : copies) DISCUS_CHECK(apply_copy(c));
  for (const JobChange& j : jobs) {
    DISCUS_TRY(JobRow row, load_job(j.job));
    if (row.state != j.expected)
      return conflict(fmt::format("job {} is {}, not {}", j.job, to_string(row.state), to_string(j.expected)));
    DISCUS_CHECK(change_job(j.job, row, j.to, j.station, j.reason, false));
  }
  return tx.commit();
}

Status SqlRepository::operator_change(JobId id, std::initializer_list<JobState> from, JobState to,
                                         const std::string& reason) {
  Transaction tx(*db_);
  DISCUS_CHECK(begin(tx, TxKind::kWrite));
  DISCUS_TRY(JobRow row, load_job(id));
  if (std::find(from.begin(), from.end(), row.state) == from.end())
    return conflict(fmt::format("job {} is {}: it cannot be made {}", id, to_string(row.state), to_string(to)));
  DISCUS_CHECK(change_job(id, row, to, "", reason, true));
  return tx.commit();
}

Status SqlRepository::cancel(JobId id, const std::string& reason) {
  return operator_change(id, {JobState::kQueued, JobState::kHeld, JobState::kRunning}, JobState::kCancelled,
                         reason.empty() ? "cancelled" : reason);
}

Status SqlRepository::hold(JobId id, const std::string& reason) {
  return operator_change(id, {JobState::kQueued, JobState::kRunning}, JobState::kHeld,
                         reason.empty() ? "paused" : reason);
}

// ---- "Stop after this copy" (repository.h): the request lives in the stored spec, so a station
// that restarts mid-copy still stops after that copy. The spec is rewritten whole (it is JSON:
// no schema migration for one more member).
Status SqlRepository::set_stop_after_copy(JobId id, const std::string& reason) {
  DISCUS_TRY(Statement * get, db_->statement("SELECT spec FROM jobs WHERE id = ?"));
  get->bind(1, id);
  DISCUS_TRY(bool row, get->step());
  if (!row) return Error{ErrorCode::kNotFound, fmt::format("no job {}", id)};
  auto spec = spec_from_text(get->text(0));
  get->reset();
  if (!spec) return Error{ErrorCode::kBadStructure, fmt::format("job {}: stored spec: {}", id, spec.error().message)};
  if (spec->stop_after_copy == reason) return {};
  spec->stop_after_copy = reason;
  const std::string stored = to_json(*spec).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  DISCUS_TRY(Statement * put, db_->statement("UPDATE jobs SET spec = ?, updated_ms = ? WHERE id = ?"));
  return put->bind(1, stored).bind(2, now_).bind(3, id).run();
}

Status SqlRepository::stop_after_copy(JobId id, const std::string& reason) {
  Transaction tx(*db_);
  DISCUS_CHECK(begin(tx, TxKind::kWrite));
  DISCUS_TRY(JobRow row, load_job(id));
  if (is_terminal(row.state))
    return conflict(fmt::format("job {} is {}: it has nothing left to stop", id, to_string(row.state)));
  DISCUS_TRY(auto copies, current_copies(id));
  const bool physical = std::any_of(copies.begin(), copies.end(), [](const CopyRow& c) { return is_physical(c.state); });
  const std::string why = reason.empty() ? "stop after the current copy" : reason;
  if (row.state != JobState::kRunning && !physical) {
    // Nothing is being made: stopping after the current copy is stopping now.
    DISCUS_CHECK(change_job(id, row, JobState::kCancelled, "", why, true));
    return tx.commit();
  }
  DISCUS_CHECK(set_stop_after_copy(id, why));
  for (const CopyRow& c : copies)
    if (c.state == CopyState::kQueued) DISCUS_CHECK(set_copy(id, c, CopyState::kCancelled, "", "", why));
  DISCUS_CHECK(record(id, 0, 0, to_string(row.state), to_string(row.state), "", "stop after the current copy: " + why));
  return tx.commit();
}

Status SqlRepository::release(JobId id) { return operator_change(id, {JobState::kHeld}, JobState::kQueued, "released"); }

Status SqlRepository::retry(JobId id) {
  Transaction tx(*db_);
  DISCUS_CHECK(begin(tx, TxKind::kWrite));
  DISCUS_TRY(JobRow row, load_job(id));
  if (row.state != JobState::kFailed && row.state != JobState::kCancelled)
    return conflict(fmt::format("job {} is {}: only a failed or cancelled job is retried", id, to_string(row.state)));
  DISCUS_TRY(auto copies, current_copies(id));
  DISCUS_CHECK(set_stop_after_copy(id, ""));  // a retry asks for every copy again
  for (const CopyRow& c : copies) {
    if (c.state == CopyState::kFailed) DISCUS_CHECK(set_copy(id, c, CopyState::kQueued, "", "", "retry"));
    if (c.state == CopyState::kCancelled) DISCUS_CHECK(add_attempt(id, c.n, c.attempt + 1, "retry"));
  }
  DISCUS_CHECK(change_job(id, row, JobState::kQueued, "", "retry", true));
  return tx.commit();
}

Status SqlRepository::recover(const std::string& station) {
  Transaction tx(*db_);
  DISCUS_CHECK(begin(tx, TxKind::kWrite));
  DISCUS_TRY(Statement * s, db_->statement(held_by_sql_));
  s->bind(1, station);
  std::vector<JobId> ids;
  for (;;) {
    DISCUS_TRY(bool row, s->step());
    if (!row) break;
    ids.push_back(s->integer(0));
  }
  s->reset();
  for (JobId id : ids) DISCUS_CHECK(give_back(id, station, fmt::format("station \"{}\" restarted", station)));
  return tx.commit();
}

Result<std::vector<Job>> SqlRepository::read_jobs(std::string_view where, std::int64_t a, std::int64_t b, int limit,
                                                     bool spec) {
  // Reads happen inside the caller's transaction or as one implicit read transaction (WAL:
  // a consistent snapshot that never blocks the writer).
  std::vector<Job> jobs;
  if (limit <= 0 || limit > 64) {
    // A Job is ~600 bytes: growing a vector of 10,000 by doubling costs more than this count.
    DISCUS_TRY(Statement * n, db_->statement(fmt::format("SELECT COUNT(*) FROM jobs WHERE {}", where)));
    n->bind(1, a).bind(2, b);
    DISCUS_TRY(bool row, n->step());
    const auto count = row ? n->integer(0) : 0;
    n->reset();
    jobs.reserve(static_cast<std::size_t>(limit > 0 ? std::min<std::int64_t>(count, limit) : count));
  }
  // The spec (a few hundred bytes of JSON a job) only when asked: PostgreSQL sends every
  // selected column over the wire, SQLite would not have read it, but both skip it this way.
  const std::string sql =
      fmt::format("SELECT {}{} FROM jobs WHERE {} ORDER BY id LIMIT ?3", kJobColumns, spec ? ", spec" : "", where);
  DISCUS_TRY(Statement * s, db_->statement(sql));
  s->bind(1, a).bind(2, b).bind(3, limit > 0 ? std::int64_t{limit} : kNoLimit);
  for (;;) {
    DISCUS_TRY(bool row, s->step());
    if (!row) break;
    Job& j = jobs.emplace_back();
    j.id = s->integer(0);
    j.spec.kind = job_kind_from_string(s->text(1)).value_or(JobKind::kNoop);
    j.state = job_state_from_string(s->text(2)).value_or(JobState::kFailed);
    j.spec.priority = static_cast<int>(s->integer(3));
    j.spec.submitted_by = s->text(4);
    j.hold_reason = s->text(5);
    j.error = s->text(6);
    j.lease_owner = s->text(7);
    j.lease_expires_ms = s->integer(8);
    j.created_ms = s->integer(9);
    j.updated_ms = s->integer(10);
    if (spec) {
      auto parsed = spec_from_text(s->text(11));
      if (!parsed) {
        s->reset();
        return Error{ErrorCode::kBadStructure, fmt::format("job {}: stored spec: {}", j.id, parsed.error().message)}
            .in_file(db_->where());
      }
      j.spec = std::move(*parsed);
    }
  }
  s->reset();
  return jobs;
}

// One query for the copies of a page of jobs (ids ascending), merged in order: no query per job.
Status SqlRepository::attach_copies(std::vector<Job>& jobs) {
  if (jobs.empty()) return {};
  DISCUS_TRY(Statement * s, db_->statement(
                                "SELECT job_id, n, attempt, state, verified, output, reason FROM copies WHERE job_id "
                                "BETWEEN ? AND ? ORDER BY job_id, n, attempt"));
  s->bind(1, jobs.front().id).bind(2, jobs.back().id);
  std::size_t at = 0;
  for (;;) {
    DISCUS_TRY(bool row, s->step());
    if (!row) break;
    const JobId id = s->integer(0);
    while (at < jobs.size() && jobs[at].id < id) ++at;
    if (at == jobs.size()) break;
    if (jobs[at].id != id) continue;  // a job the filter left out
    jobs[at].copies.push_back({static_cast<int>(s->integer(1)), static_cast<int>(s->integer(2)),
                               copy_state_from_string(s->text(3)).value_or(CopyState::kFailed), s->integer(4) != 0,
                               s->text(5), s->text(6)});
  }
  s->reset();
  return {};
}

Result<std::vector<Job>> SqlRepository::list(const ListFilter& f) {
  Transaction tx(*db_);
  DISCUS_CHECK(begin(tx, TxKind::kRead));  // one snapshot for jobs and copies
  std::vector<Job> jobs;
  if (f.state) {
    const std::string where = fmt::format("id > ?1 AND ?2 = 0 AND state = '{}'", to_string(*f.state));
    DISCUS_TRY(jobs, read_jobs(where, f.after, 0, f.limit, f.with_spec));
  } else {
    DISCUS_TRY(jobs, read_jobs("id > ?1 AND ?2 = 0", f.after, 0, f.limit, f.with_spec));
  }
  if (f.with_copies) DISCUS_CHECK(attach_copies(jobs));
  DISCUS_CHECK(tx.commit());
  return jobs;
}

Result<Job> SqlRepository::show(JobId id) {
  Transaction tx(*db_);
  DISCUS_CHECK(begin(tx, TxKind::kRead));
  DISCUS_TRY(auto jobs, read_jobs("id = ?1 AND ?2 = 0", id, 0, 1, true));
  if (jobs.empty()) return Error{ErrorCode::kNotFound, fmt::format("no job {}", id)};
  DISCUS_CHECK(attach_copies(jobs));
  DISCUS_CHECK(tx.commit());
  return std::move(jobs.front());
}

Result<std::vector<Event>> SqlRepository::events_since(std::int64_t after, int limit) {
  Transaction tx(*db_);
  DISCUS_CHECK(begin(tx, TxKind::kRead));
  DISCUS_TRY(Statement * s, db_->statement(
                                "SELECT seq, time_ms, job_id, n, attempt, from_state, to_state, station, detail FROM "
                                "events WHERE seq > ? ORDER BY seq LIMIT ?"));
  s->bind(1, after).bind(2, limit > 0 ? std::int64_t{limit} : kNoLimit);
  std::vector<Event> out;
  for (;;) {
    DISCUS_TRY(bool row, s->step());
    if (!row) break;
    out.push_back({s->integer(0), s->integer(1), s->integer(2), static_cast<int>(s->integer(3)),
                   static_cast<int>(s->integer(4)), s->text(5), s->text(6), s->text(7), s->text(8)});
  }
  s->reset();
  DISCUS_CHECK(tx.commit());
  return out;
}

}  // namespace

Result<std::unique_ptr<Repository>> open_sql_repository(std::unique_ptr<Database> db, Clock clock) {
  auto repo = std::make_unique<SqlRepository>(std::move(db), std::move(clock));
  DISCUS_CHECK(repo->prepare());
  return std::unique_ptr<Repository>(std::move(repo));
}

}  // namespace discus::jobs
