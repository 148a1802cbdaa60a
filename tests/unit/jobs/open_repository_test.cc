// open_repository (discusd --queue URL): the default SQLite file in the state directory,
// sqlite:PATH (relative to the state directory), and anything unknown refused with a message
// naming the accepted forms; passwords never reach a message. And the placeholders the
// PostgreSQL adapter rewrites (no server needed).
#include "jobs/open_repository.h"

#include <gtest/gtest.h>

#include "jobs/postgres/pg_db.h"
#include "queue_fixture.h"

namespace discus::jobs {
namespace {

using namespace testing;

TEST(OpenRepository, EmptyUrlIsSqliteInTheStateDirectory) {
  TempDir tmp("open-default");
  const auto dir = tmp / "state";
  std::filesystem::create_directories(dir);
  auto r = open_repository("", dir);
  ASSERT_TRUE(r) << r.error().describe();
  const JobSpec spec = noop_spec();
  ASSERT_TRUE((*r)->submit({&spec, 1}));
  EXPECT_TRUE(std::filesystem::exists(dir / "queue.db"));
}

TEST(OpenRepository, SqliteUrlRelativeToTheStateDirectoryOrAbsolute) {
  TempDir tmp("open-sqlite");
  const auto dir = tmp / "state";
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(open_repository("sqlite:other.db", dir));
  EXPECT_TRUE(std::filesystem::exists(dir / "other.db"));
  const auto abs = tmp / "abs.db";
  ASSERT_TRUE(open_repository("sqlite:" + abs.string(), dir));
  EXPECT_TRUE(std::filesystem::exists(abs));
  auto none = open_repository("sqlite:", dir);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, base::ErrorCode::kInvalidArgument);
}

TEST(OpenRepository, UnknownSchemeIsRefusedNamingTheAcceptedForms) {
  for (const char* url : {"mysql://db/discus", "queue.db", "postgresql:/db", "SQLITE:x"}) {
    auto r = open_repository(url, "/nonexistent");
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error().code, base::ErrorCode::kInvalidArgument) << url;
    EXPECT_NE(r.error().message.find("sqlite:PATH"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("postgresql://"), std::string::npos) << r.error().message;
  }
}

TEST(OpenRepository, PasswordsAreRedacted) {
  EXPECT_EQ(redact_queue_url("postgresql://discus:s3cret@db.example:5432/discus"),
            "postgresql://discus:***@db.example:5432/discus");
  EXPECT_EQ(redact_queue_url("postgres://db/discus?user=u&password=s3cret&sslmode=require"),
            "postgres://db/discus?user=u&password=***&sslmode=require");
  EXPECT_EQ(redact_queue_url("postgresql://discus@db/discus"), "postgresql://discus@db/discus");
  EXPECT_EQ(redact_queue_url("sqlite:/var/lib/discus/queue.db"), "sqlite:/var/lib/discus/queue.db");
  auto r = open_repository("postgresql://u:s3cret@/discus?host=/nonexistent-discus&port=1", "/nonexistent");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().describe().find("s3cret"), std::string::npos) << r.error().describe();
}

// No server needed: the one SQL text both backends run, in PostgreSQL's spelling.
TEST(PostgresPlaceholders, NumberedBareAndQuoted) {
  int n = 0;
  EXPECT_EQ(postgres::rewrite_placeholders("SELECT a FROM t WHERE x = ?1 AND y = ?1 LIMIT ?3", &n),
            "SELECT a FROM t WHERE x = $1 AND y = $1 LIMIT $3");
  EXPECT_EQ(n, 3);
  EXPECT_EQ(postgres::rewrite_placeholders("INSERT INTO t VALUES (?, ?, 'what?', \"a?b\", ?)", &n),
            "INSERT INTO t VALUES ($1, $2, 'what?', \"a?b\", $3)");
  EXPECT_EQ(n, 3);
  EXPECT_EQ(postgres::rewrite_placeholders("SELECT 1", &n), "SELECT 1");
  EXPECT_EQ(n, 0);
}

}  // namespace
}  // namespace discus::jobs
