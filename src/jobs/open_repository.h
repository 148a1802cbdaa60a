// discus::jobs — opens the queue a URL names: the composition root's one call (discusd --queue).
//
// ""                       SQLite at STATE_DIR/queue.db (the default: one station, one file)
// "sqlite:PATH"            SQLite at PATH (relative paths are relative to STATE_DIR)
// "postgresql://..." / "postgres://..."   a PostgreSQL queue shared by several stations
//                          (libpq connection URI, RFC 3986; e.g. postgresql://discus@db/discus)
// Anything else is refused with a kInvalidArgument error naming the accepted forms. The URL's
// password, if any, never appears in an error message.
//   DISCUS_TRY(auto repo, jobs::open_repository(options.queue_url, options.state_dir));
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "base/result.h"
#include "jobs/repository.h"

namespace discus::jobs {

base::Result<std::unique_ptr<Repository>> open_repository(std::string_view url, const std::filesystem::path& state_dir);

// The same with a clock of the caller's (tests move time to expire leases). For PostgreSQL the
// clock is the database server's unless one is passed here (see postgres_repository.h).
base::Result<std::unique_ptr<Repository>> open_repository(std::string_view url, const std::filesystem::path& state_dir,
                                                          Clock clock);

// The URL with any password replaced by "***", for logs and errors.
std::string redact_queue_url(std::string_view url);

}  // namespace discus::jobs
