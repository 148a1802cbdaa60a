// discus::output::usb — copies a file-set onto a mounted USB stick (or any folder).
//
// PS3.12 Annex R: one DICOM file-set on a FAT16 or FAT32 volume. Checked before anything is
// written: the target's file system (statfs: vfat expected; anything else is refused, or only
// warned about with allow_any_file_system, e.g. for a folder on a disk), that no file-set is
// there already (one per volume), and that the free space (statvfs) holds every file rounded up
// to whole blocks. Each file is written, fsync'ed and its cache dropped; then every directory is
// fsync'ed, deepest first; the completion marker (kCompletionMarker) is written and synced last.
//   DISCUS_TRY(StickResult r, write_to_folder(tree, "/media/usb", {}, extras));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "output/usb/fat_writer.h"
#include "output/usb/source_tree.h"

namespace discus::output::usb {

struct StickOptions {
  bool allow_any_file_system = false;
};

struct StickResult {
  std::string file_system;            // "vfat", "ext4", ... as statfs reports it
  std::uint64_t bytes_written = 0;
  std::uint64_t bytes_free_before = 0;
  std::vector<std::string> warnings;
};

// The name of a statfs f_type magic ("vfat", "exfat", "ext4", ...), "0x..." when unknown.
std::string file_system_name(std::uint64_t magic);

base::Result<StickResult> write_to_folder(const SourceTree& tree, const std::string& target, const StickOptions& options,
                                          const std::vector<ExtraFile>& extras);

}  // namespace discus::output::usb
