#include "app/free_space.h"

#include <sys/statvfs.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace discus::app {

namespace fs = std::filesystem;

namespace {

std::string megabytes(std::uint64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

}  // namespace

std::uint64_t bytes_under(const std::vector<std::string>& paths) {
  std::uint64_t total = 0;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      total += fs::file_size(p, ec);
      continue;
    }
    if (!fs::is_directory(p, ec)) continue;
    for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code fe;
      if (it->is_regular_file(fe)) {
        const std::uint64_t size = it->file_size(fe);
        if (!fe) total += size;
      }
    }
  }
  return total;
}

std::uint64_t estimate_output(std::uint64_t input_bytes) { return input_bytes + input_bytes / 20 + (4u << 20); }

base::Result<std::uint64_t> available_bytes(const std::string& path) {
  // The target usually does not exist yet: its nearest existing parent is on the same file system.
  fs::path p = fs::absolute(path.empty() ? "." : path);
  std::error_code ec;
  while (!fs::exists(p, ec) && p.has_parent_path() && p != p.parent_path()) p = p.parent_path();
  struct statvfs st {};
  if (::statvfs(p.c_str(), &st) != 0)
    return base::Error{base::ErrorCode::kIo, fmt::format("cannot read the free space: {}", std::strerror(errno))}.in_file(p.string());
  return static_cast<std::uint64_t>(st.f_bavail) * static_cast<std::uint64_t>(st.f_frsize);
}

base::Status check_free_space(const std::string& path, std::uint64_t needed, const std::string& job) {
  if (const char* env = std::getenv("DISCUS_FREE_SPACE_CHECK"); env != nullptr && std::strcmp(env, "0") == 0) return {};
  auto available = available_bytes(path);
  if (!available) return {};  // no answer is no reason to refuse; a full disk still fails cleanly
  if (*available >= needed) return {};
  return base::Error{base::ErrorCode::kIo,
                     fmt::format("not enough free space for {} in '{}': needs about {}, {} available", job, path,
                                 megabytes(needed), megabytes(*available))};
}

}  // namespace discus::app
