// DICOMDIR builder: hierarchy, exact offsets (checked by our tolerant reader, which reports any
// offset that does not land on an item), keys supplied with findings, character sets carried.
#include "media/dicomdir/builder.h"

#include <gtest/gtest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <set>

#include <filesystem>
#include <fstream>

#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"
#include "dicom/part10/reader.h"
#include "media/dicomdir/reader.h"
#include "media/dicomdir/record_types.h"

namespace discus::media::dicomdir {
namespace {

namespace fs = std::filesystem;
namespace tags = dicom::tags;
using dicom::DataSet;
using dicom::VR;

DataSet instance(const std::string& patient, const std::string& study, const std::string& series, int number,
                 std::string_view sop_class = dicom::uids::CTImageStorage) {
  DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, sop_class);
  ds.set_string(tags::SOPInstanceUID, VR::UI, fmt::format("1.2.3.{}.{}.{}", study.size(), series.size(), number));
  ds.set_string(tags::PatientID, VR::LO, patient);
  ds.set_string(tags::PatientName, VR::PN, "Doe^" + patient);
  ds.set_string(tags::StudyInstanceUID, VR::UI, study);
  ds.set_string(tags::StudyDate, VR::DA, "20240310");
  ds.set_string(tags::StudyTime, VR::TM, "101500");
  ds.set_string(tags::StudyID, VR::SH, "42");
  ds.set_string(tags::AccessionNumber, VR::SH, "A1");
  ds.set_string(tags::SeriesInstanceUID, VR::UI, series);
  ds.set_string(tags::SeriesNumber, VR::IS, "3");
  ds.set_string(tags::Modality, VR::CS, "CT");
  ds.set_string(tags::InstanceNumber, VR::IS, std::to_string(number));
  return ds;
}

struct Built {
  BuiltDicomdir built;
  Dicomdir read;
  std::string path;
};

// A record's keys, read again from the DICOMDIR (the reader keeps records compact).
DataSet keys_of(const Dicomdir& d, const DirectoryRecord& r) {
  auto item = d.load(r);
  EXPECT_TRUE(item) << item.error().describe();
  return item ? std::move(item->keys) : DataSet{};
}

Built build_and_read(const std::vector<DataSet>& sets) {
  std::vector<InstanceEntry> entries;
  for (std::size_t i = 0; i < sets.size(); ++i)
    entries.push_back(InstanceEntry{{"DICOM", fmt::format("I{:07d}", i)}, &sets[i], std::string(dicom::uids::ExplicitVRLittleEndian),
                                    fmt::format("src{}", i)});
  BuildOptions opt;
  opt.fileset_id = "TEST_SET";
  opt.fileset_uid = "1.2.826.0.1.3680043.10.1";
  auto built = build_dicomdir(entries, opt);
  EXPECT_TRUE(built) << built.error().describe();
  const std::string path = (fs::temp_directory_path() / fmt::format("discus-dicomdir-{}-{}", ::getpid(), sets.size())).string();
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(built->bytes.data()),
                                              static_cast<std::streamsize>(built->bytes.size()));
  auto read = read_dicomdir(path);
  EXPECT_TRUE(read) << read.error().describe();
  Built out{std::move(*built), std::move(*read), path};
  fs::remove(path);
  return out;
}

TEST(DicomdirBuilder, RecordTypesComeFromTheTable) {
  EXPECT_EQ(record_type_for(dicom::uids::CTImageStorage)->record_type, "IMAGE");
  EXPECT_EQ(record_type_for(dicom::uids::KeyObjectSelectionDocumentStorage)->record_type, "KEY OBJECT DOC");
  EXPECT_EQ(record_type_for(dicom::uids::ComprehensiveSRStorage)->record_type, "SR DOCUMENT");
  EXPECT_EQ(record_type_for(dicom::uids::RTDoseStorage)->record_type, "RT DOSE");
  EXPECT_EQ(record_type_for(dicom::uids::EncapsulatedPDFStorage)->record_type, "ENCAP DOC");
  EXPECT_EQ(record_type_for(dicom::uids::GrayscaleSoftcopyPresentationStateStorage)->record_type, "PRESENTATION");
  EXPECT_EQ(record_type_for(dicom::uids::SegmentationStorage)->record_type, "IMAGE");
  EXPECT_TRUE(record_type_for(dicom::uids::HangingProtocolStorage)->root_level);
  EXPECT_EQ(record_type_for("1.2.3.4"), nullptr);
}

TEST(DicomdirBuilder, HierarchyAndOffsetsReadBackWithoutFindings) {
  const std::vector<DataSet> sets = {instance("P1", "1.2.1", "1.2.1.1", 2), instance("P1", "1.2.1", "1.2.1.1", 1),
                                     instance("P1", "1.2.1", "1.2.1.2", 1), instance("P2", "1.2.2", "1.2.2.1", 1)};
  Built b = build_and_read(sets);
  EXPECT_TRUE(b.read.findings.empty()) << b.read.findings.front().message;
  EXPECT_FALSE(b.read.hierarchy_from_sequence_order);
  EXPECT_EQ(b.read.fileset_id, "TEST_SET");
  ASSERT_EQ(b.read.roots.size(), 2u);
  const DirectoryRecord& p1 = b.read.roots[0];
  EXPECT_EQ(p1.type, "PATIENT");
  ASSERT_EQ(p1.children.size(), 1u);
  const DirectoryRecord& study = p1.children[0];
  EXPECT_EQ(study.type, "STUDY");
  ASSERT_EQ(study.children.size(), 2u);
  const DirectoryRecord& series = study.children[0];
  ASSERT_EQ(series.children.size(), 2u);
  // Instances in Instance Number order, whatever the input order.
  EXPECT_EQ(keys_of(b.read, series.children[0]).get_string(tags::InstanceNumber), "1");
  EXPECT_EQ(b.read.load(series.children[0])->file_id, (std::vector<std::string>{"DICOM", "I0000001"}));
  EXPECT_EQ(keys_of(b.read, series.children[0]).get_string(tags::ReferencedSOPClassUIDInFile), dicom::uids::CTImageStorage);
  EXPECT_EQ(b.built.patients, 2u);
  EXPECT_EQ(b.built.series, 3u);
  EXPECT_EQ(b.built.record_count, 2u + 2u + 3u + 4u);
}

TEST(DicomdirBuilder, MissingType1KeysAreSuppliedWithFindings) {
  DataSet ds = instance("", "1.2.9", "1.2.9.1", 1);
  ds.erase(tags::PatientID);
  ds.erase(tags::StudyID);
  ds.erase(tags::SeriesNumber);
  ds.erase(tags::InstanceNumber);
  ds.erase(tags::StudyDate);
  ds.set_string(tags::SeriesDate, VR::DA, "20230102");
  Built b = build_and_read({ds});
  std::set<std::string> supplied;
  for (const auto& f : b.built.findings) {
    EXPECT_TRUE(f.repaired) << f.message;
    supplied.insert(f.tag_path);
  }
  EXPECT_EQ(supplied, (std::set<std::string>{"(0010,0020)", "(0020,0010)", "(0020,0011)", "(0020,0013)", "(0008,0020)"}));
  const DirectoryRecord& patient = b.read.roots.at(0);
  EXPECT_EQ(keys_of(b.read, patient).get_string(tags::PatientID)->substr(0, 7), "DISCUS_");
  const DirectoryRecord& study = patient.children.at(0);
  EXPECT_EQ(keys_of(b.read, study).get_string(tags::StudyDate), "20230102");  // the series date stands in
  EXPECT_EQ(keys_of(b.read, study).get_string(tags::StudyID), "1");
}

TEST(DicomdirBuilder, CharacterSetIsCarriedAndTextIsCopiedByteForByte) {
  DataSet ds = instance("P7", "1.2.7", "1.2.7.1", 1);
  ds.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 126");
  const std::string greek = "\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2";  // Dionysios in ISO 8859-7
  ds.set_string(tags::PatientName, VR::PN, greek);
  Built b = build_and_read({ds});
  const DirectoryRecord& patient = b.read.roots.at(0);
  EXPECT_EQ(keys_of(b.read, patient).get_string(tags::SpecificCharacterSet), "ISO_IR 126");
  EXPECT_EQ(keys_of(b.read, patient).get_string(tags::PatientName), greek);
}

TEST(DicomdirBuilder, PreDicomDatesAreNormalisedInTheRecord) {
  DataSet ds = instance("P8", "1.2.8", "1.2.8.1", 1);
  ds.set_string(tags::StudyDate, VR::DA, "1997.04.24");
  ds.set_string(tags::StudyTime, VR::TM, "14:04:38");
  Built b = build_and_read({ds});
  const DirectoryRecord& study = b.read.roots.at(0).children.at(0);
  EXPECT_EQ(keys_of(b.read, study).get_string(tags::StudyDate), "19970424");
  EXPECT_EQ(keys_of(b.read, study).get_string(tags::StudyTime), "140438");
  EXPECT_EQ(b.built.findings.size(), 2u);
}

TEST(DicomdirBuilder, InstancesNoRecordTypeReferencesAreReported) {
  DataSet ds = instance("P9", "1.2.9", "1.2.9.1", 1, "1.2.3.4.5");
  std::vector<InstanceEntry> entries{{{"DICOM", "X"}, &ds, std::string(dicom::uids::ExplicitVRLittleEndian), "odd"}};
  auto built = build_dicomdir(entries, BuildOptions{"", "1.2.3", {}});
  ASSERT_TRUE(built);
  ASSERT_EQ(built->findings.size(), 1u);
  EXPECT_EQ(built->findings[0].rule, "dicomdir.no-record-type");
  EXPECT_EQ(built->record_count, 0u);
}

}  // namespace
}  // namespace discus::media::dicomdir
