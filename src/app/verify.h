// discus::app — `verify`: read a written medium back (a folder, an ISO image, a drive) and check
// it against its SHA256.TXT manifest and DICOMDIR (output::verify_medium).
//
// A report with failures is a result, not an error: the caller shows which files failed. An
// error means the medium could not be read at all, or the run was cancelled (kCancelled; a
// cancelled verification never returns a report that could pass for a good medium).
//   DISCUS_TRY(output::VerifyReport r, app::verify({.kind = MediumKind::kIso, .target = "a.iso"}, ctx, bar, cancel));
#pragma once

#include <string>

#include "app/context.h"
#include "app/progress.h"
#include "media/secure/secure.h"
#include "output/verify/medium_reader.h"
#include "output/verify/verify.h"

namespace discus::app {

enum class MediumKind { kDir, kIso, kDrive };

struct VerifyOptions {
  MediumKind kind = MediumKind::kDir;
  std::string target;           // the folder, the image file, or the drive (/dev/srN, stdio:FILE)
  std::string manifest_path;    // empty: the medium's own SHA256.TXT
  bool check_dicomdir = true;
  // Secure media (STD-GEN-SEC-*): a password, key or key store opens the files in memory for a
  // DICOM-level check; without one the envelopes are verified (output/verify/secure_verify.h).
  media::secure::DecryptOptions key = {};
};

base::Result<output::VerifyReport> verify(const VerifyOptions& options, const Context& context, Progress& progress,
                                          CancelToken& cancel);

// The verification step every writer ends with: stage kVerify, bytes as progress, cancellable.
// `options.progress` and `options.cancel` are set here. A secure medium is recognised by its
// DICOMDIR and verified by output::verify_secure_medium, with `key` (may be null) to open it.
base::Result<output::VerifyReport> verify_reader(const output::MediumReader& medium, output::VerifyOptions options,
                                                 Progress& progress, CancelToken& cancel,
                                                 const media::secure::Decryptor* key = nullptr);

}  // namespace discus::app
