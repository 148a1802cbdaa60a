#include "output/verify/directory_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>

#include <fmt/format.h>

namespace discus::output {
namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

namespace {

constexpr std::size_t kChunk = 1u << 20;

// A path from a manifest or a DICOMDIR is hostile: nothing absolute, no "." or ".." component.
bool safe_relative(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part(path.data() + start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

base::Result<std::vector<MediumFile>> DirectoryMediumReader::list_files() const {
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) return Error{ErrorCode::kNotFound, fmt::format("'{}' is not a folder", root_)};
  std::vector<MediumFile> files;
  fs::recursive_directory_iterator it(root_, fs::directory_options::none, ec), end;
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot list '{}': {}", root_, ec.message())};
  for (; it != end; it.increment(ec)) {
    if (ec) return Error{ErrorCode::kIo, fmt::format("cannot list '{}': {}", root_, ec.message())};
    const fs::file_status st = it->symlink_status(ec);
    if (ec || !fs::is_regular_file(st)) continue;  // links, devices and sockets are not medium files
    const std::uint64_t size = it->file_size(ec);
    if (ec) return Error{ErrorCode::kIo, fmt::format("cannot stat '{}': {}", it->path().string(), ec.message())};
    files.push_back({fs::relative(it->path(), root_).generic_string(), size});
  }
  std::sort(files.begin(), files.end(), [](const MediumFile& a, const MediumFile& b) { return a.path < b.path; });
  return files;
}

std::optional<std::string> DirectoryMediumReader::host_path(const std::string& path) const {
  if (!safe_relative(path)) return std::nullopt;
  std::string full = (fs::path(root_) / path).string();
  if (drop_page_cache_) {
    const int fd = ::open(full.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
  return full;
}

base::Status DirectoryMediumReader::read_file(const std::string& path,
                                              const std::function<base::Status(base::ByteView)>& sink) const {
  if (!safe_relative(path))
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not a path inside the medium", path)};
  const std::string full = (fs::path(root_) / path).string();
  const int fd = ::open(full.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return Error{ErrorCode::kIo, fmt::format("cannot open: {}", std::strerror(errno))}.in_file(full);
  // Only clean pages can be dropped: the writer fsync'ed every file, so all of them are.
  if (drop_page_cache_) (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  std::unique_ptr<std::uint8_t[]> buf(new std::uint8_t[kChunk]);  // not zeroed: read(2) fills it
  base::Status status;
  std::uint64_t offset = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buf.get(), kChunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = Error{ErrorCode::kIo, fmt::format("read failed: {}", std::strerror(errno))}.in_file(full).at_offset(offset);
      break;
    }
    if (n == 0) break;
    offset += static_cast<std::uint64_t>(n);
    status = sink(base::ByteView(buf.get(), static_cast<std::size_t>(n)));
    if (!status) break;
  }
  ::close(fd);
  return status;
}

}  // namespace discus::output
