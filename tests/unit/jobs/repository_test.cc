// The queue through the Repository interface, the same cases against each backend (SQLite and
// PostgreSQL, queue_fixture.h): submit, claim with leases, transitions compared and set, the
// exactly-once path (suspect, read back, reject and remake), operator actions, reopen after
// close; and for SQLite a damaged file refused with a clear error.
#include "jobs/sqlite/sqlite_repository.h"

#include <gtest/gtest.h>

#include <fstream>

#include "queue_fixture.h"

namespace discus::jobs {
namespace {

using namespace testing;
constexpr std::int64_t kLease = 30'000;

CopyChange copy_step(JobId id, int n, CopyState from, CopyState to, std::string output = "") {
  return CopyChange{id, n, from, to, "st1", std::move(output), ""};
}

ListFilter with_spec() {
  ListFilter f;
  f.with_spec = true;
  return f;
}

// Takes copy n of a claimed job through staging, burning and verify to done.
void make_copy(Repository& repo, JobId id, int n) {
  const CopyChange steps[] = {copy_step(id, n, CopyState::kQueued, CopyState::kRunning),
                              copy_step(id, n, CopyState::kRunning, CopyState::kBurning, "/out/x.iso"),
                              copy_step(id, n, CopyState::kBurning, CopyState::kVerifying),
                              copy_step(id, n, CopyState::kVerifying, CopyState::kDone)};
  for (const auto& s : steps) ASSERT_TRUE(repo.apply({}, {&s, 1})) << to_string(s.to);
}

TEST_P(QueueTest, SubmitClaimCompleteList) {
  auto repo = open();
  const JobSpec specs[] = {author_spec(2), noop_spec(), noop_spec()};
  auto ids = repo->submit(specs);
  ASSERT_TRUE(ids) << ids.error().describe();
  ASSERT_EQ(ids->size(), 3u);

  auto got = repo->claim("st1", kLease, 1);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  const Job& job = got->front();
  EXPECT_EQ(job.id, (*ids)[0]);
  EXPECT_EQ(job.state, JobState::kRunning);
  EXPECT_EQ(job.spec.author.profile, "STD-GEN-CD");
  ASSERT_EQ(job.copies.size(), 2u);

  // Not done while a copy is not verified.
  const JobChange done{job.id, JobState::kRunning, JobState::kDone, "st1", ""};
  auto early = repo->apply({&done, 1}, {});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, base::ErrorCode::kConflict);
  make_copy(*repo, job.id, 1);
  make_copy(*repo, job.id, 2);
  ASSERT_TRUE(repo->apply({&done, 1}, {}));

  auto all = repo->list({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].state, JobState::kDone);
  EXPECT_TRUE((*all)[0].copies[1].verified);
  EXPECT_EQ((*all)[1].state, JobState::kQueued);
  ListFilter only_queued;
  only_queued.state = JobState::kQueued;
  auto queued = repo->list(only_queued);
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->size(), 2u);

  auto events = repo->events_since(0, 0);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 3u + 1u + 8u + 1u);  // submits, claim, 2 copies x 4 steps, done
  auto later = repo->events_since(events->at(5).seq, 2);
  ASSERT_TRUE(later);
  ASSERT_EQ(later->size(), 2u);
  EXPECT_EQ(later->front().seq, events->at(6).seq);
}

TEST_P(QueueTest, StaleOrIllegalChangesAreRefusedAndLeaveNothing) {
  auto repo = open();
  const JobSpec spec = author_spec(1);
  ASSERT_TRUE(repo->submit({&spec, 1}));
  auto got = repo->claim("st1", kLease, 1);
  ASSERT_TRUE(got && got->size() == 1);
  const JobId id = got->front().id;
  const auto before = repo->events_since(0, 0)->size();

  // Illegal by the table (burning straight to done), wrong expectation, wrong station, and a
  // good step followed by a bad one in the same batch: all refused, nothing written.
  const CopyChange skip = copy_step(id, 1, CopyState::kQueued, CopyState::kDone);
  EXPECT_FALSE(repo->apply({}, {&skip, 1}));
  const CopyChange stale = copy_step(id, 1, CopyState::kRunning, CopyState::kBurning);
  EXPECT_FALSE(repo->apply({}, {&stale, 1}));
  CopyChange thief = copy_step(id, 1, CopyState::kQueued, CopyState::kRunning);
  thief.station = "st2";
  EXPECT_FALSE(repo->apply({}, {&thief, 1}));
  const CopyChange batch[] = {copy_step(id, 1, CopyState::kQueued, CopyState::kRunning),
                              copy_step(id, 1, CopyState::kRunning, CopyState::kDone)};
  EXPECT_FALSE(repo->apply({}, batch));
  EXPECT_EQ(repo->events_since(0, 0)->size(), before);
  EXPECT_EQ(repo->show(id)->copies[0].state, CopyState::kQueued);
  EXPECT_EQ(repo->show(999).error().code, base::ErrorCode::kNotFound);
}

TEST_P(QueueTest, RejectedCopyIsRecordedAndRemadeInTheSameCommit) {
  auto repo = open();
  const JobSpec spec = author_spec(1);
  ASSERT_TRUE(repo->submit({&spec, 1}));
  const JobId id = repo->claim("st1", kLease, 1)->front().id;
  const CopyChange steps[] = {copy_step(id, 1, CopyState::kQueued, CopyState::kRunning),
                              copy_step(id, 1, CopyState::kRunning, CopyState::kBurning, "/out/1.iso"),
                              copy_step(id, 1, CopyState::kBurning, CopyState::kVerifying),
                              CopyChange{id, 1, CopyState::kVerifying, CopyState::kRejected, "st1", "", "verify failed"}};
  ASSERT_TRUE(repo->apply({}, steps));
  auto job = repo->show(id);
  ASSERT_TRUE(job);
  ASSERT_EQ(job->copies.size(), 2u);
  EXPECT_EQ(job->copies[0].state, CopyState::kRejected);
  EXPECT_EQ(job->copies[0].reason, "verify failed");
  EXPECT_EQ(job->copies[1].attempt, 2);
  EXPECT_EQ(job->copies[1].state, CopyState::kQueued);
  make_copy(*repo, id, 1);
  const JobChange done{id, JobState::kRunning, JobState::kDone, "st1", ""};
  EXPECT_TRUE(repo->apply({&done, 1}, {}));
}

TEST_P(QueueTest, ExpiredLeaseGivesTheJobBackAndSuspectsItsDisc) {
  ManualClock clock;
  auto repo = open(clock.clock());
  const JobSpec specs[] = {author_spec(2)};
  ASSERT_TRUE(repo->submit(specs));
  const JobId id = repo->claim("st1", kLease, 1)->front().id;
  const CopyChange steps[] = {copy_step(id, 1, CopyState::kQueued, CopyState::kRunning),
                              copy_step(id, 1, CopyState::kRunning, CopyState::kBurning, "/dev/sr0"),
                              copy_step(id, 2, CopyState::kQueued, CopyState::kRunning)};
  ASSERT_TRUE(repo->apply({}, steps));

  // Still leased: another station gets nothing; a heartbeat keeps it.
  EXPECT_TRUE(repo->claim("st2", kLease, 5)->empty());
  clock.advance(kLease - 1);
  auto lost = repo->heartbeat("st1", std::vector<JobId>{id}, kLease);
  ASSERT_TRUE(lost);
  EXPECT_TRUE(lost->empty());
  clock.advance(kLease - 1);
  EXPECT_TRUE(repo->claim("st2", kLease, 5)->empty());

  clock.advance(2);  // st1 went silent
  auto got = repo->claim("st2", kLease, 5);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front().lease_owner, "st2");
  const auto copies = got->front().current_copies();
  EXPECT_EQ(copies[0].state, CopyState::kSuspect);  // the disc is read back, not reburned
  EXPECT_EQ(copies[1].state, CopyState::kQueued);   // staging is simply redone
  // st1 comes back: its heartbeat says the job is gone, its changes are refused.
  EXPECT_EQ(*repo->heartbeat("st1", std::vector<JobId>{id}, kLease), std::vector<JobId>{id});
  EXPECT_FALSE(repo->apply({}, std::vector<CopyChange>{copy_step(id, 2, CopyState::kQueued, CopyState::kRunning)}));
}

TEST_P(QueueTest, RecoverAfterRestartSuspectsOwnDiscs) {
  auto repo = open();
  const JobSpec spec = author_spec(1);
  ASSERT_TRUE(repo->submit({&spec, 1}));
  const JobId id = repo->claim("st1", kLease, 1)->front().id;
  const CopyChange steps[] = {copy_step(id, 1, CopyState::kQueued, CopyState::kRunning),
                              copy_step(id, 1, CopyState::kRunning, CopyState::kBurning, "/out/1.iso"),
                              copy_step(id, 1, CopyState::kBurning, CopyState::kVerifying)};
  ASSERT_TRUE(repo->apply({}, steps));
  ASSERT_TRUE(repo->recover("st1"));
  auto again = repo->claim("st1", kLease, 1);
  ASSERT_TRUE(again && again->size() == 1);
  EXPECT_EQ(again->front().copies[0].state, CopyState::kSuspect);
  const CopyChange verified[] = {copy_step(id, 1, CopyState::kSuspect, CopyState::kVerifying),
                                 copy_step(id, 1, CopyState::kVerifying, CopyState::kDone)};
  EXPECT_TRUE(repo->apply({}, verified));
  EXPECT_EQ(repo->show(id)->copies.size(), 1u) << "a verified suspect is not remade";
}

TEST_P(QueueTest, OperatorActions) {
  auto repo = open();
  const JobSpec specs[] = {author_spec(1), author_spec(1)};
  auto ids = *repo->submit(specs);
  ASSERT_TRUE(repo->hold(ids[0], ""));
  EXPECT_EQ(repo->show(ids[0])->hold_reason, "paused");
  auto got = repo->claim("st1", kLease, 5);
  ASSERT_EQ(got->size(), 1u) << "a held job is not claimed";
  EXPECT_EQ(got->front().id, ids[1]);
  ASSERT_TRUE(repo->release(ids[0]));
  ASSERT_TRUE(repo->cancel(ids[0], "wrong patient"));
  EXPECT_EQ(repo->show(ids[0])->current_copies()[0].state, CopyState::kCancelled);
  EXPECT_FALSE(repo->release(ids[0]));
  ASSERT_TRUE(repo->retry(ids[0]));
  auto retried = repo->show(ids[0]);
  EXPECT_EQ(retried->state, JobState::kQueued);
  EXPECT_EQ(retried->current_copies()[0].attempt, 2);

  // While a copy is being burned the job cannot be cancelled (PS3.4 S.3.2.3 C202).
  const CopyChange steps[] = {copy_step(ids[1], 1, CopyState::kQueued, CopyState::kRunning),
                              copy_step(ids[1], 1, CopyState::kRunning, CopyState::kBurning)};
  ASSERT_TRUE(repo->apply({}, steps));
  auto refused = repo->cancel(ids[1], "");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("C202"), std::string::npos);
  // Failed and retried: copies that failed are queued again.
  const JobChange park{ids[1], JobState::kRunning, JobState::kFailed, "st1", "x"};
  EXPECT_FALSE(repo->apply({&park, 1}, {})) << "not while the disc is burning";
  EXPECT_FALSE(repo->retry(ids[1]));
  EXPECT_EQ(repo->cancel(12345, "").error().code, base::ErrorCode::kNotFound);
}

// "Stop after this copy" (service): accepted while a copy is physical, durable in the stored
// spec, queued copies cancelled at once; a job with nothing physical and not running is
// cancelled at once; a retry clears the request; a finished job has nothing to stop.
TEST_P(QueueTest, StopAfterTheCurrentCopy) {
  auto repo = open();
  const JobSpec specs[] = {author_spec(3), author_spec(2)};
  auto ids = *repo->submit(specs);
  const JobId id = repo->claim("st1", kLease, 1)->front().id;
  ASSERT_EQ(id, ids[0]);
  make_copy(*repo, id, 1);
  const CopyChange burn[] = {copy_step(id, 2, CopyState::kQueued, CopyState::kRunning),
                             copy_step(id, 2, CopyState::kRunning, CopyState::kBurning, "/dev/sr0")};
  ASSERT_TRUE(repo->apply({}, burn));
  ASSERT_FALSE(repo->cancel(id, "")) << "a plain cancel is refused mid-burn (C202)";
  ASSERT_TRUE(repo->stop_after_copy(id, "asked by op1"));
  auto job = repo->show(id);
  EXPECT_EQ(job->state, JobState::kRunning);
  EXPECT_EQ(job->spec.stop_after_copy, "asked by op1");
  const auto copies = job->current_copies();
  EXPECT_EQ(copies[0].state, CopyState::kDone);
  EXPECT_EQ(copies[1].state, CopyState::kBurning);
  EXPECT_EQ(copies[2].state, CopyState::kCancelled);
  // The station settles the copy in hand and ends the job; the done copies stay done.
  const CopyChange settle[] = {copy_step(id, 2, CopyState::kBurning, CopyState::kVerifying),
                               copy_step(id, 2, CopyState::kVerifying, CopyState::kDone)};
  const JobChange end{id, JobState::kRunning, JobState::kCancelled, "st1", "stopped after the current copy"};
  ASSERT_TRUE(repo->apply({&end, 1}, settle));
  job = repo->show(id);
  EXPECT_EQ(job->state, JobState::kCancelled);
  EXPECT_EQ(job->current_copies()[1].state, CopyState::kDone);
  EXPECT_EQ(repo->stop_after_copy(id, "again").error().code, base::ErrorCode::kConflict);
  // A retry asks for every copy again: the request is cleared.
  ASSERT_TRUE(repo->retry(id));
  EXPECT_TRUE(repo->show(id)->spec.stop_after_copy.empty());
  // Queued, nothing physical: cancelled at once.
  ASSERT_TRUE(repo->stop_after_copy(ids[1], "asked by op1"));
  EXPECT_EQ(repo->show(ids[1])->state, JobState::kCancelled);
  EXPECT_EQ(repo->stop_after_copy(12345, "").error().code, base::ErrorCode::kNotFound);
}

TEST_P(QueueTest, FailedJobFailsItsCopiesAndRetryQueuesThem) {
  auto repo = open();
  const JobSpec spec = author_spec(2);
  ASSERT_TRUE(repo->submit({&spec, 1}));
  const JobId id = repo->claim("st1", kLease, 1)->front().id;
  const CopyChange start = copy_step(id, 1, CopyState::kQueued, CopyState::kRunning);
  const JobChange fail{id, JobState::kRunning, JobState::kFailed, "st1", "input /in/study is gone"};
  ASSERT_TRUE(repo->apply({&fail, 1}, {&start, 1}));
  auto job = repo->show(id);
  EXPECT_EQ(job->error, "input /in/study is gone");
  for (const Copy& c : job->current_copies()) EXPECT_EQ(c.state, CopyState::kFailed);
  ASSERT_TRUE(repo->retry(id));
  for (const Copy& c : repo->show(id)->current_copies()) EXPECT_EQ(c.state, CopyState::kQueued);
}

TEST_P(QueueTest, ReopenKeepsEverything) {
  std::string before;
  std::size_t events = 0;
  {
    auto repo = open();
    const JobSpec specs[] = {author_spec(3), noop_spec()};
    auto ids = *repo->submit(specs);
    const JobId id = repo->claim("st1", kLease, 1)->front().id;
    make_copy(*repo, id, 2);
    ASSERT_TRUE(repo->hold(ids[1], "waiting for operator"));
    const auto listed = *repo->list(with_spec());
    for (const Job& j : listed) before += std::string(to_string(j.state)) + j.hold_reason + ";";
    events = repo->events_since(0, 0)->size();
  }
  auto repo = open();
  std::string after;
  auto jobs = *repo->list(with_spec());
  for (const Job& j : jobs) after += std::string(to_string(j.state)) + j.hold_reason + ";";
  EXPECT_EQ(after, before);
  EXPECT_EQ(jobs[0].copies[1].state, CopyState::kDone);
  EXPECT_EQ(jobs[0].spec.author.copies, 3);
  EXPECT_EQ(repo->events_since(0, 0)->size(), events);
}

#if !defined(DISCUS_QUEUE_POSTGRES)
TEST(SqliteQueue, DamagedFileIsRefusedWithAClearError) {
  TempDir tmp("damaged");
  {
    auto repo = open_or_die(tmp / "queue.db");
    std::vector<JobSpec> many(2000, author_spec(2));
    ASSERT_TRUE(repo->submit(many));
  }
  // Overwrite pages in the middle of the file (past the header, so SQLite opens it and only
  // the integrity check or the first read finds the damage).
  std::filesystem::remove(tmp / "queue.db-wal");
  {
    std::fstream f(tmp / "queue.db", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096 * 3);
    const std::string junk(4096 * 4, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto r = open_sqlite_repository((tmp / "queue.db").string());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kBadStructure);
  EXPECT_NE(r.error().message.find("damaged"), std::string::npos) << r.error().describe();
  EXPECT_NE(r.error().describe().find("queue.db"), std::string::npos);

  std::ofstream(tmp / "text.db") << "this is not a database, it is a shopping list\n";
  auto t = open_sqlite_repository((tmp / "text.db").string());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, base::ErrorCode::kBadStructure) << t.error().describe();
}
#endif

TEST_P(QueueTest, InvalidSpecIsRefusedBeforeAnythingIsWritten) {
  auto repo = open();
  JobSpec bad = author_spec(1);
  bad.author.inputs.clear();
  const JobSpec specs[] = {author_spec(1), bad};
  auto r = repo->submit(specs);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(repo->list({})->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, QueueTest, ::testing::Values(kBackend), backend_name);

}  // namespace
}  // namespace discus::jobs
