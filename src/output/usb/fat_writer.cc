#include "output/usb/fat_writer.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <random>

#include "base/endian.h"

namespace discus::output::usb {

using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {

constexpr std::size_t kChunk = 1u << 20;
constexpr std::uint64_t kMaxFileBytes = 0xFFFFFFFFull;   // FAT's 32-bit size field
constexpr std::uint64_t kMaxDirEntries = 65536;          // fatgen103 section 6: a directory may not exceed 2 MiB

struct Node {
  std::array<char, 11> name{};
  bool dir = false;
  int parent = -1;
  std::vector<int> children;
  std::uint64_t size = 0;
  const SourceFile* source = nullptr;
  const ExtraFile* extra = nullptr;
  std::uint32_t first = 0, clusters = 0;
  std::string relative;  // for messages
};

// Every file and directory of the volume with its clusters, decided before anything is written.
struct Layout {
  std::vector<Node> nodes;  // [0] is the root directory
  std::uint32_t next_free = 2;
  std::uint32_t used() const { return next_free - 2; }
};

std::string parent_of(const std::string& rel) {
  const auto slash = rel.rfind('/');
  return slash == std::string::npos ? std::string{} : rel.substr(0, slash);
}
std::string leaf_of(const std::string& rel) {
  const auto slash = rel.rfind('/');
  return slash == std::string::npos ? rel : rel.substr(slash + 1);
}

std::uint64_t dir_entries(const Layout& l, int i, bool has_label) {
  const Node& n = l.nodes[static_cast<std::size_t>(i)];
  return n.children.size() + (i == 0 ? (has_label ? 1 : 0) : 2);  // the root has no "." and ".."
}

Result<Layout> plan_layout(const SourceTree& tree, const std::vector<ExtraFile>& extras, const FatGeometry& g,
                           bool has_label) {
  Layout l;
  l.nodes.push_back(Node{});
  l.nodes[0].dir = true;
  std::map<std::string, int> dirs{{"", 0}};
  auto add = [&](const std::string& rel, Node n) -> Result<int> {
    auto p = dirs.find(parent_of(rel));
    if (p == dirs.end()) return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' has no parent folder", rel)};
    auto name = short_name(leaf_of(rel));
    if (!name) return std::move(name.error()).in_file(rel);
    n.name = *name;
    n.parent = p->second;
    n.relative = rel;
    const int index = static_cast<int>(l.nodes.size());
    l.nodes[static_cast<std::size_t>(p->second)].children.push_back(index);
    l.nodes.push_back(std::move(n));
    return index;
  };
  for (const std::string& d : tree.directories) {
    Node n;
    n.dir = true;
    DISCUS_TRY(int index, add(d, std::move(n)));
    dirs.emplace(d, index);
  }
  auto add_file = [&](const std::string& rel, std::uint64_t size, const SourceFile* s, const ExtraFile* x) -> Status {
    if (size > kMaxFileBytes)
      return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' has {} bytes; a FAT file holds less than 4 GiB", rel, size)};
    Node n;
    n.size = size;
    n.source = s;
    n.extra = x;
    DISCUS_TRY(int index, add(rel, std::move(n)));
    (void)index;
    return {};
  };
  for (const SourceFile& f : tree.files) DISCUS_CHECK(add_file(f.relative, f.size, &f, nullptr));
  for (const ExtraFile& x : extras) DISCUS_CHECK(add_file(x.name, x.bytes.size(), nullptr, &x));

  const std::uint64_t cb = g.cluster_bytes();
  auto allocate = [&](Node& n, std::uint64_t bytes) {
    n.clusters = static_cast<std::uint32_t>((bytes + cb - 1) / cb);
    if (n.clusters != 0) n.first = l.next_free;
    l.next_free += n.clusters;
  };
  for (std::size_t i = 0; i < l.nodes.size(); ++i) {
    if (!l.nodes[i].dir) continue;
    const std::uint64_t entries = dir_entries(l, static_cast<int>(i), has_label);
    const std::uint64_t limit = i == 0 && g.type == FatType::kFat16 ? g.root_entries : kMaxDirEntries;
    if (entries > limit)
      return Error{ErrorCode::kInvalidArgument,
                   fmt::format("folder '{}' needs {} entries; a {} {} holds {}", l.nodes[i].relative, entries,
                               to_string(g.type), i == 0 ? "root directory" : "directory", limit)};
    if (i == 0 && g.type == FatType::kFat16) continue;  // the FAT16 root has its own fixed region
    allocate(l.nodes[i], std::max<std::uint64_t>(1, entries) * kDirEntryBytes);
  }
  for (Node& n : l.nodes)
    if (!n.dir) allocate(n, n.size);
  return l;
}

class Target {
 public:
  Target() = default;
  Target(const Target&) = delete;
  Target& operator=(const Target&) = delete;
  ~Target() {
    if (fd_ >= 0) ::close(fd_);
  }
  static Result<std::unique_ptr<Target>> open(const std::string& path, const std::optional<std::uint64_t>& create_size);
  Status write_at(std::uint64_t offset, base::ByteView data) const {
    while (!data.empty()) {
      const ssize_t n = ::pwrite(fd_, data.data(), data.size(), static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Error{ErrorCode::kIo, fmt::format("write failed: {}", std::strerror(errno))}.in_file(path_).at_offset(offset);
      data = data.subspan(static_cast<std::size_t>(n));
      offset += static_cast<std::uint64_t>(n);
    }
    return {};
  }
  Status sync() const {
    if (::fsync(fd_) != 0) return Error{ErrorCode::kIo, fmt::format("fsync failed: {}", std::strerror(errno))}.in_file(path_);
    return {};
  }
  // Drops the cached pages so read-back verification reads what the medium holds.
  void drop_cache() const { (void)::posix_fadvise(fd_, 0, 0, POSIX_FADV_DONTNEED); }
  std::uint64_t size() const { return size_; }
  bool block() const { return block_; }

 private:
  int fd_ = -1;
  std::string path_;
  std::uint64_t size_ = 0;
  bool block_ = false;
};

// A block device that is mounted (or has a mounted partition) is never written under the kernel.
bool mounted(const std::string& device) {
  std::ifstream in("/proc/self/mounts");
  std::string source, rest;
  while (in >> source && std::getline(in, rest))
    if (source.compare(0, device.size(), device) == 0) return true;
  return false;
}

Result<std::unique_ptr<Target>> Target::open(const std::string& path, const std::optional<std::uint64_t>& create_size) {
  auto t = std::make_unique<Target>();
  t->path_ = path;
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (create_size) {
    if (exists)
      return Error{ErrorCode::kInvalidArgument,
                   fmt::format("'{}' exists; remove it, or leave out the image size to write into it at its own size", path)};
    t->fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (t->fd_ < 0) return Error{ErrorCode::kIo, fmt::format("cannot create: {}", std::strerror(errno))}.in_file(path);
    if (::ftruncate(t->fd_, static_cast<off_t>(*create_size)) != 0)
      return Error{ErrorCode::kIo, fmt::format("cannot size the image: {}", std::strerror(errno))}.in_file(path);
    t->size_ = *create_size;
    return t;
  }
  if (!exists)
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' does not exist; give an image size to create it", path)};
  if (S_ISBLK(st.st_mode)) {
    if (mounted(path))
      return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' (or a partition of it) is mounted; unmount it first", path)};
    t->block_ = true;
  } else if (!S_ISREG(st.st_mode)) {
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is neither an image file nor a block device", path)};
  }
  t->fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (t->fd_ < 0) return Error{ErrorCode::kIo, fmt::format("cannot open for writing: {}", std::strerror(errno))}.in_file(path);
  if (t->block_) {
    std::uint64_t bytes = 0;
    if (::ioctl(t->fd_, BLKGETSIZE64, &bytes) != 0)
      return Error{ErrorCode::kIo, fmt::format("cannot read the device size: {}", std::strerror(errno))}.in_file(path);
    t->size_ = bytes;
  } else {
    t->size_ = static_cast<std::uint64_t>(st.st_size);
  }
  return t;
}

Status write_file_data(const Target& t, const FatGeometry& g, const Node& n, std::vector<std::uint8_t>& buf) {
  if (n.clusters == 0) return {};
  const std::uint64_t start = g.cluster_offset(n.first);
  const std::uint64_t padded = std::uint64_t{n.clusters} * g.cluster_bytes();
  if (n.extra != nullptr) {
    base::Bytes b = n.extra->bytes;
    b.resize(padded, 0);
    return t.write_at(start, b);
  }
  const int fd = ::open(n.source->path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{ErrorCode::kIo, fmt::format("cannot open: {}", std::strerror(errno))}.in_file(n.source->path);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  std::uint64_t done = 0;
  while (done < padded) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), padded - done));
    std::size_t got = 0;
    while (done + got < n.size && got < want) {
      const ssize_t r = ::read(fd, buf.data() + got, want - got);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return Error{ErrorCode::kIo, fmt::format("read failed: {}", std::strerror(errno))}.in_file(n.source->path);
      if (r == 0) break;
      got += static_cast<std::size_t>(r);
    }
    if (done + got < std::min<std::uint64_t>(n.size, done + want))
      return Error{ErrorCode::kIo, "the file shrank while it was being written"}.in_file(n.source->path).at_offset(done + got);
    std::memset(buf.data() + got, 0, want - got);  // the slack of the last cluster
    DISCUS_CHECK(t.write_at(start + done, base::ByteView(buf.data(), want)));
    done += want;
  }
  return {};
}

base::Bytes directory_bytes(const Layout& l, int i, const FatGeometry& g, const std::array<char, 11>& label,
                            bool has_label, DosTime when) {
  const Node& n = l.nodes[static_cast<std::size_t>(i)];
  const bool fixed_root = i == 0 && g.type == FatType::kFat16;
  base::Bytes b(fixed_root ? std::uint64_t{g.root_dir_sectors()} * kSectorBytes : std::uint64_t{n.clusters} * g.cluster_bytes(), 0);
  std::size_t at = 0;
  auto put = [&](const DirEntry& e) {
    encode_entry(e, &b[at]);
    at += kDirEntryBytes;
  };
  if (i == 0 && has_label) put(DirEntry{label, kAttrVolumeId, 0, 0, when});
  if (i != 0) {
    DirEntry dot{{}, kAttrDirectory, n.first, 0, when};
    std::memcpy(dot.name.data(), ".          ", 11);
    put(dot);
    const Node& parent = l.nodes[static_cast<std::size_t>(n.parent)];
    DirEntry dotdot{{}, kAttrDirectory, n.parent == 0 ? 0u : parent.first, 0, when};  // 0 names the root
    std::memcpy(dotdot.name.data(), "..         ", 11);
    put(dotdot);
  }
  for (int c : n.children) {
    const Node& k = l.nodes[static_cast<std::size_t>(c)];
    put(DirEntry{k.name, k.dir ? kAttrDirectory : kAttrArchive, k.first, k.dir ? 0u : static_cast<std::uint32_t>(k.size), when});
  }
  return b;
}

// Both FATs, generated a chunk at a time from the layout (every chain is one contiguous run).
Status write_fats(const Target& t, const Layout& l, const FatGeometry& g) {
  std::vector<bool> last(l.next_free + 1, false);
  for (const Node& n : l.nodes)
    if (n.clusters != 0) last[n.first + n.clusters - 1] = true;
  const std::uint64_t fat_bytes = std::uint64_t{g.fat_sectors} * kSectorBytes;
  const std::uint32_t eb = g.entry_bytes();
  std::vector<std::uint8_t> buf;
  for (std::uint64_t off = 0; off < fat_bytes; off += kChunk) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, fat_bytes - off));
    buf.assign(n, 0);
    for (std::size_t k = 0; k < n / eb; ++k) {
      const std::uint64_t entry = off / eb + k;
      std::uint32_t v = 0;
      if (entry == 0) v = g.end_of_chain() - 7;  // media byte F8h in the low bits (fatgen103 4.1)
      else if (entry == 1) v = g.end_of_chain();  // "clean shutdown, no hard error" bits set
      else if (entry < l.next_free) v = last[entry] ? g.end_of_chain() : static_cast<std::uint32_t>(entry + 1);
      if (v == 0) continue;
      if (eb == 4) base::store_le<std::uint32_t>(&buf[k * 4], v);
      else base::store_le<std::uint16_t>(&buf[k * 2], static_cast<std::uint16_t>(v));
    }
    for (std::uint32_t f = 0; f < g.fat_count; ++f) DISCUS_CHECK(t.write_at(g.fat_offset(f) + off, buf));
  }
  return {};
}

std::uint32_t volume_serial(std::int64_t when) {
  std::seed_seq seq{static_cast<std::uint32_t>(when), static_cast<std::uint32_t>(when >> 32)};
  std::mt19937 rng(seq);
  return rng();
}

}  // namespace

Result<std::uint32_t> clusters_needed(const SourceTree& tree, const std::vector<ExtraFile>& extras, const FatGeometry& g) {
  DISCUS_TRY(Layout l, plan_layout(tree, extras, g, true));
  return l.used();
}

Result<FatWriteResult> write_fat(const SourceTree& tree, const std::string& target, const FatWriteOptions& o) {
  // Everything that can refuse the job is checked before the target is touched.
  std::uint64_t size = o.create_size.value_or(0);
  std::unique_ptr<Target> t;
  if (!o.create_size) {
    DISCUS_TRY(t, Target::open(target, std::nullopt));
    size = t->size();
  }
  DISCUS_TRY(FatGeometry g, choose_geometry(size, o.fat_type));
  const std::array<char, 11> label = volume_label(o.label);
  const bool has_label = std::memcmp(label.data(), "NO NAME    ", 11) != 0;
  DISCUS_TRY(Layout l, plan_layout(tree, o.extras, g, has_label));
  if (l.used() > g.cluster_count)
    return Error{ErrorCode::kLimitExceeded,
                 fmt::format("the file-set needs {} clusters of {} bytes ({:.1f} MB) but the {} volume of {} bytes has {} "
                             "({:.1f} MB); use a larger medium or span the studies over several (discus span)",
                             l.used(), g.cluster_bytes(), l.used() * double(g.cluster_bytes()) / 1e6, to_string(g.type),
                             size, g.cluster_count, g.cluster_count * double(g.cluster_bytes()) / 1e6)}
        .in_file(target);
  if (o.create_size) {
    DISCUS_TRY(t, Target::open(target, o.create_size));
  }

  const std::array<std::uint8_t, kSectorBytes> zero_sector{};
  DISCUS_CHECK(t->write_at(0, zero_sector));  // an interrupted job leaves no volume behind
  DISCUS_CHECK(t->sync());
  const DosTime when = dos_time(o.timestamp);
  std::vector<std::uint8_t> buf(kChunk);
  for (const Node& n : l.nodes)
    if (!n.dir) DISCUS_CHECK(write_file_data(*t, g, n, buf));
  for (std::size_t i = 0; i < l.nodes.size(); ++i) {
    if (!l.nodes[i].dir) continue;
    const base::Bytes b = directory_bytes(l, static_cast<int>(i), g, label, has_label, when);
    const bool fixed_root = i == 0 && g.type == FatType::kFat16;
    DISCUS_CHECK(t->write_at(fixed_root ? g.root_dir_offset() : g.cluster_offset(l.nodes[i].first), b));
  }
  DISCUS_CHECK(write_fats(*t, l, g));
  const auto boot = boot_sector(g, label, volume_serial(o.timestamp));
  base::Bytes reserved(std::uint64_t{g.reserved_sectors} * kSectorBytes - kSectorBytes, 0);
  if (g.type == FatType::kFat32) {
    const auto info = fsinfo_sector(g.cluster_count - l.used(), l.next_free);
    std::memcpy(&reserved[0 * kSectorBytes], info.data(), kSectorBytes);  // sector 1
    std::memcpy(&reserved[5 * kSectorBytes], boot.data(), kSectorBytes);  // sector 6: backup boot sector
    std::memcpy(&reserved[6 * kSectorBytes], info.data(), kSectorBytes);  // sector 7: backup FSInfo
  }
  if (!reserved.empty()) DISCUS_CHECK(t->write_at(kSectorBytes, reserved));
  DISCUS_CHECK(t->sync());
  DISCUS_CHECK(t->write_at(0, boot));  // last: only now is this a volume
  DISCUS_CHECK(t->sync());
  t->drop_cache();
  FatWriteResult r;
  r.geometry = g;
  r.volume_bytes = g.total_sectors * kSectorBytes;
  r.clusters_used = l.used();
  r.block_device = t->block();
  return r;
}

}  // namespace discus::output::usb
