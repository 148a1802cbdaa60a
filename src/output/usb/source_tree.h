// discus::output::usb — the file-set folder a USB writer copies, and the completion marker.
//
// A file-set made by `discus author` is a folder with DICOMDIR, README.TXT, SHA256.TXT and the
// DICOM/... instances (PS3.10 8, PS3.12 Annex R). The writers take its listing from here: every
// regular file with its size, every directory (parents first), in name order, so two runs write
// identical media. Symbolic links and special files are refused: a medium must not depend on
// what they point to.
//   DISCUS_TRY(SourceTree t, read_source_tree("out/fileset"));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::output::usb {

struct SourceFile {
  std::string relative;  // "DICOM/P0000001/S0000001/E0000001/I0000001", '/'-separated
  std::string path;      // where to read it
  std::uint64_t size = 0;
};

struct SourceTree {
  std::string root;
  std::vector<std::string> directories;  // relative, a parent before its children
  std::vector<SourceFile> files;         // sorted by relative path
  std::uint64_t total_bytes = 0;
};

// Fails when `root` is no file-set: it must hold a DICOMDIR and the SHA256.TXT manifest that
// read-back verification compares against.
base::Result<SourceTree> read_source_tree(const std::string& root);

// The completion marker, written after everything else and synced: a stick without it was
// pulled (or the job failed) before the copy finished. An 8.3 name outside the DICOM file-set
// (PS3.12 allows other files on the medium) so no reader mistakes it for an instance.
inline constexpr const char* kCompletionMarker = "DISCUSOK.TXT";

// Its text: what was written, when, and the SHA-256 of the manifest it completes.
base::Result<base::Bytes> marker_text(const SourceTree& tree, std::int64_t unix_seconds);

}  // namespace discus::output::usb
