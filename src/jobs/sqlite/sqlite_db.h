// discus::jobs::sqlite — the SQLite adapter of the queue's SQL interface (sql/database.h);
// sqlite3.h is included in sqlite_db.cc only (DESIGN.md: a third-party header, one folder).
//
// WAL with synchronous=FULL (a commit is on disk before it returns), a busy timeout (another
// process's write lock is waited for, not failed on), BEGIN IMMEDIATE for writes (one writer:
// no upgrade deadlock, and why the claim needs no SKIP LOCKED), PRAGMA integrity_check at open.
// Errors name the database file and carry SQLite's own message.
//   DISCUS_TRY(auto db, sqlite::open_database(path));   // then jobs::open_sql_repository(...)
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "jobs/sql/database.h"

namespace discus::jobs::sqlite {

// Opens (creating it if missing) with WAL, synchronous=FULL and foreign keys on.
base::Result<std::unique_ptr<sql::Database>> open_database(const std::string& path);

}  // namespace discus::jobs::sqlite
