// discus::jobs::postgres — the queue in a PostgreSQL database shared by several burn stations
// (issue 14 item 2). The repository logic is shared with SQLite (sql/sql_repository.h); this
// backend differs in the claim (SELECT ... FOR UPDATE SKIP LOCKED), row locks on every row a
// transaction changes, migrations under an advisory lock, and the clock.
//
// Clock: leases expire in the DATABASE SERVER's clock (now() at the start of each transaction)
// unless a clock is passed: stations' own clocks may disagree, the server's is the one they
// share. Tests pass a clock they move by hand. Durability: synchronous_commit=on for the
// session, so a commit is flushed to the server's WAL before the call returns. A dropped
// connection is reported as a kIo error naming the server and reconnected at the next call.
//   DISCUS_TRY(auto repo, open_postgres_repository("postgresql://discus@db.example/discus", {}));
#pragma once

#include <memory>
#include <string_view>

#include "base/result.h"
#include "jobs/repository.h"

namespace discus::jobs {

// `url` is a libpq connection URI (postgresql:// or postgres://). An empty clock: the server's.
base::Result<std::unique_ptr<Repository>> open_postgres_repository(std::string_view url, Clock clock = {});

}  // namespace discus::jobs
