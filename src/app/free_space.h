// discus::app — free space: a job the target's file system cannot hold is refused before it
// starts (issue 12 item 4), with what it needs, what is available and where.
//
// The estimate is the bytes the job will write (the inputs' sizes plus a margin for the DICOMDIR,
// reports and file-system overhead); a disk that fills anyway during the job (other writers,
// a poor estimate) is the second line: every output is a temporary or a staging folder until it
// is complete, so the job fails with ENOSPC naming the file and leaves nothing finished-looking.
//   DISCUS_TRY(std::uint64_t in, bytes_under(options.inputs));
//   DISCUS_CHECK(check_free_space(options.out_dir, estimate_output(in), "author"));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace discus::app {

// The total size of the regular files named or found (recursively) under `paths`; what cannot be
// listed counts 0 (the job itself reports it).
std::uint64_t bytes_under(const std::vector<std::string>& paths);

// The bytes a job that writes a copy of `input_bytes` needs: 5% and 4 MiB more (DICOMDIR,
// reports, README, allocation slack of small files).
std::uint64_t estimate_output(std::uint64_t input_bytes);

// Bytes available to this user on the file system that holds `path` (or, when it does not exist
// yet, its nearest existing parent); an error when statvfs fails (then no check is made).
base::Result<std::uint64_t> available_bytes(const std::string& path);

// Refuses (kIo) when the file system of `path` has fewer than `needed` bytes available:
// "not enough free space for <job> in 'PATH': needs about 120.0 MB, 15.2 MB available".
// DISCUS_FREE_SPACE_CHECK=0 in the environment skips it (tests that fill a disk on purpose).
base::Status check_free_space(const std::string& path, std::uint64_t needed, const std::string& job);

}  // namespace discus::app
