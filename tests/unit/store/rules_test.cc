// Auto-burn rules: the [dicom]/[store]/[[autoburn]] configuration (and its errors), matching,
// and AutoBurn against a real SQLite queue: one job per (rule, study content), none for an
// unchanged study, exactly one after a crash between the claim and the submission.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include "app/settings.h"
#include "jobs/open_repository.h"
#include "store/rules.h"

namespace discus::store {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kConfig = R"(
[dicom]
ae_title = "BURNER"
port = 11112
calling_ae_titles = ["CT1", "MR1"]
duplicates = "keep"

[store]
quiet_seconds = 5
retention_days = 10

[[autoburn]]
name = "patient-cd"
calling_ae_title = "CT1"
study_description_contains = "PATIENT CD"
copies = 2
target = { kind = "image-dir", where = "/srv/images" }

[[autoburn]]
name = "any-mr"
modality = "MR"
)";

TEST(AutoBurnSettings, ParsesDicomStoreAndRules) {
  auto s = app::parse_settings(kConfig, "discus.toml");
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->dicom_ae_title, "BURNER");
  EXPECT_EQ(s->dicom_port, 11112);
  EXPECT_EQ(s->dicom_calling_ae_titles, (std::vector<std::string>{"CT1", "MR1"}));
  EXPECT_EQ(s->dicom_duplicates, "keep");
  EXPECT_EQ(s->store_quiet_seconds, 5);
  EXPECT_EQ(s->store_retention_days, 10);
  ASSERT_EQ(s->autoburn.size(), 2u);
  EXPECT_EQ(s->autoburn[0].copies, 2);
  EXPECT_EQ(s->autoburn[0].target_kind, "image-dir");
  EXPECT_EQ(s->autoburn[1].profile, "STD-GEN-CD") << "the default profile";

  auto rules = rules_from_settings(*s, {"/dev/sr0"});
  ASSERT_TRUE(rules) << rules.error().describe();
  EXPECT_EQ((*rules)[0].target.kind, jobs::TargetKind::kImageDir);
  EXPECT_EQ((*rules)[1].target.kind, jobs::TargetKind::kDrive) << "no target: the first --drive";
  EXPECT_EQ((*rules)[1].target.where, "/dev/sr0");
  EXPECT_FALSE(rules_from_settings(*s, {})) << "no target and no drive";
}

TEST(AutoBurnSettings, MistakesNameTheLineAndKey) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"[dicom]\nport = 70000\n", "dicom.port"},
      {"[dicom]\nduplicates = \"merge\"\n", "dicom.duplicates"},
      {"[dicom]\ncalling_ae_titles = \"CT1\"\n", "dicom.calling_ae_titles"},
      {"[store]\nquiet = 3\n", "unknown key 'store.quiet'"},
      {"[[autoburn]]\nprofile = \"STD-GEN-CD\"\n", "needs a name"},
      {"[[autoburn]]\nname = \"a\"\n[[autoburn]]\nname = \"a\"\n", "two [[autoburn]] rules are named 'a'"},
      {"[[autoburn]]\nname = \"a\"\ncopies = 0\n", "autoburn.copies"},
      {"[[autoburn]]\nname = \"a\"\ncolour = \"red\"\n", "unknown key 'autoburn.colour'"},
  };
  for (const auto& [text, want] : cases) {
    auto s = app::parse_settings(text, "x.toml");
    ASSERT_FALSE(s) << text;
    EXPECT_NE(s.error().message.find(want), std::string::npos) << s.error().message;
    EXPECT_NE(s.error().message.find("x.toml:"), std::string::npos) << s.error().message;
  }
}

StudySummary study(const std::string& ae, const std::string& desc, const std::string& modality, const std::string& digest) {
  StudySummary s;
  s.study_instance_uid = "1.2.3";
  s.calling_ae_titles = {ae};
  s.study_description = desc;
  s.modalities = {modality};
  s.digest = digest;
  s.folder = "/tmp";
  s.instances = 3;
  return s;
}

TEST(AutoBurnRules, MatchEveryCriterionItSets) {
  Rule r;
  r.name = "r";
  r.calling_ae_title = "CT1";
  r.study_description_contains = "patient cd";
  EXPECT_TRUE(matches(r, study("CT1", "Thorax PATIENT CD copy", "CT", "d")));
  EXPECT_FALSE(matches(r, study("ct1", "PATIENT CD", "CT", "d"))) << "AE titles are case-sensitive";
  EXPECT_FALSE(matches(r, study("CT1", "Thorax", "CT", "d")));
  r.modality = "MR";
  EXPECT_FALSE(matches(r, study("CT1", "PATIENT CD", "CT", "d")));
  EXPECT_TRUE(matches(Rule{}, study("X", "", "", "d"))) << "a rule without criteria matches every study";
}

TEST(AutoBurn, FiresOncePerStudyContentAndSurvivesACrashMidFire) {
  const fs::path root = fs::temp_directory_path() / fmt::format("discus-autoburn-{}", ::getpid());
  fs::remove_all(root);
  fs::create_directories(root);
  StoreOptions so;
  so.dir = (root / "store").string();
  so.database = (root / "store.db").string();
  auto store = Store::open(so);
  ASSERT_TRUE(store) << store.error().describe();
  auto queue = jobs::open_repository("sqlite:" + (root / "queue.db").string(), root);
  ASSERT_TRUE(queue) << queue.error().describe();
  Rule r;
  r.name = "cd";
  r.calling_ae_title = "CT1";
  r.target = jobs::Target{jobs::TargetKind::kImageDir, root.string()};
  int woken = 0;
  AutoBurn ab(**store, **queue, {r}, nullptr, [&] { ++woken; });

  auto first = ab.evaluate(study("CT1", "", "CT", "digest-1"));
  ASSERT_TRUE(first) << first.error().describe();
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ(woken, 1);
  auto job = (*queue)->show(first->front());
  ASSERT_TRUE(job);
  EXPECT_EQ(job->spec.author.inputs, std::vector<std::string>{"/tmp"});
  EXPECT_EQ(job->spec.release.purpose, "auto-burn rule cd study 1.2.3 digest digest-1");
  EXPECT_TRUE(ab.evaluate(study("CT1", "", "CT", "digest-1"))->empty()) << "unchanged: nothing";
  EXPECT_TRUE(ab.evaluate(study("CT2", "", "CT", "digest-9"))->empty()) << "another sender: nothing";
  EXPECT_EQ(ab.evaluate(study("CT1", "", "CT", "digest-2"))->size(), 1u) << "changed: fires again";

  // Killed after the claim, before the submission: the next evaluation queues it, once.
  ASSERT_TRUE(*(*store)->claim_fire("cd", "1.2.3", "digest-3", nullptr));
  EXPECT_EQ(ab.evaluate(study("CT1", "", "CT", "digest-3"))->size(), 1u);
  EXPECT_TRUE(ab.evaluate(study("CT1", "", "CT", "digest-3"))->empty());
  // Killed after the submission, before its job id was recorded: found by its marker, not queued again.
  ASSERT_TRUE(*(*store)->claim_fire("cd", "1.2.3", "digest-4", nullptr));
  StudySummary s4 = study("CT1", "", "CT", "digest-4");
  const jobs::JobSpec spec = job_for(r, s4);
  auto ids = (*queue)->submit({&spec, 1});
  ASSERT_TRUE(ids);
  EXPECT_TRUE(ab.evaluate(s4)->empty());
  EXPECT_EQ((*(*store)->show("1.2.3")).has_value(), false) << "the study itself was never indexed here";
  jobs::ListFilter all;
  EXPECT_EQ((*queue)->list(all)->size(), 4u) << "digests 1, 2, 3 and 4: one job each";
  fs::remove_all(root);
}

}  // namespace
}  // namespace discus::store
