// discus::output::usb — FAT16/FAT32 on-disk structures: geometry, boot sector, FSInfo, entries.
//
// PS3.12 Annex R (USB), S, T, U put a DICOM file-set on FAT16 or FAT32 and defer to Microsoft's
// "Extensible Firmware Initiative FAT32 File System Specification" (fatgen103) for the layout.
// This header holds the pure parts: which FAT type and cluster size a volume of a given size
// gets (fatgen103's cluster-count boundaries: FAT16 4085..65524 clusters, FAT32 65525 and up),
// and the byte encodings of the boot sector/BPB, FSInfo sector and 32-byte directory entries.
//   DISCUS_TRY(FatGeometry g, choose_geometry(64ull << 20, std::nullopt));  // FAT16, 2 KiB clusters
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::output::usb {

enum class FatType { kFat16, kFat32 };
std::string_view to_string(FatType t);

// fatgen103 section 3.5: the FAT type is decided by the count of data clusters alone.
constexpr std::uint32_t kMinFat16Clusters = 4085;
constexpr std::uint32_t kMinFat32Clusters = 65525;
constexpr std::uint32_t kMaxFat32Clusters = 0x0FFFFFF5;
constexpr std::uint32_t kSectorBytes = 512;
constexpr std::uint32_t kDirEntryBytes = 32;

struct FatGeometry {
  FatType type = FatType::kFat32;
  std::uint32_t sectors_per_cluster = 1;
  std::uint32_t reserved_sectors = 32;   // FAT16: 1, FAT32: 32 (room for FSInfo and backup boot sector)
  std::uint32_t fat_count = 2;
  std::uint32_t root_entries = 0;        // FAT16: 512 in a fixed region; FAT32: 0 (root is a cluster chain)
  std::uint32_t fat_sectors = 0;         // per FAT
  std::uint64_t total_sectors = 0;
  std::uint32_t cluster_count = 0;       // data clusters, numbered 2 .. cluster_count+1

  std::uint32_t cluster_bytes() const { return sectors_per_cluster * kSectorBytes; }
  std::uint32_t root_dir_sectors() const { return (root_entries * kDirEntryBytes + kSectorBytes - 1) / kSectorBytes; }
  std::uint64_t fat_offset(std::uint32_t which) const {
    return (std::uint64_t{reserved_sectors} + std::uint64_t{which} * fat_sectors) * kSectorBytes;
  }
  std::uint64_t root_dir_offset() const { return fat_offset(fat_count); }  // FAT16 fixed root region
  std::uint64_t data_offset() const { return root_dir_offset() + std::uint64_t{root_dir_sectors()} * kSectorBytes; }
  std::uint64_t cluster_offset(std::uint32_t cluster) const {
    return data_offset() + std::uint64_t{cluster - 2} * cluster_bytes();
  }
  std::uint32_t entry_bytes() const { return type == FatType::kFat32 ? 4 : 2; }
  std::uint32_t end_of_chain() const { return type == FatType::kFat32 ? 0x0FFFFFFF : 0xFFFF; }
};

// The geometry Microsoft's tables (fatgen103 section 3.5, DskTableFAT16/FAT32) give a volume of
// `size_bytes`; FAT16 up to 512 MiB and FAT32 above unless `forced`. Fails, saying why, when the
// size cannot hold the type (FAT16 needs 4.1 MB..2 GiB, FAT32 needs 32.5 MB..2 TiB).
base::Result<FatGeometry> choose_geometry(std::uint64_t size_bytes, std::optional<FatType> forced);

// Reads a geometry back from a boot sector; fails naming the field that is not FAT16/FAT32.
base::Result<FatGeometry> parse_boot_sector(base::ByteView sector, std::uint64_t device_bytes);

// Volume label: up to 11 characters, upper case, space padded; "NO NAME" when empty (fatgen103).
std::array<char, 11> volume_label(std::string_view text);

// Sector 0 (and the FAT32 backup at sector 6).
std::array<std::uint8_t, kSectorBytes> boot_sector(const FatGeometry& g, const std::array<char, 11>& label,
                                                   std::uint32_t volume_id);
// FAT32 FSInfo sector (sector 1, backup at 7): free cluster count and next free hint.
std::array<std::uint8_t, kSectorBytes> fsinfo_sector(std::uint32_t free_clusters, std::uint32_t next_free);

// DOS date and time (fatgen103 section 6.1), from seconds since the epoch, in UTC.
struct DosTime {
  std::uint16_t date = 0, time = 0;
};
DosTime dos_time(std::int64_t unix_seconds);

// The 11-byte short name of one path component ("README.TXT" -> "README  TXT"). Only names that
// already are valid upper-case 8.3 names are accepted: DICOM File IDs always are (PS3.10 8.2),
// and without long file name entries (which Discus never writes) any other name would be
// altered on the medium. Fails naming the component.
base::Result<std::array<char, 11>> short_name(std::string_view component);
// Back from 11 bytes to "README.TXT".
std::string display_name(const std::uint8_t* raw11);

constexpr std::uint8_t kAttrVolumeId = 0x08, kAttrDirectory = 0x10, kAttrArchive = 0x20, kAttrLongName = 0x0F;

struct DirEntry {
  std::array<char, 11> name{};
  std::uint8_t attributes = kAttrArchive;
  std::uint32_t first_cluster = 0;
  std::uint32_t size = 0;
  DosTime when;
};
void encode_entry(const DirEntry& e, std::uint8_t* out32);

}  // namespace discus::output::usb
