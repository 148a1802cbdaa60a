// discus::import — an outside medium opened for import: a folder (USB stick, mounted disc), an
// ISO 9660 or UDF image read in place (no mount), or a drive read through libburn.
//
// Every entry is listed, not only regular files: symbolic links, FIFOs and devices found in a
// folder are entries too (accounted as not DICOM, never followed or opened), so the accounting of
// an import covers everything the medium shows. Files are read through output::MediumReader, the
// one interface every medium is read back through (verification uses the same readers).
//   DISCUS_TRY(Medium m, open_medium(SourceKind::kIso, "disc.iso"));  for (auto& e : m.entries) ...;
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "output/verify/medium_reader.h"

namespace discus::import {

enum class SourceKind { kDir, kIso, kDrive };

struct MediumEntry {
  std::string path;           // relative to the medium's root, '/'-separated, as the medium shows it
  std::uint64_t size = 0;
  bool regular = true;        // false: a link, FIFO, device or socket (never opened)
  std::string what;           // for entries that are not regular files: "symbolic link to /etc"
};

struct Medium {
  std::unique_ptr<output::MediumReader> reader;
  std::vector<MediumEntry> entries;  // sorted by path
  std::string description;           // "ISO image disc.iso", "folder /media/cdrom"
};

base::Result<Medium> open_medium(SourceKind kind, const std::string& target);

// Reads a whole file of the medium into memory, refusing one larger than `cap` bytes.
// `expected` (the listed size) is reserved up front.
base::Result<base::Bytes> read_whole(const output::MediumReader& reader, const std::string& path, std::uint64_t cap,
                                     std::uint64_t expected = 0);

}  // namespace discus::import
