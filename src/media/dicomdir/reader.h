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
//   DISCUS_TRY(Dicomdir dir, read_dicomdir("/media/cdrom/DICOMDIR"));
//   for (const DirectoryRecord& patient : dir.roots) ...;  for (auto& f : dir.findings) ...;
//   DISCUS_TRY(std::string path, resolve_file_id("/media/cdrom", image.file_id));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/finding.h"
#include "base/result.h"
#include "dicom/core/dataset.h"
#include "dicom/part10/reader.h"

namespace discus::media::dicomdir {

struct DirectoryRecord {
  std::string type;                      // (0004,1430), e.g. "PATIENT", "IMAGE"
  std::uint64_t offset = 0;              // of its item's (FFFE,E000) tag in the DICOMDIR file
  const dicom::DataSet* keys = nullptr;  // the record's item (owned by Dicomdir::file)
  std::vector<std::string> file_id;      // (0004,1500) components, empty when none
  // (0004,1410) != 0000H. Inactive records are left out of the tree (and reported), so every
  // record a reader sees here is in use; the field says so explicitly for consumers.
  bool in_use = true;
  std::vector<DirectoryRecord> children;
};

struct Dicomdir {
  std::string path, fileset_id, fileset_uid;
  std::vector<DirectoryRecord> roots;
  std::vector<base::Finding> findings;          // every tolerated problem
  bool hierarchy_from_sequence_order = false;   // offsets were unusable
  dicom::part10::DicomFile file;                // keeps the data sets alive
};

// Fails only when the file cannot be read as DICOM at all; everything else is a finding.
// The returned value must not be copied (records point into `file`); moving is fine.
base::Result<Dicomdir> read_dicomdir(const std::string& path);
// The same from bytes already in memory (a DICOMDIR read back from a disc image or drive);
// `name` stands for the path in findings.
base::Result<Dicomdir> read_dicomdir_memory(base::ByteView bytes, const std::string& name);
// The same from a file the Part 10 reader has already parsed.
base::Result<Dicomdir> read_dicomdir_parsed(dicom::part10::DicomFile file, const std::string& path);

// Counts the records of a tree (all levels).
std::size_t count_records(const std::vector<DirectoryRecord>& records);

}  // namespace discus::media::dicomdir
