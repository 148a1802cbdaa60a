// The queue benchmark (issue 14 "Speed"): N jobs of the no-op kind submitted, claimed and
// completed through the Repository, every transition committed (fsync'd, synchronous=FULL)
// before the call returns; several jobs per commit when --batch > 1 (group commit). Then the
// latency of listing every job and rendering the API's JSON, as GET /v1/jobs will.
//   discus_queue_bench --db /tmp/q.db [--jobs 10000] [--batch 100] [--copies 0] [--list-runs 7]
//   discus_queue_bench --queue postgresql://... [...]   (any queue URL, on an empty queue)
// Prints one "key: value" line per number; bench/queue.sh runs it and formats RESULTS.md rows.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "jobs/job_list_json.h"
#include "jobs/open_repository.h"
#include "jobs/sqlite/sqlite_repository.h"

namespace {

using namespace discus::jobs;
using Seconds = std::chrono::duration<double>;

// CPU time of this process: on a machine shared with other builds the wall time of a 20 ms
// query swings by 5x; the CPU time says what the code costs.
double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1000 + static_cast<double>(t.tv_nsec) / 1e6;
}

double since(std::chrono::steady_clock::time_point t0) {
  return Seconds(std::chrono::steady_clock::now() - t0).count();
}

[[noreturn]] void die(const discus::base::Error& e) {
  std::fprintf(stderr, "queue_bench: %s\n", e.describe().c_str());
  std::exit(1);
}

JobSpec spec_for(int copies) {
  JobSpec s;
  if (copies > 0) {  // an author job only to give the list its copies; never run here
    s.kind = JobKind::kAuthor;
    s.author.profile = "STD-GEN-CD";
    s.author.inputs = {"/srv/in/study-1"};
    s.author.copies = copies;
    s.author.target = {TargetKind::kImageDir, "/srv/out"};
  }
  s.submitted_by = "bench";
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db = "/tmp/discus-queue-bench.db", url;
  int jobs = 10000, batch = 100, copies = 0, list_runs = 7;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--db") db = argv[i + 1];
    else if (k == "--queue") url = argv[i + 1];
    else if (k == "--jobs") jobs = std::atoi(argv[i + 1]);
    else if (k == "--batch") batch = std::max(1, std::atoi(argv[i + 1]));
    else if (k == "--copies") copies = std::atoi(argv[i + 1]);
    else if (k == "--list-runs") list_runs = std::max(1, std::atoi(argv[i + 1]));
    else { std::fprintf(stderr, "queue_bench: unknown option %s\n", k.c_str()); return 2; }
  }
  if (url.empty())
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  auto opened = url.empty() ? open_sqlite_repository(db) : open_repository(url, std::filesystem::current_path());
  if (!opened) die(opened.error());
  Repository& repo = **opened;

  // Submit, in commits of `batch` jobs.
  const std::vector<JobSpec> specs(static_cast<std::size_t>(batch), spec_for(copies));
  auto t0 = std::chrono::steady_clock::now();
  int commits = 0;
  for (int done = 0; done < jobs; done += batch, ++commits) {
    const std::size_t n = static_cast<std::size_t>(std::min(batch, jobs - done));
    if (auto r = repo.submit({specs.data(), n}); !r) die(r.error());
  }
  const double submit_s = since(t0);

  // Claim and complete (no-op jobs only: author jobs stay queued for the list measurement).
  double work_s = 0;
  int completed = 0;
  if (copies == 0) {
    t0 = std::chrono::steady_clock::now();
    for (;;) {
      auto got = repo.claim("bench", 60'000, batch);
      if (!got) die(got.error());
      ++commits;
      if (got->empty()) break;
      std::vector<JobChange> changes;
      for (const Job& j : *got) changes.push_back({j.id, JobState::kRunning, JobState::kDone, "bench", ""});
      if (auto r = repo.apply(changes, {}); !r) die(r.error());
      ++commits;
      completed += static_cast<int>(got->size());
    }
    work_s = since(t0);
  }

  // List every job and render the JSON, as the API answers `jobs list`.
  std::vector<double> list_ms, query_ms, list_cpu;
  std::size_t bytes = 0, listed = 0;
  for (int run = 0; run < list_runs; ++run) {
    t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_ms();
    auto all = repo.list({});
    if (!all) die(all.error());
    query_ms.push_back(since(t0) * 1000);
    std::string body;
    append_job_list_json(body, *all);
    bytes = body.size();
    list_ms.push_back(since(t0) * 1000);
    list_cpu.push_back(cpu_ms() - c0);
    listed = all->size();
  }
  std::sort(list_ms.begin(), list_ms.end());
  std::sort(query_ms.begin(), query_ms.end());
  std::sort(list_cpu.begin(), list_cpu.end());
  auto events = repo.events_since(0, 0);
  if (!events) die(events.error());

  std::printf("jobs: %d\nbatch: %d\ncopies_per_job: %d\ncommits: %d\n", jobs, batch, copies, commits);
  std::printf("submit_s: %.3f\n", submit_s);
  if (copies == 0) {
    std::printf("claim_complete_s: %.3f\ncompleted: %d\n", work_s, completed);
    std::printf("jobs_per_s: %.0f\n", jobs / (submit_s + work_s));
  }
  std::printf("events: %zu\n", events->size());
  std::printf("list_jobs: %zu\nlist_json_bytes: %zu\n", listed, bytes);
  std::printf("list_query_ms_median: %.1f\n", query_ms[query_ms.size() / 2]);
  std::printf("list_cpu_ms_median: %.1f\n", list_cpu[list_cpu.size() / 2]);
  std::printf("list_ms_median: %.1f\nlist_ms_min: %.1f\nlist_ms_max: %.1f\n", list_ms[list_ms.size() / 2],
              list_ms.front(), list_ms.back());
  return (copies == 0 && completed != jobs) ? 1 : 0;
}
