// discus::app — `encrypt`: a DICOM File, or a whole file-set folder, as Secure DICOM Files
// (PS3.10 7.4, PS3.15 D.1; media::secure).
//
// Every output file is written under a temporary name, fsync'ed and renamed, and a failed run
// leaves OUT as it was found (media::secure's own guarantee, which its durability oracle checks
// call by call). The engine reports each file done; the stage is announced, and
// cancellation honoured before it starts and, for a file-set, between files (then OUT is left
// as it was found: no partial output, no plaintext).
//   DISCUS_TRY(EncryptResult r, app::encrypt({.in = "plain/", .out = "secure/", .secure = so}, ctx, bar, cancel));
#pragma once

#include <string>

#include "app/context.h"
#include "app/progress.h"
#include "media/secure/fileset.h"
#include "media/secure/secure.h"

namespace discus::app {

struct EncryptOptions {
  std::string in, out;                 // both files, or both folders (OUT must not exist or be empty)
  media::secure::SecureOptions secure; // recipients, password, signer, cipher, threads, sync
};

struct EncryptResult {
  bool fileset = false;                 // IN was a folder
  media::secure::FileSetReport report;  // a single file counts as one enveloped
};

base::Result<EncryptResult> encrypt(const EncryptOptions& options, const Context& context, Progress& progress, CancelToken& cancel);

}  // namespace discus::app
