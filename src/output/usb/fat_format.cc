#include "output/usb/fat_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <ctime>

#include "base/endian.h"

namespace discus::output::usb {

using base::Error;
using base::ErrorCode;
using base::load_le;
using base::Result;
using base::store_le;

std::string_view to_string(FatType t) { return t == FatType::kFat32 ? "FAT32" : "FAT16"; }

namespace {

struct SizeRow {
  std::uint64_t up_to_sectors;
  std::uint32_t sectors_per_cluster;  // 0: this type cannot be used at this size
};
// fatgen103 section 3.5, 512-byte sectors: the cluster size Microsoft's format gives each size.
constexpr SizeRow kFat16Table[] = {{8400, 0},       {32680, 2},      {262144, 4},    {524288, 8},
                                   {1048576, 16},   {2097152, 32},   {4194304, 64},  {0xFFFFFFFFull, 0}};
constexpr SizeRow kFat32Table[] = {{66600, 0},      {532480, 1},     {16777216, 8},  {33554432, 16},
                                   {67108864, 32},  {0xFFFFFFFFull, 64}};
constexpr std::uint64_t kFat16DefaultLimit = 1048576;  // sectors (512 MiB): above, FAT32 as Microsoft formats

template <std::size_t N>
std::uint32_t cluster_size_for(const SizeRow (&table)[N], std::uint64_t sectors) {
  for (const SizeRow& r : table)
    if (sectors <= r.up_to_sectors) return r.sectors_per_cluster;
  return 0;
}

// The smallest FAT that maps every cluster the rest of the volume leaves (the FAT shrinks the
// data area it describes, so iterate; the size only grows, so this ends).
void size_fats(FatGeometry& g) {
  const std::uint64_t fixed = std::uint64_t{g.reserved_sectors} + g.root_dir_sectors();
  std::uint64_t fat = 1;
  for (;;) {
    const std::uint64_t used = fixed + g.fat_count * fat;
    const std::uint64_t clusters = used >= g.total_sectors ? 0 : (g.total_sectors - used) / g.sectors_per_cluster;
    const std::uint64_t need = ((clusters + 2) * g.entry_bytes() + kSectorBytes - 1) / kSectorBytes;
    if (need <= fat) {
      g.fat_sectors = static_cast<std::uint32_t>(fat);
      g.cluster_count = static_cast<std::uint32_t>(std::min<std::uint64_t>(clusters, 0xFFFFFFFFu));
      return;
    }
    fat = need;
  }
}

bool valid_short_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || std::strchr("$%'-_@~`!(){}^#&", c) != nullptr;
}

}  // namespace

Result<FatGeometry> choose_geometry(std::uint64_t size_bytes, std::optional<FatType> forced) {
  const std::uint64_t sectors = size_bytes / kSectorBytes;
  if (sectors > 0xFFFFFFFFull)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("{} bytes is more than FAT32 can address (2 TiB with 512-byte sectors)", size_bytes)};
  FatGeometry g;
  g.type = forced.value_or(sectors <= kFat16DefaultLimit ? FatType::kFat16 : FatType::kFat32);
  g.total_sectors = sectors;
  if (g.type == FatType::kFat16) {
    g.reserved_sectors = 1;
    g.root_entries = 512;
    g.sectors_per_cluster = cluster_size_for(kFat16Table, sectors);
  } else {
    g.reserved_sectors = 32;
    g.root_entries = 0;
    g.sectors_per_cluster = cluster_size_for(kFat32Table, sectors);
  }
  if (g.sectors_per_cluster == 0)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("a {} volume cannot be {} bytes: Microsoft's FAT specification allows FAT16 from 4.1 MB "
                             "to 2 GiB and FAT32 from 32.5 MB to 2 TiB",
                             to_string(g.type), size_bytes)};
  size_fats(g);
  const bool ok = g.type == FatType::kFat16
                      ? g.cluster_count >= kMinFat16Clusters && g.cluster_count < kMinFat32Clusters
                      : g.cluster_count >= kMinFat32Clusters && g.cluster_count <= kMaxFat32Clusters;
  if (!ok)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("{} bytes give {} clusters, which is not a {} volume (fatgen103 3.5)", size_bytes,
                             g.cluster_count, to_string(g.type))};
  return g;
}

Result<FatGeometry> parse_boot_sector(base::ByteView s, std::uint64_t device_bytes) {
  auto bad = [](std::string what, std::uint64_t offset) {
    return Error{ErrorCode::kBadStructure, fmt::format("boot sector: {}", what)}.at_offset(offset);
  };
  if (s.size() < kSectorBytes) return bad("shorter than 512 bytes", 0);
  if (s[510] != 0x55 || s[511] != 0xAA) return bad("no 55AAh signature", 510);
  const auto bps = load_le<std::uint16_t>(&s[11]);
  if (bps != kSectorBytes)
    return Error{ErrorCode::kUnsupported, fmt::format("boot sector: {} bytes per sector (Discus reads 512)", bps)}.at_offset(11);
  FatGeometry g;
  g.sectors_per_cluster = s[13];
  if (g.sectors_per_cluster == 0 || (g.sectors_per_cluster & (g.sectors_per_cluster - 1)) != 0)
    return bad(fmt::format("{} sectors per cluster is not a power of two", g.sectors_per_cluster), 13);
  g.reserved_sectors = load_le<std::uint16_t>(&s[14]);
  g.fat_count = s[16];
  g.root_entries = load_le<std::uint16_t>(&s[17]);
  const std::uint16_t tot16 = load_le<std::uint16_t>(&s[19]);
  g.total_sectors = tot16 != 0 ? tot16 : load_le<std::uint32_t>(&s[32]);
  const std::uint16_t fat16 = load_le<std::uint16_t>(&s[22]);
  g.fat_sectors = fat16 != 0 ? fat16 : load_le<std::uint32_t>(&s[36]);
  if (g.reserved_sectors == 0) return bad("no reserved sectors", 14);
  if (g.fat_count == 0 || g.fat_count > 2) return bad(fmt::format("{} FATs", g.fat_count), 16);
  if (g.fat_sectors == 0) return bad("FAT size 0", 22);
  if (g.total_sectors * kSectorBytes > device_bytes)
    return bad(fmt::format("{} sectors but the medium has {} bytes", g.total_sectors, device_bytes), 19);
  const std::uint64_t meta = std::uint64_t{g.reserved_sectors} + std::uint64_t{g.fat_count} * g.fat_sectors + g.root_dir_sectors();
  if (meta >= g.total_sectors) return bad("FATs and root directory fill the whole volume", 22);
  const std::uint64_t clusters = (g.total_sectors - meta) / g.sectors_per_cluster;
  if (clusters < kMinFat16Clusters)
    return Error{ErrorCode::kUnsupported, fmt::format("{} clusters make this FAT12, which PS3.12 does not allow on USB media", clusters)};
  if (clusters > kMaxFat32Clusters) return bad(fmt::format("{} clusters", clusters), 13);
  g.cluster_count = static_cast<std::uint32_t>(clusters);
  g.type = clusters < kMinFat32Clusters ? FatType::kFat16 : FatType::kFat32;
  if (g.type == FatType::kFat32 && (fat16 != 0 || g.root_entries != 0))
    return bad("FAT32 cluster count but a FAT16 BPB", 17);
  if ((clusters + 2) * g.entry_bytes() > std::uint64_t{g.fat_sectors} * kSectorBytes)
    return bad(fmt::format("a FAT of {} sectors cannot map {} clusters", g.fat_sectors, clusters), 22);
  return g;
}

std::array<char, 11> volume_label(std::string_view text) {
  std::array<char, 11> out;
  out.fill(' ');
  std::size_t n = 0;
  for (char c : text) {
    if (n == out.size()) break;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    out[n++] = valid_short_char(c) || c == ' ' ? c : '_';
  }
  while (n > 0 && out[n - 1] == ' ') --n;
  if (n == 0) std::memcpy(out.data(), "NO NAME    ", 11);
  return out;
}

std::array<std::uint8_t, kSectorBytes> boot_sector(const FatGeometry& g, const std::array<char, 11>& label,
                                                   std::uint32_t volume_id) {
  std::array<std::uint8_t, kSectorBytes> s{};
  const bool f32 = g.type == FatType::kFat32;
  const std::size_t code = f32 ? 90 : 62;  // where the jump lands: after the extended BPB
  s[0] = 0xEB;
  s[1] = static_cast<std::uint8_t>(code - 2);
  s[2] = 0x90;
  std::memcpy(&s[3], "MSWIN4.1", 8);  // fatgen103: the OEM name least likely to upset old drivers
  store_le<std::uint16_t>(&s[11], kSectorBytes);
  s[13] = static_cast<std::uint8_t>(g.sectors_per_cluster);
  store_le<std::uint16_t>(&s[14], static_cast<std::uint16_t>(g.reserved_sectors));
  s[16] = static_cast<std::uint8_t>(g.fat_count);
  store_le<std::uint16_t>(&s[17], static_cast<std::uint16_t>(g.root_entries));
  const bool small = !f32 && g.total_sectors < 0x10000;
  store_le<std::uint16_t>(&s[19], small ? static_cast<std::uint16_t>(g.total_sectors) : 0);
  s[21] = 0xF8;  // fixed medium: what every removable stick reports
  store_le<std::uint16_t>(&s[22], f32 ? 0 : static_cast<std::uint16_t>(g.fat_sectors));
  store_le<std::uint16_t>(&s[24], 63);   // CHS geometry: unused by LBA readers, conventional values
  store_le<std::uint16_t>(&s[26], 255);
  store_le<std::uint32_t>(&s[28], 0);    // hidden sectors: the volume starts at sector 0 (unpartitioned)
  store_le<std::uint32_t>(&s[32], small ? 0 : static_cast<std::uint32_t>(g.total_sectors));
  std::size_t ext = 36;
  if (f32) {
    store_le<std::uint32_t>(&s[36], g.fat_sectors);
    store_le<std::uint16_t>(&s[40], 0);  // FATs mirrored
    store_le<std::uint16_t>(&s[42], 0);  // version 0.0
    store_le<std::uint32_t>(&s[44], 2);  // root directory cluster
    store_le<std::uint16_t>(&s[48], 1);  // FSInfo sector
    store_le<std::uint16_t>(&s[50], 6);  // backup boot sector
    ext = 64;
  }
  s[ext] = 0x80;
  s[ext + 2] = 0x29;  // the next three fields are present
  store_le<std::uint32_t>(&s[ext + 3], volume_id);
  std::memcpy(&s[ext + 7], label.data(), 11);
  std::memcpy(&s[ext + 18], f32 ? "FAT32   " : "FAT16   ", 8);
  s[code] = 0xCD;      // int 18h: "not bootable, try the next device"
  s[code + 1] = 0x18;
  s[code + 2] = 0xEB;  // and stop if the BIOS returns
  s[code + 3] = 0xFE;
  s[510] = 0x55;
  s[511] = 0xAA;
  return s;
}

std::array<std::uint8_t, kSectorBytes> fsinfo_sector(std::uint32_t free_clusters, std::uint32_t next_free) {
  std::array<std::uint8_t, kSectorBytes> s{};
  store_le<std::uint32_t>(&s[0], 0x41615252);
  store_le<std::uint32_t>(&s[484], 0x61417272);
  store_le<std::uint32_t>(&s[488], free_clusters);
  store_le<std::uint32_t>(&s[492], next_free);
  store_le<std::uint32_t>(&s[508], 0xAA550000);
  return s;
}

DosTime dos_time(std::int64_t unix_seconds) {
  std::tm tm{};
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  gmtime_r(&t, &tm);
  if (tm.tm_year < 80) return {static_cast<std::uint16_t>((0 << 9) | (1 << 5) | 1), 0};  // 1980-01-01: FAT's epoch
  DosTime d;
  d.date = static_cast<std::uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
  d.time = static_cast<std::uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  return d;
}

Result<std::array<char, 11>> short_name(std::string_view component) {
  auto refuse = [&](std::string_view why) {
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("'{}' is not an upper-case 8.3 name ({}); Discus writes no long file names, so it would "
                             "change on the medium",
                             component, why)};
  };
  const std::size_t dot = component.find('.');
  const std::string_view base = component.substr(0, dot);
  const std::string_view ext = dot == std::string_view::npos ? std::string_view{} : component.substr(dot + 1);
  if (base.empty() || base.size() > 8) return refuse("1 to 8 characters before the dot");
  if (ext.size() > 3 || (dot != std::string_view::npos && ext.empty())) return refuse("0 to 3 characters after one dot");
  std::array<char, 11> out;
  out.fill(' ');
  for (std::size_t i = 0; i < base.size(); ++i) {
    if (!valid_short_char(base[i])) return refuse(fmt::format("character '{}'", base[i]));
    out[i] = base[i];
  }
  for (std::size_t i = 0; i < ext.size(); ++i) {
    if (!valid_short_char(ext[i])) return refuse(fmt::format("character '{}'", ext[i]));
    out[8 + i] = ext[i];
  }
  return out;
}

std::string display_name(const std::uint8_t* raw) {
  std::string base(reinterpret_cast<const char*>(raw), 8), ext(reinterpret_cast<const char*>(raw + 8), 3);
  if (!base.empty() && base[0] == 0x05) base[0] = static_cast<char>(0xE5);  // fatgen103: 05h stands for a leading E5h
  while (!base.empty() && base.back() == ' ') base.pop_back();
  while (!ext.empty() && ext.back() == ' ') ext.pop_back();
  return ext.empty() ? base : base + "." + ext;
}

void encode_entry(const DirEntry& e, std::uint8_t* out) {
  std::memset(out, 0, kDirEntryBytes);
  std::memcpy(out, e.name.data(), 11);
  out[11] = e.attributes;
  store_le<std::uint16_t>(out + 14, e.when.time);  // creation
  store_le<std::uint16_t>(out + 16, e.when.date);
  store_le<std::uint16_t>(out + 18, e.when.date);  // last access
  store_le<std::uint16_t>(out + 20, static_cast<std::uint16_t>(e.first_cluster >> 16));
  store_le<std::uint16_t>(out + 22, e.when.time);  // last write
  store_le<std::uint16_t>(out + 24, e.when.date);
  store_le<std::uint16_t>(out + 26, static_cast<std::uint16_t>(e.first_cluster & 0xFFFF));
  store_le<std::uint32_t>(out + 28, e.size);
}

}  // namespace discus::output::usb
