// discus::output::usb — writes a file-set straight into a FAT16/FAT32 image or block device.
//
// No mount, no mkfs: Discus formats the volume itself (PS3.12 Annex R: FAT16 or FAT32 as
// Microsoft's FAT specification defines them) and lays every file out in contiguous clusters,
// so a duplicator or a CI machine that cannot mount vfat can still make a stick. The whole
// layout is planned before the first byte is written, so a file-set that does not fit is refused
// up front. File content is streamed in 1 MiB chunks. Order of writing: the old boot sector is
// wiped first, then data, directories, FATs and FSInfo, a sync, and the new boot sector last:
// a write that stops half way leaves no volume any reader would take for a good one. Only 8.3
// short names are written (DICOM File IDs are upper-case 8.3 by PS3.10 8.2); no long names.
//   FatWriteOptions o; o.create_size = 64ull << 20;
//   DISCUS_TRY(FatWriteResult r, write_fat(tree, "stick.img", o));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "output/usb/fat_format.h"
#include "output/usb/source_tree.h"

namespace discus::output::usb {

struct ExtraFile {  // a small file made in memory (the completion marker), placed in the root
  std::string name;
  base::Bytes bytes;
};

struct FatWriteOptions {
  std::optional<std::uint64_t> create_size;  // create a new image file of this size; else use the target's size
  std::optional<FatType> fat_type;           // else FAT16 up to 512 MiB, FAT32 above
  std::string label;                         // volume label (PS3.12 A.1.1: may carry the File-set ID)
  std::int64_t timestamp = 0;                // seconds since the epoch, for every directory entry
  std::vector<ExtraFile> extras;
};

struct FatWriteResult {
  FatGeometry geometry;
  std::uint64_t volume_bytes = 0;
  std::uint32_t clusters_used = 0;
  bool block_device = false;
};

// What the layout of `tree` (plus extras) needs on a volume of this geometry, in clusters; fails
// when a name is not 8.3, a directory is too large, or a file is 4 GiB or more.
base::Result<std::uint32_t> clusters_needed(const SourceTree& tree, const std::vector<ExtraFile>& extras,
                                            const FatGeometry& g);

base::Result<FatWriteResult> write_fat(const SourceTree& tree, const std::string& target, const FatWriteOptions& options);

}  // namespace discus::output::usb
