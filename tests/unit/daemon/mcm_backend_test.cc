// What a Media Creation Management request becomes in discusd: a job through the API's own
// submission path over a real SQLite queue (no sockets), or the Execution Status Info of
// PS3.3 C.22.1 for a request the station cannot honour.
#include "daemon/dicom/mcm_backend.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "jobs/sqlite/sqlite_repository.h"

namespace discus::daemon::dicom {
namespace {

namespace fs = std::filesystem;
using net::services::ExecutionStatus;
using net::services::MediaCreationRequest;

constexpr const char* kCt = "1.2.840.10008.5.1.4.1.1.2";

struct McmBackendTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("discus-mcm-" + std::to_string(::getpid()));
  std::unique_ptr<jobs::Repository> repo;
  std::optional<media::profile::ProfileRegistry> profiles;
  std::unique_ptr<access::AccountStore> accounts;
  audit::RecordingTrail trail;
  base::Logger log{base::LogLevel::kError};
  std::unique_ptr<api::Api> api;
  std::unique_ptr<McmBackend> backend;

  void SetUp() override {
    fs::create_directories(dir / "store" / "1.2.3");
    for (const char* uid : {"1.2.3.4.1", "1.2.3.4.2"})
      std::ofstream(dir / "store" / "1.2.3" / (std::string(uid) + ".dcm")) << "the API checks that inputs exist";
    repo = std::move(*jobs::open_sqlite_repository((dir / "queue.db").string()));
    auto p = media::profile::ProfileRegistry::load(media::profile::default_profile_directory());
    ASSERT_TRUE(p) << p.error().describe();
    profiles.emplace(std::move(*p));
    accounts = std::move(*access::AccountStore::open((dir / "access.json").string(), [] { return 1; }));
    api::ApiOptions o;
    o.station = "t1";
    o.state_dir = dir.string();
    o.min_free_bytes = 0;
    api = std::make_unique<api::Api>(o, api::ApiServices{repo.get(), &*profiles, accounts.get(), &trail, &log, {}, {}});
    McmOptions m;
    m.state_dir = dir.string();
    m.instances_dir = (dir / "store").string();
    backend = std::make_unique<McmBackend>(m, *api, *profiles);
  }
  void TearDown() override {
    backend.reset();
    api.reset();
    repo.reset();
    fs::remove_all(dir);
  }

  static MediaCreationRequest request(const std::string& profile, std::vector<std::string> uids = {"1.2.3.4.1", "1.2.3.4.2"}) {
    MediaCreationRequest r;
    r.sop_instance_uid = "1.2.3.77";
    r.calling_ae_title = "RIS";
    r.label_text = "CT chest";
    r.storage_media_fileset_id = "referral-7";
    r.include_display_application = false;
    r.preserve_composite_instances = true;
    for (auto& u : uids) r.instances.push_back({kCt, u, profile});
    return r;
  }
  std::size_t jobs_in_queue() { return repo->list({})->size(); }
  static jobs::ListFilter with_spec() {
    jobs::ListFilter f;
    f.with_spec = true;
    return f;
  }
};

TEST_F(McmBackendTest, ARequestBecomesAnAuthorJobHonouringItsAttributes) {
  net::services::InitiateAction a{2, "HIGH"};
  auto s = backend->initiate(request("STD-GEN-CD"), a);
  ASSERT_EQ(s.status, ExecutionStatus::kPending) << s.info << ": " << s.detail;
  EXPECT_EQ(s.info, "QUEUED");
  auto jobs = *repo->list(with_spec());
  ASSERT_EQ(jobs.size(), 1u);
  const jobs::JobSpec& spec = jobs[0].spec;
  EXPECT_EQ(spec.kind, jobs::JobKind::kAuthor);
  EXPECT_EQ(spec.author.profile, "STD-GEN-CD");
  EXPECT_EQ(spec.author.copies, 2);
  EXPECT_EQ(spec.priority, 1);
  ASSERT_EQ(spec.author.inputs.size(), 2u);
  EXPECT_EQ(spec.author.inputs[1], (dir / "store" / "1.2.3" / "1.2.3.4.2.dcm").string());
  EXPECT_FALSE(spec.author.include_display_application);
  EXPECT_TRUE(spec.author.preserve_composite_instances);
  EXPECT_EQ(spec.author.fileset_id, "REFERRAL_7");
  EXPECT_EQ(spec.author.label.label_text, "CT chest");
  EXPECT_EQ(spec.author.target.kind, jobs::TargetKind::kDrive);
  EXPECT_EQ(spec.submitted_by, "dicom:RIS");
  // N-GET's view of the queued job, and after a restart (a new backend reads the record).
  auto st = backend->status("1.2.3.77");
  ASSERT_TRUE(st);
  EXPECT_EQ(st->status, ExecutionStatus::kPending);
  McmOptions m;
  m.state_dir = dir.string();
  McmBackend again(m, *api, *profiles);
  EXPECT_EQ(again.status("1.2.3.77")->info, "QUEUED");
  // Cancel of a queued job: cancelled and forgotten (N-GET then answers 0112H).
  EXPECT_EQ(backend->cancel("1.2.3.77"), McmBackend::CancelResult::kCancelled);
  EXPECT_FALSE(backend->status("1.2.3.77"));
  EXPECT_EQ(repo->show(jobs[0].id)->state, jobs::JobState::kCancelled);
}

TEST_F(McmBackendTest, AProfileWeDoNotHaveIsNotSupportedThroughTheApisOwnCheck) {
  auto s = backend->initiate(request("STD-NO-SUCH-CD"), {});
  EXPECT_EQ(s.status, ExecutionStatus::kFailure);
  EXPECT_EQ(s.info, "NOT_SUPPORTED");
  EXPECT_NE(s.detail.find("STD-NO-SUCH-CD"), std::string::npos) << s.detail;
  EXPECT_EQ(s.failed.size(), 2u);
  EXPECT_EQ(jobs_in_queue(), 0u);
}

TEST_F(McmBackendTest, ProfilesWeHaveButCannotHonourAreNotSupported) {
  for (const char* id : {"STD-GEN-SEC-CD", "STD-GEN-USB-JPEG"}) {
    ASSERT_NE(profiles->find(id), nullptr) << id;
    auto s = backend->initiate(request(id), {});
    EXPECT_EQ(s.status, ExecutionStatus::kFailure) << id;
    EXPECT_EQ(s.info, "NOT_SUPPORTED") << id;
  }
  auto rq = request("STD-GEN-CD");
  rq.instances[1].requested_profile = "STD-GEN-DVD-JPEG";  // two profiles, one medium
  auto s = backend->initiate(rq, {});
  EXPECT_EQ(s.info, "NOT_SUPPORTED");
  ASSERT_EQ(s.failed.size(), 1u);
  EXPECT_EQ(s.failed[0].sop_instance_uid, "1.2.3.4.2");
  EXPECT_EQ(jobs_in_queue(), 0u);
}

TEST_F(McmBackendTest, MissingDuplicatedAndConflictingInstances) {
  auto s = backend->initiate(request("STD-GEN-CD", {"1.2.3.4.1", "1.2.3.4.9"}), {});
  EXPECT_EQ(s.info, "NO_INSTANCE");
  ASSERT_EQ(s.failed.size(), 1u);
  EXPECT_EQ(s.failed[0].sop_instance_uid, "1.2.3.4.9");
  EXPECT_EQ(s.failed[0].failure_reason, 0x0112);
  s = backend->initiate(request("STD-GEN-CD", {"1.2.3.4.1", "1.2.3.4.1"}), {});
  EXPECT_EQ(s.info, "DUPL_REF_INST");
  // An XA profile does not take CT images (PS3.11 Annex F).
  const auto* xa = profiles->find("STD-XABC-CD");
  ASSERT_NE(xa, nullptr);
  ASSERT_TRUE(xa->transfer_syntaxes_for(kCt).empty());
  s = backend->initiate(request("STD-XABC-CD"), {});
  EXPECT_EQ(s.info, "INST_AP_CONFLICT");
  EXPECT_EQ(s.failed.size(), 2u);
  EXPECT_EQ(jobs_in_queue(), 0u);
}

TEST_F(McmBackendTest, NoProfileRequestedTakesTheDefault) {
  auto s = backend->initiate(request(""), {});
  ASSERT_EQ(s.status, ExecutionStatus::kPending) << s.detail;
  EXPECT_EQ((*repo->list(with_spec()))[0].spec.author.profile, "STD-GEN-CD");
}

TEST(McmMapping, FileSetIdsAndFailedJobs) {
  EXPECT_EQ(fileset_id_for("referral 7/b"), "REFERRAL 7_B");
  EXPECT_EQ(fileset_id_for("ABCDEFGHIJKLMNOPQRS"), "ABCDEFGHIJKLMNOP");
  EXPECT_EQ(execution_status_info_for("the file-set is bigger than the medium"), "SET_OVERSIZED");
  EXPECT_EQ(execution_status_info_for("copy 1 rejected 5 times"), "MCD_FAILURE");
  EXPECT_EQ(execution_status_info_for("something else"), "PROC_FAILURE");
}

}  // namespace
}  // namespace discus::daemon::dicom
