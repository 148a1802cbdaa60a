// discus::media::dicomdir — the tolerant DICOMDIR reader used on import (PS3.3 Annex F, PS3.10 8).
//
// Reads a DICOMDIR in any encoding the Part 10 reader handles (big endian and implicit VR ones
// exist in the wild) and rebuilds the record hierarchy from the offsets (PS3.3 F.3.2.2: byte
// offsets from the first byte of the file to a record's (FFFE,E000) item tag). Media from the
// field are often damaged: dangling offsets, offsets into the middle of an item, cycles, records
// no chain reaches, inactive records, unknown or retired record types, wrong nesting. Each is
// tolerated and reported as a Finding; when the offsets are unusable the tree is rebuilt from the
// order of the Directory Record Sequence (PATIENT > STUDY > SERIES > leaf records).
//
// Memory is bounded by the records' number, not their content: the records are read one at a
// time (ReadOptions::item_sink), each kept as its offset, type and links only, and a record's
// keys are parsed again from the DICOMDIR when asked for (Dicomdir::load). 300,000 records take
// about 20 MB.
//
//   DISCUS_TRY(Dicomdir dir, read_dicomdir("/media/cdrom/DICOMDIR"));
//   for (const DirectoryRecord& patient : dir.roots) ...;  for (auto& f : dir.findings) ...;
//   DISCUS_TRY(RecordItem item, dir.load(image));   // item.keys, item.file_id
//   DISCUS_TRY(std::string path, resolve_file_id("/media/cdrom", item.file_id));
#pragma once

#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "base/finding.h"
#include "base/result.h"
#include "dicom/core/dataset.h"
#include "dicom/part10/reader.h"

namespace discus::media::dicomdir {

struct DirectoryRecord;

// The records under one record (or the roots): a view into the Dicomdir that holds them.
class RecordList {
 public:
  RecordList() = default;
  RecordList(const DirectoryRecord* first, std::size_t count) : first_(first), count_(count) {}
  const DirectoryRecord* begin() const { return first_; }
  const DirectoryRecord* end() const;
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  const DirectoryRecord& operator[](std::size_t i) const;
  const DirectoryRecord& at(std::size_t i) const;  // std::out_of_range past the end, as vector::at
  const DirectoryRecord& front() const { return *first_; }
  const DirectoryRecord& back() const;

 private:
  const DirectoryRecord* first_ = nullptr;
  std::size_t count_ = 0;
};

// One record of the hierarchy, compact: what it is and where; its keys are read on demand.
struct DirectoryRecord {
  std::string_view type;        // (0004,1430), e.g. "PATIENT", "IMAGE" (owned by the Dicomdir)
  std::uint64_t offset = 0;     // of its item's (FFFE,E000) tag in the DICOMDIR file
  std::uint32_t index = 0;      // its position in (0004,1220)
  // (0004,1410) != 0000H. Inactive records are left out of the tree (and reported), so every
  // record a reader sees here is in use; the field says so explicitly for consumers.
  bool in_use = true;
  bool has_file_id = false;     // (0004,1500) present with at least one component
  RecordList children;
};

inline const DirectoryRecord* RecordList::end() const { return first_ + count_; }
inline const DirectoryRecord& RecordList::operator[](std::size_t i) const { return first_[i]; }
inline const DirectoryRecord& RecordList::back() const { return first_[count_ - 1]; }
inline const DirectoryRecord& RecordList::at(std::size_t i) const {
  if (i >= count_) throw std::out_of_range("RecordList::at");
  return first_[i];
}

// A record's item, parsed again: all its keys, and its (0004,1500) components.
struct RecordItem {
  dicom::DataSet keys;
  std::vector<std::string> file_id;  // trailing padding trimmed; empty when none
};

class Dicomdir {
 public:
  Dicomdir() = default;
  Dicomdir(Dicomdir&&) = default;
  Dicomdir& operator=(Dicomdir&&) = default;
  Dicomdir(const Dicomdir&) = delete;  // records point into it
  Dicomdir& operator=(const Dicomdir&) = delete;

  std::string path, fileset_id, fileset_uid;
  RecordList roots;
  std::vector<base::Finding> findings;          // every tolerated problem
  bool hierarchy_from_sequence_order = false;   // offsets were unusable
  // The DICOMDIR's own elements; its (0004,1220) holds no items (they were streamed).
  dicom::part10::DicomFile file;

  // The keys of a record of this Dicomdir, read again from the file (or memory) it was read from.
  // Fails only when that changed or became unreadable since.
  base::Result<RecordItem> load(const DirectoryRecord& r) const;
  // Records in the tree (all levels).
  std::size_t record_count() const { return records_.size(); }

 private:
  friend struct Reading;
  std::vector<DirectoryRecord> records_;  // the tree, breadth first: each record's children adjacent
  std::deque<std::string> unknown_types_;  // types that are not in Table F.4-1 (stable addresses)
  dicom::part10::ItemLocation items_;      // how (0004,1220)'s items are encoded and bounded
  base::ByteView memory_;                  // read_dicomdir_memory: the caller's bytes
  std::vector<dicom::DataSet> kept_;       // a deflated DICOMDIR: items cannot be re-read by offset
};

// Fails only when the file cannot be read as DICOM at all; everything else is a finding.
base::Result<Dicomdir> read_dicomdir(const std::string& path);
// The same from bytes already in memory (a DICOMDIR read back from a disc image or drive);
// `name` stands for the path in findings. The bytes must outlive the Dicomdir (load reads them).
base::Result<Dicomdir> read_dicomdir_memory(base::ByteView bytes, const std::string& name);

// Counts the records of a tree (all levels).
std::size_t count_records(const RecordList& records);

}  // namespace discus::media::dicomdir
