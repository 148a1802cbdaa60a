// write_to_folder(): the mounted-stick path, on whatever file system the test's temp dir has.
#include "output/usb/stick_writer.h"

#include <gtest/gtest.h>

#include "output/usb/usb_verify.h"
#include "output/verify/directory_reader.h"
#include "usb_test_support.h"

namespace discus::output::usb {
namespace {

using testing::TempDir;

TEST(StickWriter, RefusesAFileSystemPs312DoesNotAllow) {
  TempDir tmp;
  auto tree = read_source_tree(testing::make_fileset(tmp.path() / "fs", 3, 1000).string());
  ASSERT_TRUE(tree);
  std::filesystem::create_directories(tmp.path() / "stick");
  auto r = write_to_folder(*tree, (tmp.path() / "stick").string(), {}, {});
  if (r) GTEST_SKIP() << "the temp dir is on vfat";
  EXPECT_NE(r.error().message.find("FAT16/FAT32"), std::string::npos) << r.error().message;
  EXPECT_TRUE(std::filesystem::is_empty(tmp.path() / "stick"));  // refused before writing
}

TEST(StickWriter, CopiesSyncsMarksAndVerifies) {
  TempDir tmp;
  auto tree = read_source_tree(testing::make_fileset(tmp.path() / "fs", 6, 20000).string());
  ASSERT_TRUE(tree);
  const auto stick = tmp.path() / "stick";
  std::filesystem::create_directories(stick);
  testing::write_file(stick / "OTHER.TXT", {'x'});  // a stick may hold other files
  auto marker = marker_text(*tree, 1710066930);
  ASSERT_TRUE(marker);
  const std::vector<ExtraFile> extras = {{kCompletionMarker, *marker}};
  StickOptions o;
  o.allow_any_file_system = true;
  auto r = write_to_folder(*tree, stick.string(), o, extras);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->bytes_written, tree->total_bytes + marker->size());
  EXPECT_TRUE(std::filesystem::exists(stick / kCompletionMarker));

  DirectoryMediumReader reader(stick.string(), /*drop_page_cache=*/true);
  auto v = verify_stick(reader, *tree, extras);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok()) << to_text(*v);
  EXPECT_EQ(v->unexpected, std::vector<std::string>{"OTHER.TXT"});
  EXPECT_EQ(v->records_checked, 3u);  // the DICOMDIR was read back and its image records resolved

  // A changed file on the stick is named.
  testing::write_file(stick / "README.TXT", {'h', 'o', '\r', '\n'});
  auto bad = verify_stick(reader, *tree, extras);
  ASSERT_TRUE(bad);
  ASSERT_EQ(bad->failures.size(), 1u);
  EXPECT_EQ(bad->failures[0].path, "README.TXT");

  // So is a completion marker that is not the one this job wrote.
  testing::write_file(stick / "README.TXT", testing::read_file(tree->root + "/README.TXT"));
  testing::write_file(stick / kCompletionMarker, {'o', 'k'});
  auto marker_bad = verify_stick(reader, *tree, extras);
  ASSERT_TRUE(marker_bad);
  ASSERT_EQ(marker_bad->failures.size(), 1u) << to_text(*marker_bad);
  EXPECT_EQ(marker_bad->failures[0].path, kCompletionMarker);

  // One file-set per volume: a second copy is refused before anything is written.
  auto twice = write_to_folder(*tree, stick.string(), o, extras);
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("one file-set per volume"), std::string::npos);
}

}  // namespace
}  // namespace discus::output::usb
