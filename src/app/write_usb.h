// discus::app — `write_usb`: a file-set onto a USB stick (PS3.12 Annex R), then read back.
//
// TARGET is a mounted stick (a folder: files copied, each synced; output::usb::write_to_folder)
// or an image file or block device (our FAT16/FAT32 writer; output::usb::write_fat). Either way
// the completion marker DISCUSOK.TXT is written last, so a stick pulled early says so, and the
// read-back compares every file with the host's manifest. The writers report no progress within
// a write: the stage is announced and its single step reported when done; the read-back reports
// bytes. Cancellation is honoured before writing and between files of the read-back.
//   DISCUS_TRY(UsbResult r, app::write_usb({.fileset_dir = "out/fs", .target = "/media/usb"}, ctx, bar, cancel));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/progress.h"
#include "output/usb/fat_writer.h"
#include "output/usb/stick_writer.h"
#include "output/verify/verify.h"

namespace discus::app {

struct UsbOptions {
  std::string fileset_dir;
  std::string target;
  std::optional<std::uint64_t> image_size;   // make a new image file of this size (TARGET is then a file)
  bool size_to_fit = false;                  // no image_size and TARGET absent: a new image just large enough
  std::optional<output::usb::FatType> fat;   // else by size
  std::optional<std::string> label;          // else the File-set ID (PS3.12 A.1.1)
  bool any_fs = false;                       // a folder target need not be FAT (a folder on a disk)
  bool verify = true;
};

struct UsbResult {
  bool folder = false;                                // written file by file into a mounted folder
  std::optional<output::usb::StickResult> stick;      // folder targets
  std::optional<output::usb::FatWriteResult> fat;     // image files and devices
  std::size_t files = 0;                              // written, the completion marker included
  std::optional<output::VerifyReport> verify;
  std::vector<std::string> warnings;
  bool ok() const { return !verify || verify->ok(); }
};

base::Result<UsbResult> write_usb(const UsbOptions& options, const Context& context, Progress& progress, CancelToken& cancel);

// The size of a new image just large enough for `fileset_bytes`: a tenth more for FAT cluster
// slack and directories, at least 64 MiB.
std::uint64_t image_size_for(std::uint64_t fileset_bytes);

}  // namespace discus::app
