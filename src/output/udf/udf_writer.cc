#include "output/udf/udf_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "base/file.h"
#include "media/dicomdir/reader.h"

namespace discus::output::udf {
namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

namespace {

// Where the volume structures go (sectors of 2048 bytes). ECMA-167 2/8.3: the Volume Recognition
// Sequence starts at byte 32768 (sector 16); 3/8.4.2.1: an AVDP at sector 256 and at N-256 and/or
// N, N being the last sector (we record all three). The VDS extents are 16 sectors (UDF 2.2.3.1: at least 16).
constexpr std::uint32_t kVrs = 16;
constexpr std::uint32_t kMainVds = 32, kReserveVds = 48, kVdsBlocks = 16;
constexpr std::uint32_t kLvid = 64, kLvidBlocks = 2;  // LVID, then a Terminating Descriptor
constexpr std::uint32_t kAvdp = 256;
// The partition starts on a 32-sector boundary (a BD ECC cluster is 32 sectors, UDF 2.60 6.12.2
// asks the Metadata Partition's allocation and alignment units to be 32 on BD).
constexpr std::uint32_t kPartitionStart = 288;
constexpr std::uint32_t kUnit = 32;
constexpr std::uint32_t kTailBlocks = 257;  // an AVDP at the last sector N and at N-256
// UDF 2.3.10 / ECMA-167 4/14.14.1.1: an extent is shorter than 2^30 bytes; whole blocks.
constexpr std::uint32_t kMaxExtentBytes = (1u << 30) - kBlockSize;
constexpr std::uint32_t kMaxMetaExtentBlocks = ((1u << 30) - kUnit * kBlockSize) / kBlockSize;  // whole units
constexpr unsigned kMaxDepth = 64;          // folders below the root; PS3.12's 8 is the file-set planner's rule
constexpr std::size_t kMaxFidName = 255;    // ECMA-167 4/14.4.4: L_FI is one byte
constexpr std::size_t kFeHeader = 176, kEfeHeader = 216;
constexpr std::size_t kLongAd = 16, kShortAd = 8;
constexpr std::uint8_t kFileTypeDirectory = 4, kFileTypeFile = 5, kFileTypeMetadata = 250, kFileTypeMirror = 251;
constexpr std::uint16_t kAdShort = 0, kAdLong = 1;
constexpr std::size_t kChunk = 1u << 20;
constexpr const char* kDefaultVolumeId = "DICOM";
constexpr std::uint32_t kNoUid = 0xFFFFFFFF;  // UDF 3.3.3.1: no user/group id

// PS3.12 J.3 / X.3 (as P.3): everybody may read, write and delete files and read, enter and
// delete folders. ECMA-167 4/14.9.5: per class execute 1, write 2, read 4, chattr 8, delete 16.
constexpr std::uint32_t every_class(std::uint32_t bits) { return bits | (bits << 5) | (bits << 10); }
constexpr std::uint32_t kFilePermissions = every_class(4 | 2 | 16);
constexpr std::uint32_t kDirPermissions = every_class(4 | 1 | 16);

struct Node {
  std::string name;          // UTF-8 as on the host
  std::string cs0;           // OSTA CS0 file identifier
  bool directory = false;
  std::string source;        // host path
  std::uint64_t size = 0;    // bytes: file contents, or the directory's FIDs
  std::int64_t mtime = 0, atime = 0, ctime = 0;
  std::uint32_t parent = 0;
  std::vector<std::uint32_t> children;
  std::uint64_t unique_id = 0;
  std::uint32_t icb = 0;     // logical block of its (E)FE in the metadata space
  std::uint32_t data = 0;    // first logical block of its data (metadata space for folders, partition for files)
  std::uint32_t subdirs = 0;
};

std::uint64_t blocks_of(std::uint64_t bytes) { return (bytes + kBlockSize - 1) / kBlockSize; }
std::uint64_t round_up(std::uint64_t v, std::uint64_t unit) { return (v + unit - 1) / unit * unit; }
std::size_t fid_size(std::size_t name_bytes) { return (38 + name_bytes + 3) / 4 * 4; }  // ECMA-167 4/14.4.9

struct Layout {
  bool meta = false;              // UDF 2.50+: a Metadata Partition
  std::uint16_t meta_ref = 0;     // partition reference of FSD, FEs and folders
  std::uint32_t meta_start = 0;   // first partition block of the metadata space
  std::uint32_t meta_used = 0, meta_size = 0;
  std::uint32_t data_start = 0, data_end = 0;
  std::uint32_t mirror_start = 0;
  std::uint32_t partition_length = 0;
  std::uint64_t total_blocks = 0;
};

class Writer {
 public:
  Writer(const UdfOptions& o) : o_(o), version_(descriptor_version(o.revision)), rev_(static_cast<std::uint16_t>(o.revision)) {}

  base::Status scan(const std::string& root_dir) {
    nodes_.push_back(Node{});
    nodes_[0].directory = true;
    nodes_[0].source = root_dir;
    DISCUS_CHECK(stat_into(nodes_[0]));
    std::deque<std::pair<std::uint32_t, unsigned>> todo{{0, 0}};
    while (!todo.empty()) {  // breadth first: the order of FEs, folders and file data on the disc
      auto [index, depth] = todo.front();
      todo.pop_front();
      DISCUS_CHECK(list(index, depth, todo));
    }
    return {};
  }

  base::Status lay_out() {
    L_.meta = has_metadata_partition(o_.revision);
    L_.meta_ref = L_.meta ? 1 : 0;
    std::uint64_t next = 1;  // block 0 of the metadata space: the File Set Descriptor
    std::uint64_t uid = 16;  // UDF 3.2.1.1: 0 is the root's, 1-15 are reserved
    for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
      Node& n = nodes_[i];
      n.unique_id = i == 0 ? 0 : uid++;
      if (!n.directory) continue;
      n.size = fid_size(0);
      for (std::uint32_t c : n.children) n.size += fid_size(nodes_[c].cs0.size());
      n.icb = static_cast<std::uint32_t>(next++);
      n.data = static_cast<std::uint32_t>(next);
      next += blocks_of(n.size);
    }
    // Every allocation descriptor sits in the (E)FE's one block (ECMA-167 4/14.9.22; no Allocation
    // Extent Descriptors here): a file of more than ~114 extents of 1 GiB, or a folder past one
    // extent, does not fit. Refused before anything is written.
    const std::size_t head = version_ == 3 ? kEfeHeader : kFeHeader;
    const std::uint64_t max_ads = (kBlockSize - head) / kLongAd;
    for (const Node& n : nodes_) {
      const std::uint64_t ads = (n.size + kMaxExtentBytes - 1) / kMaxExtentBytes;
      if ((n.directory && n.size > kMaxExtentBytes) || ads > max_ads)
        return Error{ErrorCode::kLimitExceeded, fmt::format("{} of {} bytes needs more allocation descriptors than one "
                                                            "file entry holds", n.directory ? "a folder" : "a file", n.size)}
            .in_file(n.source);
    }
    for (Node& n : nodes_)
      if (!n.directory) n.icb = static_cast<std::uint32_t>(next++);
    next_unique_id_ = uid;
    L_.meta_used = static_cast<std::uint32_t>(std::min<std::uint64_t>(next, 0xFFFFFFFF));
    std::uint64_t data;
    if (L_.meta) {
      // Partition block 0: Metadata File FE, 1: Metadata Mirror File FE; the metadata space at
      // the first unit, whole units (UDF 2.2.10: extents of whole allocation units, aligned).
      L_.meta_start = kUnit;
      L_.meta_size = static_cast<std::uint32_t>(std::min<std::uint64_t>(round_up(next, kUnit), 0xFFFFFFFF));
      // The mirror right after the main copy: readers that size an image by the extents they
      // follow (7-Zip) expect nothing but zeros and AVDPs after the last file's data.
      L_.mirror_start = static_cast<std::uint32_t>(std::min<std::uint64_t>(L_.meta_start + static_cast<std::uint64_t>(L_.meta_size), 0xFFFFFFFF));
      data = L_.mirror_start + static_cast<std::uint64_t>(L_.meta_size);
    } else {
      L_.meta_start = 0;
      L_.meta_size = L_.meta_used;
      data = next;
    }
    L_.data_start = static_cast<std::uint32_t>(std::min<std::uint64_t>(data, 0xFFFFFFFF));
    for (Node& n : nodes_) {
      if (n.directory) continue;
      n.data = static_cast<std::uint32_t>(std::min<std::uint64_t>(data, 0xFFFFFFFF));
      data += blocks_of(n.size);
    }
    const std::uint64_t length = data;
    L_.data_end = static_cast<std::uint32_t>(std::min<std::uint64_t>(data, 0xFFFFFFFF));
    if (length + kPartitionStart + kTailBlocks > 0xFFFFFFFFull)
      return Error{ErrorCode::kLimitExceeded, "the file-set needs more than 2^32 blocks (8 TiB); no UDF medium holds it"};
    L_.partition_length = static_cast<std::uint32_t>(length);
    L_.total_blocks = kPartitionStart + length + kTailBlocks;
    return {};
  }

  std::uint64_t image_bytes() const { return L_.total_blocks * kBlockSize; }
  std::size_t files() const { return static_cast<std::size_t>(std::count_if(nodes_.begin(), nodes_.end(), [](const Node& n) { return !n.directory; })); }
  std::size_t directories() const { return nodes_.size() - files() - 1; }

  base::Status write(base::AtomicOutputFile& out, const ProgressFn& progress) {
    out_ = &out;
    progress_ = &progress;
    buffer_.assign(kChunk, 0);
    DISCUS_CHECK(write_volume_area());
    if (L_.meta) {
      DISCUS_CHECK(emit([&](Block b) { metadata_fe(b, 0, kFileTypeMetadata, L_.meta_start); }));
      DISCUS_CHECK(emit([&](Block b) { metadata_fe(b, 1, kFileTypeMirror, L_.mirror_start); }));
      DISCUS_CHECK(zeros(L_.meta_start - 2));
    }
    DISCUS_CHECK(write_metadata_space());
    if (L_.meta) DISCUS_CHECK(write_metadata_space());  // the mirror: the same bytes (tags name metadata blocks)
    for (const Node& n : nodes_)
      if (!n.directory) DISCUS_CHECK(copy_file(n));
    const std::uint32_t tail = kPartitionStart + L_.partition_length;
    DISCUS_CHECK(emit([&](Block b) { avdp(b, tail); }));
    DISCUS_CHECK(zeros(kTailBlocks - 2));
    DISCUS_CHECK(emit([&](Block b) { avdp(b, tail + kTailBlocks - 1); }));
    DISCUS_CHECK(flush());
    if (written_ != image_bytes())
      return Error{ErrorCode::kIo, fmt::format("internal: wrote {} bytes of a {}-byte layout", written_, image_bytes())};
    return {};
  }

  std::string volume_id;
  std::int64_t now = 0;

 private:
  // ---- the source tree
  static base::Status stat_into(Node& n) {
    struct stat st {};
    if (::lstat(n.source.c_str(), &st) != 0)
      return Error{ErrorCode::kIo, fmt::format("cannot stat: {}", std::strerror(errno))}.in_file(n.source);
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
      return Error{ErrorCode::kInvalidArgument,
                   "only folders and regular files can go on the disc (a link or device would not be portable)"}
          .in_file(n.source);
    n.directory = S_ISDIR(st.st_mode);
    n.size = n.directory ? 0 : static_cast<std::uint64_t>(st.st_size);
    n.mtime = st.st_mtime;
    n.atime = st.st_atime;
    n.ctime = st.st_ctime;
    return {};
  }

  base::Status list(std::uint32_t index, unsigned depth, std::deque<std::pair<std::uint32_t, unsigned>>& todo) {
    std::error_code ec;
    std::vector<std::string> names;
    for (fs::directory_iterator it(nodes_[index].source, ec), end; !ec && it != end; it.increment(ec))
      names.push_back(it->path().filename().string());
    if (ec) return Error{ErrorCode::kIo, fmt::format("cannot list: {}", ec.message())}.in_file(nodes_[index].source);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      Node n;
      n.name = name;
      n.source = nodes_[index].source + "/" + name;
      n.parent = index;
      auto cs0 = cs0_from_utf8(name);
      if (!cs0) return Error{ErrorCode::kInvalidArgument, "the name is not UTF-8 of the Basic Multilingual Plane (OSTA CS0, UDF 2.1.1)"}.in_file(n.source);
      if (cs0->size() > kMaxFidName)
        return Error{ErrorCode::kInvalidArgument, fmt::format("the name takes {} bytes in OSTA CS0; UDF allows {}", cs0->size(), kMaxFidName)}
            .in_file(n.source);
      n.cs0 = std::move(*cs0);
      DISCUS_CHECK(stat_into(n));
      if (n.directory && depth + 1 > kMaxDepth)
        return Error{ErrorCode::kTooDeep, fmt::format("folders nested deeper than {} levels", kMaxDepth)}.in_file(n.source);
      if (nodes_.size() >= 0x7FFFFFFF) return Error{ErrorCode::kLimitExceeded, "too many files"};
      const auto child = static_cast<std::uint32_t>(nodes_.size());
      if (n.directory) {
        ++nodes_[index].subdirs;
        todo.emplace_back(child, depth + 1);
      }
      nodes_.push_back(std::move(n));
      nodes_[index].children.push_back(child);
    }
    return {};
  }

  // ---- output
  base::Status flush() {
    if (used_ == 0) return {};
    if (o_.cancel != nullptr && o_.cancel->load(std::memory_order_relaxed))
      return Error{ErrorCode::kCancelled, "cancelled while writing the UDF image"};
    DISCUS_CHECK(out_->write(base::ByteView(buffer_.data(), used_)));
    written_ += used_;
    used_ = 0;
    if (*progress_) (*progress_)(written_, image_bytes());
    return {};
  }
  base::Result<Block> next_block() {
    if (used_ + kBlockSize > buffer_.size()) DISCUS_CHECK(flush());
    Block b(buffer_.data() + used_, kBlockSize);
    std::memset(b.data(), 0, kBlockSize);
    used_ += kBlockSize;
    return b;
  }
  template <typename F>
  base::Status emit(F&& fill) {
    DISCUS_TRY(Block b, next_block());
    fill(b);
    return {};
  }
  base::Status zeros(std::uint64_t blocks) {
    for (std::uint64_t i = 0; i < blocks; ++i) DISCUS_CHECK(next_block());
    return {};
  }

  // A file's contents into the image, through the buffer in bounded chunks (copy_file_range would
  // save a copy but needs the output's descriptor, which base::AtomicOutputFile keeps to itself).
  base::Status copy_file(const Node& n) {
    const int in = ::open(n.source.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (in < 0) return Error{ErrorCode::kIo, fmt::format("cannot open: {}", std::strerror(errno))}.in_file(n.source);
    struct Closer {
      int fd;
      ~Closer() { ::close(fd); }
    } closer{in};
    struct stat st {};
    if (::fstat(in, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::uint64_t>(st.st_size) != n.size)
      return Error{ErrorCode::kConflict, fmt::format("the file changed while the image was written (planned {} bytes)", n.size)}
          .in_file(n.source);
    std::uint64_t offset = 0;
    while (offset < n.size) {
      if (used_ == buffer_.size()) DISCUS_CHECK(flush());
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer_.size() - used_, n.size - offset));
      const ssize_t got = ::pread(in, buffer_.data() + used_, want, static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return Error{ErrorCode::kIo, fmt::format("cannot read: {}", std::strerror(errno))}.in_file(n.source);
      if (got == 0) return Error{ErrorCode::kConflict, "the file shrank while the image was written"}.in_file(n.source);
      used_ += static_cast<std::size_t>(got);
      offset += static_cast<std::uint64_t>(got);
    }
    // Pad to the block (at the image position, written_ + used_).
    const std::size_t pad = static_cast<std::size_t>((kBlockSize - (written_ + used_) % kBlockSize) % kBlockSize);
    // Make room for the padding should the buffer be full off the block grid.
    if (used_ + pad > buffer_.size()) DISCUS_CHECK(flush());
    std::memset(buffer_.data() + used_, 0, pad);
    used_ += pad;
    return {};
  }

  // ---- the volume (sectors 0 .. partition start)
  base::Status write_volume_area() {
    DISCUS_CHECK(zeros(kVrs));
    // ECMA-167 2/9.1: BEA01, NSR02 (UDF 1.50) or NSR03 (UDF 2.x), TEA01; one sector each.
    const char* ids[3] = {"BEA01", L_.meta || o_.revision != Revision::k150 ? "NSR03" : "NSR02", "TEA01"};
    for (const char* id : ids)
      DISCUS_CHECK(emit([&](Block b) {
        b[0] = 0;
        std::memcpy(b.data() + 1, id, 5);
        b[6] = 1;
      }));
    DISCUS_CHECK(zeros(kMainVds - kVrs - 3));
    for (std::uint32_t start : {kMainVds, kReserveVds}) {
      DISCUS_CHECK(emit([&](Block b) { pvd(b, start); }));
      DISCUS_CHECK(emit([&](Block b) { iuvd(b, start + 1); }));
      DISCUS_CHECK(emit([&](Block b) { pd(b, start + 2); }));
      DISCUS_CHECK(emit([&](Block b) { lvd(b, start + 3); }));
      DISCUS_CHECK(emit([&](Block b) { usd(b, start + 4); }));
      DISCUS_CHECK(emit([&](Block b) { td(b, start + 5); }));
      DISCUS_CHECK(zeros(kVdsBlocks - 6));
    }
    DISCUS_CHECK(emit([&](Block b) { lvid(b, kLvid); }));
    DISCUS_CHECK(emit([&](Block b) { td(b, kLvid + 1); }));
    DISCUS_CHECK(zeros(kAvdp - kLvid - kLvidBlocks));
    DISCUS_CHECK(emit([&](Block b) { avdp(b, kAvdp); }));
    return zeros(kPartitionStart - kAvdp - 1);
  }

  void avdp(Block b, std::uint32_t at) {  // ECMA-167 3/10.2
    put_u32(b, 16, kVdsBlocks * kBlockSize);
    put_u32(b, 20, kMainVds);
    put_u32(b, 24, kVdsBlocks * kBlockSize);
    put_u32(b, 28, kReserveVds);
    finish_tag(b, kTagAvdp, version_, at, 512 - 16);
  }

  void pvd(Block b, std::uint32_t at) {  // ECMA-167 3/10.1, UDF 2.2.2
    put_u32(b, 16, 0);  // Volume Descriptor Sequence Number
    put_u32(b, 20, 0);  // Primary Volume Descriptor Number
    put_dstring(b, 24, 32, volume_id);
    put_u16(b, 56, 1);  // Volume Sequence Number
    put_u16(b, 58, 1);  // Maximum Volume Sequence Number
    put_u16(b, 60, 2);  // Interchange Level: PS3.12 J, P, X ask for 2 (a single volume)
    put_u16(b, 62, 2);
    put_u32(b, 64, 1);  // Character Set List: CS0 only
    put_u32(b, 68, 1);
    // UDF 2.2.2.5: the Volume Set Identifier starts with 16 characters unique to this volume set.
    put_dstring(b, 72, 128, fmt::format("{:08X}{:08X}{}", static_cast<std::uint32_t>(now), volume_hash(), volume_id));
    put_charspec(b, 200);
    put_charspec(b, 264);
    put_timestamp(b, 376, now);
    put_implementation_regid(b, 388);
    put_u16(b, 488, 1);  // Flags: the Volume Set Identifier is common to the set (ECMA-167 3/10.1.21)
    finish_tag(b, kTagPvd, version_, at, 512 - 16);
  }

  std::uint32_t volume_hash() const {
    std::uint32_t h = 2166136261u;  // FNV-1a of the volume id and the tree's size: differs between discs
    for (char c : volume_id) h = (h ^ static_cast<std::uint8_t>(c)) * 16777619u;
    for (std::uint64_t v : {static_cast<std::uint64_t>(nodes_.size()), L_.total_blocks}) h = (h ^ static_cast<std::uint32_t>(v)) * 16777619u;
    return h;
  }

  void iuvd(Block b, std::uint32_t at) {  // ECMA-167 3/10.4, UDF 2.2.7 (the "*UDF LV Info" use)
    put_u32(b, 16, 1);
    put_regid(b, 20, "*UDF LV Info", rev_);
    put_charspec(b, 52);
    put_dstring(b, 116, 128, volume_id);
    put_dstring(b, 244, 36, "Discus DICOM media");
    put_dstring(b, 280, 36, "");
    put_dstring(b, 316, 36, "");
    put_implementation_regid(b, 352);
    finish_tag(b, kTagIuvd, version_, at, 512 - 16);
  }

  void pd(Block b, std::uint32_t at) {  // ECMA-167 3/10.5, UDF 2.2.14
    put_u32(b, 16, 2);
    put_u16(b, 20, 1);  // Partition Flags: allocated
    put_u16(b, 22, 0);  // Partition Number
    put_regid(b, 24, version_ == 2 ? "+NSR02" : "+NSR03", 0, true);
    std::memset(b.data() + 24 + 24, 0, 8);  // ECMA-167 entity identifier: no UDF suffix
    // Partition Contents Use: the Partition Header Descriptor with no space tables or bitmaps, as
    // a finished (mastered) disc needs none: the Access Type is read-only (UDF 2.2.14.2).
    put_u32(b, 184, 1);
    put_u32(b, 188, kPartitionStart);
    put_u32(b, 192, L_.partition_length);
    put_implementation_regid(b, 196);
    finish_tag(b, kTagPd, version_, at, 512 - 16);
  }

  void lvd(Block b, std::uint32_t at) {  // ECMA-167 3/10.6, UDF 2.2.4
    put_u32(b, 16, 3);
    put_charspec(b, 20);
    put_dstring(b, 84, 128, volume_id);
    put_u32(b, 212, kBlockSize);
    put_regid(b, 216, "*OSTA UDF Compliant", rev_, true);
    long_ad(b, 248, kBlockSize, 0, L_.meta_ref);  // the File Set Descriptor
    std::size_t maps = 6;
    b[440] = 1;  // Type 1 Partition Map (ECMA-167 3/10.7.2)
    b[441] = 6;
    put_u16(b, 442, 1);
    put_u16(b, 444, 0);
    if (L_.meta) {  // UDF 2.2.10 Metadata Partition Map
      const std::size_t m = 446;
      b[m] = 2;
      b[m + 1] = 64;
      put_regid(b, m + 4, "*UDF Metadata Partition", rev_);
      put_u16(b, m + 36, 1);
      put_u16(b, m + 38, 0);    // the partition it lives in
      put_u32(b, m + 40, 0);    // Metadata File location
      put_u32(b, m + 44, 1);    // Metadata Mirror File location
      put_u32(b, m + 48, 0xFFFFFFFF);  // no Metadata Bitmap File: the partition is read-only
      put_u32(b, m + 52, kUnit);  // Allocation Unit Size (blocks)
      put_u16(b, m + 56, kUnit);  // Alignment Unit Size
      b[m + 58] = 1;              // Duplicate Metadata Flag: the mirror is a second copy
      maps += 64;
    }
    put_u32(b, 264, static_cast<std::uint32_t>(maps));
    put_u32(b, 268, L_.meta ? 2 : 1);
    put_implementation_regid(b, 272);
    put_u32(b, 432, kLvidBlocks * kBlockSize);
    put_u32(b, 436, kLvid);
    finish_tag(b, kTagLvd, version_, at, static_cast<std::uint16_t>(440 + maps - 16));
  }

  void usd(Block b, std::uint32_t at) {  // ECMA-167 3/10.8: no unallocated extents
    put_u32(b, 16, 4);
    put_u32(b, 20, 0);
    finish_tag(b, kTagUsd, version_, at, 24 - 16);
  }

  void td(Block b, std::uint32_t at) { finish_tag(b, kTagTd, version_, at, 512 - 16); }

  void lvid(Block b, std::uint32_t at) {  // ECMA-167 3/10.10, UDF 2.2.6
    put_timestamp(b, 16, now);
    put_u32(b, 28, 1);  // Integrity Type: Close
    put_u64(b, 40, next_unique_id_);  // Logical Volume Header Descriptor (UDF 3.2.1)
    const std::uint32_t np = L_.meta ? 2 : 1;
    put_u32(b, 72, np);
    put_u32(b, 76, 46);  // Length of Implementation Use (UDF 2.2.6.4)
    std::size_t p = 80;
    for (std::uint32_t i = 0; i < np; ++i, p += 4) put_u32(b, p, 0);  // free space: none, the disc is full as written
    put_u32(b, p, L_.partition_length);
    p += 4;
    if (L_.meta) {
      put_u32(b, p, L_.meta_size);
      p += 4;
    }
    put_implementation_regid(b, p);
    put_u32(b, p + 32, static_cast<std::uint32_t>(files()));
    put_u32(b, p + 36, static_cast<std::uint32_t>(directories() + 1));  // UDF 2.2.6.4: the root counts
    // UDF 2.2.6.4: a 2.60 volume is readable by a 2.50 reader (2.60 adds only pseudo-overwrite rules).
    put_u16(b, p + 40, o_.revision == Revision::k260 ? 0x0250 : rev_);
    put_u16(b, p + 42, rev_);
    put_u16(b, p + 44, rev_);
    finish_tag(b, kTagLvid, version_, at, static_cast<std::uint16_t>(p + 46 - 16));
  }

  // ---- the metadata space (FSD, folders, file entries), at metadata block numbers
  static void long_ad(Block b, std::size_t at, std::uint32_t length, std::uint32_t lbn, std::uint16_t ref, std::uint64_t uid = 0,
                      bool with_uid = false) {
    put_u32(b, at, length);
    put_u32(b, at + 4, lbn);
    put_u16(b, at + 8, ref);
    if (with_uid) put_u32(b, at + 12, static_cast<std::uint32_t>(uid));  // UDF 2.3.4.3: ADImpUse bytes 2-5
  }

  base::Status write_metadata_space() {
    DISCUS_CHECK(emit([&](Block b) { fsd(b, 0); }));
    for (const Node& n : nodes_) {
      if (!n.directory) continue;
      DISCUS_CHECK(emit([&](Block b) { file_entry(b, n); }));
      DISCUS_CHECK(directory_data(n));
    }
    for (const Node& n : nodes_)
      if (!n.directory) DISCUS_CHECK(emit([&](Block b) { file_entry(b, n); }));
    return zeros(L_.meta_size - L_.meta_used);
  }

  void fsd(Block b, std::uint32_t at) {  // ECMA-167 4/14.1, UDF 2.3.2
    put_timestamp(b, 16, now);
    put_u16(b, 28, 3);  // Interchange Level 3 (UDF 2.3.2.1)
    put_u16(b, 30, 3);
    put_u32(b, 32, 1);
    put_u32(b, 36, 1);
    put_charspec(b, 48);
    put_dstring(b, 112, 128, volume_id);
    put_charspec(b, 240);
    put_dstring(b, 304, 32, volume_id);
    long_ad(b, 400, kBlockSize, nodes_[0].icb, L_.meta_ref);
    put_regid(b, 416, "*OSTA UDF Compliant", rev_, true);
    finish_tag(b, kTagFsd, version_, at, 512 - 16);
  }

  // An FE (UDF 1.50) or EFE (2.x: ECMA-167 4/14.17) for a folder or file; ADs follow the header.
  void file_entry(Block b, const Node& n) {
    const bool efe = version_ == 3;
    const std::size_t head = efe ? kEfeHeader : kFeHeader;
    std::size_t ad = head;
    std::uint64_t recorded = blocks_of(n.size);
    if (n.directory) {
      long_ad(b, ad, static_cast<std::uint32_t>(n.size), n.data, L_.meta_ref);
      ad += kLongAd;
    } else {
      std::uint64_t left = n.size, lbn = n.data;
      while (left > 0) {
        const auto len = static_cast<std::uint32_t>(std::min<std::uint64_t>(left, kMaxExtentBytes));
        long_ad(b, ad, len, static_cast<std::uint32_t>(lbn), 0);
        ad += kLongAd;
        left -= len;
        lbn += blocks_of(len);
      }
    }
    icb_tag(b, n.directory ? kFileTypeDirectory : kFileTypeFile, kAdLong);
    put_u32(b, 36, kNoUid);
    put_u32(b, 40, kNoUid);
    put_u32(b, 44, n.directory ? kDirPermissions : kFilePermissions);
    put_u16(b, 48, static_cast<std::uint16_t>(n.directory ? std::min<std::uint32_t>(1 + n.subdirs, 0xFFFF) : 1));
    put_u64(b, 56, n.size);
    if (efe) {
      put_u64(b, 64, n.size);  // Object Size: no named streams
      put_u64(b, 72, recorded);
      put_timestamp(b, 80, n.atime);
      put_timestamp(b, 92, n.mtime);
      put_timestamp(b, 104, n.mtime);  // creation: PS3.12 F.3.1's recording time, the file's staging
      put_timestamp(b, 116, n.ctime);
      put_u32(b, 128, 1);  // Checkpoint
      put_implementation_regid(b, 168);
      put_u64(b, 200, n.unique_id);
      put_u32(b, 208, 0);
      put_u32(b, 212, static_cast<std::uint32_t>(ad - head));
    } else {
      put_u64(b, 64, recorded);
      put_timestamp(b, 72, n.atime);
      put_timestamp(b, 84, n.mtime);
      put_timestamp(b, 96, n.ctime);
      put_u32(b, 108, 1);
      put_implementation_regid(b, 128);
      put_u64(b, 160, n.unique_id);
      put_u32(b, 168, 0);
      put_u32(b, 172, static_cast<std::uint32_t>(ad - head));
    }
    finish_tag(b, efe ? kTagEfe : kTagFe, version_, n.icb, static_cast<std::uint16_t>(ad - 16));
  }

  static void icb_tag(Block b, std::uint8_t file_type, std::uint16_t ad_type) {  // ECMA-167 4/14.6
    put_u16(b, 16 + 4, 4);  // strategy 4: one direct entry
    put_u16(b, 16 + 8, 1);
    b[16 + 11] = file_type;
    put_u16(b, 16 + 18, ad_type);
  }

  // UDF 2.2.13: the Metadata File and its Mirror, in the physical partition, short_ads to the copies.
  void metadata_fe(Block b, std::uint32_t at, std::uint8_t type, std::uint32_t start) {
    const bool efe = version_ == 3;
    const std::size_t head = efe ? kEfeHeader : kFeHeader;
    std::size_t ad = head;
    std::uint32_t left = L_.meta_size, lbn = start;
    while (left > 0) {
      const std::uint32_t n = std::min(left, kMaxMetaExtentBlocks);
      put_u32(b, ad, n * kBlockSize);
      put_u32(b, ad + 4, lbn);
      ad += kShortAd;
      left -= n;
      lbn += n;
    }
    icb_tag(b, type, kAdShort);
    put_u32(b, 36, kNoUid);
    put_u32(b, 40, kNoUid);
    put_u16(b, 48, 1);
    const std::uint64_t bytes = static_cast<std::uint64_t>(L_.meta_size) * kBlockSize;
    put_u64(b, 56, bytes);
    put_u64(b, 64, bytes);
    put_u64(b, 72, L_.meta_size);
    for (std::size_t t : {80, 92, 104, 116}) put_timestamp(b, t, now);
    put_u32(b, 128, 1);
    put_implementation_regid(b, 168);
    put_u32(b, 212, static_cast<std::uint32_t>(ad - head));
    finish_tag(b, kTagEfe, version_, at, static_cast<std::uint16_t>(ad - 16));
  }

  // The File Identifier Descriptors of a folder (ECMA-167 4/14.4, UDF 2.3.4): the parent first.
  base::Status directory_data(const Node& n) {
    std::vector<std::uint8_t> data(blocks_of(n.size) * kBlockSize, 0);
    std::size_t at = 0;
    auto fid = [&](const Node& target, std::uint32_t target_index, bool parent) {
      const std::size_t name = parent ? 0 : target.cs0.size();
      const std::size_t size = fid_size(name);
      Block d(data.data() + at, size);
      put_u16(d, 16, 1);  // File Version Number
      d[18] = static_cast<std::uint8_t>((target.directory ? 0x02 : 0) | (parent ? 0x08 : 0));
      d[19] = static_cast<std::uint8_t>(name);
      long_ad(d, 20, kBlockSize, target.icb, L_.meta_ref, target.unique_id, target_index != 0 || !parent);
      put_u16(d, 36, 0);  // no Implementation Use
      if (!parent) std::memcpy(d.data() + 38, target.cs0.data(), name);
      // Tag Location: the block holding the descriptor's first byte (ECMA-167 4/7.2.7).
      finish_tag(d, kTagFid, version_, n.data + static_cast<std::uint32_t>(at / kBlockSize), static_cast<std::uint16_t>(size - 16));
      at += size;
    };
    fid(nodes_[n.parent], n.parent, true);
    for (std::uint32_t c : n.children) fid(nodes_[c], c, false);
    for (std::size_t off = 0; off < data.size(); off += kBlockSize) {
      DISCUS_TRY(Block b, next_block());
      std::memcpy(b.data(), data.data() + off, kBlockSize);
    }
    return {};
  }

  const UdfOptions& o_;
  std::uint16_t version_, rev_;
  std::vector<Node> nodes_;
  Layout L_;
  std::uint64_t next_unique_id_ = 16;
  base::AtomicOutputFile* out_ = nullptr;
  const ProgressFn* progress_ = nullptr;
  std::vector<std::uint8_t> buffer_;
  std::size_t used_ = 0;
  std::uint64_t written_ = 0;
};

base::Result<std::string> volume_id_for(const std::string& dir, const UdfOptions& options) {
  std::string id = options.volume_id;
  if (id.empty() && options.volume_id_from_dicomdir) {
    const std::string dicomdir = dir + "/DICOMDIR";
    std::error_code ec;
    if (fs::exists(dicomdir, ec)) {
      DISCUS_TRY(media::dicomdir::Dicomdir d, media::dicomdir::read_dicomdir(dicomdir));
      id = d.fileset_id;
    }
  }
  if (id.empty()) id = kDefaultVolumeId;
  // The PVD's Volume Identifier is a dstring[32]: 30 characters of 8-bit CS0 (UDF 2.2.2.4).
  auto cs0 = cs0_from_utf8(id);
  if (!cs0 || cs0->size() > 31)
    return Error{ErrorCode::kInvalidArgument, fmt::format("volume identifier '{}' does not fit the 31 bytes of OSTA CS0 UDF allows", id)};
  return id;
}

}  // namespace

base::Result<UdfMedium> udf_medium(const media::profile::MediumTable& media, std::string_view name) {
  const auto choice = media.find_size(name);
  if (!choice || choice->type->file_system_type != media::profile::FileSystemType::kUdf || choice->size == nullptr)
    return Error{ErrorCode::kNotFound, fmt::format("'{}' is not a UDF medium", name)};
  UdfMedium m{choice->size->title, choice->size->capacity_bytes, Revision::k260};
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // PS3.12 J: DVD-RAM on UDF 1.5; X: BD-RE on UDF 2.5, BD-R on UDF 2.6.
  if (choice->type->id == "DVD-RAM") m.revision = Revision::k150;
  else if (lower.find("-re") != std::string::npos) m.revision = Revision::k250;
  return m;
}

base::Result<UdfPlan> write_udf(const std::string& fileset_dir, const std::string& image_path, const UdfOptions& options,
                                const ProgressFn& progress) {
  std::error_code ec;
  if (!fs::is_directory(fileset_dir, ec)) return Error{ErrorCode::kNotFound, fmt::format("'{}' is not a folder", fileset_dir)};
  Writer w(options);
  DISCUS_TRY(w.volume_id, volume_id_for(fileset_dir, options));
  w.now = options.now != 0 ? options.now : static_cast<std::int64_t>(std::time(nullptr));
  DISCUS_CHECK(w.scan(fileset_dir));
  DISCUS_CHECK(w.lay_out());
  UdfPlan plan{w.image_bytes(), w.files(), w.directories(), w.volume_id, options.revision};
  if (options.capacity_bytes != 0 && plan.image_bytes > options.capacity_bytes)
    return Error{ErrorCode::kLimitExceeded,
                 fmt::format("the UDF image needs {} bytes ({} sectors) but a {} holds {} bytes; nothing was written "
                             "(span the studies over several media with `discus span`)",
                             plan.image_bytes, plan.image_bytes / kBlockSize, options.medium_name, options.capacity_bytes)};
  DISCUS_TRY(base::AtomicOutputFile out, base::AtomicOutputFile::create(image_path));
  DISCUS_CHECK(w.write(out, progress));
  DISCUS_CHECK(out.commit(options.sync));
  return plan;
}

}  // namespace discus::output::udf
