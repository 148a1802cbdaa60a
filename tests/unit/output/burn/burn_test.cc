// Burning through libburn's stdio: pseudo-drive (the same code path as /dev/srN): the burn is
// read back through libburn and verifies; a byte flipped on the "disc" fails naming the file; an
// image larger than the medium is refused before anything is written; a cancel stops the burn.
#include "output/burn/burner.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/file.h"
#include "fileset_fixture.h"
#include "output/verify/verify.h"

namespace discus::output::burn {
namespace {

using output::testing::author_small_fileset;
using output::testing::TempDir;
namespace fs = std::filesystem;

TEST(Burn, StdioDriveBurnThenVerifyPasses) {
  TempDir tmp("burn-good");
  author_small_fileset(tmp / "set", "BURNTEST");
  const std::string drive = "stdio:" + (tmp / "disc.iso").string();
  std::uint64_t last = 0, total = 0;
  BurnOptions opt;
  opt.progress = [&](std::uint64_t d, std::uint64_t t) { last = d, total = t; };
  auto r = burn_file_set(drive, (tmp / "set").string(), opt);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->plan.volume_id, "BURNTEST");
  EXPECT_FALSE(r->write_mode.empty());
  EXPECT_EQ(last, total);
  EXPECT_GE(fs::file_size(tmp / "disc.iso"), r->plan.image_bytes);

  auto info = inspect_drive(drive);
  ASSERT_TRUE(info) << info.error().describe();
  EXPECT_TRUE(info->pseudo);
  EXPECT_TRUE(info->overwritable);  // libburn treats a stdio file like DVD-RAM

  auto medium = open_drive_reader(drive);
  ASSERT_TRUE(medium) << medium.error().describe();
  auto report = verify_medium(**medium, {});
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_TRUE(report->ok()) << to_text(*report);
  EXPECT_EQ(report->records_checked, 3u);
}

TEST(Burn, FlippedByteOnDiscFailsNamingTheFile) {
  TempDir tmp("burn-flip");
  author_small_fileset(tmp / "set");
  const fs::path img = tmp / "disc.iso";
  ASSERT_TRUE(burn_file_set("stdio:" + img.string(), (tmp / "set").string(), {}));
  const fs::path readme = tmp / "set" / "README.TXT";
  auto content = base::read_whole_file(readme.string());
  auto image = base::read_whole_file(img.string());
  ASSERT_TRUE(content && image);
  auto at = std::search(image->begin(), image->end(), content->begin(), content->end());
  ASSERT_NE(at, image->end());
  output::testing::flip_byte(img, static_cast<std::uint64_t>(at - image->begin()) + 10);

  auto medium = open_drive_reader("stdio:" + img.string());
  ASSERT_TRUE(medium) << medium.error().describe();
  auto report = verify_medium(**medium, {});
  ASSERT_TRUE(report) << report.error().describe();
  ASSERT_EQ(report->failures.size(), 1u) << to_text(*report);
  EXPECT_EQ(normalize_medium_path(report->failures[0].path), "README.TXT");
}

TEST(Burn, CapacityRefusedBeforeWriting) {
  TempDir tmp("burn-capacity");
  author_small_fileset(tmp / "set");
  BurnOptions opt;
  opt.iso.capacity_bytes = 32 * 2048;
  auto r = burn_file_set("stdio:" + (tmp / "disc.iso").string(), (tmp / "set").string(), opt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kLimitExceeded);
  EXPECT_FALSE(fs::exists(tmp / "disc.iso") && fs::file_size(tmp / "disc.iso") > 0);
}

TEST(Burn, CancelStopsTheBurn) {
  TempDir tmp("burn-cancel");
  author_small_fileset(tmp / "set");
  std::atomic<bool> cancel{true};
  BurnOptions opt;
  opt.cancel = &cancel;
  auto r = burn_file_set("stdio:" + (tmp / "disc.iso").string(), (tmp / "set").string(), opt);
  // A tiny image may be done before the first poll; when it is not, the result says cancelled.
  if (!r) {
    EXPECT_NE(r.error().message.find("cancel"), std::string::npos) << r.error().describe();
  }
}

TEST(Burn, UnknownDriveIsAnError) {
  auto r = inspect_drive("/dev/discus-no-such-drive");
  EXPECT_FALSE(r);
  auto drives = list_drives();  // none in a container; must not fail
  EXPECT_TRUE(drives) << drives.error().describe();
}

}  // namespace
}  // namespace discus::output::burn
