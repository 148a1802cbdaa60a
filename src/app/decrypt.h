// discus::app — `decrypt`: a Secure DICOM File, or a secure file-set folder, back to plain DICOM
// Files after checking padding, digests and signatures (and, with trust anchors, the signers'
// chains; media::secure).
//
// Every output file is written under a temporary name, fsync'ed and renamed only after its checks
// pass, and a failed run leaves OUT as it was found (media::secure's own guarantee). The engine
// announces the stage, and cancellation is honoured before it starts and, for a file-set,
// between files (then OUT is left as it was found: no partial output, no plaintext).
//   DISCUS_TRY(DecryptResult r, app::decrypt({.in = "secure/", .out = "plain/", .decrypt = d}, ctx, bar, cancel));
#pragma once

#include <string>

#include "app/context.h"
#include "app/progress.h"
#include "media/secure/fileset.h"
#include "media/secure/secure.h"

namespace discus::app {

struct DecryptOptions {
  std::string in, out;                   // both files, or both folders (OUT must not exist or be empty)
  media::secure::DecryptOptions decrypt; // key/cert, keystore or password; trust anchors; sync
  unsigned threads = 2;                  // folders: files opened in parallel
};

struct DecryptResult {
  bool fileset = false;                  // IN was a folder
  media::secure::FileSetReport report;   // opened: one entry per Secure DICOM File (one for a file)
};

base::Result<DecryptResult> decrypt(const DecryptOptions& options, const Context& context, Progress& progress, CancelToken& cancel);

}  // namespace discus::app
