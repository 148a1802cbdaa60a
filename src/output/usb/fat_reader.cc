#include "output/usb/fat_reader.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/endian.h"

namespace discus::output::usb {

using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {
constexpr std::size_t kChunk = 1u << 20;
constexpr int kMaxDepth = 16;                      // PS3.10 allows 8 levels; deeper is hostile
constexpr std::uint64_t kMaxDirBytes = 2u << 20;   // fatgen103: 65536 entries of 32 bytes
constexpr std::uint64_t kMaxFatEntries = 1u << 26; // 256 MiB of FAT in memory at most
}  // namespace

FatMediumReader::~FatMediumReader() { ::close(fd_); }

Result<std::unique_ptr<FatMediumReader>> FatMediumReader::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{ErrorCode::kIo, fmt::format("cannot open: {}", std::strerror(errno))}.in_file(path);
  std::unique_ptr<FatMediumReader> r(new FatMediumReader(fd, path));
  DISCUS_CHECK(r->load());
  return r;
}

Status FatMediumReader::read_at(std::uint64_t offset, std::uint8_t* dst, std::size_t n) const {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd_, dst + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Error{ErrorCode::kIo, fmt::format("read failed: {}", std::strerror(errno))}.in_file(path_).at_offset(offset + done);
    if (got == 0) return Error{ErrorCode::kTruncated, "the volume ends early"}.in_file(path_).at_offset(offset + done);
    done += static_cast<std::size_t>(got);
  }
  return {};
}

Status FatMediumReader::load() {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return Error{ErrorCode::kIo, std::strerror(errno)}.in_file(path_);
  std::uint64_t bytes = static_cast<std::uint64_t>(st.st_size);
  if (S_ISBLK(st.st_mode) && ::ioctl(fd_, BLKGETSIZE64, &bytes) != 0)
    return Error{ErrorCode::kIo, fmt::format("cannot read the device size: {}", std::strerror(errno))}.in_file(path_);
  std::uint8_t boot[kSectorBytes];
  DISCUS_CHECK(read_at(0, boot, sizeof boot));
  auto g = parse_boot_sector(boot, bytes);
  if (!g) return std::move(g.error()).in_file(path_);
  g_ = *g;
  const std::size_t ext = g_.type == FatType::kFat32 ? 64 : 36;
  if (boot[ext + 2] == 0x29) {
    label_.assign(reinterpret_cast<const char*>(boot + ext + 7), 11);
    while (!label_.empty() && label_.back() == ' ') label_.pop_back();
  }
  const std::uint64_t entries = std::uint64_t{g_.cluster_count} + 2;
  if (entries > kMaxFatEntries)
    return Error{ErrorCode::kLimitExceeded, fmt::format("{} clusters is more than Discus reads", g_.cluster_count)}.in_file(path_);
  std::vector<std::uint8_t> raw(entries * g_.entry_bytes());
  DISCUS_CHECK(read_at(g_.fat_offset(0), raw.data(), raw.size()));
  fat_.resize(entries);
  for (std::uint64_t i = 0; i < entries; ++i)
    fat_[i] = g_.type == FatType::kFat32 ? base::load_le<std::uint32_t>(&raw[i * 4]) & 0x0FFFFFFF
                                         : base::load_le<std::uint16_t>(&raw[i * 2]);
  std::vector<std::uint32_t> seen;
  if (g_.type == FatType::kFat32) {
    const std::uint32_t root = base::load_le<std::uint32_t>(boot + 44);
    DISCUS_CHECK(walk("", root, false, 0, seen));
  } else {
    DISCUS_CHECK(walk("", 0, true, 0, seen));
  }
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.path < b.path; });
  return {};
}

// The clusters of a chain, checked: each in range, no free or bad cluster, no loop.
Result<std::vector<std::uint32_t>> FatMediumReader::chain(std::uint32_t first, const std::string& what) const {
  std::vector<std::uint32_t> out;
  const std::uint32_t eoc_from = g_.type == FatType::kFat32 ? 0x0FFFFFF8 : 0xFFF8;
  std::uint32_t c = first;
  for (;;) {
    if (c < 2 || c > g_.cluster_count + 1)
      return Error{ErrorCode::kBadStructure, fmt::format("'{}': cluster {} is outside the volume", what, c)}.in_file(path_);
    if (out.size() > g_.cluster_count)
      return Error{ErrorCode::kBadStructure, fmt::format("'{}': its cluster chain loops", what)}.in_file(path_);
    if (out.size() * std::uint64_t{g_.cluster_bytes()} > kMaxDirBytes)
      return Error{ErrorCode::kBadStructure, fmt::format("'{}': a directory larger than 2 MiB", what)}.in_file(path_);
    out.push_back(c);
    const std::uint32_t next = fat_[c];
    if (next >= eoc_from) return out;
    c = next;
  }
}

Status FatMediumReader::walk(const std::string& prefix, std::uint32_t first, bool fixed_root, int depth,
                             std::vector<std::uint32_t>& seen) {
  if (depth > kMaxDepth)
    return Error{ErrorCode::kTooDeep, fmt::format("'{}' is nested more than {} folders deep", prefix, kMaxDepth)}.in_file(path_);
  std::vector<std::uint8_t> dir;
  if (fixed_root) {
    dir.resize(std::uint64_t{g_.root_dir_sectors()} * kSectorBytes);
    DISCUS_CHECK(read_at(g_.root_dir_offset(), dir.data(), dir.size()));
  } else {
    if (std::find(seen.begin(), seen.end(), first) != seen.end())
      return Error{ErrorCode::kBadStructure, fmt::format("'{}' is its own ancestor", prefix)}.in_file(path_);
    seen.push_back(first);
    DISCUS_TRY(auto clusters, chain(first, prefix.empty() ? "/" : prefix));
    dir.resize(clusters.size() * std::uint64_t{g_.cluster_bytes()});
    for (std::size_t k = 0; k < clusters.size(); ++k)
      DISCUS_CHECK(read_at(g_.cluster_offset(clusters[k]), &dir[k * g_.cluster_bytes()], g_.cluster_bytes()));
  }
  for (std::size_t at = 0; at + kDirEntryBytes <= dir.size(); at += kDirEntryBytes) {
    const std::uint8_t* e = &dir[at];
    if (e[0] == 0x00) break;  // no entries follow
    const std::uint8_t attr = e[11];
    if (e[0] == 0xE5 || attr == kAttrLongName || (attr & kAttrVolumeId) != 0) continue;
    const std::string name = display_name(e);
    if (name == "." || name == "..") continue;
    const std::uint32_t hi = g_.type == FatType::kFat32 ? base::load_le<std::uint16_t>(e + 20) : 0;
    const std::uint32_t cluster = (hi << 16) | base::load_le<std::uint16_t>(e + 26);
    const std::string path = prefix.empty() ? name : prefix + "/" + name;
    if ((attr & kAttrDirectory) != 0) {
      DISCUS_CHECK(walk(path, cluster, false, depth + 1, seen));
    } else {
      entries_.push_back(Entry{path, cluster, base::load_le<std::uint32_t>(e + 28)});
    }
  }
  return {};
}

Result<std::vector<MediumFile>> FatMediumReader::list_files() const {
  std::vector<MediumFile> out;
  out.reserve(entries_.size());
  for (const Entry& e : entries_) out.push_back({e.path, e.size});
  return out;
}

Status FatMediumReader::read_file(const std::string& path, const std::function<Status(base::ByteView)>& sink) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), path, [](const Entry& e, const std::string& p) { return e.path < p; });
  if (it == entries_.end() || it->path != path)
    return Error{ErrorCode::kNotFound, fmt::format("'{}' is not on the medium", path)}.in_file(path_);
  const std::uint64_t cb = g_.cluster_bytes();
  const std::uint32_t eoc_from = g_.type == FatType::kFat32 ? 0x0FFFFFF8 : 0xFFF8;
  std::uint64_t remaining = it->size;
  std::uint32_t c = it->first;
  std::uint64_t steps = 0;
  std::vector<std::uint8_t> buf;
  auto broken = [&](std::string why) {
    return Error{ErrorCode::kBadStructure, fmt::format("'{}': {} after {} of {} bytes", path, why, it->size - remaining, it->size)}
        .in_file(path_);
  };
  while (remaining > 0) {
    if (c < 2 || c > g_.cluster_count + 1) return broken(fmt::format("cluster {} is outside the volume", c));
    // Gather a contiguous run of clusters, up to one chunk, and read it at once.
    std::uint32_t run = 1;
    while (run * cb < std::min<std::uint64_t>(remaining, kChunk) && c + run <= g_.cluster_count + 1 &&
           fat_[c + run - 1] == c + run)
      ++run;
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, run * cb));
    buf.resize(n);
    DISCUS_CHECK(read_at(g_.cluster_offset(c), buf.data(), n));
    DISCUS_CHECK(sink(base::ByteView(buf.data(), n)));
    remaining -= n;
    steps += run;
    if (steps > g_.cluster_count) return broken("the cluster chain loops");
    const std::uint32_t next = fat_[c + run - 1];
    if (remaining > 0 && next >= eoc_from) return broken("the cluster chain ends");
    if (remaining > 0 && next == 0) return broken("the cluster chain runs into a free cluster");
    c = next;
  }
  return {};
}

std::string FatMediumReader::describe() const {
  return fmt::format("{} image {}{}", to_string(g_.type), path_, label_.empty() ? "" : fmt::format(" (label {})", label_));
}

}  // namespace discus::output::usb
