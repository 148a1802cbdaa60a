// HeaderKeyReader against read_file: whenever the key-only walk answers kRead, the elements it
// keeps must be exactly those of a full headers-only read (same tags, VRs, bytes, items, offsets),
// on pydicom's real test files, on hand-built files, and on every truncation and many corruptions
// of a file with sequences. Files it must leave to read_file are checked to be left.
#include "dicom/part10/header_keys.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"
#include "byte_builder.h"

namespace discus::dicom::part10 {
namespace {

namespace fs = std::filesystem;
using testing::ByteBuilder;
using testing::kExplicitLE;

const fs::path kPydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

// The full path `discus mkdir` falls back to: headers only, values from 4 KiB left in the file,
// the file let go of, Pixel Data referenced, only `keep` kept.
std::optional<DicomFile> full_read(const std::string& path, const std::vector<Tag>& keep) {
  ReadOptions opt;
  opt.stop_before_pixels = true;
  opt.defer_threshold = 4096;
  auto r = read_file(path, opt);
  if (!r) return std::nullopt;
  r->source.reset();
  add_pixel_data_reference(*r);
  r->dataset.retain([&](const Element& e) { return std::binary_search(keep.begin(), keep.end(), e.tag); });
  return std::move(*r);
}

void expect_same(const DataSet& a, const DataSet& b, const std::string& where);

void expect_same(const Element& a, const Element& b, const std::string& where) {
  const std::string at = where + " " + to_string(a.tag);
  EXPECT_EQ(a.tag, b.tag) << at;
  EXPECT_EQ(a.vr, b.vr) << at;
  EXPECT_EQ(a.kind, b.kind) << at;
  EXPECT_EQ(a.undefined_length, b.undefined_length) << at;
  EXPECT_EQ(a.source_offset, b.source_offset) << at;
  EXPECT_EQ(a.value.bytes, b.value.bytes) << at;
  EXPECT_EQ(a.value.is_deferred(), b.value.is_deferred()) << at;
  if (a.value.is_deferred() && b.value.is_deferred()) {
    EXPECT_EQ(a.value.deferred->offset, b.value.deferred->offset) << at;
    EXPECT_EQ(a.value.deferred->length, b.value.deferred->length) << at;
  }
  EXPECT_EQ(a.item_offsets, b.item_offsets) << at;
  ASSERT_EQ(a.items.size(), b.items.size()) << at;
  for (std::size_t i = 0; i < a.items.size(); ++i) expect_same(a.items[i], b.items[i], at + "[" + std::to_string(i) + "]");
  EXPECT_EQ(a.fragments.size(), b.fragments.size()) << at;
}

void expect_same(const DataSet& a, const DataSet& b, const std::string& where) {
  ASSERT_EQ(a.size(), b.size()) << where;
  for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y) expect_same(*x, *y, where);
}

// kRead must mean: read_file agrees on everything mkdir uses. Returns whether it was kRead.
bool check_file(const std::string& path, const std::vector<Tag>& keep) {
  HeaderKeyReader reader(keep);
  DicomFile fast;
  FileIdentity id;
  if (reader.read(path, fast, id) != KeyReadOutcome::kRead) return false;
  EXPECT_TRUE(id.known) << path;
  auto full = full_read(path, keep);
  if (!full) {
    ADD_FAILURE() << path << ": the key-only walk read a file read_file rejects";
    return true;
  }
  add_pixel_data_reference(fast);
  fast.dataset.retain([&](const Element& e) { return std::binary_search(keep.begin(), keep.end(), e.tag); });
  EXPECT_EQ(fast.transfer_syntax, full->transfer_syntax) << path;
  EXPECT_EQ(fast.dataset_offset, full->dataset_offset) << path;
  EXPECT_EQ(fast.pixel_data.has_value(), full->pixel_data.has_value()) << path;
  if (fast.pixel_data && full->pixel_data) {
    EXPECT_EQ(fast.pixel_data->tag, full->pixel_data->tag) << path;
    EXPECT_EQ(fast.pixel_data->value_offset, full->pixel_data->value_offset) << path;
    EXPECT_EQ(fast.pixel_data->length, full->pixel_data->length) << path;
  }
  expect_same(fast.dataset, full->dataset, path);
  return true;
}

// Every top-level tag a full read of `path` finds (so the walk must reproduce the whole header).
std::vector<Tag> all_tags_of(const std::string& path) {
  ReadOptions opt;
  opt.stop_before_pixels = true;
  auto r = read_file(path, opt);
  std::vector<Tag> out;
  if (r)
    for (const Element& e : r->dataset) out.push_back(e.tag);
  out.push_back(tags::PixelData);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

class TempFile {
 public:
  explicit TempFile(const std::string& name)
      : path_((fs::temp_directory_path() / ("discus-hk-" + std::to_string(::getpid()) + "-" + name)).string()) {}
  ~TempFile() { std::remove(path_.c_str()); }
  // A new file each time: truncating a just-written file makes ext4 flush it (auto_da_alloc).
  const std::string& write(const base::Bytes& b) const {
    std::remove(path_.c_str());
    std::ofstream(path_, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A plain explicit VR LE header with a wanted sequence, a nested unwanted one, a private block
// larger than the first read, and pixel data.
base::Bytes sample(std::size_t private_bytes = 9000) {
  ByteBuilder b;
  b.part10_header(kExplicitLE);
  b.el(0x0008, 0x0005, "CS", "ISO_IR 100");
  b.el(0x0008, 0x0016, "UI", ByteBuilder::padded("1.2.840.10008.5.1.4.1.1.2"));
  b.el(0x0008, 0x0018, "UI", ByteBuilder::padded("1.2.3.4.5"));
  b.el(0x0008, 0x0020, "DA", "20240311");
  ByteBuilder ref;  // one defined-length item of Referenced Image Sequence (undefined length)
  ref.el(0x0008, 0x1150, "UI", ByteBuilder::padded("1.2.840.10008.5.1.4.1.1.2"))
      .el(0x0008, 0x1155, "UI", ByteBuilder::padded("1.2.3.4.6.7.8.9.10.11.12.13.14.1"));
  b.el_len(0x0008, 0x1140, "SQ", 0xFFFFFFFFu).item(static_cast<std::uint32_t>(ref.size())).raw(ref.bytes()).seq_end();
  b.el(0x0010, 0x0010, "PN", "Doe^Jane");
  b.el(0x0010, 0x0020, "LO", "PID-1 ");
  b.el_len(0x0018, 0x9346, "SQ", 0xFFFFFFFFu)  // not wanted: walked, not kept
      .item()
      .el(0x0008, 0x0100, "SH", "113691")
      .el_len(0x0040, 0xA043, "SQ", 0xFFFFFFFFu)
      .item(0x0E)
      .el(0x0008, 0x0104, "LO", "Code  ")
      .seq_end()
      .item_end()
      .seq_end();
  b.el(0x0019, 0x0010, "LO", "ACME 1.0");
  b.el(0x0019, 0x1010, "OB", std::string(private_bytes, '\x5A'));
  b.el(0x0020, 0x000D, "UI", ByteBuilder::padded("1.2.3.4"));
  b.el(0x0020, 0x000E, "UI", ByteBuilder::padded("1.2.3.4.1"));
  b.el(0x0020, 0x0013, "IS", "7 ");
  b.el(0x0028, 0x0010, "US", std::string("\x08\x00", 2));
  b.el(0x7FE0, 0x0010, "OW", std::string(128, '\x01'));
  return b.bytes();
}

std::vector<Tag> sample_keep() {
  std::vector<Tag> k = {tags::SpecificCharacterSet, tags::SOPClassUID, tags::SOPInstanceUID, tags::StudyDate,
                        tags::ReferencedImageSequence, tags::PatientName, tags::PatientID, tags::StudyInstanceUID,
                        tags::SeriesInstanceUID, tags::InstanceNumber, tags::Rows, tags::PixelData};
  std::sort(k.begin(), k.end());
  return k;
}

TEST(HeaderKeys, SampleIsReadByTheWalkAndMatchesTheFullRead) {
  const TempFile f("sample");
  const base::Bytes bytes = sample();
  f.write(bytes);
  EXPECT_TRUE(check_file(f.path(), sample_keep()));
  HeaderKeyReader reader(sample_keep());
  DicomFile d;
  FileIdentity id;
  ASSERT_EQ(reader.read(f.path(), d, id), KeyReadOutcome::kRead);
  const Element* seq = d.dataset.find(tags::ReferencedImageSequence);
  ASSERT_NE(seq, nullptr);
  ASSERT_EQ(seq->items.size(), 1u);
  EXPECT_EQ(seq->items[0].get_string(tags::ReferencedSOPClassUID).value_or(""), "1.2.840.10008.5.1.4.1.1.2");
  EXPECT_EQ(d.dataset.get_string(tags::PatientID).value_or(""), "PID-1");
  EXPECT_FALSE(d.dataset.contains(Tag{0x0019, 0x1010}));  // not asked for
  ASSERT_TRUE(d.pixel_data.has_value());
  EXPECT_EQ(*d.pixel_data->length, 128u);
  EXPECT_EQ(d.pixel_data->value_offset, bytes.size() - 128);
}

TEST(HeaderKeys, EveryTruncationAgreesWithTheFullRead) {
  const TempFile f("cut");
  const base::Bytes whole = sample(5000);
  std::size_t read_by_walk = 0;
  for (std::size_t n = 0; n <= whole.size(); n += (n < 600 || n + 400 > whole.size()) ? 1 : 97) {
    f.write(base::Bytes(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n)));
    read_by_walk += check_file(f.path(), sample_keep());
  }
  // Cuts inside the pixel data value are still whole headers (read_file stops before it too).
  EXPECT_GE(read_by_walk, 100u);
}

TEST(HeaderKeys, CorruptedBytesNeverMakeTheWalkDisagree) {
  const TempFile f("flip");
  const base::Bytes whole = sample(300);
  std::mt19937 rng(12345);
  std::size_t read_by_walk = 0;
  for (int round = 0; round < 3000; ++round) {
    base::Bytes b = whole;
    const int flips = 1 + round % 3;
    for (int i = 0; i < flips; ++i) {
      const std::size_t at = 132 + rng() % (b.size() - 132 - 128);
      b[at] = static_cast<std::uint8_t>(rng() % 4 == 0 ? 0xFF : rng());
    }
    f.write(b);
    read_by_walk += check_file(f.path(), sample_keep());
    if (::testing::Test::HasFailure()) break;
  }
  EXPECT_GT(read_by_walk, 100u);  // flips inside values leave the structure plain
}

TEST(HeaderKeys, FilesTheWalkDoesNotModelAreLeftToReadFile) {
  const std::vector<Tag> keep = sample_keep();
  HeaderKeyReader reader(keep);
  auto outcome = [&](const base::Bytes& b) {
    const TempFile f("odd");
    f.write(b);
    DicomFile d;
    FileIdentity id;
    return reader.read(f.path(), d, id);
  };
  const auto plain = [] { return ByteBuilder().part10_header(kExplicitLE).el(0x0010, 0x0020, "LO", "ID"); };
  EXPECT_EQ(outcome(plain().bytes()), KeyReadOutcome::kRead);
  EXPECT_EQ(outcome(plain().el(0x0010, 0x0030, "DA", "1990010").bytes()), KeyReadOutcome::kNeedFullRead);  // odd length
  EXPECT_EQ(outcome(ByteBuilder().part10_header(testing::kImplicitLE).iel(0x0010, 0x0020, "ID").bytes()),
            KeyReadOutcome::kNeedFullRead);
  EXPECT_EQ(outcome(ByteBuilder().part10_header(testing::kExplicitBE).big_endian(true).el(0x0010, 0x0020, "LO", "ID").bytes()),
            KeyReadOutcome::kNeedFullRead);
  EXPECT_EQ(outcome(ByteBuilder().part10_header(testing::kDeflatedLE).raw(testing::raw_deflate(base::Bytes{1, 2})).bytes()),
            KeyReadOutcome::kNeedFullRead);
  EXPECT_EQ(outcome(ByteBuilder().el(0x0010, 0x0020, "LO", "ID").bytes()), KeyReadOutcome::kNeedFullRead);  // no preamble
  EXPECT_EQ(outcome(plain().el(0x0010, 0x0010, "PN", "Out^Of^Order").bytes()), KeyReadOutcome::kNeedFullRead);
  EXPECT_EQ(outcome(plain().el(0x0011, 0x0010, "UN", "AB").bytes()), KeyReadOutcome::kRead);      // private UN: skipped
  EXPECT_EQ(outcome(plain().el(0x0018, 0x0015, "UN", "AB").bytes()), KeyReadOutcome::kNeedFullRead);  // public UN
  EXPECT_EQ(outcome(plain().el(0x0020, 0x000D, "UI", std::string(4096, '1')).bytes()),
            KeyReadOutcome::kNeedFullRead);  // a wanted value read_file would defer
  EXPECT_EQ(outcome(plain().el(0x0020, 0x0010, "SH", std::string(5000, 'x')).bytes()), KeyReadOutcome::kRead);  // unwanted
  DicomFile d;
  FileIdentity id;
  EXPECT_EQ(reader.read("/nonexistent/discus-header-keys", d, id), KeyReadOutcome::kNeedFullRead);
  EXPECT_FALSE(id.known);
}

// pydicom's real files, each with every one of its top-level tags wanted and with a DICOMDIR-like
// set: whatever the walk reads must equal the full read.
TEST(HeaderKeys, PydicomTestFilesAgreeWithTheFullRead) {
  if (!fs::is_directory(kPydicomFiles)) GTEST_SKIP() << "pydicom test files not installed";
  std::size_t files = 0, read_by_walk = 0;
  for (const auto& e : fs::directory_iterator(kPydicomFiles)) {
    if (!e.is_regular_file()) continue;
    const std::string path = e.path().string();
    ++files;
    const bool all = check_file(path, all_tags_of(path));
    const bool keys = check_file(path, sample_keep());
    read_by_walk += all || keys;
  }
  EXPECT_GT(files, 20u);
  EXPECT_GT(read_by_walk, 10u);  // the walk is really taken on real files
}

}  // namespace
}  // namespace discus::dicom::part10
