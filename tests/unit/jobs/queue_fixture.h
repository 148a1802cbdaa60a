// Test support for the queue: a temporary folder removed at the end, specs of each kind, a
// clock the test moves by hand (leases expire without sleeping), and the conformance fixture
// that runs one test against each backend: SQLite in the temporary folder, PostgreSQL at
// DISCUS_TEST_POSTGRES_URL (tests/support/postgres_server.py starts one). The cases are compiled
// twice: discus_jobs_tests instantiates them for SQLite, discus_jobs_postgres_tests (run by
// ctest's jobs_postgres under that script) for PostgreSQL (DISCUS_QUEUE_BACKEND, CMakeLists.txt).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "jobs/postgres/pg_db.h"
#include "jobs/postgres/postgres_repository.h"
#include "jobs/repository.h"
#include "jobs/sqlite/sqlite_repository.h"

namespace discus::jobs::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& name) {
    path_ = std::filesystem::temp_directory_path() / ("discus-jobs-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::filesystem::path operator/(const std::string& s) const { return path_ / s; }

 private:
  std::filesystem::path path_;
};

struct ManualClock {
  std::shared_ptr<std::atomic<std::int64_t>> now = std::make_shared<std::atomic<std::int64_t>>(1'000'000);
  Clock clock() const {
    auto n = now;
    return [n] { return n->load(); };
  }
  void advance(std::int64_t ms) { *now += ms; }
};

inline JobSpec noop_spec() { return JobSpec{}; }

inline JobSpec author_spec(int copies, const std::string& where = "/out") {
  JobSpec s;
  s.kind = JobKind::kAuthor;
  s.submitted_by = "operator1";
  s.author.profile = "STD-GEN-CD";
  s.author.inputs = {"/in/study"};
  s.author.copies = copies;
  s.author.target = {TargetKind::kImageDir, where};
  return s;
}

inline std::unique_ptr<Repository> open_or_die(const std::filesystem::path& p, Clock clock = system_clock()) {
  auto r = open_sqlite_repository(p.string(), std::move(clock));
  if (!r) ADD_FAILURE() << r.error().describe();
  return r ? std::move(*r) : nullptr;
}

enum class Backend { kSqlite, kPostgres };

inline const char* postgres_url() { return std::getenv("DISCUS_TEST_POSTGRES_URL"); }

// An empty queue in PostgreSQL: the tests share one database, so each starts from no tables.
inline void reset_postgres() {
  auto db = postgres::open_database(postgres_url());
  ASSERT_TRUE(db) << db.error().describe();
  auto s = (*db)->exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  ASSERT_TRUE(s) << s.error().describe();
}

class QueueTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      ASSERT_NE(postgres_url(), nullptr) << "DISCUS_TEST_POSTGRES_URL is not set: run me under "
                                            "tests/support/postgres_server.py (ctest -R jobs_postgres)";
      reset_postgres();
    }
  }
  // The queue of this test's backend; opened again (not emptied) when called a second time.
  std::unique_ptr<Repository> open(Clock clock = system_clock()) {
    base::Result<std::unique_ptr<Repository>> r =
        GetParam() == Backend::kSqlite ? open_sqlite_repository((tmp_ / "queue.db").string(), std::move(clock))
                                       : open_postgres_repository(postgres_url(), std::move(clock));
    if (!r) ADD_FAILURE() << r.error().describe();
    return r ? std::move(*r) : nullptr;
  }
  TempDir tmp_{"conformance"};
};

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}
inline void PrintTo(Backend b, std::ostream* os) { *os << (b == Backend::kSqlite ? "sqlite" : "postgresql"); }

// The backend this test binary was built for.
#ifndef DISCUS_QUEUE_BACKEND
#define DISCUS_QUEUE_BACKEND kSqlite
#endif
constexpr Backend kBackend = Backend::DISCUS_QUEUE_BACKEND;

}  // namespace discus::jobs::testing
