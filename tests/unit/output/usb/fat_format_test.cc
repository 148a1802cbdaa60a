// FAT geometry and encodings against Microsoft's FAT specification (fatgen103) rules.
#include "output/usb/fat_format.h"

#include <gtest/gtest.h>

#include <cstring>

namespace discus::output::usb {
namespace {

constexpr std::uint64_t MiB = 1ull << 20;

// The invariants fatgen103 3.5 defines a volume by, for any geometry we choose.
void expect_consistent(const FatGeometry& g) {
  const std::uint64_t meta = g.reserved_sectors + std::uint64_t{g.fat_count} * g.fat_sectors + g.root_dir_sectors();
  EXPECT_EQ(g.cluster_count, (g.total_sectors - meta) / g.sectors_per_cluster);
  EXPECT_LE((std::uint64_t{g.cluster_count} + 2) * g.entry_bytes(), std::uint64_t{g.fat_sectors} * kSectorBytes);
  if (g.type == FatType::kFat16) {
    EXPECT_GE(g.cluster_count, kMinFat16Clusters);
    EXPECT_LT(g.cluster_count, kMinFat32Clusters);
  } else {
    EXPECT_GE(g.cluster_count, kMinFat32Clusters);
  }
}

TEST(FatGeometry, DefaultTypeAndClusterSizeFollowMicrosoftsTables) {
  auto small = choose_geometry(64 * MiB, std::nullopt);
  ASSERT_TRUE(small) << small.error().describe();
  EXPECT_EQ(small->type, FatType::kFat16);
  EXPECT_EQ(small->sectors_per_cluster, 4u);  // 16 MB < size <= 128 MB
  EXPECT_EQ(small->reserved_sectors, 1u);
  EXPECT_EQ(small->root_entries, 512u);
  expect_consistent(*small);

  auto large = choose_geometry(1024 * MiB, std::nullopt);
  ASSERT_TRUE(large);
  EXPECT_EQ(large->type, FatType::kFat32);
  EXPECT_EQ(large->sectors_per_cluster, 8u);  // 260 MB < size <= 8 GB: 4 KiB clusters
  EXPECT_EQ(large->reserved_sectors, 32u);
  expect_consistent(*large);
}

TEST(FatGeometry, EverySizeGivesAConsistentVolume) {
  for (std::uint64_t mb : {5, 16, 17, 100, 128, 255, 511, 512}) {
    auto g = choose_geometry(mb * MiB, FatType::kFat16);
    ASSERT_TRUE(g) << mb << ": " << g.error().describe();
    expect_consistent(*g);
  }
  for (std::uint64_t mb : {33, 64, 259, 260, 4096, 8192, 40000}) {
    auto g = choose_geometry(mb * MiB, FatType::kFat32);
    ASSERT_TRUE(g) << mb << ": " << g.error().describe();
    expect_consistent(*g);
  }
}

TEST(FatGeometry, RefusesSizesTheTypeCannotHave) {
  EXPECT_FALSE(choose_geometry(4 * MiB, FatType::kFat16));    // below 8400 sectors: FAT12 territory
  EXPECT_FALSE(choose_geometry(3 * 1024 * MiB, FatType::kFat16));  // beyond 2 GiB
  auto e = choose_geometry(20 * MiB, FatType::kFat32);         // fewer than 65525 clusters
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("FAT32"), std::string::npos);
}

TEST(FatGeometry, BootSectorReadsBackToTheSameGeometry) {
  for (auto type : {FatType::kFat16, FatType::kFat32}) {
    auto g = choose_geometry(64 * MiB, type);
    ASSERT_TRUE(g);
    const auto s = boot_sector(*g, volume_label("FILESET 1"), 0x1234);
    EXPECT_EQ(s[510], 0x55);
    EXPECT_EQ(s[511], 0xAA);
    EXPECT_EQ(std::memcmp(&s[type == FatType::kFat32 ? 82 : 54], type == FatType::kFat32 ? "FAT32   " : "FAT16   ", 8), 0);
    auto back = parse_boot_sector(s, 64 * MiB);
    ASSERT_TRUE(back) << back.error().describe();
    EXPECT_EQ(back->type, g->type);
    EXPECT_EQ(back->cluster_count, g->cluster_count);
    EXPECT_EQ(back->fat_sectors, g->fat_sectors);
    EXPECT_EQ(back->data_offset(), g->data_offset());
    // A boot sector claiming more sectors than the medium has is refused.
    EXPECT_FALSE(parse_boot_sector(s, 32 * MiB));
  }
}

TEST(FatNames, OnlyUpperCaseEightDotThreeNamesAreWritten) {
  auto readme = short_name("README.TXT");
  ASSERT_TRUE(readme);
  EXPECT_EQ(std::string(readme->data(), 11), "README  TXT");
  auto id = short_name("I0000001");
  ASSERT_TRUE(id);
  EXPECT_EQ(std::string(id->data(), 11), "I0000001   ");
  for (const char* bad : {"readme.txt", "LONGNAME9", "A.B.C", "A.TOOL", "", ".X", "A B", "A."}) EXPECT_FALSE(short_name(bad)) << bad;
  const std::uint8_t raw[11] = {'S', 'H', 'A', '2', '5', '6', ' ', ' ', 'T', 'X', 'T'};
  EXPECT_EQ(display_name(raw), "SHA256.TXT");
  EXPECT_EQ(std::string(volume_label("").data(), 11), "NO NAME    ");
  EXPECT_EQ(std::string(volume_label("study of x").data(), 11), "STUDY OF X ");
}

TEST(FatTime, DosDateAndTimeFields) {
  const DosTime t = dos_time(1710066930);  // 2024-03-10 10:35:30 UTC
  EXPECT_EQ(t.date, ((2024 - 1980) << 9) | (3 << 5) | 10);
  EXPECT_EQ(t.time, (10 << 11) | (35 << 5) | 15);
}

}  // namespace
}  // namespace discus::output::usb
