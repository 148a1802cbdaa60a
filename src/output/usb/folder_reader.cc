#include "output/usb/folder_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace discus::output::usb {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

base::Result<std::vector<MediumFile>> FolderMediumReader::list_files() const {
  std::vector<MediumFile> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root_, ec), end;
  for (; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && !it->is_symlink(ec))
      out.push_back({fs::relative(it->path(), root_, ec).generic_string(), it->file_size(ec)});
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot list: {}", ec.message())}.in_file(root_);
  std::sort(out.begin(), out.end(), [](const MediumFile& a, const MediumFile& b) { return a.path < b.path; });
  return out;
}

base::Status FolderMediumReader::read_file(const std::string& path,
                                           const std::function<base::Status(base::ByteView)>& sink) const {
  if (path.empty() || path[0] == '/' || path.find("..") != std::string::npos)
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not a path inside the medium", path)};
  const std::string full = (fs::path(root_) / path).string();
  const int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return Error{ErrorCode::kIo, fmt::format("cannot open: {}", std::strerror(errno))}.in_file(full);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  std::vector<std::uint8_t> buf(1u << 20);
  std::uint64_t offset = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error{ErrorCode::kIo, fmt::format("read failed: {}", std::strerror(errno))}.in_file(full).at_offset(offset);
    if (n == 0) return {};
    DISCUS_CHECK(sink(base::ByteView(buf.data(), static_cast<std::size_t>(n))));
    offset += static_cast<std::uint64_t>(n);
  }
}

}  // namespace discus::output::usb
