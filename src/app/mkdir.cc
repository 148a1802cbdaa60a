#include "app/mkdir.h"

#include <algorithm>

namespace discus::app {

bool MkdirResult::ok() const {
  return std::none_of(dicomdir.findings.begin(), dicomdir.findings.end(),
                      [](const base::Finding& f) { return f.severity == base::Severity::kError && !f.repaired; });
}

base::Result<MkdirResult> mkdir(const MkdirOptions& options, const Context& context, Progress& progress, CancelToken& cancel) {
  const media::profile::ApplicationProfile* profile = nullptr;
  if (!options.profile_id.empty()) {
    DISCUS_TRY(profile, find_profile(context, options.profile_id));
  }
  if (context.uids == nullptr) return base::Error{base::ErrorCode::kInvalidArgument, "mkdir needs a UID source"};
  if (cancel.requested()) return cancelled("before making the DICOMDIR");
  progress.on_stage(Stage::kDicomdir, options.mkdir.root);
  MkdirResult result;
  DISCUS_TRY(result.dicomdir, media::author::make_dicomdir(options.mkdir, profile, *context.uids));
  for (const base::Finding& f : result.dicomdir.findings) progress.on_finding(f);
  return result;
}

}  // namespace discus::app
