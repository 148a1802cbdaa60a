#include "jobs/postgres/postgres_repository.h"

namespace discus::jobs {

base::Result<std::unique_ptr<Repository>> open_postgres_repository(std::string_view, Clock) {
  return base::Error{base::ErrorCode::kUnsupported, "the PostgreSQL queue is not built yet"};
}

}  // namespace discus::jobs
