#include "base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace discus::base {
namespace {

Error os_error(const std::string& what, const std::string& path) {
  return Error{ErrorCode::kIo, fmt::format("{}: {}", what, std::strerror(errno))}.in_file(path);
}

}  // namespace

Result<std::shared_ptr<const InputFile>> InputFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return os_error("cannot open", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Error e = os_error("cannot stat", path);
    ::close(fd);
    return e;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{ErrorCode::kIo, "not a regular file"}.in_file(path);
  }
  return std::shared_ptr<const InputFile>(new InputFile(fd, path, static_cast<std::uint64_t>(st.st_size)));
}

InputFile::~InputFile() { ::close(fd_); }

Result<std::size_t> InputFile::read_some_at(std::uint64_t offset, std::span<std::uint8_t> dst) const {
  std::size_t done = 0;
  while (done < dst.size()) {
    const ssize_t n = ::pread(fd_, dst.data() + done, dst.size() - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error(fmt::format("read failed at offset {}", offset + done), path_);
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  return done;
}

Status InputFile::read_at(std::uint64_t offset, std::span<std::uint8_t> dst) const {
  DISCUS_TRY(const std::size_t n, read_some_at(offset, dst));
  if (n != dst.size())
    return Error{ErrorCode::kTruncated, fmt::format("file ends after {} of {} bytes", n, dst.size())}
        .in_file(path_)
        .at_offset(offset + n);
  return {};
}

Result<AtomicOutputFile> AtomicOutputFile::create(const std::string& path) {
  std::string temp = path + ".discus-tmp-XXXXXX";
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return os_error("cannot create temporary file", temp);
  ::fchmod(fd, 0644);
  return AtomicOutputFile(fd, path, std::move(temp));
}

AtomicOutputFile::AtomicOutputFile(AtomicOutputFile&& o) noexcept
    : fd_(o.fd_), path_(std::move(o.path_)), temp_(std::move(o.temp_)), committed_(o.committed_) {
  o.fd_ = -1;
  o.committed_ = true;
}

AtomicOutputFile::~AtomicOutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

Status AtomicOutputFile::write(ByteView bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error("write failed", temp_);
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

Status AtomicOutputFile::commit(bool sync) {
  if (sync && ::fsync(fd_) != 0) return os_error("fsync failed", temp_);
  if (::close(fd_) != 0) {
    fd_ = -1;
    return os_error("close failed", temp_);
  }
  fd_ = -1;
  if (::rename(temp_.c_str(), path_.c_str()) != 0) return os_error("cannot rename into place", path_);
  committed_ = true;
  return {};
}

Result<Bytes> read_whole_file(const std::string& path, std::uint64_t max_size) {
  DISCUS_TRY(auto file, InputFile::open(path));
  if (file->size() > max_size)
    return Error{ErrorCode::kLimitExceeded, fmt::format("file is {} bytes, limit {}", file->size(), max_size)}.in_file(path);
  Bytes out(static_cast<std::size_t>(file->size()));
  DISCUS_CHECK(file->read_at(0, out));
  return out;
}

}  // namespace discus::base
