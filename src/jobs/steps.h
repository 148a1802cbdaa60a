// discus::jobs — the steps a station takes for an authored medium, as calls into src/app.
//
// No business logic here: staging is app::author (the file-set, and for an image-dir target the
// ISO image once per job, both under state_dir/staging/JOB), a disc is app::burn, a read-back
// is app::verify. What this file adds is where things live and how each step survives a kill:
// staging is complete only when its marker file is there (otherwise it is removed and redone);
// an image copy is written under a temporary name, fsync'd and renamed into place; the stdio:
// pseudo-drive's "tray" (which copy a disc belongs to) is a record written before the burn is
// recorded, and its "eject" is an fsync'd rename of PATH to PATH.ejected/<job>-<n>-<attempt>.iso.
//   DISCUS_TRY(Staged s, stage(job, ctx, state_dir, true, bar, cancel));
//   DISCUS_CHECK(write_image_copy(s.image, image_copy_path(dir, job.id, 1)));
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "app/context.h"
#include "app/progress.h"
#include "app/purge.h"
#include "base/result.h"
#include "jobs/job.h"
#include "media/secure/secure.h"
#include "output/verify/verify.h"

namespace discus::jobs::steps {

namespace fs = std::filesystem;

struct Staged {
  fs::path dir;      // state_dir/staging/JOB
  fs::path fileset;  // the authored file-set
  fs::path image;    // the ISO image (image-dir targets), empty otherwise
};

// state_dir/staging/job-ID (app::job_staging_dir: the one place a job's staged PHI may be).
fs::path staging_dir(const fs::path& state_dir, JobId job);

// The file-set (and, with `image`, its ISO image, not yet verified: each copy is) of an
// author job, made once: a complete staging is reused, an incomplete one removed and redone.
// A file-set that lacks some inputs is kInvalidArgument (the job fails with the reason).
// A secure-media job (AuthorMedium::encryption_password_from) envelopes its file-set with the
// password `password` gives; it is asked only when staging really runs (a complete staging needs
// none), and its error fails the staging.
using PasswordSource = std::function<base::Result<media::secure::Secret>()>;
base::Result<Staged> stage(const Job& job, const app::Context& context, const fs::path& state_dir, bool image,
                           app::Progress& progress, app::CancelToken& cancel, const PasswordSource& password = {});

// PHI lifecycle (issue 14 item 7) through app::purge_after_verified_burn: the staged file-set
// and image of `job` are removed, or kept and marked for the retention sweep when the request
// says Preserve Composite Instances After Media Creation (PS3.4 S.3.2.1, (2200,000A)); the
// job's own inputs are never touched; every purge is handed to `audit`. Idempotent.
base::Status purge_staging(const fs::path& state_dir, const Job& job, const app::PurgeAudit& audit);

// DIR/<job>-<n>.iso: the one file of a copy on an image-dir target.
fs::path image_copy_path(const fs::path& dir, JobId job, int n);
// Copies `image` to `target` through a temporary beside it, fsync'd, renamed into place, the
// folder fsync'd: after a kill `target` is either absent or complete. With `move` (the job's
// last copy) the staged image itself is renamed into place when both are on one file system
// (no second gigabyte written); a later remake then stages again.
base::Status write_image_copy(const fs::path& image, const fs::path& target, bool move, app::CancelToken& cancel);

// A disc on `drive` (/dev/srN or stdio:PATH) from the staged file-set; no read-back here.
base::Status burn(const std::string& drive, const fs::path& fileset, const app::Context& context,
                  app::Progress& progress, app::CancelToken& cancel);

// Reads a medium back: an image file, or a disc in a drive. A report with failures is a result.
base::Result<output::VerifyReport> read_back(const std::string& target, bool drive, const app::Context& context,
                                             app::Progress& progress, app::CancelToken& cancel);

// ---- the stdio: pseudo-drive as a burner with a stack of blanks
bool is_stdio(const std::string& drive);
fs::path stdio_file(const std::string& drive);  // PATH of stdio:PATH
// PATH.ejected/<job>-<n>-<attempt>.iso
fs::path ejected_path(const std::string& drive, JobId job, int n, int attempt);
// Moves the disc in a stdio: drive (the file PATH, when present) to `to`, fsync'd; true when
// there was one.
base::Result<bool> eject_stdio(const std::string& drive, const fs::path& to);

// Which copy the disc in a drive belongs to; state_dir/trays/<drive as a file name>.
struct Tray {
  JobId job = 0;
  int n = 0, attempt = 0;
};
base::Status write_tray(const fs::path& state_dir, const std::string& drive, const Tray& tray);
std::optional<Tray> read_tray(const fs::path& state_dir, const std::string& drive);
base::Status clear_tray(const fs::path& state_dir, const std::string& drive);

// fsync of a folder, so a rename or unlink in it survives a power cut.
base::Status sync_dir(const fs::path& dir);

}  // namespace discus::jobs::steps
