// The UDF writer and reader in process (issue 21): the building blocks against known values, each
// revision written and read back byte for byte, damage found, limits kept, and the fuzz corpus
// (tests/fuzz/corpus/udf_reader) replayed through the harness body.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "udf_reader_body.h"
#include "media/profile/medium_table.h"
#include "output/udf/udf_format.h"
#include "output/udf/udf_reader.h"
#include "output/udf/udf_writer.h"

namespace discus::output::udf {
namespace {
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("discus-udf-test-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_file(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string read_back(const UdfMediumReader& r, const std::string& path) {
  std::string out;
  auto st = r.read_file(path, [&](base::ByteView b) -> base::Status {
    out.append(reinterpret_cast<const char*>(b.data()), b.size());
    return {};
  });
  EXPECT_TRUE(st) << (st ? "" : st.error().describe());
  return out;
}

std::string pattern(std::size_t n, unsigned seed) {
  std::string s(n, '\0');
  std::mt19937 g(seed);
  for (char& c : s) c = static_cast<char>(g());
  return s;
}

// A small file-set-like tree: names, sizes at block boundaries, an empty file, a deep folder.
void make_tree(const fs::path& root) {
  write_file(root / "DICOMDIR", pattern(5000, 1));
  write_file(root / "README.TXT", "hello\n");
  write_file(root / "EMPTY", "");
  write_file(root / "DICOM" / "P0000001" / "S0000001" / "I0000001", pattern(2048, 2));
  write_file(root / "DICOM" / "P0000001" / "S0000001" / "I0000002", pattern(2049, 3));
  write_file(root / "VIEWER" / "a long non-DICOM name, é and 日本.html", pattern(70000, 4));
  // Files larger than the writer's 1 MiB buffer and off the block grid, then small ones, one of
  // them filling the buffer to its last byte (the padding between them, streamed in chunks).
  write_file(root / "VIEWER" / "BIG", pattern((3u << 20) + 5, 5));
  write_file(root / "VIEWER" / "ZSMALL", pattern(100, 6));
  write_file(root / "VIEWER" / "ZSMALM", pattern((1u << 20) - 2043 - 2048, 7));
}

// The tree's DICOMDIR is not DICOM: the volume identifier is given.
UdfOptions quick() {
  UdfOptions o;
  o.volume_id = "TEST";
  o.sync = false;
  return o;
}

TEST(UdfFormat, CrcItuOfTheCheckString) {
  const std::string s = "123456789";
  EXPECT_EQ(crc_itu(CBlock(reinterpret_cast<const std::uint8_t*>(s.data()), s.size())), 0x31C3);  // CRC-16/XMODEM
}

TEST(UdfFormat, Cs0PicksEightOrSixteenBits) {
  EXPECT_EQ(*cs0_from_utf8("DICOMDIR"), std::string("\x08" "DICOMDIR"));
  EXPECT_EQ(*cs0_from_utf8("é"), std::string("\x08\xE9", 2));
  EXPECT_EQ(*cs0_from_utf8("日"), std::string("\x10\x65\xE5", 3));
  EXPECT_FALSE(cs0_from_utf8("\xC3"));           // cut short
  EXPECT_FALSE(cs0_from_utf8("\xF0\x9F\x98\x80"));  // outside the BMP: UCS-2 cannot hold it
  for (const char* s : {"DICOMDIR", "é and 日本", ""}) {
    auto c = cs0_from_utf8(s);
    ASSERT_TRUE(c);
    EXPECT_EQ(*utf8_from_cs0(CBlock(reinterpret_cast<const std::uint8_t*>(c->data()), c->size())), s);
  }
}

TEST(UdfFormat, TagChecksumAndCrcAreChecked) {
  std::vector<std::uint8_t> d(512, 0);
  d[100] = 7;
  finish_tag(d, kTagTd, 3, 1234, 496);
  EXPECT_TRUE(tag_checksum_ok(d));
  EXPECT_TRUE(tag_crc_ok(d));
  d[101] ^= 1;
  EXPECT_FALSE(tag_crc_ok(d));
  d[12] ^= 1;
  EXPECT_FALSE(tag_checksum_ok(d));
}

TEST(UdfMedium, RevisionsFollowPs312) {
  auto table = media::profile::MediumTable::load(DISCUS_TEST_PROFILES);
  ASSERT_TRUE(table) << table.error().describe();
  EXPECT_EQ(udf_medium(*table, "bd")->revision, Revision::k260);
  EXPECT_EQ(udf_medium(*table, "bd-dl")->revision, Revision::k260);
  EXPECT_EQ(udf_medium(*table, "bd-dl")->capacity_bytes, 24438784ull * 2048);
  EXPECT_EQ(udf_medium(*table, "bd-re")->revision, Revision::k250);
  EXPECT_EQ(udf_medium(*table, "dvd-ram")->revision, Revision::k150);
  EXPECT_FALSE(udf_medium(*table, "cd"));
  EXPECT_FALSE(udf_medium(*table, "dvd"));
}

class UdfRoundTrip : public ::testing::TestWithParam<Revision> {};

TEST_P(UdfRoundTrip, EveryFileComesBackByteForByte) {
  TempDir t;
  make_tree(t.path() / "set");
  const std::string img = (t.path() / "out.img").string();
  UdfOptions o;
  o.revision = GetParam();
  o.volume_id = "ROUNDTRIP";
  o.sync = false;
  auto plan = write_udf((t.path() / "set").string(), img, o);
  ASSERT_TRUE(plan) << plan.error().describe();
  EXPECT_EQ(plan->files, 9u);
  EXPECT_EQ(plan->directories, 4u);
  EXPECT_EQ(fs::file_size(img), plan->image_bytes);
  ASSERT_TRUE(*is_udf_image(img));
  auto r = UdfMediumReader::open_image(img);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ((*r)->volume().revision, static_cast<std::uint16_t>(GetParam()));
  EXPECT_EQ((*r)->volume().volume_id, "ROUNDTRIP");
  EXPECT_EQ((*r)->volume().lvid_files, 9u);
  EXPECT_EQ((*r)->volume().lvid_directories, 5u);
  EXPECT_EQ((*r)->volume().metadata_partition, GetParam() != Revision::k150);
  auto files = (*r)->list_files();
  ASSERT_TRUE(files);
  ASSERT_EQ(files->size(), 9u);
  for (const MediumFile& f : *files) {
    std::ifstream in(t.path() / "set" / f.path, std::ios::binary);
    const std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(f.size, want.size()) << f.path;
    EXPECT_EQ(read_back(**r, f.path), want) << f.path;
  }
}

INSTANTIATE_TEST_SUITE_P(Revisions, UdfRoundTrip, ::testing::Values(Revision::k150, Revision::k250, Revision::k260));

TEST(UdfWriter, CapacityIsCheckedBeforeWriting) {
  TempDir t;
  make_tree(t.path() / "set");
  const std::string img = (t.path() / "out.img").string();
  UdfOptions o = quick();
  o.capacity_bytes = 100 * 2048;
  o.medium_name = "tiny disc";
  auto plan = write_udf((t.path() / "set").string(), img, o);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, base::ErrorCode::kLimitExceeded);
  EXPECT_NE(plan.error().message.find("tiny disc"), std::string::npos);
  EXPECT_FALSE(fs::exists(img));
}

TEST(UdfWriter, LinksAreRefused) {
  TempDir t;
  make_tree(t.path() / "set");
  fs::create_symlink("README.TXT", t.path() / "set" / "LINK");
  auto plan = write_udf((t.path() / "set").string(), (t.path() / "o.img").string(), quick());
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, base::ErrorCode::kInvalidArgument);
}

// One flipped byte in each kind of structure: the reader fails with a reason, never crashes.
TEST(UdfReader, DamagedDescriptorsAreFound) {
  TempDir t;
  make_tree(t.path() / "set");
  const std::string img = (t.path() / "out.img").string();
  UdfOptions o = quick();
  ASSERT_TRUE(write_udf((t.path() / "set").string(), img, o));
  std::string bytes;
  {
    std::ifstream in(img, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  // The FSD is metadata block 0: partition start 288, metadata space at partition block 32.
  for (std::size_t sector : {std::size_t{288 + 32}}) {
    std::string damaged = bytes;
    damaged[sector * 2048 + 40] ^= 0x40;
    const std::string bad = (t.path() / "bad.img").string();
    std::ofstream(bad, std::ios::binary) << damaged;
    auto r = UdfMediumReader::open_image(bad);
    ASSERT_FALSE(r) << "sector " << sector;
    EXPECT_NE(r.error().message.find("CRC"), std::string::npos) << r.error().describe();
  }
  // Truncated to the first AVDP: the partition lies past the end.
  const std::string cut = (t.path() / "cut.img").string();
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, 300 * 2048);
  EXPECT_FALSE(UdfMediumReader::open_image(cut));
  // An ISO 9660 image (no NSR descriptor) is not taken for UDF.
  std::string iso(400 * 2048, '\0');
  std::memcpy(iso.data() + 16 * 2048 + 1, "CD001", 5);
  const std::string iso_path = (t.path() / "plain.iso").string();
  std::ofstream(iso_path, std::ios::binary) << iso;
  EXPECT_FALSE(*is_udf_image(iso_path));
}

TEST(UdfReader, LimitsAreKept) {
  TempDir t;
  make_tree(t.path() / "set");
  const std::string img = (t.path() / "out.img").string();
  UdfOptions o = quick();
  ASSERT_TRUE(write_udf((t.path() / "set").string(), img, o));
  UdfLimits few;
  few.max_files = 3;
  auto r = UdfMediumReader::open_image(img, few);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kLimitExceeded);
  UdfLimits shallow;
  shallow.max_depth = 1;
  r = UdfMediumReader::open_image(img, shallow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kTooDeep);
}

// The corpus: seeds made from real images by tests/fuzz/make_udf_corpus.py. Names say what must
// happen: "good.*" opens and reads every file, "hostile.*" must not open, others only not crash.
TEST(UdfReaderFuzzCorpus, Replays) {
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(DISCUS_FUZZ_CORPUS)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const base::Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string name = entry.path().filename().string();
    const fuzz::UdfOutcome o = fuzz::run_udf_reader_body(bytes);
    if (name.rfind("good.", 0) == 0) {
      EXPECT_TRUE(o.opened) << name;
      EXPECT_GT(o.files, 0u) << name;
      EXPECT_EQ(o.read_ok, o.files) << name;
    }
    if (name.rfind("hostile.", 0) == 0) {
      EXPECT_FALSE(o.opened && o.read_ok == o.files && o.files > 0) << name;
    }
    ++n;
  }
  EXPECT_GE(n, 4u);
}

}  // namespace
}  // namespace discus::output::udf
