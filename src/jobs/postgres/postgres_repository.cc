#include "jobs/postgres/postgres_repository.h"

#include "jobs/postgres/pg_db.h"
#include "jobs/sql/sql_repository.h"

namespace discus::jobs {

base::Result<std::unique_ptr<Repository>> open_postgres_repository(std::string_view url, Clock clock) {
  DISCUS_TRY(auto db, postgres::open_database(url));
  return open_sql_repository(std::move(db), std::move(clock));
}

}  // namespace discus::jobs
