// discus::dicom::part10 — a headers-only read that keeps only the top-level elements asked for.
//
// For scans of thousands of files that need a few keys per file (a DICOMDIR, PS3.3 F.5): one
// open, one fstat and a small pread per file (more only when the header is longer), elements
// walked in place, values copied only for the wanted tags, everything else skipped by length.
// It takes only the plain case, a Part 10 file (PS3.10 7.1) whose data set is explicit VR
// little endian and well formed (wanted sequences are built by read_file's own parser); for
// anything else (other encodings, public UN, undefined-length values outside sequences, a wanted
// value read_file would defer, any irregularity read_file would warn about or reject) it answers
// kNeedFullRead and the caller uses read_file(). When it answers kRead, the kept elements are
// exactly those read_file() with stop_before_pixels and a 4 KiB defer threshold gives.
//
//   HeaderKeyReader r(sorted_tags);      // one per thread: it owns the read buffer
//   DicomFile f;  FileIdentity id;
//   if (r.read(path, f, id) == KeyReadOutcome::kNeedFullRead) ...read_file(path, opt)...
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dicom/core/tag.h"
#include "dicom/part10/reader.h"

namespace discus::dicom::part10 {

enum class KeyReadOutcome { kRead, kNeedFullRead };

// Device and inode of a file, so that a file reached by two paths is listed once.
struct FileIdentity {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  bool known = false;
};

// A 4096-bit set of tag hashes: most tags of a header are not wanted, and this says so before
// the sorted list is searched.
class TagFilter {
 public:
  void add(Tag t) { bits_[slot(t) / 64] |= std::uint64_t{1} << (slot(t) % 64); }
  bool maybe(Tag t) const { return (bits_[slot(t) / 64] >> (slot(t) % 64)) & 1u; }

 private:
  static std::uint32_t slot(Tag t) { return (t.value * 0x9E3779B1u) >> 20; }
  std::uint64_t bits_[64] = {};
};

class HeaderKeyReader {
 public:
  // `keep`: the top-level tags to keep, sorted ascending. Values of `max_value` bytes or more
  // (read_file would defer them) make the file a kNeedFullRead.
  explicit HeaderKeyReader(std::vector<Tag> keep, std::uint64_t max_value = 4096);

  // On kRead, `out` holds path, has_preamble, has_meta, the Transfer Syntax UID as the only meta
  // element, transfer_syntax, dataset_offset, pixel_data and the kept elements (preamble,
  // warnings and source are left empty). `id` is filled whenever the file could be opened.
  KeyReadOutcome read(const std::string& path, DicomFile& out, FileIdentity& id);

 private:
  std::vector<Tag> keep_;
  TagFilter filter_;
  std::uint64_t max_value_;
  std::vector<std::uint8_t> buf_;
};

// Just the identity (a stat), for files that are listed but not read.
FileIdentity identity_of(const std::string& path);

}  // namespace discus::dicom::part10
