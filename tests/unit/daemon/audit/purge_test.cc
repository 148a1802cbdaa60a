// src/app/purge (issue 14 item 7): removes exactly the job's staging, keeps what is preserved
// (PS3.4 S.3.2.1 Preserve Composite Instances After Media Creation), never touches the job's
// original inputs (also when they lie inside the staging folder, or it inside them), does not
// follow symbolic links, sweeps kept staging after its retention; every purge audited.
#include "app/purge.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "daemon/audit/log_store.h"
#include "daemon/audit/purge_audit.h"
#include "daemon/audit/service_trail.h"

namespace app = discus::app;
namespace audit = discus::daemon::audit;
namespace fs = std::filesystem;

namespace {

class PurgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string t = (fs::temp_directory_path() / "discus-purge-XXXXXX").string();
    root_ = ::mkdtemp(t.data());
    state_ = root_ + "/state";
    inputs_ = root_ + "/inputs";
    staging_ = app::job_staging_dir(state_, 7);
    fs::create_directories(staging_ + "/fileset/DICOM/P1");
    fs::create_directories(staging_ + "/images");
    fs::create_directories(inputs_ + "/study");
    write(staging_ + "/fileset/DICOM/P1/I1", 100);
    write(staging_ + "/fileset/DICOMDIR", 50);
    write(staging_ + "/images/copy1.iso", 1000);
    write(inputs_ + "/study/IMG1", 10);
    write(root_ + "/outside", 5);
  }
  void TearDown() override { fs::remove_all(root_); }
  static void write(const std::string& path, std::size_t n) { std::ofstream(path) << std::string(n, 'x'); }

  std::string root_, state_, inputs_, staging_;
};

}  // namespace

TEST_F(PurgeTest, RemovesExactlyTheStagingAndAuditsIt) {
  fs::create_symlink(inputs_, staging_ + "/link-to-inputs");  // must be removed, not followed
  int audited = 0;
  app::PurgeRequest r;
  r.staging = staging_;
  r.inputs = {inputs_};
  auto rep = app::purge_after_verified_burn(r, [&](const app::PurgeReport& p) {
    ++audited;
    EXPECT_EQ(p.removed.size(), 3u);
  });
  ASSERT_TRUE(rep) << rep.error().describe();
  EXPECT_EQ(rep->action, app::PurgeReport::Action::kRemoved);
  EXPECT_EQ(audited, 1);
  EXPECT_EQ(rep->files, 4u);  // I1, DICOMDIR, copy1.iso, the link
  EXPECT_EQ(rep->bytes, 1150u);
  EXPECT_FALSE(fs::exists(staging_));
  EXPECT_TRUE(fs::exists(inputs_ + "/study/IMG1"));  // the link's target untouched
  EXPECT_TRUE(fs::exists(root_ + "/outside"));
  EXPECT_TRUE(fs::exists(state_ + "/staging"));  // only the job's folder goes
}

TEST_F(PurgeTest, PreservedStagingIsKeptMarkedAndNotAudited) {
  int audited = 0;
  app::PurgeRequest r;
  r.staging = staging_;
  r.preserve = true;
  r.now_ms = 1000;
  auto rep = app::purge_after_verified_burn(r, [&](const app::PurgeReport&) { ++audited; });
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->action, app::PurgeReport::Action::kKept);
  EXPECT_EQ(audited, 0);
  EXPECT_TRUE(fs::exists(staging_ + "/images/copy1.iso"));
  EXPECT_EQ(app::kept_since(staging_), 1000);
}

TEST_F(PurgeTest, InputsInsideTheStagingAreSpared) {
  // A job whose inputs were received into its staging folder: the inputs stay, the rest goes.
  fs::create_directories(staging_ + "/received/a");
  write(staging_ + "/received/a/IN1", 3);
  write(staging_ + "/received/tmp", 3);
  app::PurgeRequest r;
  r.staging = staging_;
  r.inputs = {staging_ + "/received/a/IN1"};
  auto rep = app::purge_after_verified_burn(r, nullptr);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(fs::exists(staging_ + "/received/a/IN1"));
  EXPECT_FALSE(fs::exists(staging_ + "/received/tmp"));
  EXPECT_FALSE(fs::exists(staging_ + "/images"));
  EXPECT_FALSE(fs::exists(staging_ + "/fileset"));
}

TEST_F(PurgeTest, StagingInsideAnInputIsLeftWhole) {
  app::PurgeRequest r;
  r.staging = staging_;
  r.inputs = {state_};  // a (mistaken) input that holds the state directory
  int audited = 0;
  auto rep = app::purge_after_verified_burn(r, [&](const app::PurgeReport&) { ++audited; });
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->action, app::PurgeReport::Action::kNothing);
  EXPECT_EQ(audited, 0);
  EXPECT_TRUE(fs::exists(staging_ + "/images/copy1.iso"));
}

TEST_F(PurgeTest, SweepRemovesKeptStagingAfterRetentionOnly) {
  const std::string other = app::job_staging_dir(state_, 8), unmarked = app::job_staging_dir(state_, 9);
  fs::create_directories(other);
  fs::create_directories(unmarked);
  write(other + "/x", 1);
  const std::int64_t day = 24LL * 3600 * 1000;
  for (auto [dir, kept] : {std::pair{staging_, 0 * day}, std::pair{other, 9 * day}}) {
    app::PurgeRequest r;
    r.staging = dir;
    r.preserve = true;
    r.now_ms = 1 + kept;
    ASSERT_TRUE(app::purge_after_verified_burn(r, nullptr));
  }
  auto swept = app::sweep_kept_staging(state_ + "/staging", 7, 1 + 10 * day, nullptr);
  ASSERT_TRUE(swept);
  ASSERT_EQ(swept->size(), 1u);  // job 7, kept 10 days; job 8 kept 1 day; job 9 was never kept
  EXPECT_FALSE(fs::exists(staging_));
  EXPECT_TRUE(fs::exists(other + "/x"));
  EXPECT_TRUE(fs::exists(unmarked));
}

TEST_F(PurgeTest, DaemonPurgeAndSweepAreAuditedAsInstancesAccessedDelete) {
  auto trail = audit::ServiceTrail::open({}, state_, {});
  ASSERT_TRUE(trail);
  discus::jobs::Job job;
  job.id = 7;
  job.spec.kind = discus::jobs::JobKind::kAuthor;
  job.spec.author.inputs = {inputs_};
  auto rep = audit::purge_job_staging(**trail, job, state_);
  ASSERT_TRUE(rep) << rep.error().describe();
  EXPECT_FALSE(fs::exists(staging_));
  EXPECT_TRUE(fs::exists(inputs_ + "/study/IMG1"));
  // A kept job swept after its retention is audited too.
  job.id = 8;
  job.spec.author.preserve_composite_instances = true;
  fs::create_directories(app::job_staging_dir(state_, 8) + "/images");
  ASSERT_TRUE(audit::purge_job_staging(**trail, job, state_));
  EXPECT_TRUE(fs::exists(app::job_staging_dir(state_, 8) + "/images"));
  auto swept = audit::sweep_job_staging(**trail, state_, 0);
  ASSERT_TRUE(swept);
  EXPECT_EQ(swept->size(), 1u);
  EXPECT_FALSE(fs::exists(app::job_staging_dir(state_, 8)));
  auto page = audit::read_audit_log(state_, {0, 10, "purge", false});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->records.size(), 2u);
  EXPECT_NE(page->records[0].messages[0].find("csd-code=\"110103\""), std::string::npos);
  EXPECT_NE(page->records[0].messages[0].find("EventActionCode=\"D\""), std::string::npos);
  EXPECT_NE(page->records[1].messages[0].find("ParticipantObjectID=\"8\""), std::string::npos);
}
