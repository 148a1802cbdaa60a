// A minimal burn station for the "two stations, one queue" test (issue 14 "Must show"): claims
// no-op jobs from the queue a URL names, holds each for a while with heartbeats, completes it,
// and says so on stdout only after the commit. Stands in for discusd until the scheduler lands.
//   queue_station --queue URL submit N
//   queue_station --queue URL work --station NAME [--lease-ms 2000] [--work-ms 30]
//       "claimed ID" / "done ID" / "lost ID" lines; exits 0 once nothing is queued or running
//   queue_station --queue URL report      one line per job: "ID STATE DONE_EVENTS DONE_BY GIVEN_BACK"
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "jobs/open_repository.h"

namespace {

using namespace discus::jobs;

[[noreturn]] void die(const discus::base::Error& e) {
  std::fprintf(stderr, "queue_station: %s\n", e.describe().c_str());
  std::exit(1);
}

void say(const char* what, JobId id) {
  std::printf("%s %ld\n", what, static_cast<long>(id));
  std::fflush(stdout);
}

std::size_t count(Repository& repo, JobState state) {
  ListFilter f;
  f.state = state;
  f.with_copies = false;
  auto r = repo.list(f);
  if (!r) die(r.error());
  return r->size();
}

int work(Repository& repo, const std::string& station, std::int64_t lease_ms, int work_ms) {
  for (;;) {
    auto got = repo.claim(station, lease_ms, 1);
    if (!got) die(got.error());
    if (got->empty()) {
      // A peer's job may come back when its lease runs out: wait until nothing is left.
      if (count(repo, JobState::kQueued) == 0 && count(repo, JobState::kRunning) == 0) return 0;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    const Job& job = got->front();
    say("claimed", job.id);
    bool lost = false;
    for (int slept = 0; slept < work_ms && !lost; slept += 10) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (slept % 200 == 190) {
        auto gone = repo.heartbeat(station, std::vector<JobId>{job.id}, lease_ms);
        if (!gone) die(gone.error());
        lost = !gone->empty();
      }
    }
    const JobChange done{job.id, JobState::kRunning, JobState::kDone, station, ""};
    if (lost || !repo.apply({&done, 1}, {})) {
      say("lost", job.id);
      continue;
    }
    say("done", job.id);
  }
}

int report(Repository& repo) {
  auto jobs = repo.list({});
  if (!jobs) die(jobs.error());
  std::map<JobId, int> done_events, given_back;
  std::map<JobId, std::string> done_by;
  for (std::int64_t after = 0;;) {
    auto events = repo.events_since(after, 5000);
    if (!events) die(events.error());
    if (events->empty()) break;
    for (const Event& e : *events) {
      after = e.seq;
      if (e.n != 0) continue;
      if (e.to == "done") ++done_events[e.job], done_by[e.job] = e.station;
      if (e.from == "running" && e.to == "queued") ++given_back[e.job];
    }
  }
  for (const Job& j : *jobs)
    std::printf("%ld %s %d %s %d\n", static_cast<long>(j.id), std::string(to_string(j.state)).c_str(),
                done_events[j.id], done_by[j.id].empty() ? "-" : done_by[j.id].c_str(), given_back[j.id]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, command, station = "station";
  std::int64_t lease_ms = 2000;
  int work_ms = 30, n = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) std::exit(2);
      return argv[++i];
    };
    if (a == "--queue") url = next();
    else if (a == "--station") station = next();
    else if (a == "--lease-ms") lease_ms = std::atoll(next().c_str());
    else if (a == "--work-ms") work_ms = std::atoi(next().c_str());
    else if (a == "submit") command = a, n = std::atoi(next().c_str());
    else if (a == "work" || a == "report") command = a;
    else { std::fprintf(stderr, "queue_station: unknown argument %s\n", a.c_str()); return 2; }
  }
  auto opened = open_repository(url, std::filesystem::current_path());
  if (!opened) die(opened.error());
  Repository& repo = **opened;
  if (command == "submit") {
    std::vector<JobSpec> specs(static_cast<std::size_t>(n));
    for (auto& s : specs) s.submitted_by = "stations-test";
    auto ids = repo.submit(specs);
    if (!ids) die(ids.error());
    std::printf("submitted %zu\n", ids->size());
    return 0;
  }
  if (command == "work") return work(repo, station, lease_ms, work_ms);
  if (command == "report") return report(repo);
  std::fprintf(stderr, "queue_station: say submit N, work or report\n");
  return 2;
}
