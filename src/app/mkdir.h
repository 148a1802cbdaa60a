// discus::app — `mkdir`: a DICOMDIR for DICOM files already in place (media::author::make_dicomdir).
//
// Nothing but the DICOMDIR is written, and it is renamed into place whole. A profile is optional:
// with one, files it refuses are left out and reported. The engine has no per-file hook: the
// stage is announced and cancellation honoured before the walk starts.
//   DISCUS_TRY(MkdirResult r, app::mkdir({.mkdir = {.root = "/media/stick"}}, ctx, bar, cancel));
#pragma once

#include <string>

#include "app/context.h"
#include "app/progress.h"
#include "media/author/mkdir.h"

namespace discus::app {

struct MkdirOptions {
  std::string profile_id;  // empty: no profile check
  media::author::MkdirOptions mkdir;
};

struct MkdirResult {
  media::author::MkdirResult dicomdir;
  bool ok() const;  // no unrepaired error
};

base::Result<MkdirResult> mkdir(const MkdirOptions& options, const Context& context, Progress& progress, CancelToken& cancel);

}  // namespace discus::app
