// app::StagedFolder and app::PrivateStaging: a target appears only on commit; a stale .partial of
// a killed run is replaced; a private folder is mode 0700 on /dev/shm and removed on every path.
#include "app/staging.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "app_test_support.h"

namespace discus::app {
namespace {

using namespace testing;

TEST(StagedFolder, TargetAppearsOnlyOnCommit) {
  TempDir tmp("staged");
  const std::string target = (tmp / "out").string();
  {
    auto s = StagedFolder::create(target);
    ASSERT_TRUE(s) << s.error().describe();
    EXPECT_EQ(s->path(), target + ".partial");
    write_text(fs::path(s->path()) / "a.txt", "a");
    EXPECT_FALSE(fs::exists(target));
  }  // not committed: removed
  EXPECT_FALSE(fs::exists(target + ".partial"));
  EXPECT_FALSE(fs::exists(target));

  // A killed run's .partial is replaced; an empty target folder is taken over.
  write_text(tmp / "out.partial" / "stale.txt", "x");
  fs::create_directories(target);
  auto s = StagedFolder::create(target + "/");
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_FALSE(fs::exists(fs::path(s->path()) / "stale.txt"));
  write_text(fs::path(s->path()) / "a.txt", "a");
  ASSERT_TRUE(s->commit());
  EXPECT_TRUE(fs::exists(tmp / "out" / "a.txt"));
  EXPECT_FALSE(fs::exists(target + ".partial"));

  // A non-empty target is refused and left alone.
  auto again = StagedFolder::create(target);
  ASSERT_FALSE(again);
  EXPECT_TRUE(fs::exists(tmp / "out" / "a.txt"));
}

TEST(PrivateStaging, PrivateOnDevShmAndRemoved) {
  std::string dir;
  {
    auto p = PrivateStaging::create();
    ASSERT_TRUE(p) << p.error().describe();
    dir = p->dir();
    EXPECT_TRUE(dir.starts_with("/dev/shm/"));
    struct stat st {};
    ASSERT_EQ(::stat(dir.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    write_text(fs::path(dir) / "FILESET" / "x", "secret");
    EXPECT_EQ(private_leftovers().size(), 1u);
  }
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_TRUE(private_leftovers().empty());

  // The CLI's signal path: everything this process still has, at once.
  auto a = PrivateStaging::create();
  auto b = PrivateStaging::create();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(private_leftovers().size(), 2u);
  remove_private_staging();
  EXPECT_TRUE(private_leftovers().empty());
}

TEST(PrivateStaging, FoldersOfDeadProcessesAreSweptAway) {
  // A pid that cannot be alive (above pid_max's usual range): a SIGKILLed run's folder.
  const fs::path orphan = "/dev/shm/discus-secure-2147483646-test";
  fs::create_directories(orphan / "FILESET");
  auto p = PrivateStaging::create();
  ASSERT_TRUE(p);
  EXPECT_FALSE(fs::exists(orphan));
}

}  // namespace
}  // namespace discus::app
