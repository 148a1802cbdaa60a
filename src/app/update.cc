#include "app/update.h"
#include "app/free_space.h"
#include "app/author.h"
#include "app/staging.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>

namespace discus::app {

base::Result<UpdateResult> update(const UpdateOptions& options, const Context& context, Progress& progress, CancelToken& cancel) {
  DISCUS_TRY(const media::profile::ApplicationProfile* profile, find_profile(context, options.profile_id));
  if (context.uids == nullptr) return base::Error{base::ErrorCode::kInvalidArgument, "update needs a UID source"};
  if (cancel.requested()) return cancelled("before updating");
  DISCUS_CHECK(check_free_space(options.update.root, estimate_output(bytes_under(options.update.inputs)), "update"));
  // Crash-only in place: a killed update's new files are removed by the next one (staging.h).
  DISCUS_TRY(UpdateJournal journal, UpdateJournal::begin(options.update.root));
  media::author::UpdateOptions uo = options.update;
  if (uo.codecs == nullptr) uo.codecs = context.codecs;
  std::once_flag copying;
  uo.progress = [&](std::size_t done, std::size_t total, const std::string& current) {
    std::call_once(copying, [&] { progress.on_stage(Stage::kCopy, uo.root); });
    progress.on_progress({Stage::kCopy, Unit::kFiles, done, total, current});
  };
  uo.cancel = cancel.flag();
  std::shared_ptr<ViewerReport> viewer;
  std::error_code ec;
  if (options.viewer && std::filesystem::is_regular_file(std::filesystem::path(uo.root) / "VIEWER" / "INDEX.HTM", ec))
    viewer = viewer_hooks(*profile, context, options.viewer_dir, uo.threads, uo.codecs, uo.readme_sections, uo.other_content);
  // A medium with the IHE PDI Web Content gets its pages anew too (the new studies listed).
  const std::filesystem::path root(uo.root);
  if (std::filesystem::is_regular_file(root / "INDEX.HTM", ec) && std::filesystem::is_directory(root / "IHE_PDI", ec))
    web_content_hooks(*profile, context, uo.threads, uo.codecs, viewer && viewer->not_added.empty(),
                      viewer ? viewer : std::make_shared<ViewerReport>(), uo.readme_sections, uo.other_content);
  progress.on_stage(Stage::kScan, uo.root);
  auto updated = media::author::update(uo, *profile, *context.uids);
  if (cancel.requested()) return cancelled("while updating (the new files were removed; the file-set is as it was)");
  DISCUS_TRY(media::author::AuthorResult r, std::move(updated));
  UpdateResult result;
  result.fileset = std::move(r);
  result.viewer_refreshed = viewer && viewer->added;
  for (const base::Finding& f : result.fileset.findings) progress.on_finding(f);
  for (const auto& f : result.fileset.files)
    result.added += f.outcome == media::author::Outcome::kCopied || f.outcome == media::author::Outcome::kRewritten;
  // Errors about what was already there (missing or changed files) fail the run too.
  result.medium_errors = std::any_of(result.fileset.findings.begin(), result.fileset.findings.end(), [](const base::Finding& f) {
    return f.severity == base::Severity::kError && f.rule.starts_with("update.");
  });
  return result;
}

}  // namespace discus::app
