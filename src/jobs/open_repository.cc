#include "jobs/open_repository.h"

#include <fmt/format.h>

#include "jobs/postgres/postgres_repository.h"
#include "jobs/sqlite/sqlite_repository.h"

namespace discus::jobs {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool is_postgres(std::string_view url) { return starts_with(url, "postgresql://") || starts_with(url, "postgres://"); }

}  // namespace

std::string redact_queue_url(std::string_view url) {
  std::string out(url);
  if (!is_postgres(url)) return out;
  // RFC 3986 userinfo: "scheme://user:password@host"; the password ends at the last '@'
  // before the path.
  const std::size_t start = out.find("://") + 3;
  const std::size_t path = out.find_first_of("/?", start);
  const std::size_t at = out.rfind('@', path == std::string::npos ? std::string::npos : path);
  if (at != std::string::npos && at > start) {
    const std::size_t colon = out.find(':', start);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  // libpq also takes "?password=..." among the query parameters.
  for (std::size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    if (p > 0 && out[p - 1] != '?' && out[p - 1] != '&') continue;
    const std::size_t value = p + 9;
    const std::size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

base::Result<std::unique_ptr<Repository>> open_repository(std::string_view url, const std::filesystem::path& state_dir,
                                                          Clock clock) {
  if (url.empty() || starts_with(url, "sqlite:")) {
    std::filesystem::path path = url.empty() ? state_dir / "queue.db" : std::filesystem::path(url.substr(7));
    if (path.empty())
      return base::Error{base::ErrorCode::kInvalidArgument, "queue URL \"sqlite:\" names no file (sqlite:PATH)"};
    if (path.is_relative()) path = state_dir / path;
    return open_sqlite_repository(path.string(), clock ? std::move(clock) : system_clock());
  }
  if (is_postgres(url)) return open_postgres_repository(url, std::move(clock));
  return base::Error{base::ErrorCode::kInvalidArgument,
                     fmt::format("queue URL \"{}\" is not understood: use nothing (SQLite in the state directory), "
                                 "sqlite:PATH, or postgresql://[user@]host[:port]/database",
                                 redact_queue_url(url))};
}

base::Result<std::unique_ptr<Repository>> open_repository(std::string_view url, const std::filesystem::path& state_dir) {
  return open_repository(url, state_dir, Clock{});
}

}  // namespace discus::jobs
