#include "daemon/audit/log_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

namespace discus::daemon::audit {
namespace {

base::Error io_error(const std::string& what, const std::string& path) {
  return base::Error{base::ErrorCode::kIo, fmt::format("{} '{}': {}", what, path, std::strerror(errno))}.in_file(path);
}

base::Status write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot append to the audit log", path);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

// The last sequence number in the file, and whether its last line is torn (no final newline).
// Only the tail is read: the last complete line holds the highest number.
std::pair<std::uint64_t, bool> scan_tail(int fd) {
  struct stat st{};
  if (::fstat(fd, &st) != 0 || st.st_size == 0) return {0, false};
  const off_t size = st.st_size;
  for (off_t chunk = 1 << 16;; chunk *= 4) {
    const off_t start = size > chunk ? size - chunk : 0;
    std::string tail(static_cast<std::size_t>(size - start), '\0');
    if (::pread(fd, tail.data(), tail.size(), start) != static_cast<ssize_t>(tail.size())) return {0, false};
    const bool torn = tail.back() != '\n';
    // `end` is the newline that ends a complete line; walk them from the last one back.
    std::size_t end = torn ? tail.rfind('\n') : tail.size() - 1;
    while (end != std::string::npos) {
      const std::size_t before = end == 0 ? std::string::npos : tail.rfind('\n', end - 1);
      if (before == std::string::npos && start > 0) break;  // the line starts before this chunk
      const std::size_t from = before == std::string::npos ? 0 : before + 1;
      if (auto rec = from_json_line(std::string_view(tail).substr(from, end - from))) return {rec->sequence, torn};
      end = before;
    }
    if (start == 0) return {0, torn};
  }
}

}  // namespace

std::string audit_dir(const std::string& state_dir) { return state_dir + "/audit"; }
std::string log_path(const std::string& state_dir) { return audit_dir(state_dir) + "/messages.log"; }

std::string to_json_line(const LogRecord& r) {
  nlohmann::json j{{"seq", r.sequence}, {"time_ms", r.time_ms}, {"kind", r.kind}, {"messages", r.messages}};
  if (r.release) {
    const ReleaseRecord& rel = *r.release;
    j["release"] = {{"user", rel.user},       {"recipient", rel.recipient}, {"purpose", rel.purpose},
                    {"studies", rel.studies}, {"patients", rel.patients},   {"job", rel.job_id},
                    {"copy", rel.copy},       {"output", rel.output},       {"media_identifier", rel.media_identifier}};
  }
  // Invalid UTF-8 is replaced rather than thrown on: the XML is valid UTF-8 already.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<LogRecord> from_json_line(std::string_view line) {
  const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("seq") || !j["seq"].is_number_unsigned()) return std::nullopt;
  LogRecord r;
  r.sequence = j["seq"].get<std::uint64_t>();
  r.time_ms = j.value("time_ms", std::int64_t{0});
  r.kind = j.value("kind", std::string());
  if (j.contains("messages") && j["messages"].is_array())
    for (const auto& m : j["messages"])
      if (m.is_string()) r.messages.push_back(m.get<std::string>());
  if (j.contains("release") && j["release"].is_object()) {
    const auto& x = j["release"];
    ReleaseRecord rel;
    rel.user = x.value("user", std::string());
    rel.recipient = x.value("recipient", std::string());
    rel.purpose = x.value("purpose", std::string());
    rel.studies = x.value("studies", std::vector<std::string>());
    rel.patients = x.value("patients", std::vector<std::string>());
    rel.job_id = x.value("job", std::int64_t{0});
    rel.copy = x.value("copy", 0);
    rel.output = x.value("output", std::string());
    rel.media_identifier = x.value("media_identifier", std::string());
    r.release = std::move(rel);
  }
  return r;
}

std::string audit_page_json(const LogPage& page) {
  nlohmann::json records = nlohmann::json::array();
  for (const LogRecord& r : page.records) records.push_back(nlohmann::json::parse(to_json_line(r)));
  return nlohmann::json{{"records", std::move(records)}, {"next_after", page.next_after}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

base::Result<LogStore> LogStore::open(const std::string& state_dir) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);  // discusd --state-dir may name a new folder
  const std::string dir = audit_dir(state_dir);
  if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) return io_error("cannot make the audit folder", dir);
  const std::string path = log_path(state_dir);
  const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) return io_error("cannot open the audit log", path);
  auto [last, torn] = scan_tail(fd);
  if (torn) {  // a crash mid-append: end the torn line so that the next record stands alone
    if (auto st = write_all(fd, "\n", path); !st) {
      ::close(fd);
      return st.error();
    }
  }
  return LogStore(fd, path, last);
}

LogStore::LogStore(LogStore&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), last_(other.last_), mutex_(std::move(other.mutex_)) {}

LogStore::~LogStore() {
  if (fd_ >= 0) ::close(fd_);
}

base::Result<std::uint64_t> LogStore::append(LogRecord record) {
  return append_with([&](std::uint64_t) { return std::move(record); });
}

std::uint64_t LogStore::last_sequence() const {
  std::lock_guard lock(*mutex_);
  return last_;
}

base::Result<std::uint64_t> LogStore::append_with(const std::function<LogRecord(std::uint64_t)>& make) {
  std::lock_guard lock(*mutex_);
  LogRecord record = make(last_ + 1);
  record.sequence = last_ + 1;
  // One write(2) of the whole line with O_APPEND: a crash leaves at most one torn last line.
  DISCUS_CHECK(write_all(fd_, to_json_line(record), path_));
  if (::fdatasync(fd_) != 0) return io_error("cannot sync the audit log", path_);
  last_ = record.sequence;
  return record.sequence;
}

base::Result<LogPage> read_audit_log(const std::string& state_dir, const ReadOptions& options) {
  LogPage page;
  const std::string path = log_path(state_dir);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (::access(path.c_str(), F_OK) != 0 && errno == ENOENT) return page;
    return io_error("cannot read the audit log", path);
  }
  std::string line;
  while (std::getline(in, line)) {
    auto rec = from_json_line(line);
    if (!rec || rec->sequence <= options.after) continue;  // torn lines are skipped
    if (!options.kind.empty() && rec->kind != options.kind) continue;
    if (options.releases_only && !rec->release) continue;
    if (page.records.size() == options.limit) {
      page.next_after = page.records.back().sequence;
      break;
    }
    page.records.push_back(std::move(*rec));
  }
  return page;
}

}  // namespace discus::daemon::audit
