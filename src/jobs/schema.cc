#include "jobs/schema.h"

namespace discus::jobs {
namespace {

// Version 1: jobs, copies (one row per attempt of each requested copy) and events (every
// transition, the history and the API's event stream). Leases are columns of the job: the
// PostgreSQL backend claims with FOR UPDATE SKIP LOCKED on the same rows.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE jobs (
  id {{id}},
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  spec TEXT NOT NULL,
  submitted_by TEXT NOT NULL DEFAULT '',
  hold_reason TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_expires_ms BIGINT NOT NULL DEFAULT 0,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL
);
CREATE INDEX jobs_claim ON jobs (state, priority DESC, id);
CREATE INDEX jobs_lease ON jobs (state, lease_expires_ms);
CREATE TABLE copies (
  job_id BIGINT NOT NULL REFERENCES jobs (id),
  n INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  state TEXT NOT NULL,
  verified INTEGER NOT NULL DEFAULT 0,
  output TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (job_id, n, attempt)
){{clustered}};
CREATE TABLE events (
  seq {{id}},
  time_ms BIGINT NOT NULL,
  job_id BIGINT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  attempt INTEGER NOT NULL DEFAULT 0,
  from_state TEXT NOT NULL DEFAULT '',
  to_state TEXT NOT NULL,
  station TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_job ON events (job_id, seq)
)sql";

constexpr Migration kMigrations[] = {
    {1, "jobs, copies, events", kV1},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

std::string render(const Migration& m, Dialect d) {
  const std::string_view id = d == Dialect::kSqlite ? "INTEGER PRIMARY KEY"
                                                    : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
  // SQLite keeps a table WITHOUT ROWID in its primary key's order: a job's copies are then
  // read in one range scan instead of one lookup each (the list of 10,000 jobs). PostgreSQL
  // has no such clause; its primary key index serves the same query.
  const std::string_view clustered = d == Dialect::kSqlite ? " WITHOUT ROWID" : "";
  std::string out(m.sql);
  for (std::size_t at; (at = out.find("{{id}}")) != std::string::npos;) out.replace(at, 6, id);
  for (std::size_t at; (at = out.find("{{clustered}}")) != std::string::npos;) out.replace(at, 13, clustered);
  return out;
}

}  // namespace discus::jobs
