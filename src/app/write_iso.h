// discus::app — `write_iso`: an ISO 9660 image of a file-set (PS3.12 F, P), then read back and
// verified.
//
// The medium name ("cd", "cd80", "dvd", "dvd-dl", "none"; a size of profiles/common/media.json,
// looked up in the context's registry) sets the capacity checked before writing. A UDF medium
// ("bd", "bd-dl", "bd-re", "dvd-ram": PS3.12 X, J) gets a UDF image from output/udf instead of
// libisofs' ISO 9660, read back by the UDF reader. The image is written under a temporary name and renamed into
// place (output::iso::write_iso), so a failed or cancelled run leaves no image at iso_path.
// A verification with failures is in the result (ok() false), not an error.
//   DISCUS_TRY(IsoResult r, app::write_iso({.fileset_dir = "out/fs", .iso_path = "fs.iso"}, ctx, bar, cancel));
#pragma once

#include <optional>
#include <string>

#include "app/context.h"
#include "app/progress.h"
#include "media/secure/secure.h"
#include "output/iso/iso_writer.h"
#include "output/verify/verify.h"

namespace discus::app {

struct IsoOptions {
  std::string fileset_dir;
  std::string iso_path;
  std::string medium = "cd";     // a size of media.json (cd, cd80, dvd, dvd-dl) or none; the context's medium table resolves it
  output::iso::IsoOptions iso;  // volume_id, sync; capacity and medium name come from `medium`
  bool verify = true;
  // A secure file-set (STD-GEN-SEC-*) is verified at the envelope level, and with a password,
  // key or key store here also opened in memory and checked as DICOM (app/verify.h).
  media::secure::DecryptOptions key = {};
};

struct IsoResult {
  output::iso::IsoPlan plan;
  std::string medium_name;                    // "CD-R 74 min (650 MB)"
  std::string file_system = "ISO 9660 Level 1";  // or "UDF 2.60" for BD, "UDF 1.50" for DVD-RAM
  std::optional<output::VerifyReport> verify; // when verified
  bool ok() const { return !verify || verify->ok(); }
};

// The volume identifier comes from the DICOMDIR's File-set ID, which a secure file-set keeps
// inside an envelope: opened in memory with `key` (may be null) when there is one, else the
// writer's default is used. No change for a plain file-set or an explicit volume_id (burn uses it too).
base::Status secure_volume_id(const std::string& fileset_dir, const media::secure::Decryptor* key, output::iso::IsoOptions& io);

base::Result<IsoResult> write_iso(const IsoOptions& options, const Context& context, Progress& progress, CancelToken& cancel);

}  // namespace discus::app
