// discus::output::iso — file content for libisofs read in 1 MiB gulps (internal to output/iso).
//
// libisofs asks its content streams for one 2048-byte block at a time; its own local-file stream
// turns each request into a read(2), half a million system calls for a 1 GB file-set. This
// stream serves those requests from a 1 MiB read-ahead buffer, so each staged file is still
// streamed (never whole in memory) with a few large reads. Only iso_writer.cc uses it.
//   IsoStream* s = nullptr;  DISCUS_CHECK(new_staged_stream(path, st, &s));  iso_tree_add_new_file(dir, name, s, nullptr);
#pragma once

#include <sys/stat.h>

#include <string>

#include "base/result.h"

struct iso_stream;

namespace discus::output::iso {

// A new libisofs stream (one reference, handed to the file node that takes it) over `path`,
// whose stat is `st`.
base::Status new_staged_stream(const std::string& path, const struct stat& st, iso_stream** out);

}  // namespace discus::output::iso
