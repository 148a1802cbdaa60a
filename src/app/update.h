// discus::app — `update`: add instances to an existing file-set in place (the FSU role, PS3.10
// 8.3; media::author::update).
//
// The file-set is changed in place, as an FSU must: new instance files are written into folders
// no existing file uses and the DICOMDIR, README.TXT and SHA256.TXT are replaced atomically
// (rename), so an interrupted update leaves the old DICOMDIR pointing at the old files. The
// profile must give the FSU role. Progress: the copy of the new instances, file by file.
// Cancellation between those files: the engine removes the new files again and the old
// DICOMDIR stays (kCancelled).
//   DISCUS_TRY(UpdateResult r, app::update({.profile_id = "STD-GEN-USB", .update = {.root = "/media/usb", .inputs = {"new/"}}}, ctx, bar, cancel));
#pragma once

#include <string>

#include "app/context.h"
#include "app/progress.h"
#include "media/author/update.h"

namespace discus::app {

struct UpdateOptions {
  std::string profile_id;
  media::author::UpdateOptions update;  // root, inputs, institution, compression; codecs: null takes the context's
  // A medium that carries the disc viewer (VIEWER/INDEX.HTM) gets it anew with an index of the
  // updated DICOMDIR (a stale index would hide the new studies until the disc folder is picked).
  bool viewer = true;
  std::string viewer_dir;  // empty: media::web::find_viewer_dir()
};

struct UpdateResult {
  media::author::AuthorResult fileset;  // the new inputs first, then one kOnMedium record per kept instance
  std::size_t added = 0;                // instances added by this update
  bool medium_errors = false;           // files already on the medium were missing or changed
  bool viewer_refreshed = false;        // the viewer and its index were written anew
  bool ok() const { return fileset.complete() && !medium_errors; }
};

base::Result<UpdateResult> update(const UpdateOptions& options, const Context& context, Progress& progress, CancelToken& cancel);

}  // namespace discus::app
