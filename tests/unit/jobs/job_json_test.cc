// Jobs as JSON: a spec survives the round trip; bad input names its JSON path; a job prints in
// the shape `discus jobs --json` promises (issue 14 "Interfaces").
#include "jobs/job_json.h"

#include <gtest/gtest.h>

#include "jobs/job_list_json.h"

namespace discus::jobs {
namespace {

JobSpec author_spec() {
  JobSpec s;
  s.kind = JobKind::kAuthor;
  s.priority = 1;
  s.submitted_by = "operator1";
  s.author.profile = "STD-GEN-CD";
  s.author.inputs = {"/in/a", "/in/b"};
  s.author.copies = 3;
  s.author.label.label_text = "Ümlaut patient";
  s.author.target = {TargetKind::kDrive, "stdio:/tmp/x.iso"};
  s.release = {"Dr. Weiß, Cardiology", "referral"};
  return s;
}

TEST(JobJson, SpecRoundTrips) {
  const JobSpec s = author_spec();
  auto back = spec_from_text(to_json(s).dump());
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(to_json(*back), to_json(s));
  EXPECT_EQ(back->author.target.kind, TargetKind::kDrive);
  EXPECT_EQ(back->copy_count(), 3);
  EXPECT_EQ(back->release.purpose, "referral");
}

TEST(JobJson, BadInputNamesThePath) {
  auto r = spec_from_text(R"({"kind": "author", "author": {"profile": "STD-GEN-CD", "copies": "two"}})");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/author/copies"), std::string::npos) << r.error().message;
  r = spec_from_text(R"({"kind": "burn"})");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/kind"), std::string::npos);
  r = spec_from_text(R"({"kind": "author", "author": {"profile": "STD-GEN-CD", "inputs": ["/x"],
                         "target": {"kind": "floppy", "where": "a:"}}})");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/author/target/kind"), std::string::npos);
  EXPECT_FALSE(spec_from_text("{not json"));
  r = spec_from_text(R"({"kind": "author", "author": {"profile": "STD-GEN-CD", "inputs": ["/x"], "copise": 3,
                         "target": {"kind": "drive", "where": "/dev/sr0"}}})");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/author/copise: unknown member"), std::string::npos) << r.error().message;
  EXPECT_FALSE(spec_from_text(R"({"kind": "author", "author": {"profile": "STD-GEN-CD", "inputs": []}})"));
}

TEST(JobJson, TextThatIsNotUtf8IsRefusedByField) {
  JobSpec s = author_spec();
  s.author.inputs.push_back("/in/caf\xE9");  // a Latin-1 file name
  auto r = validate(s);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/author/inputs"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("caf\\xE9"), std::string::npos) << r.error().message;
  s = author_spec();
  s.priority = 5;
  EXPECT_FALSE(validate(s));
}

TEST(JobJson, JobHasTheIssueShape) {
  Job job;
  job.id = 7;
  job.spec = author_spec();
  job.state = JobState::kRunning;
  job.copies = {{1, 1, CopyState::kDone, true, "/out/1.iso", ""},
                {2, 1, CopyState::kRejected, false, "/out/2.iso", "verify failed"},
                {2, 2, CopyState::kBurning, false, "/out/2.iso", ""},
                {3, 1, CopyState::kQueued, false, "", ""}};
  const auto j = to_json(job);
  EXPECT_EQ(j["id"], 7);
  EXPECT_EQ(j["state"], "running");
  ASSERT_EQ(j["copies"].size(), 3u);  // the current attempt of each requested copy
  EXPECT_EQ(j["copies"][0]["n"], 1);
  EXPECT_EQ(j["copies"][0]["verified"], true);
  EXPECT_EQ(j["copies"][0]["output"], "/out/1.iso");
  EXPECT_EQ(j["copies"][1]["state"], "burning");
  EXPECT_EQ(j["copies"][1]["attempt"], 2);
  EXPECT_EQ(j["attempts"].size(), 4u);  // the reject stays on record
}

TEST(JobJson, FastListWriterMatchesTheTree) {
  Job a;
  a.id = 1;
  a.spec = author_spec();
  a.spec.submitted_by = "quote\" back\\ tab\t nl\n bell\a latin1 \xE9 ok é";
  a.copies = {{1, 1, CopyState::kRejected, false, "/out/1.iso", "verify failed"},
              {1, 2, CopyState::kDone, true, "/out/1.iso", ""}};
  a.state = JobState::kHeld;
  a.hold_reason = "paused";
  Job b;
  b.id = 2;
  b.state = JobState::kFailed;
  b.error = "input gone";
  b.lease_owner = "";
  std::string text;
  const Job jobs[] = {a, b};
  append_job_list_json(text, jobs);
  auto parsed = nlohmann::json::parse(text);
  nlohmann::json tree = nlohmann::json::array();
  for (const Job& j : jobs) tree.push_back(to_summary_json(j));
  tree[0]["submitted_by"] = "quote\" back\\ tab\t nl\n bell\a latin1 \\xE9 ok é";  // the UTF-8 boundary
  EXPECT_EQ(parsed, tree);
}

}  // namespace
}  // namespace discus::jobs
