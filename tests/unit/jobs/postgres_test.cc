// What only the shared PostgreSQL queue has to show (issue 14 item 2), against a real server
// (DISCUS_TEST_POSTGRES_URL, from tests/support/postgres_server.py):
// stations starting at once migrate once, concurrent claims never take a job twice (SKIP
// LOCKED), leases run on the server's clock, and a dropped connection is a clear error that
// the next call recovers from.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <set>
#include <thread>

#include "jobs/postgres/pg_db.h"
#include "jobs/postgres/postgres_repository.h"
#include "queue_fixture.h"

namespace discus::jobs {
namespace {

using namespace testing;

class PostgresQueue : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(postgres_url(), nullptr) << "DISCUS_TEST_POSTGRES_URL is not set: run me under "
                                          "tests/support/postgres_server.py (ctest -R jobs_postgres)";
    reset_postgres();
  }
};

std::int64_t count(const std::string& sql) {
  auto db = postgres::open_database(postgres_url());
  EXPECT_TRUE(db);
  auto s = (*db)->statement(sql);
  EXPECT_TRUE(s);
  auto row = (*s)->step();
  EXPECT_TRUE(row && *row);
  const auto n = (*s)->integer(0);
  (*s)->reset();
  return n;
}

TEST_F(PostgresQueue, StationsStartingAtOnceMigrateOnce) {
  constexpr int kStations = 6;
  std::vector<std::thread> threads;
  std::vector<std::string> errors(kStations);
  for (int i = 0; i < kStations; ++i)
    threads.emplace_back([&, i] {
      auto r = open_postgres_repository(postgres_url());
      if (!r) errors[static_cast<std::size_t>(i)] = r.error().describe();
    });
  for (auto& t : threads) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), static_cast<std::int64_t>(migrations().size()));
}

// Three stations claim and complete at once while a reader follows events_since() as the API's
// event stream does: no job is taken twice, and the reader, going by seq, misses no event
// (seq is handed out in commit order: Database::lock_events).
TEST_F(PostgresQueue, ConcurrentClaimsNeverTakeAJobTwiceAndTheEventStreamMissesNothing) {
  auto setup = open_postgres_repository(postgres_url());
  ASSERT_TRUE(setup) << setup.error().describe();
  const std::vector<JobSpec> specs(120, noop_spec());
  ASSERT_TRUE((*setup)->submit(specs));
  std::vector<std::vector<JobId>> taken(3);
  std::atomic<bool> stop{false};
  std::set<std::int64_t> streamed;
  std::thread reader([&] {
    auto repo = open_postgres_repository(postgres_url());
    ASSERT_TRUE(repo);
    std::int64_t after = 0;
    for (bool last = false; !last;) {
      last = stop.load();
      for (;;) {
        auto events = (*repo)->events_since(after, 0);
        ASSERT_TRUE(events) << events.error().describe();
        if (events->empty()) break;
        for (const Event& e : *events) streamed.insert(e.seq);
        after = events->back().seq;
      }
    }
  });
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < taken.size(); ++i)
    threads.emplace_back([&, i] {
      const std::string station = "st" + std::to_string(i);
      auto repo = open_postgres_repository(postgres_url());
      ASSERT_TRUE(repo);
      for (;;) {
        auto got = (*repo)->claim(station, 30'000, 2);
        ASSERT_TRUE(got) << got.error().describe();
        if (got->empty()) break;
        std::vector<JobChange> done;
        for (const Job& j : *got) {
          taken[i].push_back(j.id);
          done.push_back({j.id, JobState::kRunning, JobState::kDone, station, ""});
        }
        ASSERT_TRUE((*repo)->apply(done, {}));
      }
    });
  for (auto& t : threads) t.join();
  stop = true;
  reader.join();
  std::multiset<JobId> all;
  for (const auto& t : taken) all.insert(t.begin(), t.end());
  EXPECT_EQ(all.size(), 120u);
  EXPECT_EQ(std::set<JobId>(all.begin(), all.end()).size(), 120u) << "a job was claimed twice";
  EXPECT_EQ(count("SELECT COUNT(*) FROM events WHERE to_state = 'done' AND n = 0"), 120);
  EXPECT_EQ(static_cast<std::int64_t>(streamed.size()), count("SELECT COUNT(*) FROM events"))
      << "the event stream skipped events committed out of seq order";
}

TEST_F(PostgresQueue, LeasesRunOnTheServersClock) {
  auto repo = open_postgres_repository(postgres_url());  // no clock: the server's
  ASSERT_TRUE(repo);
  const JobSpec spec = noop_spec();
  ASSERT_TRUE((*repo)->submit({&spec, 1}));
  auto got = (*repo)->claim("st1", 60'000, 1);
  ASSERT_TRUE(got && got->size() == 1);
  const auto server_now = count("SELECT (extract(epoch FROM now()) * 1000)::bigint");
  // Same machine here, so the server's clock is ours give or take the test's own duration.
  EXPECT_NEAR(static_cast<double>(got->front().lease_expires_ms - server_now), 60'000.0, 5'000.0);
  EXPECT_NEAR(static_cast<double>(got->front().lease_expires_ms - system_clock()()), 60'000.0, 5'000.0);
}

TEST_F(PostgresQueue, DroppedConnectionIsAClearErrorAndTheNextCallReconnects) {
  const char* ctl = std::getenv("DISCUS_TEST_POSTGRES_CTL");
  if (!ctl) GTEST_SKIP() << "DISCUS_TEST_POSTGRES_CTL is not set";
  auto opened = open_postgres_repository(postgres_url());
  ASSERT_TRUE(opened);
  Repository& repo = **opened;
  const JobSpec spec = author_spec(1);
  ASSERT_TRUE(repo.submit({&spec, 1}));

  ASSERT_EQ(std::system((std::string(ctl) + " stop").c_str()), 0);
  auto down = repo.list({});
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, base::ErrorCode::kIo);
  EXPECT_NE(down.error().describe().find("PostgreSQL queue"), std::string::npos) << down.error().describe();
  std::cout << "with the server down: " << down.error().describe() << "\n";
  EXPECT_NE(down.error().describe().find("discus"), std::string::npos) << "names the server";
  auto claim = repo.claim("st1", 30'000, 1);
  ASSERT_FALSE(claim);

  ASSERT_EQ(std::system((std::string(ctl) + " start").c_str()), 0);
  auto up = repo.list({});
  ASSERT_TRUE(up) << up.error().describe();
  ASSERT_EQ(up->size(), 1u);
  auto got = repo.claim("st1", 30'000, 1);  // prepared statements are prepared again
  ASSERT_TRUE(got) << got.error().describe();
  EXPECT_EQ(got->size(), 1u);
}

TEST_F(PostgresQueue, UnreachableServerIsAClearErrorWithoutThePassword) {
  auto r = open_postgres_repository("postgresql://discus:s3cret@/discus?host=/nonexistent-discus&port=1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kIo);
  EXPECT_NE(r.error().describe().find("cannot connect to the PostgreSQL queue"), std::string::npos)
      << r.error().describe();
  EXPECT_EQ(r.error().describe().find("s3cret"), std::string::npos) << r.error().describe();
}

}  // namespace
}  // namespace discus::jobs
