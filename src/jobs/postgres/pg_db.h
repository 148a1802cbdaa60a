// discus::jobs::postgres — the PostgreSQL adapter of the queue's SQL interface
// (sql/database.h); libpq-fe.h is included in pg_db.cc only (DESIGN.md: one adapter folder).
//
// One libpq connection from a URL; synchronous_commit=on for the session (a commit is in the
// server's WAL, flushed, before COMMIT returns); statements prepared once per connection with
// "?N" rewritten to "$N"; a dropped connection is reconnected at the start of the next
// transaction (PQreset), never in the middle of one, and reported meanwhile as a kIo error
// naming the server (the URL without its password).
//   DISCUS_TRY(auto db, postgres::open_database("postgresql://discus@db/discus"));
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "jobs/sql/database.h"

namespace discus::jobs::postgres {

base::Result<std::unique_ptr<sql::Database>> open_database(std::string_view url);

// "?1"/"?" placeholders outside quotes as PostgreSQL's "$1"; also returns the highest index.
std::string rewrite_placeholders(std::string_view sql, int* count);

}  // namespace discus::jobs::postgres
