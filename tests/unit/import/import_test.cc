// src/import: the matching rule, coercion, and run_import over a folder with a fake demographics
// source, an in-memory ledger and a destination that records what it was given (fakes only here).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"
#include "import/coerce.h"
#include "import/importer.h"
#include "import/reconcile.h"
#include "import_fakes.h"

namespace discus::import {
namespace {

namespace fs = std::filesystem;
namespace tags = dicom::tags;
using dicom::DataSet;
using dicom::VR;

DataSet outside(const std::string& id, const std::string& name, const std::string& uid) {
  DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, "1.2.840.10008.5.1.4.1.1.7");
  ds.set_string(tags::SOPInstanceUID, VR::UI, uid);
  ds.set_string(tags::StudyInstanceUID, VR::UI, "1.2.3.4.1");
  ds.set_string(tags::SeriesInstanceUID, VR::UI, "1.2.3.4.1.1");
  ds.set_string(tags::Modality, VR::CS, "OT");
  ds.set_string(tags::PatientName, VR::PN, name);
  ds.set_string(tags::PatientID, VR::LO, id);
  ds.set_string(tags::IssuerOfPatientID, VR::LO, "ELSEWHERE");
  ds.set_string(tags::PatientBirthDate, VR::DA, "19700101");
  ds.set_string(tags::PatientSex, VR::CS, "M");
  ds.set_string(tags::AccessionNumber, VR::SH, "EXT9");
  return ds;
}

LocalIdentity local(const std::string& id, const std::string& name, const std::string& birth = "19700101", const std::string& sex = "M") {
  return LocalIdentity{id, "HOSP", name, birth, sex, "", "", "", "", "test"};
}

TEST(Reconcile, NamesAgreeByComponents) {
  EXPECT_TRUE(names_agree("DOE^JOHN^^", "Doe^John"));
  EXPECT_TRUE(names_agree("DOE^JOHN=ideographic", "DOE^JOHN"));
  EXPECT_FALSE(names_agree("DOE^JANE", "DOE^JOHN"));
  EXPECT_FALSE(names_agree("", ""));
}

TEST(Reconcile, PatientIdAloneNeverDecides) {
  const PatientKey foreign{"123", "ELSEWHERE", "DOE^JOHN", "19700101", "M"};
  // Same ID as the local patient, another name: a hold, not a merge.
  Decision d = decide(foreign, {local("123", "ROE^RICHARD")}, "HOSP");
  EXPECT_FALSE(d.local);
  EXPECT_NE(d.hold_reason.find("name"), std::string::npos);
  // Birth date or sex disagreeing: a hold.
  EXPECT_FALSE(decide(foreign, {local("L1", "DOE^JOHN", "19700102")}, "HOSP").local);
  EXPECT_FALSE(decide(foreign, {local("L1", "DOE^JOHN", "19700101", "F")}, "HOSP").local);
  // Another domain's issuer: a hold.
  LocalIdentity other = local("L1", "DOE^JOHN");
  other.issuer = "OTHER";
  EXPECT_FALSE(decide(foreign, {other}, "HOSP").local);
  // Two agreeing local patients: a person chooses.
  EXPECT_FALSE(decide(foreign, {local("L1", "DOE^JOHN"), local("L2", "DOE^JOHN")}, "HOSP").local);
  // Everything agrees: coerced to the local ID.
  Decision ok = decide(foreign, {local("L1", "Doe^John")}, "HOSP");
  ASSERT_TRUE(ok.local);
  EXPECT_EQ(ok.local->patient_id, "L1");
  EXPECT_TRUE(decide(foreign, {}, "HOSP").hold_reason.find("no local patient") != std::string::npos);
}

TEST(Coerce, KeepsForeignValuesInOriginalAttributes) {
  DataSet ds = outside("123", "DOE^JOHN", "1.2.3.4.1.1.1");
  LocalIdentity l = local("L1", "DOE^JOHN^^");
  l.accession = "ACC1";
  l.requested_procedure_id = "RP1";
  coerce(ds, l, CoercionContext{"20261207000000+0000", "DISCUS", "CD from ELSEWHERE"});
  EXPECT_EQ(ds.get_string(tags::PatientID).value_or(""), "L1");
  EXPECT_EQ(ds.get_string(tags::IssuerOfPatientID).value_or(""), "HOSP");
  EXPECT_EQ(ds.get_string(tags::AccessionNumber).value_or(""), "ACC1");
  EXPECT_EQ(ds.get_string(tags::InstanceOriginStatus).value_or(""), "IMPORTED");
  EXPECT_EQ(ds.get_string(tags::SOPInstanceUID).value_or(""), "1.2.3.4.1.1.1");  // UIDs kept
  const dicom::Element* others = ds.find(tags::OtherPatientIDsSequence);
  ASSERT_TRUE(others && others->items.size() == 1);
  EXPECT_EQ(others->items[0].get_string(tags::PatientID).value_or(""), "123");
  EXPECT_EQ(others->items[0].get_string(tags::IssuerOfPatientID).value_or(""), "ELSEWHERE");
  EXPECT_EQ(others->items[0].get_string(tags::TypeOfPatientID).value_or(""), "TEXT");
  const dicom::Element* original = ds.find(tags::OriginalAttributesSequence);
  ASSERT_TRUE(original && original->items.size() == 1);
  const DataSet& item = original->items[0];
  EXPECT_EQ(item.get_string(tags::ReasonForTheAttributeModification).value_or(""), "COERCE");
  EXPECT_EQ(item.get_string(tags::ModifyingSystem).value_or(""), "DISCUS");
  EXPECT_EQ(item.get_string(tags::AttributeModificationDateTime).value_or(""), "20261207000000+0000");
  const dicom::Element* modified = item.find(tags::ModifiedAttributesSequence);
  ASSERT_TRUE(modified && modified->items.size() == 1);
  const DataSet& old = modified->items[0];
  EXPECT_EQ(old.get_string(tags::PatientID).value_or(""), "123");
  EXPECT_EQ(old.get_string(tags::IssuerOfPatientID).value_or(""), "ELSEWHERE");
  EXPECT_EQ(old.get_string(tags::AccessionNumber).value_or(""), "EXT9");
  EXPECT_TRUE(old.contains(tags::OtherPatientIDsSequence));  // absent before: zero length
  // A second coercion appends an item, keeping the first.
  coerce(ds, local("L2", "DOE^JOHN"), CoercionContext{"20261208000000+0000", "DISCUS", ""});
  EXPECT_EQ(ds.find(tags::OriginalAttributesSequence)->items.size(), 2u);
}

// ---- run_import over a folder, with fakes

using FakeSource = testing::TableSource;  // the shared fakes of tests/unit/import/import_fakes.h
using MemoryLedger = testing::MapLedger;

// Records what it was given; `die_after` simulates an import killed after N C-STOREs went out
// (before the N+1th's answer).
class FakeDestination : public Destination {
 public:
  std::vector<std::string> received;  // SOP Instance UIDs, in order, every time
  std::vector<DataSet> datasets;
  int die_after = -1;
  std::string id() const override { return "pacs:FAKE@127.0.0.1:1"; }
  void send(const std::vector<Staged>& files, const std::function<void(std::size_t)>& before,
            const std::function<void(std::size_t, const std::string&)>& after) override {
    for (std::size_t k = 0; k < files.size(); ++k) {
      before(k);
      received.push_back(files[k].sop_instance_uid);
      auto f = dicom::part10::read_file(files[k].path);
      if (f) datasets.push_back(std::move(f->dataset));
      if (die_after >= 0 && static_cast<int>(received.size()) > die_after) return;  // no answer: killed
      after(k, "");
    }
  }
};

class ImportRun : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("discus-import-unit-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "medium" / "dicom");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& name, const DataSet& ds) {
    dicom::part10::WriteOptions wo;
    wo.sync = false;
    ASSERT_TRUE(dicom::part10::write_file((root_ / "medium" / name).string(), ds, nullptr, wo));
  }
  base::Result<ImportReport> run(std::set<std::string> studies = {}, std::set<std::string> excluded = {}) {
    auto m = open_medium(SourceKind::kDir, (root_ / "medium").string());
    if (!m) return std::move(m).error();
    ImportOptions o;
    o.destination = &dest_;
    o.ledger = &ledger_;
    o.demographics = &source_;
    o.local_issuer = "HOSP";
    o.staging_dir = (root_ / "staging").string();
    o.now = "20261207000000+0000";
    o.studies = std::move(studies);
    o.excluded_studies = std::move(excluded);
    medium_ = std::move(*m);
    return run_import(medium_, o);
  }
  static std::size_t count(const ImportReport& r, Outcome o) {
    return static_cast<std::size_t>(std::count_if(r.files.begin(), r.files.end(), [&](const FileResult& f) { return f.outcome == o; }));
  }
  fs::path root_;
  FakeSource source_;
  MemoryLedger ledger_;
  FakeDestination dest_;
  Medium medium_;
};

TEST_F(ImportRun, TwoOutsidePatientsSharingAnIdAreNeverMerged) {
  write("dicom/a1", outside("123", "DOE^JOHN", "1.2.3.4.1.1.1"));
  write("dicom/a2", outside("123", "DOE^JOHN", "1.2.3.4.1.1.2"));
  write("dicom/b1", outside("123", "ROE^RICHARD", "1.2.3.4.1.1.3"));
  {
    std::ofstream junk(root_ / "medium" / "viewer.exe");
    junk << "MZ junk";
  }
  source_.table = {local("L1", "DOE^JOHN")};
  auto r = run();
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->files.size(), 4u);
  EXPECT_EQ(r->patients.size(), 2u);
  EXPECT_EQ(count(*r, Outcome::kImported), 2u);
  EXPECT_EQ(count(*r, Outcome::kHeld), 1u);
  EXPECT_EQ(count(*r, Outcome::kNotDicom), 1u);
  EXPECT_EQ(dest_.received.size(), 2u);
  for (const DataSet& ds : dest_.datasets) EXPECT_EQ(ds.get_string(tags::PatientName).value_or(""), "DOE^JOHN");
  // The hold is resolved by a person; the import run again sends only what was held.
  const auto held = std::find_if(r->files.begin(), r->files.end(), [](const FileResult& f) { return f.outcome == Outcome::kHeld; });
  ASSERT_NE(held, r->files.end());
  ASSERT_TRUE(ledger_.decide(held->hold, "patient", "L7", "HOSP"));
  auto again = run();
  ASSERT_TRUE(again);
  EXPECT_EQ(count(*again, Outcome::kAlreadyImported), 2u);
  EXPECT_EQ(count(*again, Outcome::kImported), 1u);
  EXPECT_EQ(dest_.received.size(), 3u);
  EXPECT_EQ(dest_.datasets.back().get_string(tags::PatientID).value_or(""), "L7");
  EXPECT_EQ(dest_.datasets.back().get_string(tags::PatientName).value_or(""), "ROE^RICHARD");  // no source knows L7
}

TEST_F(ImportRun, TheOperatorsChoiceOfStudiesIsImportedAndTheRestAccountedAsExcluded) {
  write("dicom/a1", outside("123", "DOE^JOHN", "1.2.3.4.1.1.1"));
  write("dicom/a2", outside("123", "DOE^JOHN", "1.2.3.4.1.1.2"));
  DataSet other = outside("123", "DOE^JOHN", "1.2.3.4.2.1.1");
  other.set_string(tags::StudyInstanceUID, VR::UI, "1.2.3.4.2");
  write("dicom/b1", other);
  DataSet stranger = outside("999", "ROE^RICHARD", "1.2.3.4.3.1.1");  // nobody local: would be held
  stranger.set_string(tags::StudyInstanceUID, VR::UI, "1.2.3.4.3");
  write("dicom/c1", stranger);
  source_.table = {local("L1", "DOE^JOHN")};
  auto r = run({"1.2.3.4.2"});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(count(*r, Outcome::kImported), 1u);
  EXPECT_EQ(count(*r, Outcome::kExcluded), 3u);
  EXPECT_EQ(count(*r, Outcome::kHeld), 0u);  // a study left out is never reconciled
  ASSERT_EQ(dest_.received.size(), 1u);
  EXPECT_EQ(dest_.received[0], "1.2.3.4.2.1.1");
  for (const FileResult& f : r->files) {
    if (f.outcome == Outcome::kExcluded) {
      EXPECT_NE(f.reason.find("not selected by the operator"), std::string::npos) << f.reason;
    }
  }
  // Leaving one study out imports the rest; the one already sent is already-imported.
  auto again = run({}, {"1.2.3.4.3"});
  ASSERT_TRUE(again);
  EXPECT_EQ(count(*again, Outcome::kImported), 2u);
  EXPECT_EQ(count(*again, Outcome::kAlreadyImported), 1u);
  EXPECT_EQ(count(*again, Outcome::kExcluded), 1u);
  EXPECT_EQ(dest_.received.size(), 3u);
}

TEST_F(ImportRun, InterruptedImportNeverSendsTwice) {
  for (int k = 1; k <= 5; ++k) write("dicom/i" + std::to_string(k), outside("123", "DOE^JOHN", "1.2.3.4.1.1." + std::to_string(k)));
  source_.table = {local("L1", "DOE^JOHN")};
  dest_.die_after = 2;  // the third C-STORE goes out, its answer never comes
  auto first = run();
  ASSERT_TRUE(first);
  dest_.die_after = -1;
  auto second = run();
  ASSERT_TRUE(second);
  std::set<std::string> unique(dest_.received.begin(), dest_.received.end());
  EXPECT_EQ(unique.size(), dest_.received.size()) << "an instance was sent twice";
  EXPECT_EQ(count(*second, Outcome::kAlreadyImported), 2u);
  EXPECT_EQ(count(*second, Outcome::kHeld), 1u);  // the one in doubt
  EXPECT_EQ(count(*second, Outcome::kImported), 2u);
  const auto doubt = std::find_if(second->files.begin(), second->files.end(), [](const FileResult& f) { return f.outcome == Outcome::kHeld; });
  ASSERT_TRUE(ledger_.decide(doubt->hold, "resend", "", ""));
  auto third = run();
  ASSERT_TRUE(third);
  EXPECT_EQ(count(*third, Outcome::kImported), 1u);
  EXPECT_EQ(count(*third, Outcome::kAlreadyImported), 4u);
}

TEST_F(ImportRun, SameUidOtherContentIsAConflict) {
  write("dicom/a", outside("123", "DOE^JOHN", "1.2.3.4.1.1.1"));
  source_.table = {local("L1", "DOE^JOHN")};
  ASSERT_TRUE(run());
  DataSet changed = outside("123", "DOE^JOHN", "1.2.3.4.1.1.1");
  changed.set_string(tags::Modality, VR::CS, "CT");
  write("dicom/a", changed);
  auto r = run();
  ASSERT_TRUE(r);
  EXPECT_EQ(count(*r, Outcome::kConflict), 1u);
  EXPECT_EQ(dest_.received.size(), 1u);
}

}  // namespace
}  // namespace discus::import
