// discus::jobs — the queue's repository logic, written once over sql::Database (issue 14
// item 2: one schema, one repository; only the claim step differs per backend).
//
// The backends (jobs/sqlite, jobs/postgres) open a connection and hand it here; the rules of
// repository.h (leases, compare-and-set transitions, exactly-once remakes, recovery) live in
// this one place. Every call is one transaction; its time is read once at its start, from
// `clock` when one is given, else from the database (PostgreSQL: the server's clock, the one
// clock several stations share; SQLite: the process clock).
//   DISCUS_TRY(auto db, sqlite::open_database(path)); DISCUS_TRY(auto repo, open_sql_repository(std::move(db), {}));
#pragma once

#include <memory>

#include "base/result.h"
#include "jobs/repository.h"
#include "jobs/sql/database.h"

namespace discus::jobs {

// Checks integrity, applies pending migrations (schema.h) and returns the repository; a
// database with a newer schema than this program's is refused. `clock` may be empty.
base::Result<std::unique_ptr<Repository>> open_sql_repository(std::unique_ptr<sql::Database> db, Clock clock);

}  // namespace discus::jobs
