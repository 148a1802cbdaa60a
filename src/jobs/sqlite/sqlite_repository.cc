#include "jobs/sqlite/sqlite_repository.h"

#include <fmt/format.h>

#include "jobs/sql/sql_repository.h"
#include "jobs/sqlite/sqlite_db.h"

namespace discus::jobs {

base::Result<std::unique_ptr<Repository>> open_sqlite_repository(const std::string& path, Clock clock) {
  auto opened = [&]() -> base::Result<std::unique_ptr<Repository>> {
    DISCUS_TRY(auto db, sqlite::open_database(path));
    return open_sql_repository(std::move(db), std::move(clock));
  }();
  // SQLite says "file is not a database" or "malformed"; say what it means for the operator.
  if (!opened && opened.error().code == base::ErrorCode::kBadStructure &&
      opened.error().message.find("fails PRAGMA integrity_check") == std::string::npos)
    opened.error().message = fmt::format("the queue database is damaged and was not used ({}); move it aside and "
                                         "restore the last backup, or start with an empty queue",
                                         opened.error().message);
  return opened;
}

}  // namespace discus::jobs
