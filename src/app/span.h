// discus::app — `span`: several complete file-sets (OUT/VOL001, OUT/VOL002, ...) when the
// studies do not fit one medium (PS3.11 forbids multi-volume file-sets; media::author::author_volumes).
//
// OUT is built in staging (OUT.partial, see staging.h) and renamed into place when every volume is
// written, so a failed or cancelled run leaves no OUT with some of the volumes. Progress: the
// copy stage of each volume, its `current` prefixed with the volume's name; cancellation between
// files of each volume.
//   DISCUS_TRY(SpanResult r, app::span(o, ctx, bar, cancel));  r.span.volumes[0].result.out_dir == "OUT/VOL001"
#pragma once

#include <string>

#include "app/context.h"
#include "app/progress.h"
#include "media/author/span_author.h"

namespace discus::app {

struct SpanOptions {
  std::string profile_id;
  media::author::SpanAuthorOptions span;  // span.author.out_dir is OUT; codecs: null takes the context's
};

struct SpanResult {
  media::author::SpanResult span;  // volume out_dirs name where they now are
  bool ok() const { return span.complete(); }
};

base::Result<SpanResult> span(const SpanOptions& options, const Context& context, Progress& progress, CancelToken& cancel);

}  // namespace discus::app
