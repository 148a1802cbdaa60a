// Writes the JSON that src/jobs really produces, for tests/integration/openapi_test.py to judge
// against src/daemon/api/openapi.yaml: the job list, whole jobs and the recorded events after a
// queue has seen every kind of state (a reject and remake, a hold, a failure, a cancel). Specs
// given as arguments (the document's JobSpec examples) are parsed with spec_from_text first, so
// the document and the parser agree in both directions.
//   discus_jobs_api_samples DIR [SPEC_JSON...] > samples.json     (exit 1: a spec was refused)
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "jobs/job_json.h"
#include "jobs/job_list_json.h"
#include "jobs/sqlite/sqlite_repository.h"

namespace {

using namespace discus::jobs;

[[noreturn]] void die(const std::string& what, const discus::base::Error& e) {
  std::fprintf(stderr, "api_samples: %s: %s\n", what.c_str(), e.describe().c_str());
  std::exit(1);
}

template <typename T>
T must(discus::base::Result<T> r, const std::string& what) {
  if (!r) die(what, r.error());
  return std::move(*r);
}

void must(discus::base::Status s, const std::string& what) {
  if (!s) die(what, s.error());
}

CopyChange step(JobId id, int n, CopyState from, CopyState to, std::string reason = "") {
  return CopyChange{id, n, from, to, "station-1", "/srv/out/job" + std::to_string(id) + ".iso", std::move(reason)};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  std::filesystem::remove(dir / "queue.db");
  auto repo = must(open_sqlite_repository((dir / "queue.db").string()), "open");

  std::vector<JobSpec> specs;
  for (int i = 2; i < argc; ++i) specs.push_back(must(spec_from_text(argv[i]), std::string("spec ") + argv[i]));
  JobSpec author;
  author.kind = JobKind::kAuthor;
  author.submitted_by = "operator1";
  author.author.profile = "STD-GEN-CD";
  author.author.inputs = {"/srv/in/study-1"};
  author.author.copies = 2;
  author.author.label.label_text = "Dr. Weiß \x01 \"quoted\"";  // text the JSON writers must escape
  author.author.target = {TargetKind::kDrive, "stdio:/srv/out/disc.iso"};
  author.release = {"Dr. Weiß, Cardiology, St. Mary's", "referral"};
  JobSpec send;
  send.kind = JobKind::kSend;
  send.author.copies = 1;
  send.send = {{"/srv/in/study-2"}, "pacs"};
  JobSpec import;
  import.kind = JobKind::kImport;
  import.import = {"/dev/sr1", "store"};
  const std::vector<JobSpec> mine{author, send, import, JobSpec{}};
  const auto ids = must(repo->submit(mine), "submit");
  must(repo->submit(specs), "submit examples");

  // The author job: copy 1 verified, copy 2 rejected once and burning its remake.
  auto claimed = must(repo->claim("station-1", 60000, 1), "claim");
  const JobId a = claimed.at(0).id;
  const std::vector<CopyChange> steps{
      step(a, 1, CopyState::kQueued, CopyState::kRunning),     step(a, 1, CopyState::kRunning, CopyState::kBurning),
      step(a, 1, CopyState::kBurning, CopyState::kVerifying),  step(a, 1, CopyState::kVerifying, CopyState::kDone),
      step(a, 2, CopyState::kQueued, CopyState::kRunning),     step(a, 2, CopyState::kRunning, CopyState::kBurning),
      step(a, 2, CopyState::kBurning, CopyState::kVerifying),
      step(a, 2, CopyState::kVerifying, CopyState::kRejected, "verify failed: DICOM/P0000001/S0000001/I0000002 differs"),
      step(a, 2, CopyState::kQueued, CopyState::kRunning),     step(a, 2, CopyState::kRunning, CopyState::kBurning)};
  must(repo->apply({}, steps), "author steps");
  // The send job fails; the import waits for a decision; the no-op is cancelled.
  claimed = must(repo->claim("station-1", 60000, 1), "claim send");
  const JobChange fail{claimed.at(0).id, JobState::kRunning, JobState::kFailed, "station-1", "association rejected"};
  must(repo->apply({&fail, 1}, {}), "fail");
  must(repo->hold(ids[2], "the medium's patient 123 is not in the worklist"), "hold");
  must(repo->cancel(ids[3], "not needed"), "cancel");

  const auto jobs = must(repo->list({}), "list");
  std::string list;
  append_job_list_json(list, jobs);
  nlohmann::json out;
  out["list"] = nlohmann::json::parse(list);
  out["show"] = nlohmann::json::array();
  for (const Job& j : jobs) out["show"].push_back(to_json(must(repo->show(j.id), "show")));
  out["events"] = nlohmann::json::array();
  for (const Event& e : must(repo->events_since(0, 0), "events")) out["events"].push_back(to_json(e));
  std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return 0;
}
