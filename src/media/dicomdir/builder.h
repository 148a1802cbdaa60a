// discus::media::dicomdir — builds the DICOMDIR of a file-set (PS3.3 Annex F, PS3.10 8.6).
//
// From the headers of the instances of a file-set and their File IDs, builds the Basic Directory
// IOD: a PATIENT / STUDY / SERIES / instance record tree with the keys of PS3.3 F.5 plus those a
// PS3.11 profile adds, the Specific Character Set of each source carried into its records (text
// keys are copied byte for byte, never re-encoded), and the record offsets patched to the exact
// byte positions of the record items (counted from the first byte of the file). A Type 1 key an
// instance lacks is supplied as PS3.11 D.3.3.1 allows, with a finding saying so.
//
//   std::vector<InstanceEntry> entries = ...;  BuildOptions opt{.fileset_uid = uids.next()};
//   DISCUS_TRY(BuiltDicomdir d, build_dicomdir(entries, opt));  write d.bytes as DICOMDIR
#pragma once

#include <string>
#include <vector>

#include "base/finding.h"
#include "base/result.h"
#include "dicom/core/dataset.h"

namespace discus::media::dicomdir {

struct InstanceEntry {
  std::vector<std::string> file_id;     // components, e.g. {"DICOM", "P0000001", ..., "I0000001"}
  const dicom::DataSet* header = nullptr;  // the instance's data set (pixel data not needed)
  std::string transfer_syntax_uid;      // of the file as written in the file-set
  std::string source;                   // where it came from, for findings
  const dicom::DataSet* icon = nullptr;  // the record's Icon Image Sequence item (PS3.3 F.7), if any
};

// A key a media profile adds to a record type (PS3.11 Tables D.3-2, H.3-2, ...).
struct ExtraKey {
  std::string record_type;
  dicom::Tag tag;
  std::string type;  // "1", "1C", "2", "3"
  std::string reference;
};

struct BuildOptions {
  std::string fileset_id;   // (0004,1130): 0-16 of A-Z 0-9 _, may be empty
  std::string fileset_uid;  // (0002,0003) of the DICOMDIR
  std::vector<ExtraKey> extra_keys;
};

struct BuiltDicomdir {
  base::Bytes bytes;                    // the complete DICOMDIR file
  std::vector<base::Finding> findings;  // keys supplied, instances that cannot be referenced
  std::size_t record_count = 0;
  std::size_t patients = 0, studies = 0, series = 0;  // records of each level
};

base::Result<BuiltDicomdir> build_dicomdir(const std::vector<InstanceEntry>& instances, const BuildOptions& options);

// The top-level tags the DICOMDIR builder (and a profile check) may read from an instance
// header: the F.5 record keys, `extra_keys`, and what grouping and supplying keys need. Sorted.
std::vector<dicom::Tag> directory_key_tags(const std::vector<ExtraKey>& extra_keys);

// Drops from an instance header every top-level element not in directory_key_tags(), so a scan
// of thousands of files keeps a few dozen elements per file.
void keep_only_directory_keys(dicom::DataSet& header, const std::vector<ExtraKey>& extra_keys);
void keep_only_directory_keys(dicom::DataSet& header, const std::vector<dicom::Tag>& sorted_tags);

}  // namespace discus::media::dicomdir
