// ISO 9660 images through libisofs: Level 1 names only, volume id from the File-set ID, the
// size known and checked before writing, BD refused; the image read back through libisofs
// verifies, and a byte changed inside the image fails verification naming the file.
#include "output/iso/iso_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "base/file.h"
#include "fileset_fixture.h"
#include "output/iso/iso_reader.h"
#include "output/verify/verify.h"

namespace discus::output::iso {
namespace {

using output::testing::author_small_fileset;
using output::testing::TempDir;
namespace fs = std::filesystem;

std::vector<std::string> fileset_paths(const fs::path& set) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(set))
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), set).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Level1, NamesPs312AnnexFAllows) {
  EXPECT_EQ(level1_problem("DICOMDIR", false), "");
  EXPECT_EQ(level1_problem("README.TXT", false), "");
  EXPECT_EQ(level1_problem("I0000001", false), "");
  EXPECT_EQ(level1_problem("P0000001", true), "");
  EXPECT_NE(level1_problem("readme.txt", false), "");     // lower case
  EXPECT_NE(level1_problem("TOOLONGNAME", false), "");    // 11 characters
  EXPECT_NE(level1_problem("A.JPEG", false), "");         // 4-character extension
  EXPECT_NE(level1_problem("A.B.C", false), "");
  EXPECT_NE(level1_problem("DIR.X", true), "");           // folders have no extension
  EXPECT_NE(level1_problem("SP ACE", false), "");
}

const media::profile::MediumTable& media_table() {
  static const media::profile::MediumTable table = [] {
    auto t = media::profile::MediumTable::load(DISCUS_TEST_PROFILES);
    if (!t) throw std::runtime_error(t.error().describe());
    return std::move(*t);
  }();
  return table;
}

TEST(Medium, CapacitiesFromTheMediaTable) {
  auto cd = iso_medium(media_table(), "cd");
  ASSERT_TRUE(cd) << cd.error().describe();
  EXPECT_EQ(cd->capacity_bytes, 333000ull * 2048);
  EXPECT_EQ(cd->name, "CD-R 74 min (650 MB)");
  EXPECT_EQ(iso_medium(media_table(), "cd80")->capacity_bytes, 360000ull * 2048);
  EXPECT_EQ(iso_medium(media_table(), "DVD")->capacity_bytes, 2295104ull * 2048);  // the id: its first size
  EXPECT_EQ(iso_medium(media_table(), "dvd+r")->capacity_bytes, 2295104ull * 2048);
  EXPECT_EQ(iso_medium(media_table(), "dvd-dl")->capacity_bytes, 4171712ull * 2048);
  EXPECT_EQ(iso_medium(media_table(), "none")->capacity_bytes, 0u);
}

TEST(Medium, UdfMediaAreRefusedSayingWhy) {
  for (const char* name : {"bd", "BD-R", "dvd-ram"}) {
    auto m = iso_medium(media_table(), name);
    ASSERT_FALSE(m) << name;
    EXPECT_EQ(m.error().code, base::ErrorCode::kUnsupported) << name;
    EXPECT_NE(m.error().message.find("UDF"), std::string::npos) << m.error().message;
  }
}

TEST(Medium, UnknownAndNonDiscNamesAreUsageErrors) {
  auto floppy = iso_medium(media_table(), "floppy");
  ASSERT_FALSE(floppy);
  EXPECT_EQ(floppy.error().code, base::ErrorCode::kInvalidArgument);
  // The list of names in the message comes from media.json.
  EXPECT_NE(floppy.error().message.find("cd, cd80, dvd, dvd-dl, none"), std::string::npos) << floppy.error().message;
  auto usb = iso_medium(media_table(), "usb");
  ASSERT_FALSE(usb);
  EXPECT_EQ(usb.error().code, base::ErrorCode::kInvalidArgument);
}

TEST(Medium, ADiscProfileGivesItsDefaultSize) {
  const media::profile::MediumType* dvd = media_table().find("DVD");
  ASSERT_NE(dvd, nullptr);
  auto m = iso_medium(*dvd);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->capacity_bytes, dvd->capacity_bytes);
}

TEST(IsoImage, AnEmptyFileSetIdGivesTheVolumeDicom) {
  TempDir tmp("iso-noid");
  author_small_fileset(tmp / "set", "");
  auto plan = write_iso((tmp / "set").string(), (tmp / "set.iso").string(), {}, {});
  ASSERT_TRUE(plan) << plan.error().describe();
  EXPECT_EQ(plan->volume_id, "DICOM");
  auto reader = IsoMediumReader::open_image((tmp / "set.iso").string());
  ASSERT_TRUE(reader) << reader.error().describe();
  EXPECT_EQ((*reader)->volume_id(), "DICOM");
}

TEST(IsoImage, WritesReadsBackAndVerifies) {
  TempDir tmp("iso-good");
  author_small_fileset(tmp / "set", "VOL_ID_1");
  const std::string img = (tmp / "set.iso").string();
  std::uint64_t last = 0, total = 0;
  auto plan = write_iso((tmp / "set").string(), img, {}, [&](std::uint64_t d, std::uint64_t t) { last = d, total = t; });
  ASSERT_TRUE(plan) << plan.error().describe();
  EXPECT_EQ(plan->volume_id, "VOL_ID_1");
  EXPECT_EQ(fs::file_size(img), plan->image_bytes);  // the size announced before writing is exact
  EXPECT_EQ(plan->image_bytes % 2048, 0u);
  EXPECT_EQ(last, total);
  EXPECT_EQ(plan->files, fileset_paths(tmp / "set").size());

  auto reader = IsoMediumReader::open_image(img);
  ASSERT_TRUE(reader) << reader.error().describe();
  EXPECT_EQ((*reader)->volume_id(), "VOL_ID_1");
  auto listed = (*reader)->list_files();
  ASSERT_TRUE(listed);
  std::vector<std::string> names;
  for (const MediumFile& f : *listed) names.push_back(normalize_medium_path(f.path));
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, fileset_paths(tmp / "set"));
  auto report = verify_medium(**reader, {});
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_TRUE(report->ok()) << to_text(*report);
  EXPECT_EQ(report->records_checked, 3u);
}

TEST(IsoImage, FlippedByteInImageFailsNamingTheFile) {
  TempDir tmp("iso-flip");
  author_small_fileset(tmp / "set");
  const std::string img = (tmp / "set.iso").string();
  ASSERT_TRUE(write_iso((tmp / "set").string(), img, {}));
  const std::vector<std::string> paths = fileset_paths(tmp / "set");
  const std::string victim = *std::find_if(paths.begin(), paths.end(), [](auto& p) { return p.starts_with("DICOM/"); });
  auto content = base::read_whole_file((tmp / "set" / victim).string());
  auto image = base::read_whole_file(img);
  ASSERT_TRUE(content && image);
  auto at = std::search(image->begin(), image->end(), content->begin(), content->end());
  ASSERT_NE(at, image->end());
  output::testing::flip_byte(img, static_cast<std::uint64_t>(at - image->begin()) + content->size() - 5);

  auto reader = IsoMediumReader::open_image(img);
  ASSERT_TRUE(reader) << reader.error().describe();
  auto report = verify_medium(**reader, {});
  ASSERT_TRUE(report) << report.error().describe();
  ASSERT_FALSE(report->ok());
  ASSERT_EQ(report->failures.size(), 1u) << to_text(*report);
  EXPECT_EQ(normalize_medium_path(report->failures[0].path), victim);
  EXPECT_EQ(report->failures[0].rule, "verify.sha256");
}

TEST(IsoImage, CapacityRefusedBeforeWriting) {
  TempDir tmp("iso-capacity");
  author_small_fileset(tmp / "set");
  const std::string img = (tmp / "set.iso").string();
  IsoOptions opt;
  opt.capacity_bytes = 20 * 2048;  // the system area and descriptors alone take 18 blocks
  opt.medium_name = "tiny medium";
  auto plan = write_iso((tmp / "set").string(), img, opt);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, base::ErrorCode::kLimitExceeded);
  EXPECT_NE(plan.error().message.find("tiny medium"), std::string::npos);
  EXPECT_FALSE(fs::exists(img));
}

TEST(IsoImage, NonLevel1NameRefusedNamingIt) {
  TempDir tmp("iso-names");
  author_small_fileset(tmp / "set");
  { std::ofstream(tmp / "set" / "viewer.html") << "<html></html>"; }
  auto plan = write_iso((tmp / "set").string(), (tmp / "set.iso").string(), {});
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().describe().find("viewer.html"), std::string::npos);
  EXPECT_NE(plan.error().message.find("Level 1"), std::string::npos);
}

TEST(IsoImage, NotAnImageIsAnError) {
  TempDir tmp("iso-notimage");
  { std::ofstream(tmp / "x.iso") << std::string(70000, 'x'); }
  EXPECT_FALSE(IsoMediumReader::open_image((tmp / "x.iso").string()));
}

}  // namespace
}  // namespace discus::output::iso
