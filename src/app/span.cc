#include "app/span.h"
#include "app/free_space.h"

#include <fmt/format.h>

#include "app/staging.h"

namespace discus::app {

base::Result<SpanResult> span(const SpanOptions& options, const Context& context, Progress& progress, CancelToken& cancel) {
  DISCUS_TRY(const media::profile::ApplicationProfile* profile, find_profile(context, options.profile_id));
  if (context.uids == nullptr) return base::Error{base::ErrorCode::kInvalidArgument, "span needs a UID source"};
  if (cancel.requested()) return cancelled("before spanning");
  DISCUS_CHECK(check_free_space(options.span.author.out_dir, estimate_output(bytes_under(options.span.author.inputs)), "span"));
  DISCUS_TRY(StagedFolder out, StagedFolder::create(options.span.author.out_dir));
  media::author::SpanAuthorOptions so = options.span;
  so.author.out_dir = out.path();
  if (so.author.codecs == nullptr) so.author.codecs = context.codecs;
  // author_volumes runs author() once per volume: a volume's first copy report opens its stage.
  so.author.progress = [&](std::size_t done, std::size_t total, const std::string& current) {
    if (done == 1) progress.on_stage(Stage::kCopy, out.target());
    progress.on_progress({Stage::kCopy, Unit::kFiles, done, total, current});
  };
  so.author.cancel = cancel.flag();
  progress.on_stage(Stage::kScan, fmt::format("{} input(s)", so.author.inputs.size()));
  auto r = media::author::author_volumes(so, *profile, *context.uids);
  if (cancel.requested()) return cancelled("while spanning");
  if (!r) return std::move(r).error();
  DISCUS_CHECK(out.commit());
  SpanResult result;
  result.span = std::move(*r);
  // The volumes were authored under OUT.partial: name where they are now.
  for (auto& v : result.span.volumes) {
    if (v.result.out_dir.starts_with(out.path())) v.result.out_dir = out.target() + v.result.out_dir.substr(out.path().size());
    for (const base::Finding& f : v.result.findings) progress.on_finding(f);
  }
  return result;
}

}  // namespace discus::app
