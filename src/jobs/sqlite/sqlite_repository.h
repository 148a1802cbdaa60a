// discus::jobs::sqlite — the queue in one SQLite file, the default backend (issue 14 item 2).
//
// WAL with synchronous=FULL (a commit is on disk before a call returns), versioned migrations
// (schema.h), PRAGMA integrity_check at open (a damaged queue is refused with a clear error,
// never half-read), one writer: every write is a BEGIN IMMEDIATE transaction, which is also why
// claim() needs no SKIP LOCKED here. The repository logic is shared (sql/sql_repository.h);
// this file only opens the database. One Repository object per process and thread.
//   DISCUS_TRY(auto repo, open_sqlite_repository("/var/lib/discus/queue.db"));
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "jobs/repository.h"

namespace discus::jobs {

base::Result<std::unique_ptr<Repository>> open_sqlite_repository(const std::string& path, Clock clock = system_clock());

}  // namespace discus::jobs
