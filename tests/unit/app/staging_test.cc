// app::StagedFolder and app::PrivateStaging: a target appears only on commit; a stale .partial of
// a killed run is replaced; a private folder is mode 0700 on /dev/shm and removed on every path.
#include "app/staging.h"

#include <stdlib.h>

#include <fstream>
#include <iterator>

#include "app/free_space.h"

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

TEST(StagedFile, TargetAppearsOnlyOnCommitAndAKilledRunsStagingIsReplaced) {
  TempDir tmp("staged-file");
  const std::string target = (tmp / "stick.img").string();
  {
    auto f = StagedFile::create(target);
    ASSERT_TRUE(f) << f.error().describe();
    EXPECT_EQ(f->path(), target + ".partial/stick.img");
    EXPECT_EQ(fs::status(target + ".partial").permissions(), fs::perms::owner_all);
    write_text(f->path(), "half");
  }  // not committed: removed
  EXPECT_FALSE(fs::exists(target + ".partial"));
  EXPECT_FALSE(fs::exists(target));
  write_text(tmp / "stick.img.partial" / "stick.img", "a killed run's");
  auto f = StagedFile::create(target);
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_FALSE(fs::exists(f->path()));
  write_text(f->path(), "whole");
  ASSERT_TRUE(f->commit());
  EXPECT_TRUE(fs::exists(target));
  EXPECT_FALSE(fs::exists(target + ".partial"));
  EXPECT_FALSE(StagedFile::create(target));  // an existing target is refused
}

TEST(UpdateJournal, ADeadUpdatesNewFilesGoUnlessItsDicomdirWasReplaced) {
  TempDir tmp("journal");
  TempDir state("journal-state");
  ::setenv("DISCUS_JOURNAL_DIR", state.path().c_str(), 1);
  ASSERT_EQ(journal_root(), state.path().string());
  const fs::path root = tmp / "fs";
  write_text(root / "DICOMDIR", "old");
  write_text(root / "DICOM" / "OLD", "kept");
  const auto journal_file = [&] {
    for (const auto& e : fs::directory_iterator(state.path())) return e.path();
    return fs::path();
  };
  {
    auto j = UpdateJournal::begin(root.string());
    ASSERT_TRUE(j) << j.error().describe();
    ASSERT_FALSE(journal_file().empty());
    EXPECT_EQ(fs::status(journal_file()).permissions(), fs::perms::owner_read | fs::perms::owner_write);
  }
  EXPECT_TRUE(journal_file().empty());  // removed on every return

  // A killed update: its journal (written by a process that is gone) and its unreferenced files.
  const auto fake_killed_update = [&](bool dicomdir_replaced) -> fs::path {
    auto j = UpdateJournal::begin(root.string());
    if (!j) return {};
    const fs::path file = journal_file();
    std::ifstream in(file);
    std::string text(std::istreambuf_iterator<char>(in), {});
    const std::size_t at = text.find("pid ");
    text.replace(at, text.find('\n', at) - at, "pid 2147483646");
    write_text(file.string() + ".keep", text);
    write_text(root / "DICOM" / "NEW1" / "I1", "new");
    write_text(root / "DICOM" / "NEW2", "new");
    if (dicomdir_replaced) {  // as the update's final rename does: a new inode
      write_text(root / "DICOMDIR.tmp", "new");
      fs::rename(root / "DICOMDIR.tmp", root / "DICOMDIR");
    }
    return file;
  };
  fs::path file = fake_killed_update(false);
  ASSERT_FALSE(file.empty());
  fs::rename(file.string() + ".keep", file);
  {
    auto j = UpdateJournal::begin(root.string());
    ASSERT_TRUE(j) << j.error().describe();
    EXPECT_EQ(j->recovered(), 2u);
    EXPECT_FALSE(fs::exists(root / "DICOM" / "NEW1"));
    EXPECT_FALSE(fs::exists(root / "DICOM" / "NEW2"));
    EXPECT_TRUE(fs::exists(root / "DICOM" / "OLD"));
  }
  // Killed after its DICOMDIR was renamed into place: it had committed; nothing goes.
  file = fake_killed_update(true);
  ASSERT_FALSE(file.empty());
  fs::rename(file.string() + ".keep", file);
  {
    auto j = UpdateJournal::begin(root.string());
    ASSERT_TRUE(j) << j.error().describe();
    EXPECT_EQ(j->recovered(), 0u);
    EXPECT_TRUE(fs::exists(root / "DICOM" / "NEW1" / "I1"));
  }
  ::unsetenv("DISCUS_JOURNAL_DIR");
}

TEST(FreeSpace, AJobTheDiskCannotHoldIsRefusedWithNeedAvailableAndPath) {
  TempDir tmp("space");
  auto available = available_bytes((tmp / "not" / "yet").string());  // the nearest existing parent
  ASSERT_TRUE(available) << available.error().describe();
  EXPECT_TRUE(check_free_space((tmp / "out").string(), 1024, "author"));
  auto refused = check_free_space((tmp / "out").string(), *available + (1ull << 40), "author");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("not enough free space for author in '"), std::string::npos);
  EXPECT_NE(refused.error().message.find("MB available"), std::string::npos);
  EXPECT_EQ(estimate_output(100u << 20), (100u << 20) + (5u << 20) + (4u << 20));
  write_text(tmp / "in" / "a", std::string(1000, 'x'));
  write_text(tmp / "in" / "b" / "c", std::string(24, 'x'));
  EXPECT_EQ(bytes_under({(tmp / "in").string(), (tmp / "in" / "a").string(), (tmp / "none").string()}), 2024u);
}

}  // namespace
}  // namespace discus::app
