#include "base/file.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <set>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

namespace discus::base {

namespace fs = std::filesystem;

namespace {

Error os_error(const std::string& what, const std::string& path) {
  // A full disk is the operator's to fix, not a fault: say it in words (issue 12 item 4).
  if (errno == ENOSPC || errno == EDQUOT)
    return Error{ErrorCode::kIo, fmt::format("{}: the disk is full ({})", what, std::strerror(errno))}.in_file(path);
  return Error{ErrorCode::kIo, fmt::format("{}: {}", what, std::strerror(errno))}.in_file(path);
}

// 256 KiB: the read-back buffer stays in L2 while it is hashed (1 MiB did not).
constexpr std::size_t kCopyChunk = 256u << 10;

// One buffer per thread, not zero-filled: a fresh buffer per file cost an mmap, a munmap and its
// page faults per file (bench/RESULTS.md, author row).
std::uint8_t* copy_buffer() {
  thread_local std::unique_ptr<std::uint8_t[]> buf(new std::uint8_t[kCopyChunk]);
  return buf.get();
}

// An open descriptor, closed on every path out.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool same_version(const struct stat& a, const struct stat& b) {
  return a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

// Copies [offset, size) through the buffer: the way when copy_file_range cannot (another file
// system type, an old kernel, a special file system).
Status copy_through_buffer(int in, int out, std::uint64_t offset, std::uint64_t size, const std::string& from,
                           const std::string& to) {
  std::uint8_t* buf = copy_buffer();
  while (offset < size) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kCopyChunk, size - offset));
    const ssize_t n = ::pread(in, buf, want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return os_error(fmt::format("read failed at offset {}", offset), from);
    if (n == 0) return Error{ErrorCode::kTruncated, "file shrank while being copied"}.in_file(from).at_offset(offset);
    for (std::size_t done = 0; done < static_cast<std::size_t>(n);) {
      const ssize_t w = ::pwrite(out, buf + done, static_cast<std::size_t>(n) - done, static_cast<off_t>(offset + done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return os_error("write failed", to);
      done += static_cast<std::size_t>(w);
    }
    offset += static_cast<std::uint64_t>(n);
  }
  return {};
}

// The first `size` bytes of `in` to the start of `out`, in the kernel where it can.
Status copy_contents(int in, int out, std::uint64_t size, const std::string& from, const std::string& to) {
  std::uint64_t done = 0;
  while (done < size) {
    off_t in_off = static_cast<off_t>(done), out_off = static_cast<off_t>(done);
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(size - done, 1ull << 30));
    const ssize_t n = ::copy_file_range(in, &in_off, out, &out_off, want, 0);
    if (n > 0) {
      done += static_cast<std::uint64_t>(n);
      continue;
    }
    if (n == 0) return Error{ErrorCode::kTruncated, "file shrank while being copied"}.in_file(from).at_offset(done);
    if (errno == EINTR) continue;
    // Not between these two files (EXDEV, EINVAL, ENOSYS, EOPNOTSUPP, ...): the plain way. A real
    // I/O error shows again there, with the file it belongs to.
    return copy_through_buffer(in, out, done, size, from, to);
  }
  return {};
}

// Hands [0, size) of `fd` to `sink`.
Status read_back(int fd, std::uint64_t size, const std::string& path, const std::function<void(ByteView)>& sink) {
  std::uint8_t* buf = copy_buffer();
  for (std::uint64_t off = 0; off < size;) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kCopyChunk, size - off));
    const ssize_t n = ::pread(fd, buf, want, static_cast<off_t>(off));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return os_error(fmt::format("read back failed at offset {}", off), path);
    if (n == 0) return Error{ErrorCode::kTruncated, "copy shorter than its source"}.in_file(path).at_offset(off);
    sink(ByteView(buf, static_cast<std::size_t>(n)));
    off += static_cast<std::uint64_t>(n);
  }
  return {};
}

const char* file_kind(unsigned mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "of an unknown kind";
}

Result<int> open_regular(const std::string& path, struct stat& st) {
  // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, forever (and a tape or
  // serial device may wait for a carrier). Nothing is read before the fstat below says what the
  // file is; the flag is cleared for regular files, where it means nothing anyway.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return os_error("cannot open", path);
  if (::fstat(fd, &st) != 0) {
    Error e = os_error("cannot stat", path);
    ::close(fd);
    return e;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{ErrorCode::kIo, fmt::format("is {}, not a regular file", file_kind(st.st_mode))}.in_file(path);
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    Error e = os_error("cannot clear O_NONBLOCK", path);
    ::close(fd);
    return e;
  }
  return fd;
}

}  // namespace

Result<std::shared_ptr<const InputFile>> InputFile::open(const std::string& path) {
  struct stat st {};
  DISCUS_TRY(const int fd, open_regular(path, st));
  const FileIdentity id{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino), true};
  return std::shared_ptr<const InputFile>(new InputFile(fd, path, static_cast<std::uint64_t>(st.st_size), id));
}

namespace {

// The identities of `path` and each folder above it (symbolic links resolved), nearest first.
std::vector<std::pair<std::string, FileIdentity>> path_and_parents(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  std::vector<std::pair<std::string, FileIdentity>> out;
  for (;;) {
    if (const FileIdentity id = identity_of(p.string()); id.known) out.emplace_back(p.string(), id);
    if (!p.has_relative_path()) break;
    p = p.parent_path();
  }
  return out;
}

}  // namespace

Status check_apart(const std::string& input, const std::string& output) {
  // By device and inode, not by the text of the paths: "a/../b", a hard link, a symbolic link or
  // a bind mount name one file in many ways.
  const FileIdentity in = identity_of(input);
  if (!in.known) return {};  // a missing input is the use case's error to report, in its words
  const auto outs = path_and_parents(output);
  for (std::size_t i = 0; i < outs.size(); ++i) {
    if (outs[i].second != in) continue;
    if (i == 0 && outs[i].first == fs::weakly_canonical(fs::absolute(output)).string())
      return Error{ErrorCode::kInvalidArgument, fmt::format("output '{}' is the input '{}'; inputs are never overwritten", output, input)}
          .in_file(output);
    return Error{ErrorCode::kInvalidArgument, fmt::format("output '{}' is inside the input '{}'", output, input)}.in_file(output);
  }
  const FileIdentity out = identity_of(output);
  if (!out.known) return {};
  const auto ins = path_and_parents(input);
  for (std::size_t i = 1; i < ins.size(); ++i)
    if (ins[i].second == out)
      return Error{ErrorCode::kInvalidArgument, fmt::format("input '{}' is inside the output '{}'", input, output)}.in_file(input);
  return {};
}

FileIdentity identity_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return FileIdentity{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino), true};
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

// ---- The table of live temporaries (see the header: they never outlive their process)
namespace {
constexpr const char* kTempInfix = ".discus-tmp-";
// A fixed table, not a container: the signal path may only read memory that never moves. A slot
// is free (0), being filled (1) or live (2); only live slots are unlinked. More temporaries open at
// once than slots (one per worker is the usual count) are still removed by their destructor and
// by the next run's sweep.
constexpr int kLiveSlots = 64;
struct LiveSlot {
  std::atomic<int> state{0};
  char path[PATH_MAX];
};
static_assert(std::atomic<int>::is_always_lock_free, "the signal path needs lock-free atomics");
LiveSlot g_live[kLiveSlots];

int register_live(const std::string& path) {
  if (path.size() >= PATH_MAX) return -1;
  for (int i = 0; i < kLiveSlots; ++i) {
    int expected = 0;
    if (!g_live[i].state.compare_exchange_strong(expected, 1, std::memory_order_acquire)) continue;
    std::memcpy(g_live[i].path, path.c_str(), path.size() + 1);
    g_live[i].state.store(2, std::memory_order_release);
    return i;
  }
  return -1;
}

void forget_live(int slot) {
  if (slot >= 0) g_live[slot].state.store(0, std::memory_order_release);
}

// Sweeps each folder once per process: create() runs once per file written, the sweep is for
// what a killed earlier process left, which cannot appear later in this run.
void sweep_once(const std::string& target) {
  const std::size_t slash = target.rfind('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : target.substr(0, slash));
  static std::mutex lock;
  static std::set<std::string>* swept = new std::set<std::string>;  // never destroyed
  {
    std::lock_guard guard(lock);
    if (!swept->insert(dir).second) return;
  }
  sweep_stale_temporaries(dir);
}
}  // namespace

void unlink_live_temporaries() noexcept {
  for (auto& slot : g_live)
    if (slot.state.load(std::memory_order_acquire) == 2) ::unlink(slot.path);
}

std::size_t sweep_stale_temporaries(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return 0;
  std::size_t removed = 0;
  const std::size_t infix = std::strlen(kTempInfix);
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    const std::size_t at = name.rfind(kTempInfix);
    if (at == std::string::npos) continue;
    char* end = nullptr;
    const long pid = std::strtol(name.c_str() + at + infix, &end, 10);
    if (pid <= 0 || end == nullptr || *end != '-' || pid == ::getpid()) continue;  // not ours to judge
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;       // alive (or not ours)
    if (::unlinkat(::dirfd(d), e->d_name, 0) == 0) ++removed;
  }
  ::closedir(d);
  return removed;
}

Result<AtomicOutputFile> AtomicOutputFile::create(const std::string& path) {
  sweep_once(path);
  // mkostemp creates the file O_EXCL with mode 0600: private from its first byte.
  std::string temp = fmt::format("{}{}{}-XXXXXX", path, kTempInfix, ::getpid());
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return os_error("cannot create temporary file", temp);
  AtomicOutputFile out(fd, path, std::move(temp));
  out.live_slot_ = register_live(out.temp_);
  return out;
}

AtomicOutputFile::AtomicOutputFile(AtomicOutputFile&& o) noexcept
    : fd_(o.fd_), path_(std::move(o.path_)), temp_(std::move(o.temp_)), live_slot_(o.live_slot_), committed_(o.committed_) {
  o.fd_ = -1;
  o.live_slot_ = -1;
  o.committed_ = true;
}

AtomicOutputFile::~AtomicOutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
  forget_live(live_slot_);
}

Status AtomicOutputFile::write(ByteView bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      // Named by the file being made (its temporary is removed on the way out).
      return os_error(fmt::format("write failed (temporary {})", temp_), path_);
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

Status AtomicOutputFile::commit(bool sync) {
  if (sync && ::fsync(fd_) != 0) return os_error(fmt::format("fsync failed (temporary {})", temp_), path_);
  // The final mode only now, when the content is complete and about to be renamed into place
  // (after the fsync, which is the slow part: the window where the temporary is 0644 is tiny).
  if (::fchmod(fd_, 0644) != 0) return os_error("cannot set the mode of", temp_);
  if (::close(fd_) != 0) {
    fd_ = -1;
    return os_error("close failed", temp_);
  }
  fd_ = -1;
  if (::rename(temp_.c_str(), path_.c_str()) != 0) return os_error("cannot rename into place", path_);
  committed_ = true;
  // After the rename: a signal in between unlinks a name that is gone (harmless); before it, the
  // temporary would be left to the next run's sweep.
  forget_live(std::exchange(live_slot_, -1));
  return {};
}

Result<std::uint64_t> copy_file_read_back(const std::string& from, const std::string& to,
                                          const std::function<void(ByteView)>& sink, ByteView head) {
  struct stat before {};
  DISCUS_TRY(const int in_fd, open_regular(from, before));
  Fd in{in_fd};
  // Read and write: the read-back comes from this descriptor.
  Fd out{::open(to.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644)};
  if (out.fd < 0) return os_error("cannot create", to);
  const auto size = static_cast<std::uint64_t>(before.st_size);
  Status status = copy_contents(in.fd, out.fd, size, from, to);
  if (status && !head.empty() && head.size() <= size &&
      ::pwrite(out.fd, head.data(), head.size(), 0) != static_cast<ssize_t>(head.size()))
    status = os_error("write failed", to);
  if (status) status = read_back(out.fd, size, to, sink);
  // A file rewritten while we copied it may have reached the medium half old, half new.
  struct stat after {};
  if (status && (::fstat(in.fd, &after) != 0 || !same_version(before, after)))
    status = Error{ErrorCode::kIo, "file changed while being copied"}.in_file(from);
  if (status && ::close(std::exchange(out.fd, -1)) != 0) status = os_error("close failed", to);
  if (!status) {
    ::unlink(to.c_str());
    return std::move(status).error();
  }
  return size;
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
