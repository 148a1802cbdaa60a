// Test support for the DICOMDIR reader: temporary directories and hand-wired DICOMDIRs.
//
// A DICOMDIR is written once with zero offsets, read back to learn where each record's item
// starts, then the test wires (or miswires) the offsets and it is written again; offsets are UL,
// so the items do not move.
//   TempDir t;  DirSpec spec{{"PATIENT"}, {"STUDY"}};
//   auto path = write_dicomdir(t.file("DICOMDIR"), spec, tree_wiring({-1, 0}));
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "dicom/core/dataset.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"

namespace discus::media::dicomdir::testing {

namespace fs = std::filesystem;
namespace tags = dicom::tags;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("discus-dicomdir-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

struct RecordSpec {
  RecordSpec(std::string t, std::string f = "", std::uint16_t u = 0xFFFF, std::string k = "")  // NOLINT
      : type(std::move(t)), file_id(std::move(f)), in_use(u), key(std::move(k)) {}
  std::string type;
  std::string file_id;             // backslash-separated, empty for none
  std::uint16_t in_use = 0xFFFF;
  std::string key;                 // PatientID / StudyInstanceUID / ... for telling records apart
};
using DirSpec = std::vector<RecordSpec>;

// Sets the offsets: `at[i]` is where record i's item starts; `items[i]` its data set.
using Wiring = std::function<void(const std::vector<std::uint64_t>& at, dicom::DataSet& top,
                                  std::vector<dicom::DataSet>& items)>;

inline void set_next(dicom::DataSet& item, std::uint64_t v) {
  item.set_uint32(tags::OffsetOfTheNextDirectoryRecord, static_cast<std::uint32_t>(v));
}
inline void set_lower(dicom::DataSet& item, std::uint64_t v) {
  item.set_uint32(tags::OffsetOfReferencedLowerLevelDirectoryEntity, static_cast<std::uint32_t>(v));
}

// Wires a proper tree: parent[i] is the index of record i's parent, -1 for the root entity;
// siblings are chained in index order.
inline Wiring tree_wiring(std::vector<int> parent) {
  return [parent](const std::vector<std::uint64_t>& at, dicom::DataSet& top, std::vector<dicom::DataSet>& items) {
    const int n = static_cast<int>(parent.size());
    std::vector<int> last_child(n + 1, -1);  // index n stands for the root
    for (int i = 0; i < n; ++i) {
      const int p = parent[i] < 0 ? n : parent[i];
      if (last_child[p] < 0) {
        if (p == n) top.set_uint32(tags::OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity,
                                   static_cast<std::uint32_t>(at[i]));
        else set_lower(items[p], at[i]);
      } else {
        set_next(items[last_child[p]], at[i]);
      }
      last_child[p] = i;
      if (p == n) top.set_uint32(tags::OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity,
                                 static_cast<std::uint32_t>(at[i]));
    }
  };
}

inline dicom::DataSet record_item(const RecordSpec& r) {
  dicom::DataSet item;
  item.set_uint32(tags::OffsetOfTheNextDirectoryRecord, 0);
  item.set_uint16(tags::RecordInUseFlag, r.in_use);
  item.set_uint32(tags::OffsetOfReferencedLowerLevelDirectoryEntity, 0);
  item.set_string(tags::DirectoryRecordType, dicom::VR::CS, r.type);
  if (!r.file_id.empty()) item.set_string(tags::ReferencedFileID, dicom::VR::CS, r.file_id);
  if (!r.key.empty()) {
    if (r.type == "PATIENT") item.set_string(tags::PatientID, dicom::VR::LO, r.key);
    else if (r.type == "STUDY") item.set_string(tags::StudyInstanceUID, dicom::VR::UI, r.key);
    else if (r.type == "SERIES") item.set_string(tags::SeriesInstanceUID, dicom::VR::UI, r.key);
    else item.set_string(tags::ReferencedSOPInstanceUIDInFile, dicom::VR::UI, r.key);
  }
  if (!r.file_id.empty() && !r.key.empty()) {  // as check_references wants them
    item.set_string(tags::ReferencedSOPClassUIDInFile, dicom::VR::UI, dicom::uids::SecondaryCaptureImageStorage);
    item.set_string(tags::ReferencedTransferSyntaxUIDInFile, dicom::VR::UI, dicom::uids::ExplicitVRLittleEndian);
  }
  return item;
}

inline dicom::DataSet top_level(const DirSpec& spec, bool with_sequence) {
  dicom::DataSet top;
  top.set_string(tags::FileSetID, dicom::VR::CS, "TEST_SET");
  top.set_uint32(tags::OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, 0);
  top.set_uint32(tags::OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity, 0);
  top.set_uint16(tags::FileSetConsistencyFlag, 0);
  if (with_sequence) {
    dicom::Element seq;
    seq.tag = tags::DirectoryRecordSequence;
    seq.vr = dicom::VR::SQ;
    seq.kind = dicom::Element::Kind::kSequence;
    for (const RecordSpec& r : spec) seq.items.push_back(record_item(r));
    top.insert(std::move(seq));
  }
  return top;
}

inline void write(const std::string& path, const dicom::DataSet& top, const std::string& ts) {
  dicom::DataSet meta;
  meta.set_string(tags::MediaStorageSOPClassUID, dicom::VR::UI, dicom::uids::MediaStorageDirectoryStorage);
  meta.set_string(tags::MediaStorageSOPInstanceUID, dicom::VR::UI, "1.2.826.0.1.3680043.2.1125.77.1");
  dicom::part10::WriteOptions opt;
  opt.transfer_syntax_uid = ts;
  opt.sequence_lengths = dicom::part10::SequenceLengths::kDefined;
  opt.sync = false;
  auto ok = dicom::part10::write_file(path, top, &meta, opt);
  ASSERT_TRUE(ok) << ok.error().describe();
}

// Writes a DICOMDIR of `spec` wired by `wiring`; returns the item offsets.
inline std::vector<std::uint64_t> write_dicomdir(const std::string& path, const DirSpec& spec, const Wiring& wiring,
                                                 const std::string& ts = std::string(dicom::uids::ExplicitVRLittleEndian),
                                                 bool with_sequence = true) {
  dicom::DataSet top = top_level(spec, with_sequence);
  write(path, top, ts);
  if (!with_sequence) return {};
  auto first = dicom::part10::read_file(path);
  EXPECT_TRUE(first) << first.error().describe();
  if (!first) return {};
  const std::vector<std::uint64_t> at = first->dataset.find(tags::DirectoryRecordSequence)->item_offsets;
  wiring(at, top, top.find(tags::DirectoryRecordSequence)->items);
  write(path, top, ts);
  auto second = dicom::part10::read_file(path);
  EXPECT_TRUE(second);
  if (second) {
    EXPECT_EQ(second->dataset.find(tags::DirectoryRecordSequence)->item_offsets, at);
  }
  return at;
}

}  // namespace discus::media::dicomdir::testing
