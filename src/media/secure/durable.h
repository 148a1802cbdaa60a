// discus::media::secure — finished outputs made durable before anyone is told they exist.
//
// An output is written under a temporary name, fsync'ed, renamed over its final name, and the
// directory holding it fsync'ed so the rename itself survives a power cut. A failure before the
// rename leaves nothing under the final name (the temporary file is removed). With sync off
// (`--no-sync`, for benchmarks) only the rename is done.
//   DISCUS_CHECK(commit_output(output, sync));  // instead of output.commit()
#pragma once

#include <string>

#include "base/file.h"

namespace discus::media::secure {

// fsync of a directory (its entries: files created, renamed or removed in it).
base::Status sync_directory(const std::string& dir);
// Commits `out` (fsync first when `sync`), then syncs its directory when `sync_dir` too.
base::Status commit_output(base::AtomicOutputFile& out, bool sync, bool sync_dir);

}  // namespace discus::media::secure
