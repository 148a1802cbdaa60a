#include "output/udf/udf_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "output/udf/udf_format.h"

namespace discus::output::udf {
using base::Error;
using base::ErrorCode;

namespace {

constexpr std::size_t kChunk = 1u << 20;
constexpr unsigned kMaxVdsDescriptors = 256;  // UDF 2.2.3.1 says 16 sectors; a generous bound
constexpr unsigned kMaxPartitionMaps = 8;

Error bad(std::string what, std::uint64_t sector) {
  return Error{ErrorCode::kBadStructure, std::move(what)}.at_offset(sector * kBlockSize);
}

// An extent of a file: `length` bytes at partition block `lbn` of partition reference `ref`;
// `zeros` for allocated-not-recorded and not-allocated extents (ECMA-167 4/14.14.1.1).
struct Extent {
  std::uint32_t length = 0;
  std::uint32_t lbn = 0;
  std::uint16_t ref = 0;
  bool zeros = false;
};

struct Icb {
  std::uint8_t file_type = 0;
  std::uint64_t size = 0;
  std::vector<Extent> extents;
  std::vector<std::uint8_t> embedded;  // AD type 3: the data is in the entry itself
  bool is_embedded = false;
};

struct PartitionMap {
  bool metadata = false;
  std::uint16_t partition_number = 0;
  std::uint32_t start = 0, length = 0;  // the physical partition (from its PD)
  std::vector<Extent> meta_extents;     // metadata partition: the Metadata File's extents (physical)
  std::uint64_t meta_blocks = 0;
};

struct FileRecord {
  std::uint16_t ref = 0;
  std::uint32_t lbn = 0;
  std::uint64_t size = 0;
};

class Reader final : public UdfMediumReader {
 public:
  Reader(SectorReader sectors, std::uint64_t total, std::string what, UdfLimits limits, bool concurrent)
      : sectors_(std::move(sectors)), total_(total), what_(std::move(what)), limits_(limits), concurrent_(concurrent) {}

  base::Status load() {
    if (total_ < 258) return bad("the image is too small to hold a UDF volume (an AVDP at sector 256)", 0);
    if (!has_udf_recognition(sectors_, total_)) return bad("no NSR02/NSR03 descriptor in the Volume Recognition Sequence", 16);
    std::vector<std::uint8_t> avdp(kBlockSize);
    std::optional<Error> first;
    for (std::uint64_t at : {std::uint64_t{256}, total_ - 1, total_ - 257}) {
      auto st = read_tagged(at, avdp, kTagAvdp, static_cast<std::uint32_t>(at));
      if (!st) {
        if (!first) first = st.error();
        continue;
      }
      // Main VDS, then the reserve if the main is unusable (ECMA-167 3/8.4.2).
      for (std::size_t off : {16u, 24u}) {
        const std::uint32_t len = get_u32(avdp, off), loc = get_u32(avdp, off + 4);
        auto vds = read_vds(loc, len);
        if (vds) return finish();
        if (!first) first = vds.error();
      }
    }
    return *first;
  }

  const UdfVolume& volume() const override { return volume_; }
  std::string describe() const override { return what_; }
  bool concurrent_reads() const override { return concurrent_; }

  base::Result<std::vector<MediumFile>> list_files() const override {
    std::vector<MediumFile> out;
    out.reserve(files_.size());
    for (const auto& [path, f] : files_) out.push_back({path, f.size});
    return out;
  }

  base::Status read_file(const std::string& path, const std::function<base::Status(base::ByteView)>& sink) const override {
    auto it = files_.find(path);
    if (it == files_.end()) return Error{ErrorCode::kNotFound, fmt::format("no file '{}' on {}", path, what_)};
    DISCUS_TRY(Icb icb, read_icb(it->second.ref, it->second.lbn));
    if (icb.is_embedded) return sink(base::ByteView(icb.embedded.data(), static_cast<std::size_t>(icb.size)));
    std::uint64_t left = icb.size;
    std::vector<std::uint8_t> buffer(kChunk);  // one buffer for the whole file
    for (const Extent& e : icb.extents) {
      if (left == 0) break;
      std::uint64_t take = std::min<std::uint64_t>(e.length, left);
      std::uint64_t done = 0;
      while (done < take) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, take - done));
        std::span<std::uint8_t> blocks(buffer.data(), (n + kBlockSize - 1) / kBlockSize * kBlockSize);
        if (e.zeros) {
          std::memset(blocks.data(), 0, blocks.size());
        } else {
          const std::uint32_t block = e.lbn + static_cast<std::uint32_t>(done / kBlockSize);
          DISCUS_CHECK(read_partition(e.ref, block, blocks));
        }
        DISCUS_CHECK(sink(base::ByteView(buffer.data(), n)));
        done += n;
      }
      left -= take;
    }
    if (left != 0) return Error{ErrorCode::kTruncated, fmt::format("'{}': its extents hold {} bytes fewer than its length", path, left)};
    return {};
  }

 private:
  // ---- sectors and tags
  base::Status read_sectors(std::uint64_t lba, std::span<std::uint8_t> out) const {
    const std::uint64_t count = out.size() / kBlockSize;
    if (lba > total_ || count > total_ - lba)
      return bad(fmt::format("sectors {}-{} lie past the end of the image ({} sectors)", lba, lba + count, total_), lba);
    return sectors_(lba, out);
  }

  base::Status check_tag(CBlock d, std::uint16_t id, std::uint32_t location, std::uint64_t sector) const {
    if (get_u16(d, 0) != id) return bad(fmt::format("expected a descriptor with tag {}, found {}", id, get_u16(d, 0)), sector);
    return check_any_tag(d, location, sector);
  }
  base::Status check_any_tag(CBlock d, std::uint32_t location, std::uint64_t sector) const {
    if (!tag_checksum_ok(d)) return bad(fmt::format("descriptor tag {}: bad tag checksum", get_u16(d, 0)), sector);
    if (!tag_crc_ok(d)) return bad(fmt::format("descriptor tag {}: bad CRC or CRC length", get_u16(d, 0)), sector);
    if (get_u32(d, 12) != location)
      return bad(fmt::format("descriptor tag {}: recorded at {} but its tag says {}", get_u16(d, 0), location, get_u32(d, 12)), sector);
    return {};
  }

  base::Status read_tagged(std::uint64_t lba, std::span<std::uint8_t> block, std::uint16_t id, std::uint32_t location) const {
    DISCUS_CHECK(read_sectors(lba, block));
    return check_tag(block, id, location, lba);
  }

  // ---- volume descriptors
  base::Status read_vds(std::uint32_t loc, std::uint32_t length) {
    const std::uint32_t count = std::min<std::uint32_t>(length / kBlockSize, kMaxVdsDescriptors);
    if (count == 0) return bad("an empty Volume Descriptor Sequence extent", loc);
    std::vector<std::uint8_t> b(kBlockSize);
    bool have_pd = false, have_lvd = false;
    pvd_id_.clear();
    maps_.clear();
    std::vector<std::pair<std::uint16_t, std::pair<std::uint32_t, std::uint32_t>>> pds;
    std::vector<std::uint8_t> lvd;
    for (std::uint32_t i = 0; i < count; ++i) {
      const std::uint64_t at = static_cast<std::uint64_t>(loc) + i;
      DISCUS_CHECK(read_sectors(at, b));
      const std::uint16_t id = get_u16(b, 0);
      if (id == 0) break;
      DISCUS_CHECK(check_any_tag(b, static_cast<std::uint32_t>(at), at));
      if (id == kTagTd) break;
      if (id == kTagVdp) return Error{ErrorCode::kUnsupported, "a Volume Descriptor Pointer (multi-extent VDS) is not supported"}.at_offset(at * kBlockSize);
      if (id == kTagPvd) pvd_id_ = utf8_from_dstring(CBlock(b).subspan(24, 32));
      if (id == kTagPd) {
        pds.push_back({get_u16(b, 22), {get_u32(b, 188), get_u32(b, 192)}});
        have_pd = true;
      }
      if (id == kTagLvd) {
        lvd = b;
        have_lvd = true;
      }
    }
    if (!have_pd || !have_lvd) return bad("the Volume Descriptor Sequence lacks a Partition or Logical Volume Descriptor", loc);
    if (get_u32(lvd, 212) != kBlockSize) return Error{ErrorCode::kUnsupported, fmt::format("logical block size {} (only 2048)", get_u32(lvd, 212))};
    volume_.revision = get_u16(lvd, 216 + 24);
    const std::uint32_t mt_len = get_u32(lvd, 264), n_maps = get_u32(lvd, 268);
    if (n_maps == 0 || n_maps > kMaxPartitionMaps || mt_len > kBlockSize - 440) return bad("implausible partition map table", loc);
    std::size_t at = 440;
    for (std::uint32_t i = 0; i < n_maps; ++i) {
      if (at + 2 > 440 + mt_len) return bad("partition map past its table", loc);
      const std::uint8_t type = lvd[at], len = lvd[at + 1];
      if (len < 6 || at + len > 440 + mt_len) return bad("partition map of a bad length", loc);
      PartitionMap m;
      if (type == 1) {
        m.partition_number = get_u16(lvd, at + 4);
      } else if (type == 2 && len == 64) {
        const std::string ident(reinterpret_cast<const char*>(lvd.data() + at + 5), 23);
        if (ident.rfind("*UDF Metadata Partition", 0) != 0)
          return Error{ErrorCode::kUnsupported, fmt::format("partition map '{}' (PS3.12 forbids virtual and sparable partitions)",
                                                            ident.c_str())};
        m.metadata = true;
        m.partition_number = get_u16(lvd, at + 38);
        meta_locations_.push_back({get_u32(lvd, at + 40), get_u32(lvd, at + 44)});
      } else {
        return Error{ErrorCode::kUnsupported, fmt::format("partition map type {}", type)};
      }
      bool found = false;
      for (const auto& [num, extent] : pds)
        if (num == m.partition_number) {
          m.start = extent.first;
          m.length = extent.second;
          found = true;
        }
      if (!found) return bad(fmt::format("no Partition Descriptor for partition {}", m.partition_number), loc);
      if (m.start >= total_ || m.length > total_ - m.start)
        return bad(fmt::format("partition {} ({} blocks at {}) lies past the end of the image", m.partition_number, m.length, m.start), loc);
      maps_.push_back(std::move(m));
      at += len;
    }
    fsd_ = {get_u32(lvd, 248), get_u32(lvd, 252), get_u16(lvd, 256)};
    integrity_ = {get_u32(lvd, 432), get_u32(lvd, 436)};
    return {};
  }

  static std::string utf8_from_dstring(CBlock d) {
    const std::size_t used = d.back();
    if (used == 0 || used >= d.size()) return "";
    auto s = utf8_from_cs0(d.subspan(0, used));
    std::string out = s.value_or("");
    while (!out.empty() && (out.back() == ' ' || out.back() == '\0')) out.pop_back();
    return out;
  }

  base::Status finish() {
    volume_.volume_id = pvd_id_;
    // Metadata partitions: the Metadata File, else its Mirror (UDF 2.2.10).
    std::size_t meta_index = 0;
    for (PartitionMap& m : maps_) {
      if (!m.metadata) continue;
      volume_.metadata_partition = true;
      const auto [main, mirror] = meta_locations_.at(meta_index++);
      auto st = load_metadata_file(m, main, 250);
      if (!st) DISCUS_CHECK(load_metadata_file(m, mirror, 251));
    }
    read_integrity();
    // The File Set Descriptor, then the tree.
    if (fsd_.ref >= maps_.size()) return bad("the FSD names a partition reference that does not exist", 0);
    std::vector<std::uint8_t> b(kBlockSize);
    DISCUS_CHECK(read_partition(fsd_.ref, fsd_.lbn, b));
    DISCUS_CHECK(check_tag(b, kTagFsd, fsd_.lbn, 0));
    const std::uint32_t root_lbn = get_u32(b, 404);
    const std::uint16_t root_ref = get_u16(b, 408);
    return walk(root_ref, root_lbn);
  }

  base::Status load_metadata_file(PartitionMap& m, std::uint32_t lbn, std::uint8_t type) {
    // The Metadata File is in the physical partition the map names: reference it as a Type 1 map.
    std::optional<std::uint16_t> phys;
    for (std::uint16_t i = 0; i < maps_.size(); ++i)
      if (!maps_[i].metadata && maps_[i].partition_number == m.partition_number) phys = i;
    if (!phys) return bad("the Metadata Partition's physical partition has no Type 1 map", 0);
    DISCUS_TRY(Icb icb, read_icb(*phys, lbn));
    if (icb.file_type != type) return bad(fmt::format("the Metadata File has file type {}, not {}", icb.file_type, type), 0);
    if (icb.is_embedded) return bad("an embedded Metadata File", 0);
    m.meta_extents.clear();
    m.meta_blocks = 0;
    for (const Extent& e : icb.extents) {
      if (e.length % kBlockSize != 0 || e.zeros) return bad("a Metadata File extent that is not whole recorded blocks", 0);
      m.meta_extents.push_back(e);
      m.meta_blocks += e.length / kBlockSize;
    }
    return {};
  }

  void read_integrity() {
    std::vector<std::uint8_t> b(kBlockSize);
    if (integrity_.second >= total_ || integrity_.first < kBlockSize) return;
    if (!read_tagged(integrity_.second, b, kTagLvid, integrity_.second)) return;
    const std::uint32_t np = get_u32(b, 72), liu = get_u32(b, 76);
    const std::size_t iu = 80 + static_cast<std::size_t>(np) * 8;
    if (np > kMaxPartitionMaps || liu < 46 || iu + 46 > kBlockSize) return;
    volume_.lvid_files = get_u32(b, iu + 32);
    volume_.lvid_directories = get_u32(b, iu + 36);
  }

  // ---- partitions
  // Reads `out.size()/2048` blocks from partition reference `ref` at block `lbn`, every block checked.
  base::Status read_partition(std::uint16_t ref, std::uint32_t lbn, std::span<std::uint8_t> out) const {
    if (ref >= maps_.size()) return bad(fmt::format("partition reference {} does not exist", ref), 0);
    const PartitionMap& m = maps_[ref];
    const std::uint64_t count = out.size() / kBlockSize;
    if (!m.metadata) {
      if (static_cast<std::uint64_t>(lbn) + count > m.length)
        return bad(fmt::format("blocks {}-{} lie outside partition {} ({} blocks)", lbn, lbn + count, m.partition_number, m.length),
                   m.start);
      return read_sectors(static_cast<std::uint64_t>(m.start) + lbn, out);
    }
    // Metadata partition: block by extent of the Metadata File.
    std::uint64_t want = lbn, done = 0;
    for (const Extent& e : m.meta_extents) {
      const std::uint64_t blocks = e.length / kBlockSize;
      while (done < count && want < blocks) {
        const std::uint64_t n = std::min<std::uint64_t>(blocks - want, count - done);
        const std::uint64_t phys = static_cast<std::uint64_t>(e.lbn) + want;
        if (phys + n > m.length) return bad("a Metadata File extent lies outside its partition", m.start);
        DISCUS_CHECK(read_sectors(m.start + phys, out.subspan(done * kBlockSize, n * kBlockSize)));
        done += n;
        want += n;
      }
      if (done == count) return {};
      want -= std::min(want, blocks);
    }
    return bad(fmt::format("block {} lies past the Metadata Partition ({} blocks)", lbn + done, m.meta_blocks), m.start);
  }

  // An (Extended) File Entry and its allocation descriptors, continuations followed.
  base::Result<Icb> read_icb(std::uint16_t ref, std::uint32_t lbn) const {
    std::vector<std::uint8_t> b(kBlockSize);
    DISCUS_CHECK(read_partition(ref, lbn, b));
    const std::uint16_t id = get_u16(b, 0);
    if (id != kTagFe && id != kTagEfe) return bad(fmt::format("expected a File Entry at block {}, found tag {}", lbn, id), 0);
    DISCUS_CHECK(check_any_tag(b, lbn, 0));
    const bool efe = id == kTagEfe;
    const std::size_t head = efe ? 216 : 176;
    Icb icb;
    icb.file_type = b[16 + 11];
    if (get_u16(b, 16 + 4) != 4) return Error{ErrorCode::kUnsupported, fmt::format("ICB strategy {} (only 4)", get_u16(b, 16 + 4))};
    icb.size = get_u64(b, 56);
    const std::uint32_t l_ea = get_u32(b, efe ? 208 : 168), l_ad = get_u32(b, efe ? 212 : 172);
    if (l_ea > kBlockSize || l_ad > kBlockSize || head + l_ea + l_ad > kBlockSize) return bad("File Entry lengths past its block", 0);
    const std::uint16_t ad_type = get_u16(b, 16 + 18) & 7;
    CBlock ads = CBlock(b).subspan(head + l_ea, l_ad);
    if (ad_type == 3) {
      if (icb.size > l_ad) return bad("embedded data shorter than the file's length", 0);
      icb.is_embedded = true;
      icb.embedded.assign(ads.begin(), ads.end());
      return icb;
    }
    if (ad_type > 1) return Error{ErrorCode::kUnsupported, fmt::format("allocation descriptor type {}", ad_type)};
    DISCUS_CHECK(parse_ads(ads, ad_type, ref, icb.extents));
    std::uint64_t sum = 0;
    for (const Extent& e : icb.extents) sum += e.length;
    if (sum < icb.size) return bad(fmt::format("a file of {} bytes with extents of {} bytes", icb.size, sum), 0);
    return icb;
  }

  base::Status parse_ads(CBlock ads, std::uint16_t ad_type, std::uint16_t ref, std::vector<Extent>& out) const {
    const std::size_t step = ad_type == 0 ? 8 : 16;
    unsigned hops = 0;
    std::vector<std::uint8_t> aed(kBlockSize);
    for (;;) {
      bool continued = false;
      for (std::size_t at = 0; at + step <= ads.size(); at += step) {
        const std::uint32_t raw = get_u32(ads, at);
        const std::uint32_t length = raw & 0x3FFFFFFF, kind = raw >> 30;
        if (length == 0) return {};
        Extent e{length, get_u32(ads, at + 4), ad_type == 0 ? ref : get_u16(ads, at + 8), kind != 0};
        if (e.ref >= maps_.size()) return bad(fmt::format("an extent in partition reference {}, which does not exist", e.ref), 0);
        if (kind == 3) {  // ECMA-167 4/14.14.1.1: the next extent of allocation descriptors
          if (++hops > 4096 || length > kBlockSize) return bad("too many or too long allocation descriptor continuations", 0);
          DISCUS_CHECK(read_partition(e.ref, e.lbn, aed));
          DISCUS_CHECK(check_tag(aed, kTagAed, e.lbn, 0));
          const std::uint32_t l = get_u32(aed, 20);
          if (l > kBlockSize - 24) return bad("an Allocation Extent Descriptor longer than its block", 0);
          ads = CBlock(aed).subspan(24, l);
          ref = e.ref;
          continued = true;
          break;
        }
        if (out.size() >= limits_.max_extents) return Error{ErrorCode::kLimitExceeded, "too many extents in one file"};
        // Recorded extents are checked against the partition when read; the length bounds it now.
        if (!e.zeros && ref < maps_.size()) {
          const PartitionMap& m = maps_[e.ref];
          const std::uint64_t limit = m.metadata ? m.meta_blocks : m.length;
          if (static_cast<std::uint64_t>(e.lbn) + (e.length + kBlockSize - 1) / kBlockSize > limit)
            return bad(fmt::format("an extent of {} bytes at block {} runs past its partition", e.length, e.lbn), 0);
        }
        out.push_back(e);
      }
      if (!continued) return {};
    }
  }

  // ---- the tree, breadth first, every folder ICB remembered (a loop is an error, not a hang)
  base::Status walk(std::uint16_t root_ref, std::uint32_t root_lbn) {
    struct Todo {
      std::uint16_t ref;
      std::uint32_t lbn;
      std::string path;
      unsigned depth;
    };
    std::deque<Todo> todo{{root_ref, root_lbn, "", 0}};
    std::set<std::pair<std::uint16_t, std::uint32_t>> seen{{root_ref, root_lbn}};
    std::size_t entries = 0;
    while (!todo.empty()) {
      Todo t = std::move(todo.front());
      todo.pop_front();
      DISCUS_TRY(Icb icb, read_icb(t.ref, t.lbn));
      if (icb.file_type != 4) return bad(fmt::format("folder '{}' is not a directory ICB (type {})", t.path, icb.file_type), 0);
      if (icb.size > limits_.max_directory_bytes)
        return Error{ErrorCode::kLimitExceeded, fmt::format("folder '{}' of {} bytes", t.path, icb.size)};
      std::vector<std::uint8_t> data;
      DISCUS_CHECK(read_all(icb, data));
      ++directories_;
      std::size_t at = 0;
      while (at < data.size()) {
        if (data.size() - at < 38) return bad(fmt::format("folder '{}': a File Identifier Descriptor cut short", t.path), 0);
        CBlock d(data.data() + at, data.size() - at);
        const std::uint8_t chars = d[18], l_fi = d[19];
        const std::uint16_t l_iu = get_u16(d, 36);
        const std::size_t size = (38 + static_cast<std::size_t>(l_iu) + l_fi + 3) / 4 * 4;
        if (size > d.size()) return bad(fmt::format("folder '{}': a File Identifier Descriptor past its end", t.path), 0);
        CBlock fid = d.subspan(0, size);
        if (get_u16(fid, 0) != kTagFid || !tag_checksum_ok(fid) || !tag_crc_ok(fid))
          return bad(fmt::format("folder '{}': a bad File Identifier Descriptor at byte {}", t.path, at), 0);
        at += size;
        if ((chars & 0x08) != 0 || (chars & 0x04) != 0) continue;  // parent; deleted
        auto name = utf8_from_cs0(fid.subspan(38 + l_iu, l_fi));
        if (!name || name->empty() || *name == "." || *name == ".." || name->find('/') != std::string::npos ||
            name->find('\0') != std::string::npos)
          return bad(fmt::format("folder '{}': a file identifier that cannot be a name", t.path), 0);
        if (++entries > limits_.max_files) return Error{ErrorCode::kLimitExceeded, fmt::format("more than {} files", limits_.max_files)};
        const std::uint32_t lbn = get_u32(fid, 24);
        const std::uint16_t ref = get_u16(fid, 28);
        const std::string path = t.path.empty() ? *name : t.path + "/" + *name;
        if ((chars & 0x02) != 0) {
          if (t.depth + 1 > limits_.max_depth) return Error{ErrorCode::kTooDeep, fmt::format("'{}' is nested too deep", path)};
          if (!seen.insert({ref, lbn}).second) return bad(fmt::format("'{}' loops back to a folder already seen", path), 0);
          todo.push_back({ref, lbn, path, t.depth + 1});
          continue;
        }
        DISCUS_TRY(Icb file, read_icb(ref, lbn));
        if (file.file_type != 5) continue;  // symlinks and others: not files of a file-set
        if (!files_.emplace(path, FileRecord{ref, lbn, file.size}).second)
          return bad(fmt::format("'{}' is named twice", path), 0);
      }
    }
    return {};
  }

  base::Status read_all(const Icb& icb, std::vector<std::uint8_t>& out) const {
    if (icb.is_embedded) {
      out.assign(icb.embedded.begin(), icb.embedded.begin() + static_cast<std::ptrdiff_t>(icb.size));
      return {};
    }
    out.assign(static_cast<std::size_t>(icb.size), 0);
    std::uint64_t at = 0;
    std::vector<std::uint8_t> block;
    for (const Extent& e : icb.extents) {
      if (at >= icb.size) break;
      const std::uint64_t take = std::min<std::uint64_t>(e.length, icb.size - at);
      if (!e.zeros) {
        block.assign((take + kBlockSize - 1) / kBlockSize * kBlockSize, 0);
        DISCUS_CHECK(read_partition(e.ref, e.lbn, block));
        std::memcpy(out.data() + at, block.data(), static_cast<std::size_t>(take));
      }
      at += take;
    }
    return {};
  }

  SectorReader sectors_;
  std::uint64_t total_;
  std::string what_;
  UdfLimits limits_;
  bool concurrent_ = false;
  UdfVolume volume_;
  std::string pvd_id_;
  std::vector<PartitionMap> maps_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> meta_locations_;
  struct {
    std::uint32_t length = 0, lbn = 0;
    std::uint16_t ref = 0;
  } fsd_;
  std::pair<std::uint32_t, std::uint32_t> integrity_;
  std::map<std::string, FileRecord> files_;
  std::size_t directories_ = 0;
};

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

bool has_udf_recognition(const SectorReader& sectors, std::uint64_t total_sectors) {
  std::vector<std::uint8_t> b(kBlockSize);
  bool bea = false;
  // ECMA-167 2/8.3.1: descriptors from sector 16 until one that is not recognised.
  for (std::uint64_t at = 16; at < std::min<std::uint64_t>(total_sectors, 16 + 64); ++at) {
    if (!sectors(at, b)) return false;
    const std::string id(reinterpret_cast<const char*>(b.data() + 1), 5);
    if (id == "BEA01") bea = true;
    else if (bea && (id == "NSR02" || id == "NSR03")) return true;
    else if (id != "CD001" && id != "CDW02" && id != "BOOT2" && id != "TEA01") return false;
  }
  return false;
}

base::Result<std::unique_ptr<UdfMediumReader>> UdfMediumReader::open_sectors(SectorReader sectors, std::uint64_t total_sectors,
                                                                             std::string what, const UdfLimits& limits,
                                                                             bool concurrent) {
  auto r = std::make_unique<Reader>(std::move(sectors), total_sectors, std::move(what), limits, concurrent);
  DISCUS_CHECK(r->load());
  return std::unique_ptr<UdfMediumReader>(std::move(r));
}

namespace {
base::Result<std::pair<std::shared_ptr<Fd>, std::uint64_t>> open_fd(const std::string& path) {
  auto fd = std::make_shared<Fd>();
  fd->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd->fd < 0) return Error{ErrorCode::kIo, fmt::format("cannot open: {}", std::strerror(errno))}.in_file(path);
  struct stat st {};
  if (::fstat(fd->fd, &st) != 0) return Error{ErrorCode::kIo, fmt::format("cannot stat: {}", std::strerror(errno))}.in_file(path);
  if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) return Error{ErrorCode::kInvalidArgument, "not a regular file or block device"}.in_file(path);
  std::uint64_t size = static_cast<std::uint64_t>(st.st_size);
  if (S_ISBLK(st.st_mode)) size = static_cast<std::uint64_t>(::lseek(fd->fd, 0, SEEK_END));
  return std::pair{fd, size / kBlockSize};
}

SectorReader pread_sectors(std::shared_ptr<Fd> fd, std::string path) {
  return [fd, path](std::uint64_t lba, std::span<std::uint8_t> out) -> base::Status {
    std::size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = ::pread(fd->fd, out.data() + done, out.size() - done, static_cast<off_t>(lba * kBlockSize + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Error{ErrorCode::kIo, fmt::format("cannot read: {}", std::strerror(errno))}.in_file(path).at_offset(lba * kBlockSize);
      if (n == 0) return Error{ErrorCode::kTruncated, "the image ends early"}.in_file(path).at_offset(lba * kBlockSize + done);
      done += static_cast<std::size_t>(n);
    }
    return {};
  };
}
}  // namespace

base::Result<std::unique_ptr<UdfMediumReader>> UdfMediumReader::open_image(const std::string& path, const UdfLimits& limits) {
  DISCUS_TRY(auto opened, open_fd(path));
  auto r = open_sectors(pread_sectors(opened.first, path), opened.second, "UDF image " + path, limits, true);
  if (!r) return std::move(r).error().in_file(path);
  return r;
}

base::Result<bool> is_udf_image(const std::string& path) {
  DISCUS_TRY(auto opened, open_fd(path));
  return has_udf_recognition(pread_sectors(opened.first, path), opened.second);
}

}  // namespace discus::output::udf
