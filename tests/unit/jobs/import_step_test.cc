// src/jobs/import_step: an import job's run through the station's real ledger file (SQLite in a
// temporary state directory) into a folder destination: held without a worklist, the hold listed
// with the job it stops, decided (wrong answers refused), the job's second run completes, the
// inventory keeps the accounting, a third run sends nothing; two desks (two jobs' connections) on
// one ledger see each other's decisions.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "dicom/dict/tags.h"
#include "dicom/part10/writer.h"
#include "import/destination.h"
#include "jobs/import_step.h"

namespace discus::jobs {
namespace {

namespace fs = std::filesystem;
namespace tags = dicom::tags;
using dicom::VR;

dicom::DataSet outside(const std::string& uid) {
  dicom::DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, "1.2.840.10008.5.1.4.1.1.7");
  ds.set_string(tags::SOPInstanceUID, VR::UI, uid);
  ds.set_string(tags::StudyInstanceUID, VR::UI, "1.2.3.4.1");
  ds.set_string(tags::SeriesInstanceUID, VR::UI, "1.2.3.4.1.1");
  ds.set_string(tags::Modality, VR::CS, "OT");
  ds.set_string(tags::PatientName, VR::PN, "DOE^JANE");
  ds.set_string(tags::PatientID, VR::LO, "EXT-1");
  ds.set_string(tags::IssuerOfPatientID, VR::LO, "ELSEWHERE");
  ds.set_string(tags::PatientBirthDate, VR::DA, "19700101");
  ds.set_string(tags::PatientSex, VR::CS, "F");
  return ds;
}

class ImportDeskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("discus-import-desk-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "medium");
    fs::create_directories(root_ / "out");
    dicom::part10::WriteOptions wo;
    wo.sync = false;
    for (int i = 1; i <= 3; ++i)
      ASSERT_TRUE(dicom::part10::write_file((root_ / "medium" / ("IM" + std::to_string(i))).string(),
                                            outside("1.2.3.4.1.1." + std::to_string(i)), nullptr, wo));
    job_.id = 7;
    job_.spec.kind = JobKind::kImport;
    job_.spec.import.source = (root_ / "medium").string();
    job_.spec.submitted_by = "op";
  }
  void TearDown() override { fs::remove_all(root_); }
  ImportDeskOptions options() {
    ImportDeskOptions o;
    o.state_dir = root_ / "state";
    o.setup = [this](const Job&) -> base::Result<ImportSetup> {
      ImportSetup s;
      s.destination = std::make_unique<import::FolderDestination>((root_ / "out").string());
      s.local_issuer = "HOSP";
      return s;
    };
    o.audit = [this](const Job&, import::ImportReport& r) { audited_ += static_cast<int>(r.counts()["imported"]); };
    return o;
  }
  fs::path root_;
  Job job_;
  int audited_ = 0;
};

TEST_F(ImportDeskTest, HeldDecidedAndCompleted) {
  ImportDesk desk(options());
  auto inv = desk.inventory(job_.id);
  ASSERT_TRUE(inv);
  EXPECT_FALSE(inv->has_value()) << "no inventory before the first run";

  auto first = desk.run(job_, app::no_progress());
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(first->to, JobState::kHeld) << first->reason;
  EXPECT_NE(first->reason.find("H-"), std::string::npos) << first->reason;
  EXPECT_TRUE(fs::is_empty(root_ / "out")) << "nothing goes out for a patient nobody reconciled";

  auto holds = desk.holds(true);
  ASSERT_TRUE(holds);
  ASSERT_EQ(holds->size(), 1u);
  const HoldRecord h = holds->front();
  EXPECT_EQ(h.job, job_.id);
  EXPECT_EQ(h.hold.kind, "identity");
  const auto j = to_json(h);
  EXPECT_EQ(j["foreign"]["patient_id"], "EXT-1");
  EXPECT_EQ(j["options"], nlohmann::json::array({"patient", "reject"}));
  EXPECT_FALSE(j.contains("decision"));

  // Wrong answers are refused and change nothing.
  EXPECT_EQ(desk.decide(h.hold.id, "resend", "", "", "op", "").error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_EQ(desk.decide(h.hold.id, "patient", "", "", "op", "").error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_EQ(desk.decide("H-000000000000", "reject", "", "", "op", "").error().code, base::ErrorCode::kNotFound);

  // Another job's connection to the same ledger (a second desk) records the decision.
  ImportDesk other(options());
  auto decided = other.decide(h.hold.id, "patient", "L1", "HOSP", "op", "checked");
  ASSERT_TRUE(decided) << decided.error().describe();
  EXPECT_EQ(decided->decided_by, "op");
  EXPECT_EQ(desk.decide(h.hold.id, "reject", "", "", "op2", "").error().code, base::ErrorCode::kConflict);
  holds = desk.holds(true);
  ASSERT_TRUE(holds);
  EXPECT_TRUE(holds->empty());

  auto second = desk.run(job_, app::no_progress());
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_EQ(second->to, JobState::kDone) << second->reason;
  EXPECT_NE(second->reason.find("imported 3"), std::string::npos) << second->reason;
  EXPECT_EQ(audited_, 3);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(root_ / "out")) ++files;
  EXPECT_EQ(files, 3u);

  inv = desk.inventory(job_.id);
  ASSERT_TRUE(inv && inv->has_value());
  const nlohmann::json& i = **inv;
  EXPECT_EQ(i["files_seen"], 3);
  EXPECT_EQ(i["outcomes"]["imported"], 3);
  EXPECT_EQ(i["complete"], true);
  EXPECT_EQ(i["patients"][0]["local"]["patient_id"], "L1");
  EXPECT_EQ(i["progress"]["step"], "done");

  auto third = desk.run(job_, app::no_progress());
  ASSERT_TRUE(third);
  EXPECT_NE(third->reason.find("already-imported 3"), std::string::npos) << third->reason;
}

TEST_F(ImportDeskTest, ANoSuchMediumIsAnError) {
  ImportDesk desk(options());
  job_.spec.import.source = (root_ / "no-such.iso").string();
  EXPECT_FALSE(desk.run(job_, app::no_progress()));
}

}  // namespace
}  // namespace discus::jobs
