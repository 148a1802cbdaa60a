// discus::output::burn — optical drives through libburn: list them, burn a file-set, read back.
//
// A file-set is burned as one ISO 9660 Level 1 data track (Mode 1 sectors; PS3.12 F forbids
// Mode 2 Form 2) streamed from libisofs (output/iso) straight into libburn, so the image never
// exists on disk. The write mode is the one the medium needs (libburn's choice among TAO/SAO
// for the loaded CD/DVD/BD profile, reasons reported when none fits); the disc is closed, or
// left appendable when the profile allows multi-session (PS3.12 F.2). A full or closed disc is
// refused before anything is written, as is an image larger than the free space. libburn's
// `stdio:/path/image.iso` pseudo-drive takes the same path as /dev/srN (tests and the demo).
// Reading back goes through libburn (burn_read_data) under libisofs' ISO 9660 reader.
//   BurnOptions o;  o.progress = bar.callback();
//   DISCUS_TRY(BurnResult r, burn_file_set("stdio:/tmp/disc.iso", "out/fs", o));
//   DISCUS_TRY(auto medium, open_drive_reader("stdio:/tmp/disc.iso"));  verify_medium(*medium, {});
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "output/iso/iso_writer.h"
#include "output/verify/medium_reader.h"

namespace discus::output::burn {

enum class MediaStatus { kNoDisc, kBlank, kAppendable, kClosed, kUnsuitable, kUnknown };
std::string_view to_string(MediaStatus s);  // "blank", "appendable", "closed", ...

struct DriveInfo {
  std::string address;                 // "/dev/sr0" or "stdio:/tmp/x.iso"
  std::string vendor, product, revision;
  bool pseudo = false;                 // a libburn stdio: drive (a file)
  MediaStatus status = MediaStatus::kUnknown;
  std::string profile;                 // "CD-R", "DVD+RW", "BD-R sequential recording", "stdio file"
  bool overwritable = false;           // DVD-RAM, DVD+RW, BD-RE, stdio files: written in place
  std::uint64_t free_bytes = 0;        // what libburn says can still be written
};

// Every optical drive libburn finds (none in a container: an empty list, not an error).
base::Result<std::vector<DriveInfo>> list_drives();
// One drive by address (also a stdio: pseudo-drive), grabbed only while it is inspected.
base::Result<DriveInfo> inspect_drive(const std::string& address);

struct BurnOptions {
  iso::IsoOptions iso;        // capacity_bytes further limited to the medium's free space
  bool close_disc = true;     // false: leave the disc appendable (multi-session, PS3.12 F.2)
  bool eject = false;         // open the tray when done (real drives)
  bool simulate = false;      // the drive's test write, where the medium supports it
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  const std::atomic<bool>* cancel = nullptr;  // set to stop the burn (the disc may be unusable)
};

struct BurnResult {
  iso::IsoPlan plan;
  std::string write_mode;  // "TAO", "SAO"
  std::string profile;     // of the medium written
  bool closed = true;
};

base::Result<BurnResult> burn_file_set(const std::string& drive, const std::string& fileset_dir, const BurnOptions& options);

// An image file already written (a UDF image of output/udf for BD or DVD-RAM: PS3.12 X, J) burned
// as one data track, the same way; refused before writing when larger than the free space.
base::Result<BurnResult> burn_image_file(const std::string& drive, const std::string& image_path, const BurnOptions& options);

// The file system on the drive's medium, read through libburn: UDF when its Volume Recognition
// Sequence says so, else the ISO 9660 of the last session.
base::Result<std::unique_ptr<MediumReader>> open_drive_reader(const std::string& drive);

base::Status eject(const std::string& drive);

}  // namespace discus::output::burn
