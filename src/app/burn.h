// discus::app — `burn`: a file-set onto an optical disc through libburn (one ISO 9660 Level 1
// track streamed from libisofs), then read back through the drive and verified.
//
// The cancel token is handed to libburn's write loop (BurnOptions::cancel); a cancelled burn
// returns kCancelled and the disc may be unusable (a write-once medium cannot be taken back).
// `drive` is /dev/srN or libburn's stdio:/path/image.iso pseudo-drive (tests, demos).
//   DISCUS_TRY(BurnResult r, app::burn({.drive = "/dev/sr0", .fileset_dir = "out/fs"}, ctx, bar, cancel));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/progress.h"
#include "output/burn/burner.h"
#include "output/verify/verify.h"

namespace discus::app {

struct BurnOptions {
  std::string drive;
  std::string fileset_dir;
  std::string medium = "none";     // a size of media.json, checked up front; the context's medium table resolves it
  output::burn::BurnOptions burn;  // close_disc, simulate, iso.volume_id; progress/cancel set here
  bool verify = true;
  bool eject = false;              // after the read-back, not before
};

struct BurnResult {
  output::burn::BurnResult burn;
  std::optional<output::VerifyReport> verify;
  std::vector<std::string> warnings;  // e.g. the tray would not open
  bool ok() const { return !verify || verify->ok(); }
};

base::Result<BurnResult> burn(const BurnOptions& options, const Context& context, Progress& progress, CancelToken& cancel);

}  // namespace discus::app
