// Crash safety of the queue (issue 14 item 2): a child process works the queue like a burn
// station (submit, claim, stage, burn, verify, reject and remake, complete) and reports each
// transition on a pipe only after apply() returned. The parent SIGKILLs it at random moments,
// reopens the database and checks: it opens (integrity check passes), every acknowledged
// transition is there, and the exactly-once invariants hold. Then the child is restarted on the
// same file and recovers its own work (suspect discs read back, never reburned unrecorded).
// The same against PostgreSQL (queue_fixture.h): there the kill drops the connection mid-
// transaction and the server rolls it back.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iostream>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "queue_fixture.h"

namespace discus::jobs {
namespace {

using namespace testing;

// One station's loop; never returns. Reports "job n attempt state\n" after each commit.
[[noreturn]] void work(std::unique_ptr<Repository> opened, int out, unsigned seed) {
  if (!opened) _exit(3);
  Repository& repo = *opened;
  if (!repo.recover("child")) _exit(4);
  std::mt19937 rng(seed);
  auto ack = [&](JobId id, int n, int attempt, CopyState s) {
    const std::string line = std::to_string(id) + " " + std::to_string(n) + " " + std::to_string(attempt) + " " +
                             std::string(to_string(s)) + "\n";
    if (::write(out, line.data(), line.size()) < 0) _exit(5);
  };
  for (;;) {
    std::vector<JobSpec> specs(1 + rng() % 3, author_spec(1 + static_cast<int>(rng() % 3)));
    auto ids = repo.submit(specs);
    if (!ids) _exit(6);
    for (JobId id : *ids) ack(id, 0, 0, CopyState::kQueued);  // a job acknowledged is never lost
    auto got = repo.claim("child", 60'000, 2);
    if (!got) _exit(7);
    for (const Job& job : *got) {
      for (const Copy& c : job.current_copies()) {
        // Walk the copy from wherever recovery left it to done or rejected, one commit a step.
        CopyState s = c.state;
        int attempt = c.attempt;
        while (s != CopyState::kDone) {
          CopyState next = s == CopyState::kQueued    ? CopyState::kRunning
                           : s == CopyState::kRunning ? CopyState::kBurning
                           : s == CopyState::kBurning ? CopyState::kVerifying
                           : s == CopyState::kSuspect ? CopyState::kVerifying
                           : (rng() % 4 == 0)         ? CopyState::kRejected
                                                      : CopyState::kDone;
          const CopyChange change{job.id, c.n, s, next, "child", "/out/img", "step"};
          if (!repo.apply({}, {&change, 1})) _exit(8);
          ack(job.id, c.n, attempt, next);
          if (next == CopyState::kRejected) {
            ++attempt;  // the remake was queued in the same commit
            next = CopyState::kQueued;
          }
          s = next;
        }
      }
      const JobChange done{job.id, JobState::kRunning, JobState::kDone, "child", ""};
      if (!repo.apply({&done, 1}, {})) _exit(9);
      ack(job.id, 0, 0, CopyState::kDone);
    }
  }
}

using QueueCrash = QueueTest;

TEST_P(QueueCrash, SigkillAtRandomMomentsLosesNoAcknowledgedTransition) {
  std::mt19937 rng(20261206);
  std::set<std::tuple<JobId, int, int, std::string>> acked;
  std::string pending;
  constexpr int kKills = 30;
  for (int round = 0; round < kKills; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      work(open(), fds[1], static_cast<unsigned>(round));
    }
    ::close(fds[1]);
    ::usleep(static_cast<useconds_t>(20'000 + rng() % 200'000));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the worker stopped by itself: exit " << WEXITSTATUS(status);
    char buf[4096];
    for (ssize_t got; (got = ::read(fds[0], buf, sizeof buf)) > 0;) pending.append(buf, static_cast<std::size_t>(got));
    ::close(fds[0]);
    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) {
      JobId id;
      int n, attempt;
      char state[16];
      if (std::sscanf(pending.c_str(), "%ld %d %d %15s", &id, &n, &attempt, state) == 4)
        acked.emplace(id, n, attempt, state);
    }
    pending.clear();  // a line cut by the kill was never acknowledged

    auto repo = open();  // SQLite: runs PRAGMA integrity_check
    ASSERT_TRUE(repo) << "round " << round;
    auto events = repo->events_since(0, 0);
    ASSERT_TRUE(events);
    std::set<std::tuple<JobId, int, int, std::string>> recorded;
    for (const Event& e : *events) recorded.emplace(e.job, e.n, e.attempt, e.to);
    for (const auto& a : acked) {
      const std::string what = std::to_string(std::get<0>(a)) + " copy " + std::to_string(std::get<1>(a)) + " " +
                               std::get<3>(a);
      ASSERT_TRUE(recorded.count(a)) << "acknowledged but lost: " << what;
    }
    const auto jobs = repo->list({});
    ASSERT_TRUE(jobs);
    for (const Job& job : *jobs) {
      // Every attempt before the last of its n was rejected: nothing was made twice unrecorded.
      for (std::size_t i = 0; i + 1 < job.copies.size(); ++i) {
        if (job.copies[i].n == job.copies[i + 1].n) {
          EXPECT_EQ(job.copies[i].state, CopyState::kRejected) << "job " << job.id << " copy " << job.copies[i].n;
        }
      }
      for (const Copy& c : job.current_copies())
        if (job.state == JobState::kDone) {
          EXPECT_TRUE(c.verified && c.state == CopyState::kDone) << job.id;
        }
      int rejected = 0;
      for (const Copy& c : job.copies) rejected += c.state == CopyState::kRejected;
      EXPECT_EQ(static_cast<std::size_t>(rejected), job.copies.size() - job.current_copies().size());
    }
  }
  EXPECT_GT(acked.size(), 100u) << "the worker hardly ran: the test proved little";
  // The paths that matter ran: kills mid-burn left suspects, read-backs rejected some.
  auto repo = open();
  std::map<std::string, int> reached;
  const auto events = repo->events_since(0, 0);
  ASSERT_TRUE(events);
  for (const Event& e : *events) ++reached[e.to];
  EXPECT_GT(reached["suspect"], 0);
  EXPECT_GT(reached["rejected"], 0);
  std::cout << "acknowledged " << acked.size() << " transitions; suspect " << reached["suspect"] << ", rejected "
            << reached["rejected"] << ", jobs done " << reached["done"] << "\n";
}

INSTANTIATE_TEST_SUITE_P(Backends, QueueCrash, ::testing::Values(kBackend), backend_name);

}  // namespace
}  // namespace discus::jobs
