// DICOMDIR reader: the hierarchy from offsets, and every kind of broken DICOMDIR a disc from the
// field brings (dangling offsets, offsets into an item, cycles, missing sequence, bad nesting,
// inactive records, wrong root offset) read with findings instead of failures.
#include "media/dicomdir/reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "reader_test_support.h"

namespace discus::media::dicomdir {
namespace {

using namespace testing;  // NOLINT

// "PATIENT(STUDY(SERIES(IMAGE,IMAGE)))"
std::string shape(const RecordList& records) {
  std::string s;
  for (const DirectoryRecord& r : records) {
    if (!s.empty()) s += ",";
    s += std::string(r.type);
    if (!r.children.empty()) s += "(" + shape(r.children) + ")";
  }
  return s;
}

std::size_t count_rule(const Dicomdir& d, std::string_view rule) {
  return static_cast<std::size_t>(
      std::count_if(d.findings.begin(), d.findings.end(), [&](const base::Finding& f) { return f.rule == rule; }));
}

std::string all_findings(const Dicomdir& d) {
  std::string s;
  for (const base::Finding& f : d.findings) s += f.rule + ": " + f.message + "\n";
  return s;
}

const DirSpec kStandard{{"PATIENT", "", 0xFFFF, "P1"},  {"STUDY", "", 0xFFFF, "1.1"},
                        {"SERIES", "", 0xFFFF, "1.1.1"}, {"IMAGE", "A\\B\\IM1", 0xFFFF, "1.1.1.1"},
                        {"IMAGE", "A\\B\\IM2", 0xFFFF, "1.1.1.2"}};
const std::vector<int> kStandardParents{-1, 0, 1, 2, 2};

Dicomdir read_ok(const std::string& path) {
  auto d = read_dicomdir(path);
  EXPECT_TRUE(d) << d.error().describe();
  return d ? std::move(*d) : Dicomdir{};
}

TEST(DicomdirReader, FollowsOffsetsOfAWellFormedDirectory) {
  TempDir t;
  const auto at = write_dicomdir(t.file("DICOMDIR"), kStandard, tree_wiring(kStandardParents));
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_EQ(shape(d.roots), "PATIENT(STUDY(SERIES(IMAGE,IMAGE)))");
  EXPECT_TRUE(d.findings.empty()) << all_findings(d);
  EXPECT_FALSE(d.hierarchy_from_sequence_order);
  EXPECT_EQ(d.fileset_id, "TEST_SET");
  EXPECT_EQ(d.fileset_uid, "1.2.826.0.1.3680043.2.1125.77.1");
  const DirectoryRecord& image = d.roots[0].children[0].children[0].children[1];
  EXPECT_EQ(image.offset, at[4]);
  EXPECT_TRUE(image.has_file_id);
  auto item = d.load(image);
  ASSERT_TRUE(item) << item.error().describe();
  EXPECT_EQ(item->file_id, (std::vector<std::string>{"A", "B", "IM2"}));
  EXPECT_EQ(item->keys.get_string(tags::ReferencedSOPInstanceUIDInFile), "1.1.1.2");
  EXPECT_EQ(count_records(d.roots), 5u);
  EXPECT_EQ(d.record_count(), 5u);
  EXPECT_FALSE(d.roots[0].has_file_id);
}

TEST(DicomdirReader, ReadsImplicitVrDirectories) {
  TempDir t;
  write_dicomdir(t.file("DICOMDIR"), kStandard, tree_wiring(kStandardParents),
                 std::string(dicom::uids::ImplicitVRLittleEndian));
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_EQ(shape(d.roots), "PATIENT(STUDY(SERIES(IMAGE,IMAGE)))");
  EXPECT_EQ(count_rule(d, "dicomdir.transfer-syntax"), 1u) << all_findings(d);
}

TEST(DicomdirReader, OrderOfItemsDoesNotMatterWhenOffsetsAreRight) {
  TempDir t;
  const DirSpec reversed{kStandard[4], kStandard[3], kStandard[2], kStandard[1], kStandard[0]};
  write_dicomdir(t.file("DICOMDIR"), reversed, tree_wiring({2, 2, 3, 4, -1}));
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_EQ(shape(d.roots), "PATIENT(STUDY(SERIES(IMAGE,IMAGE)))");
  EXPECT_TRUE(d.findings.empty()) << all_findings(d);
}

TEST(DicomdirReader, OffsetPointingNowhereIsAFinding) {
  TempDir t;
  write_dicomdir(t.file("DICOMDIR"), kStandard, [](auto& at, auto& top, auto& items) {
    tree_wiring(kStandardParents)(at, top, items);
    set_next(items[3], 999999);  // the second IMAGE is no longer reached
  });
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_EQ(count_rule(d, "dicomdir.offset-dangling"), 1u) << all_findings(d);
  // The record the broken link lost is placed back by sequence order, and says so.
  EXPECT_EQ(count_rule(d, "dicomdir.record-unreached"), 1u) << all_findings(d);
  EXPECT_EQ(shape(d.roots), "PATIENT(STUDY(SERIES(IMAGE,IMAGE)))");
}

TEST(DicomdirReader, OffsetIntoTheMiddleOfAnItemIsAFinding) {
  TempDir t;
  write_dicomdir(t.file("DICOMDIR"), kStandard, [](auto& at, auto& top, auto& items) {
    tree_wiring(kStandardParents)(at, top, items);
    set_lower(items[2], at[3] + 8);  // inside the first IMAGE item, past its item header
  });
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  ASSERT_EQ(count_rule(d, "dicomdir.offset-dangling"), 1u) << all_findings(d);
  const auto f = std::find_if(d.findings.begin(), d.findings.end(),
                              [](const base::Finding& x) { return x.rule == "dicomdir.offset-dangling"; });
  EXPECT_NE(f->message.find("falls inside the IMAGE record"), std::string::npos) << f->message;
  EXPECT_EQ(count_records(d.roots), 5u);
}

TEST(DicomdirReader, CycleIsCutAndReported) {
  TempDir t;
  write_dicomdir(t.file("DICOMDIR"), kStandard, [](auto& at, auto& top, auto& items) {
    tree_wiring(kStandardParents)(at, top, items);
    set_next(items[4], at[3]);  // IMAGE 2 -> IMAGE 1 -> IMAGE 2 ...
  });
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_EQ(count_rule(d, "dicomdir.offset-cycle"), 1u) << all_findings(d);
  EXPECT_EQ(shape(d.roots), "PATIENT(STUDY(SERIES(IMAGE,IMAGE)))");
}

TEST(DicomdirReader, RecordThatIsItsOwnLowerLevelEntityIsCut) {
  TempDir t;
  write_dicomdir(t.file("DICOMDIR"), kStandard, [](auto& at, auto& top, auto& items) {
    tree_wiring(kStandardParents)(at, top, items);
    set_lower(items[1], at[1]);
  });
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_GE(count_rule(d, "dicomdir.offset-cycle"), 1u) << all_findings(d);
  EXPECT_EQ(count_records(d.roots), 5u) << shape(d.roots);
}

TEST(DicomdirReader, MissingDirectoryRecordSequenceIsAFinding) {
  TempDir t;
  write_dicomdir(t.file("DICOMDIR"), kStandard, tree_wiring({}), std::string(dicom::uids::ExplicitVRLittleEndian),
                 /*with_sequence=*/false);
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_TRUE(d.roots.empty());
  EXPECT_EQ(count_rule(d, "dicomdir.no-record-sequence"), 1u) << all_findings(d);
}

TEST(DicomdirReader, AllOffsetsZeroRebuildsFromSequenceOrder) {
  TempDir t;
  const DirSpec spec{{"PATIENT", "", 0xFFFF, "P1"}, {"STUDY"}, {"SERIES"}, {"IMAGE", "IM1"}, {"IMAGE", "IM2"},
                     {"SERIES"}, {"IMAGE", "IM3"}, {"PATIENT", "", 0xFFFF, "P2"}, {"STUDY"}, {"SERIES"},
                     {"IMAGE", "IM4"}, {"HANGING PROTOCOL", "HP1"}};
  write_dicomdir(t.file("DICOMDIR"), spec, [](auto&, auto&, auto&) {});
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_TRUE(d.hierarchy_from_sequence_order);
  EXPECT_EQ(count_rule(d, "dicomdir.sequence-order"), 1u) << all_findings(d);
  EXPECT_EQ(shape(d.roots),
            "PATIENT(STUDY(SERIES(IMAGE,IMAGE),SERIES(IMAGE))),PATIENT(STUDY(SERIES(IMAGE))),HANGING PROTOCOL");
}

TEST(DicomdirReader, WrongNestingIsReportedNotRefused) {
  TempDir t;
  const DirSpec spec{{"PATIENT"}, {"IMAGE", "IM1"}, {"SERIES"}};
  write_dicomdir(t.file("DICOMDIR"), spec, tree_wiring({-1, 0, -1}));
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_EQ(shape(d.roots), "PATIENT(IMAGE),SERIES");
  EXPECT_EQ(count_rule(d, "dicomdir.nesting"), 2u) << all_findings(d);  // IMAGE under PATIENT, SERIES at root
}

TEST(DicomdirReader, InactiveRecordsAreSkippedWithTheirChildren) {
  TempDir t;
  DirSpec spec = kStandard;
  spec[2].in_use = 0x0000;  // the SERIES, and so both IMAGEs below it
  write_dicomdir(t.file("DICOMDIR"), spec, tree_wiring(kStandardParents));
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_EQ(shape(d.roots), "PATIENT(STUDY)");
  EXPECT_EQ(count_rule(d, "dicomdir.record-inactive"), 1u) << all_findings(d);
  EXPECT_EQ(count_rule(d, "dicomdir.record-unreached"), 0u) << all_findings(d);
}

TEST(DicomdirReader, UnknownAndRetiredRecordTypesAreTolerated) {
  TempDir t;
  const DirSpec spec{{"PATIENT"}, {"VISIT"}, {"STUDY"}, {"SERIES"}, {"OVERLAY", "OV1"}, {"WIDGET", "W1"}};
  write_dicomdir(t.file("DICOMDIR"), spec, tree_wiring({-1, 0, 0, 2, 3, 3}));
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_EQ(shape(d.roots), "PATIENT(VISIT,STUDY(SERIES(OVERLAY,WIDGET)))");
  EXPECT_EQ(count_rule(d, "dicomdir.record-type-retired"), 2u) << all_findings(d);
  EXPECT_EQ(count_rule(d, "dicomdir.record-type-unknown"), 1u) << all_findings(d);
  EXPECT_EQ(count_rule(d, "dicomdir.nesting"), 0u) << all_findings(d);
}

// As pydicom's DICOMDIR-nopatient: (0004,1200) points at a leaf that is also some SERIES' child.
TEST(DicomdirReader, WrongRootOffsetIsRepairedFromUnreferencedRecords) {
  TempDir t;
  const DirSpec reversed{kStandard[4], kStandard[3], kStandard[2], kStandard[1], kStandard[0]};
  write_dicomdir(t.file("DICOMDIR"), reversed, [](auto& at, auto& top, auto& items) {
    tree_wiring({2, 2, 3, 4, -1})(at, top, items);
    top.set_uint32(tags::OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, static_cast<std::uint32_t>(at[0]));
  });
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_EQ(shape(d.roots), "PATIENT(STUDY(SERIES(IMAGE,IMAGE)))");
  EXPECT_EQ(count_rule(d, "dicomdir.root-offset"), 1u) << all_findings(d);
}

TEST(DicomdirReader, FileIdProblemsAreFindings) {
  TempDir t;
  const DirSpec spec{{"PATIENT"}, {"STUDY"}, {"SERIES"}, {"IMAGE", "dicom\\im1"}, {"IMAGE", "..\\..\\ETC\\PASSWD"},
                     {"IMAGE", "TOOLONGNAME"}};
  write_dicomdir(t.file("DICOMDIR"), spec, tree_wiring({-1, 0, 1, 2, 2, 2}));
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_EQ(count_rule(d, "dicomdir.file-id-lower-case"), 1u) << all_findings(d);
  EXPECT_EQ(count_rule(d, "dicomdir.file-id"), 2u) << all_findings(d);
}

TEST(DicomdirReader, EmptyDirectoryHasNoRecordsAndNoFindings) {
  TempDir t;
  write_dicomdir(t.file("DICOMDIR"), {}, [](auto&, auto&, auto&) {});
  Dicomdir d = read_ok(t.file("DICOMDIR"));
  EXPECT_TRUE(d.roots.empty());
  EXPECT_TRUE(d.findings.empty()) << all_findings(d);
}

TEST(DicomdirReader, NotDicomIsAnError) {
  TempDir t;
  { std::ofstream(t.file("DICOMDIR")) << "this is not a DICOMDIR"; }
  EXPECT_FALSE(read_dicomdir(t.file("DICOMDIR")));
  EXPECT_FALSE(read_dicomdir(t.file("MISSING")));
}

}  // namespace
}  // namespace discus::media::dicomdir
