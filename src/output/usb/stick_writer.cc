#include "output/usb/stick_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>

namespace discus::output::usb {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {

constexpr std::uint64_t kVfatMagic = 0x4d44;  // MSDOS_SUPER_MAGIC: FAT12/16/32 through vfat or msdos

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Error os_error(std::string what, const std::string& path) {
  return Error{ErrorCode::kIo, fmt::format("{}: {}", what, std::strerror(errno))}.in_file(path);
}

Status sync_path(const std::string& path, int flags) {
  Fd f{::open(path.c_str(), flags | O_CLOEXEC)};
  if (f.fd < 0) return os_error("cannot open to sync", path);
  if (::fsync(f.fd) != 0) return os_error("fsync failed", path);
  return {};
}

Status write_synced(const std::string& to, const std::function<Status(int)>& fill) {
  Fd out{::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)};
  if (out.fd < 0) return os_error("cannot create", to);
  DISCUS_CHECK(fill(out.fd));
  if (::fsync(out.fd) != 0) return os_error("fsync failed", to);
  (void)::posix_fadvise(out.fd, 0, 0, POSIX_FADV_DONTNEED);
  return {};
}

Status write_all(int fd, const std::uint8_t* p, std::size_t n, const std::string& path) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return os_error("write failed", path);
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return {};
}

Status copy_synced(const SourceFile& from, const std::string& to, std::vector<std::uint8_t>& buf) {
  Fd in{::open(from.path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) return os_error("cannot open", from.path);
  return write_synced(to, [&](int out) -> Status {
    for (;;) {
      const ssize_t n = ::read(in.fd, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return os_error("read failed", from.path);
      if (n == 0) return {};
      DISCUS_CHECK(write_all(out, buf.data(), static_cast<std::size_t>(n), to));
    }
  });
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// One file-set per volume (PS3.12 R.1): refuse a target that has one, or any name we would write.
Status check_empty_of_ours(const SourceTree& tree, const std::string& target, const std::vector<ExtraFile>& extras) {
  std::vector<std::string> ours = {"DICOMDIR", "DICOM", kCompletionMarker};
  for (const SourceFile& f : tree.files) ours.push_back(upper(f.relative.substr(0, f.relative.find('/'))));
  for (const ExtraFile& x : extras) ours.push_back(upper(x.name));
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(target, ec)) {
    const std::string name = upper(e.path().filename().string());  // vfat matches names case-insensitively
    if (std::find(ours.begin(), ours.end(), name) != ours.end())
      return Error{ErrorCode::kInvalidArgument,
                   fmt::format("'{}' already holds '{}'; PS3.12 allows one file-set per volume, so Discus writes only "
                               "to a stick without one",
                               target, e.path().filename().string())};
  }
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot list '{}': {}", target, ec.message())};
  return {};
}

}  // namespace

std::string file_system_name(std::uint64_t magic) {
  switch (magic) {
    case kVfatMagic: return "vfat";
    case 0x2011BAB0: return "exfat";
    case 0x5346544E: return "ntfs";
    case 0x65735546: return "fuse";
    case 0xEF53: return "ext4";
    case 0x01021994: return "tmpfs";
    case 0x794C7630: return "overlayfs";
    case 0x9123683E: return "btrfs";
    case 0x58465342: return "xfs";
    default: return fmt::format("0x{:x}", magic);
  }
}

Result<StickResult> write_to_folder(const SourceTree& tree, const std::string& target, const StickOptions& o,
                                    const std::vector<ExtraFile>& extras) {
  StickResult r;
  struct statfs sf {};
  if (::statfs(target.c_str(), &sf) != 0) return os_error("cannot inspect the target", target);
  r.file_system = file_system_name(static_cast<std::uint64_t>(sf.f_type));
  if (static_cast<std::uint64_t>(sf.f_type) != kVfatMagic) {
    const std::string why = fmt::format(
        "'{}' is on {}, not FAT16/FAT32 as PS3.12 Annex R requires for USB media{}", target, r.file_system,
        r.file_system == "exfat" || r.file_system == "ntfs" ? " (exFAT and NTFS are not allowed)" : "");
    if (!o.allow_any_file_system)
      return Error{ErrorCode::kInvalidArgument, why + "; format the stick FAT32, or write a FAT image with --image-size"};
    r.warnings.push_back(why);
  }
  DISCUS_CHECK(check_empty_of_ours(tree, target, extras));
  struct statvfs sv {};
  if (::statvfs(target.c_str(), &sv) != 0) return os_error("cannot read the free space", target);
  const std::uint64_t block = std::max<std::uint64_t>(sv.f_bsize, 512);
  auto blocks = [&](std::uint64_t n) { return (n + block - 1) / block * block; };
  std::uint64_t need = (tree.directories.size() + 1) * block;
  for (const SourceFile& f : tree.files) need += blocks(f.size);
  for (const ExtraFile& x : extras) need += blocks(x.bytes.size());
  r.bytes_free_before = std::uint64_t{sv.f_bavail} * sv.f_frsize;
  if (need > r.bytes_free_before)
    return Error{ErrorCode::kLimitExceeded,
                 fmt::format("the file-set needs {} bytes ({:.1f} MB) on '{}' but {} bytes ({:.1f} MB) are free; use a "
                             "larger stick or span the studies over several (discus span)",
                             need, need / 1e6, target, r.bytes_free_before, r.bytes_free_before / 1e6)};

  for (const std::string& d : tree.directories) {
    const std::string p = (fs::path(target) / d).string();
    if (::mkdir(p.c_str(), 0755) != 0) return os_error("cannot create the folder", p);
  }
  std::vector<std::uint8_t> buf(1u << 20);
  for (const SourceFile& f : tree.files) {
    DISCUS_CHECK(copy_synced(f, (fs::path(target) / f.relative).string(), buf));
    r.bytes_written += f.size;
  }
  // Directory entries reach the device only when their directory is synced: deepest first.
  for (auto d = tree.directories.rbegin(); d != tree.directories.rend(); ++d)
    DISCUS_CHECK(sync_path((fs::path(target) / *d).string(), O_RDONLY | O_DIRECTORY));
  DISCUS_CHECK(sync_path(target, O_RDONLY | O_DIRECTORY));
  for (const ExtraFile& x : extras) {  // the completion marker: last, and synced
    const std::string p = (fs::path(target) / x.name).string();
    DISCUS_CHECK(write_synced(p, [&](int fd) { return write_all(fd, x.bytes.data(), x.bytes.size(), p); }));
    r.bytes_written += x.bytes.size();
  }
  DISCUS_CHECK(sync_path(target, O_RDONLY | O_DIRECTORY));
  return r;
}

}  // namespace discus::output::usb
