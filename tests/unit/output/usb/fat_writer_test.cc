// write_fat() into image files, read back with FatMediumReader and checked with verify_stick()
// (output::verify_medium: the manifest's SHA-256s and the DICOMDIR's records).
#include "output/usb/fat_writer.h"

#include <gtest/gtest.h>

#include <fstream>

#include "output/usb/fat_reader.h"
#include "usb_test_support.h"
#include "output/usb/usb_verify.h"

namespace discus::output::usb {
namespace {

using testing::TempDir;
constexpr std::uint64_t MiB = 1ull << 20;

struct Written {
  SourceTree tree;
  std::vector<ExtraFile> extras;
  std::string image;
};

Written write_image(const TempDir& tmp, std::optional<FatType> type, std::uint64_t size, int instances = 12,
                    std::size_t each = 70000) {
  Written w;
  auto tree = read_source_tree(testing::make_fileset(tmp.path() / "fs", instances, each).string());
  EXPECT_TRUE(tree) << tree.error().describe();
  w.tree = *tree;
  auto marker = marker_text(w.tree, 1710066930);
  EXPECT_TRUE(marker);
  w.extras = {{kCompletionMarker, *marker}};
  w.image = (tmp.path() / "stick.img").string();
  FatWriteOptions o;
  o.create_size = size;
  o.fat_type = type;
  o.label = "TESTSET";
  o.timestamp = 1710066930;
  o.extras = w.extras;
  auto r = write_fat(w.tree, w.image, o);
  EXPECT_TRUE(r) << r.error().describe();
  if (r && type) {
    EXPECT_EQ(r->geometry.type, *type);
  }
  return w;
}

void flip_byte(const std::string& image, std::uint64_t offset) {
  std::fstream f(image, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.read(&c, 1);
  c = static_cast<char>(c ^ 0x5A);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(&c, 1);
}

TEST(FatWriter, Fat16AndFat32ImagesReadBackIdentical) {
  for (auto type : {FatType::kFat16, FatType::kFat32}) {
    TempDir tmp;
    Written w = write_image(tmp, type, 64 * MiB);
    auto reader = FatMediumReader::open(w.image);
    ASSERT_TRUE(reader) << reader.error().describe();
    EXPECT_EQ((*reader)->geometry().type, type);
    EXPECT_EQ((*reader)->label(), "TESTSET");
    auto files = (*reader)->list_files();
    ASSERT_TRUE(files);
    EXPECT_EQ(files->size(), w.tree.files.size() + 1);  // and the marker
    auto v = verify_stick(**reader, w.tree, w.extras);
    ASSERT_TRUE(v) << v.error().describe();
    EXPECT_TRUE(v->ok()) << to_text(*v);
    EXPECT_EQ(v->files_checked, w.tree.files.size() + 1);
    EXPECT_EQ(v->records_checked, 3u);
  }
}

TEST(FatWriter, OneFlippedByteFailsVerificationNamingTheFile) {
  TempDir tmp;
  Written w = write_image(tmp, FatType::kFat32, 64 * MiB);
  // Where is instance 5's content? Read it through the image, find those bytes, damage them.
  const std::string victim = testing::payload_path(5);
  std::uint64_t offset = 0;
  {
    auto reader = FatMediumReader::open(w.image);
    ASSERT_TRUE(reader);
    // Find the file's first data byte by reading it and searching the image for its first 64 bytes.
    std::vector<std::uint8_t> head;
    ASSERT_TRUE((*reader)->read_file(victim, [&](base::ByteView b) -> base::Status {
      if (head.empty()) head.assign(b.begin(), b.begin() + 64);
      return {};
    }));
    std::ifstream in(w.image, std::ios::binary);
    const std::string img((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = img.find(std::string(head.begin(), head.end()));
    ASSERT_NE(at, std::string::npos);
    offset = at + 1000;
  }
  flip_byte(w.image, offset);
  auto reader = FatMediumReader::open(w.image);
  ASSERT_TRUE(reader);
  auto v = verify_stick(**reader, w.tree, w.extras);
  ASSERT_TRUE(v);
  ASSERT_EQ(v->failures.size(), 1u) << to_text(*v);
  EXPECT_EQ(v->failures[0].path, victim);
  EXPECT_NE(to_text(*v).find("FAILED"), std::string::npos);
}

// The DICOMDIR is checked too: an instance its records reference is left out of both the written
// tree and the manifest, so only the read-back DICOMDIR can notice.
TEST(FatWriter, DicomdirReferenceToAMissingFileFailsVerification) {
  TempDir tmp;
  const auto root = testing::make_fileset(tmp.path() / "fs", 2, 1000);
  std::string victim;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root / "DICOM"))
    if (e.is_regular_file() && e.path().parent_path().filename() != "PAYLOAD" && victim.empty())
      victim = std::filesystem::relative(e.path(), root).generic_string();
  ASSERT_FALSE(victim.empty());
  std::filesystem::remove(root / victim);
  std::string manifest, line;
  for (std::ifstream in(root / "SHA256.TXT"); std::getline(in, line);)
    if (line.find(victim) == std::string::npos) manifest += line + "\n";
  std::ofstream(root / "SHA256.TXT", std::ios::trunc) << manifest;
  auto tree = read_source_tree(root.string());
  ASSERT_TRUE(tree);
  FatWriteOptions o;
  o.create_size = 16 * MiB;
  const std::string image = (tmp.path() / "stick.img").string();
  ASSERT_TRUE(write_fat(*tree, image, o));
  auto reader = FatMediumReader::open(image);
  ASSERT_TRUE(reader);
  auto v = verify_stick(**reader, *tree, {});
  ASSERT_TRUE(v);
  ASSERT_EQ(v->failures.size(), 1u) << to_text(*v);
  EXPECT_EQ(v->failures[0].path, victim);
  EXPECT_EQ(v->failures[0].rule, "verify.record-unresolved");
}

TEST(FatWriter, DamagedFatIsReportedNotTrusted) {
  TempDir tmp;
  Written w = write_image(tmp, FatType::kFat16, 64 * MiB);
  auto g = choose_geometry(64 * MiB, FatType::kFat16);
  ASSERT_TRUE(g);
  // Break the chains of the first FAT: every entry from cluster 8 on points outside the volume.
  {
    std::fstream f(w.image, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(g->fat_offset(0) + 8 * 2));
    const std::vector<char> junk(200, '\x01');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto reader = FatMediumReader::open(w.image);
  if (!reader) return;  // a directory chain broke: refused outright, which is also right
  auto v = verify_stick(**reader, w.tree, w.extras);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok());
}

TEST(FatWriter, RefusesUpFrontWhenTheFileSetDoesNotFit) {
  TempDir tmp;
  auto tree = read_source_tree(testing::make_fileset(tmp.path() / "fs", 20, 400000).string());  // about 8 MB
  ASSERT_TRUE(tree);
  FatWriteOptions o;
  o.create_size = 6 * MiB;
  const std::string image = (tmp.path() / "small.img").string();
  auto r = write_fat(*tree, image, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kLimitExceeded);
  EXPECT_NE(r.error().message.find("span"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(image));  // nothing was created
}

TEST(FatWriter, RefusesNamesThatAreNotEightDotThree) {
  TempDir tmp;
  const auto root = testing::make_fileset(tmp.path() / "fs", 2, 1000);
  testing::write_file(root / "viewer.html", {1, 2, 3});
  auto tree = read_source_tree(root.string());
  ASSERT_TRUE(tree);
  FatWriteOptions o;
  o.create_size = 16 * MiB;
  auto r = write_fat(*tree, (tmp.path() / "x.img").string(), o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().describe().find("viewer.html"), std::string::npos);
}

TEST(FatWriter, WritesIntoAnExistingImageAtItsSize) {
  TempDir tmp;
  Written first = write_image(tmp, std::nullopt, 40 * MiB, 3, 5000);
  // Again into the same file, without a size: the old volume is replaced.
  FatWriteOptions o;
  o.timestamp = 1710066930;
  auto again = write_fat(first.tree, first.image, o);
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(again->volume_bytes, 40 * MiB);
  EXPECT_EQ(again->geometry.type, FatType::kFat16);
  auto reader = FatMediumReader::open(first.image);
  ASSERT_TRUE(reader);
  auto v = verify_stick(**reader, first.tree, {});
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok()) << to_text(*v);
  EXPECT_FALSE(write_fat(first.tree, (tmp.path() / "absent.img").string(), o));  // no size, no file
}

}  // namespace
}  // namespace discus::output::usb
