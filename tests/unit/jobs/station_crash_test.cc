// Crash safety of the station (issue 14, the first "Must show" bullet, in process until discusd
// exists): a child process runs the scheduler on a SQLite queue with two stdio: drives and an
// image folder; the parent watches the events table through its own connection and SIGKILLs the
// child right after each kind of transition (claimed, staging, burning, mid-burn, verifying,
// done, rejected, suspect) and at random moments, restarting it each time. Then a last run
// drains the queue and the checks of station_fixture.h run: every requested copy exists exactly
// once as a verified image, every reject is recorded (with its remake), no job is lost or
// duplicated, the queue opens (PRAGMA integrity_check at open) and no staged PHI is left.
//   DISCUS_CRASH_JOBS (default 20) and DISCUS_CRASH_KILLS (default 30) scale it; the slow
//   variant in tests/unit/jobs/CMakeLists.txt runs 40 jobs and 120 kills. Under
//   tests/support/postgres_server.py (DISCUS_TEST_POSTGRES_URL set) the queue is PostgreSQL.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <random>

#include "jobs/open_repository.h"
#include "jobs/scheduler.h"
#include "queue_fixture.h"
#include "station_fixture.h"

namespace discus::jobs {
namespace {

using namespace testing;

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

// The queue under test: SQLite in the state folder, or the PostgreSQL server that
// tests/support/postgres_server.py started (DISCUS_TEST_POSTGRES_URL).
base::Result<std::unique_ptr<Repository>> open_queue(const fs::path& root) {
  const char* pg = std::getenv("DISCUS_TEST_POSTGRES_URL");
  std::error_code ec;
  fs::create_directories(root / "state", ec);
  return open_repository(pg && *pg ? pg : "", root / "state");
}

std::unique_ptr<Repository> open_queue_or_die(const fs::path& root) {
  auto r = open_queue(root);
  if (!r) ADD_FAILURE() << r.error().describe();
  return r ? std::move(*r) : nullptr;
}

SchedulerOptions station_options(const fs::path& root, const std::vector<std::string>& drives) {
  SchedulerOptions o;
  o.station = "crash-st";
  o.drives = drives;
  o.state_dir = root / "state";
  o.lease_ms = 5000;
  o.poll_ms = 20;
  o.max_attempts = 1000;  // kills mid-burn spoil discs on purpose; the job must still finish
  return o;
}

// The child: a station that runs until it is killed.
[[noreturn]] void station(const fs::path& root, const std::vector<std::string>& drives) {
  auto repo = open_queue(root);
  if (!repo) _exit(3);
  StationContext ctx;
  base::Logger log(base::LogLevel::kInfo);
  SchedulerOptions o = station_options(root, drives);
  if (std::getenv("DISCUS_CRASH_LOG")) o.log = &log;
  auto s = Scheduler::start(**repo, ctx.context, o);
  if (!s) _exit(4);
  for (;;) ::pause();
}

// What the parent waits for before it kills: an event whose `to` is `state` (copy events when
// `copy`), then `delay_ms` more. An empty state: a random moment. `mid_burn`: after "burning",
// the moment a disc in a drive has bytes but no "verifying" followed: libburn is writing.
struct Moment {
  std::string state;
  bool copy = true;
  int delay_ms = 0;
  bool mid_burn = false;
  std::string label() const {
    return state.empty() ? "random"
           : mid_burn   ? "mid-burn"
                        : fmt::format("{}{}{}", copy ? "copy " : "job ", state, delay_ms ? "+delay" : "");
  }
};

TEST(StationCrash, SigkillAtEveryTransitionLosesNothingAndBurnsNothingTwice) {
  TempDir tmp("station-crash");
  const fs::path root = tmp / "";
  const int n_jobs = env_int("DISCUS_CRASH_JOBS", 20), kills = env_int("DISCUS_CRASH_KILLS", 30);
  for (int i = 0; i < 4; ++i) make_study(root / "in" / std::to_string(i), fmt::format("P{}", i), 10 + 5 * i, 256);
  const std::vector<std::string> drives{"stdio:" + (root / "d1.iso").string(), "stdio:" + (root / "d2.iso").string()};
  const fs::path images = root / "images";
  StationContext ctx;
  auto view = open_queue_or_die(root);
  ASSERT_TRUE(view);
  std::mt19937 rng(14);
  std::vector<JobSpec> specs;
  // A batch of `count` jobs, two or three copies each: two thirds to the drives, a third to images.
  auto submit = [&](int count) {
    std::vector<JobSpec> batch;
    for (int i = static_cast<int>(specs.size()); static_cast<int>(batch.size()) < count; ++i) {
      const fs::path in = root / "in" / std::to_string(i % 4);
      const int copies = 2 + i % 2;
      if (i % 3 == 2) batch.push_back(disc_spec(in, copies, TargetKind::kImageDir, images.string(), i % 5 == 0 ? 1 : 0));
      else batch.push_back(disc_spec(in, copies, TargetKind::kDrive, drives[i % 2], i % 7 == 0 ? -1 : 0));
    }
    ASSERT_TRUE(view->submit(batch));
    specs.insert(specs.end(), batch.begin(), batch.end());
  };
  submit(n_jobs);

  // In an order that makes each path run: a kill mid-burn leaves a partial disc that the next
  // run reads back (suspect) and rejects; a kill right after "burning" may leave no disc at all.
  const std::vector<Moment> moments{{"running", false}, {"burning", true, 0, true}, {"rejected"}, {"running"},
                                    {"burning"},        {"suspect"},               {"verifying"}, {"done"},
                                    {""},               {"burning", true, 1},      {"queued", false}};
  std::map<std::string, int> seen;  // which moments a kill actually hit
  std::int64_t seq = 0;
  if (auto ev = view->events_since(0, 0); ev && !ev->empty()) seq = ev->back().seq;
  for (int k = 0; k < kills; ++k) {
    Moment m = moments[static_cast<std::size_t>(k) % moments.size()];
    // Every kill must find work: when the queue runs dry, another batch (the checks cover it too).
    ListFilter queued;
    queued.state = JobState::kQueued;
    queued.with_copies = false;
    if (auto q = view->list(queued); q && q->size() < 3) submit(5);
    if (m.delay_ms) m.delay_ms = 5 + static_cast<int>(rng() % 120);  // mid-burn: libburn is writing
    const int random_ms = 30 + static_cast<int>(rng() % 700);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) station(root, drives);
    const auto start = std::chrono::steady_clock::now();
    bool hit = false, armed = false;
    for (;;) {
      const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
      if (m.state.empty() ? elapsed >= random_ms : elapsed >= 1500) break;  // not seen: kill anyway
      auto ev = view->events_since(seq, 0);
      if (ev) {
        for (const Event& e : *ev) {
          seq = e.seq;
          const bool match = !m.state.empty() && e.to == m.state && (e.n != 0) == m.copy && !e.station.empty();
          if (m.mid_burn) {
            if (match) armed = true;
            if (e.to == "verifying" || e.to == "rejected") armed = false;  // that burn is over
          } else if (match) {
            hit = true;
          }
        }
      }
      if (armed) {
        std::error_code ec;
        for (const std::string& d : drives)
          if (const auto size = fs::file_size(steps::stdio_file(d), ec); !ec && size > 0) hit = true;
      }
      if (hit) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (hit && m.delay_ms) std::this_thread::sleep_for(std::chrono::milliseconds(m.delay_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the station ended by itself, status " << status;
    if (std::getenv("DISCUS_CRASH_LOG")) std::cerr << "kill " << k << " " << m.label() << " hit " << hit << "\n";
    ++seen[hit || m.state.empty() ? m.label() : "missed " + m.label()];
  }
  for (const auto& [what, count] : seen) std::cout << "  killed at " << what << ": " << count << "\n";

  // The queue opens (SQLite: PRAGMA integrity_check at open) and a last run drains it.
  view.reset();
  auto repo = open_queue_or_die(root);
  ASSERT_TRUE(repo);
  auto own = open_queue_or_die(root);  // the scheduler's own connection (scheduler.h)
  ASSERT_TRUE(own);
  {
    auto s = Scheduler::start(*own, ctx.context, station_options(root, drives));
    ASSERT_TRUE(s) << s.error().describe();
    EXPECT_TRUE(wait_settled(*repo, 240, {JobState::kDone, JobState::kFailed, JobState::kCancelled}));
    (*s)->request_stop();
    (*s)->join();
  }
  const int rejects = check_exactly_once(*repo, drives, images, specs.size(), ctx.context);
  std::cout << "  rejected and remade: " << rejects << "\n";
  EXPECT_GT(rejects, 0) << "no kill spoiled a disc: the reject-and-remake path did not run";
  auto events = repo->events_since(0, 0);
  ASSERT_TRUE(events);
  const auto suspects = std::count_if(events->begin(), events->end(), [](const Event& e) { return e.to == "suspect"; });
  std::cout << "  suspect copies read back: " << suspects << "\n";
  EXPECT_GT(suspects, 0) << "no kill left a suspect copy";
  EXPECT_TRUE(fs::is_empty(root / "state" / "staging")) << "staged PHI left behind";
}

}  // namespace
}  // namespace discus::jobs
