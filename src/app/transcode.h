// discus::app — `transcode`: files rewritten in another transfer syntax, every element kept.
//
// One IN to one OUT, or many inputs (files, and folders searched recursively) into out_dir, each
// file keeping its name (a folder's files their path below the folder). Files are done in
// parallel; each output is written under a temporary name and renamed into place, so a failed,
// cancelled or killed run never leaves half a file. A file that fails is recorded in the result
// (with why) and the others go on: the run is an error only when it cannot start (an unknown
// transfer syntax, an output that would overwrite an input, two inputs sharing an output name)
// or is cancelled. Lossy encoding makes a new image (PS3.3 C.7.6.1.1.5): a new SOP Instance UID,
// Lossy Image Compression "01" with ratio and method, Image Type DERIVED, Source Image Sequence.
//   DISCUS_TRY(TranscodeResult r, app::transcode({.transfer_syntax = uids::JPEG2000, .inputs = {"in/"}, .out_dir = "out"}, ctx, bar, cancel));
#pragma once

#include <string>
#include <vector>

#include "app/context.h"
#include "app/progress.h"
#include "base/finding.h"

namespace discus::app {

struct TranscodeOptions {
  std::string transfer_syntax;      // the target's UID
  std::vector<std::string> inputs;  // with out_dir: files and folders; without: exactly one file
  std::string out_dir;              // many-files mode
  std::string out;                  // one-file mode: where inputs[0] goes
  unsigned jobs = 0;                // 0: the context's threads
  bool sync = true;                 // fsync each output before its rename
};

struct TranscodedFile {
  std::string in, out;
  bool ok = false;
  std::string error;                    // why not, naming file and offset
  std::vector<base::Finding> notes;     // warnings of the reader, the lossy step taken
};

struct TranscodeResult {
  std::string transfer_syntax;       // its name
  std::vector<TranscodedFile> files; // in input order
  std::size_t failed = 0;
  bool ok() const { return failed == 0; }
};

base::Result<TranscodeResult> transcode(const TranscodeOptions& options, const Context& context, Progress& progress,
                                        CancelToken& cancel);

}  // namespace discus::app
