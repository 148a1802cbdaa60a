// The key-only read (ReadOptions::wanted): it keeps exactly the wanted top-level elements, each
// identical (tag, VR, bytes, items, offsets, deferral) to the same element of a full read, on
// pydicom's real test files, on hand-built files in every encoding, and on every truncation of
// a file with sequences; it skips the rest by length (damage inside a skipped value goes unseen)
// and reports the file's identity from the read's own fstat.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "byte_builder.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"

namespace discus::dicom::part10 {
namespace {

namespace fs = std::filesystem;
using testing::ByteBuilder;
using testing::kExplicitLE;

const fs::path kPydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

// How `discus mkdir` and `discus author` read: headers only, values from 4 KiB left in the file.
ReadOptions scan_options(std::optional<TagSet> wanted = std::nullopt) {
  ReadOptions opt;
  opt.stop_before_pixels = true;
  opt.defer_threshold = 4096;
  opt.wanted = std::move(wanted);
  return opt;
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

// Compares a key-only read of `path` with a full read pruned to the same tags. Whenever the full
// read succeeds, the key-only read must too, and agree on everything kept. Returns whether the
// full read succeeded.
bool check_file(const std::string& path, const TagSet& wanted, ReadOptions base = scan_options()) {
  base.wanted.reset();
  auto full = read_file(path, base);
  base.wanted = wanted;
  auto keys = read_file(path, base);
  if (!full) return false;
  if (!keys) {
    ADD_FAILURE() << path << ": the key-only read failed where the full read did not: " << keys.error().describe();
    return true;
  }
  full->dataset.retain([&](const Element& e) { return wanted.contains(e.tag); });
  full->meta.retain([&](const Element& e) {
    return wanted.contains(e.tag) || e.tag == tags::FileMetaInformationGroupLength || e.tag == tags::TransferSyntaxUID;
  });
  EXPECT_EQ(keys->transfer_syntax, full->transfer_syntax) << path;
  EXPECT_EQ(keys->has_preamble, full->has_preamble) << path;
  EXPECT_EQ(keys->has_meta, full->has_meta) << path;
  EXPECT_EQ(keys->dataset_offset, full->dataset_offset) << path;
  EXPECT_EQ(keys->pixel_data.has_value(), full->pixel_data.has_value()) << path;
  if (keys->pixel_data && full->pixel_data) {
    EXPECT_EQ(keys->pixel_data->tag, full->pixel_data->tag) << path;
    EXPECT_EQ(keys->pixel_data->value_offset, full->pixel_data->value_offset) << path;
    EXPECT_EQ(keys->pixel_data->length, full->pixel_data->length) << path;
  }
  expect_same(keys->meta, full->meta, path + " meta");
  expect_same(keys->dataset, full->dataset, path);
  EXPECT_TRUE(keys->identity.known) << path;
  EXPECT_EQ(keys->identity, full->identity) << path;
  return true;
}

// Every top-level tag a full read of `path` finds: nothing is skipped, so the warnings agree too.
std::vector<Tag> all_tags_of(const std::string& path) {
  auto r = read_file(path, scan_options());
  std::vector<Tag> out;
  if (r)
    for (const Element& e : r->dataset) out.push_back(e.tag);
  return out;
}

class TempFile {
 public:
  explicit TempFile(const std::string& name)
      : path_((fs::temp_directory_path() / ("discus-keys-" + std::to_string(::getpid()) + "-" + name)).string()) {}
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

// An explicit VR LE header with a wanted sequence, an unwanted sequence of undefined length with
// a nested one, a private block larger than the first read, and pixel data.
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

TagSet sample_wanted() {
  return TagSet({tags::SpecificCharacterSet, tags::SOPClassUID, tags::SOPInstanceUID, tags::StudyDate,
                 tags::ReferencedImageSequence, tags::PatientName, tags::PatientID, tags::StudyInstanceUID,
                 tags::SeriesInstanceUID, tags::InstanceNumber, tags::Rows, tags::PixelData});
}

TEST(KeyOnlyRead, TagSetSortsAndAnswers) {
  const TagSet s({tags::PatientID, tags::Rows, tags::PatientID, tags::SOPClassUID});
  EXPECT_EQ(s.tags(), (std::vector<Tag>{tags::SOPClassUID, tags::PatientID, tags::Rows}));
  EXPECT_TRUE(s.contains(tags::Rows));
  EXPECT_FALSE(s.contains(tags::Columns));
  EXPECT_FALSE(TagSet().contains(tags::Rows));
}

TEST(KeyOnlyRead, KeepsOnlyTheWantedElements) {
  const TempFile f("sample");
  const base::Bytes bytes = sample();
  f.write(bytes);
  EXPECT_TRUE(check_file(f.path(), sample_wanted()));
  auto d = read_file(f.path(), scan_options(sample_wanted()));
  ASSERT_TRUE(d) << d.error().describe();
  EXPECT_EQ(d->dataset.size(), 11u);  // all wanted but Pixel Data, where the read stopped
  for (const Element& e : d->dataset) EXPECT_TRUE(sample_wanted().contains(e.tag)) << to_string(e.tag);
  const Element* seq = d->dataset.find(tags::ReferencedImageSequence);
  ASSERT_NE(seq, nullptr);
  ASSERT_EQ(seq->items.size(), 1u);
  EXPECT_EQ(seq->items[0].get_string(tags::ReferencedSOPClassUID).value_or(""), "1.2.840.10008.5.1.4.1.1.2");
  EXPECT_EQ(d->dataset.get_string(tags::PatientID).value_or(""), "PID-1");
  EXPECT_FALSE(d->dataset.contains(Tag{0x0019, 0x1010}));
  ASSERT_TRUE(d->pixel_data.has_value());
  EXPECT_EQ(*d->pixel_data->length, 128u);
  EXPECT_EQ(d->pixel_data->value_offset, bytes.size() - 128);
  EXPECT_EQ(d->meta.get_string(tags::TransferSyntaxUID).value_or(""), kExplicitLE);
  // Nothing wanted: the meta, the transfer syntax and where the pixel data is, nothing else.
  auto none = read_file(f.path(), scan_options(TagSet()));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->dataset.empty());
  EXPECT_TRUE(none->pixel_data.has_value());
}

TEST(KeyOnlyRead, SkipsUnwantedValuesByLengthWithoutLookingInside) {
  // An unwanted defined-length sequence whose inside is garbage: a full read refuses the file,
  // the key-only read never looks at those bytes. Its length must still fit the file.
  ByteBuilder inside;
  inside.raw(base::Bytes(24, 0xEE));
  const auto make = [&](std::uint32_t sq_length) {
    ByteBuilder b;
    b.part10_header(kExplicitLE).el(0x0010, 0x0020, "LO", "ID");
    b.el_len(0x0018, 0x9346, "SQ", sq_length).raw(inside.bytes());
    b.el(0x0020, 0x000D, "UI", ByteBuilder::padded("1.2.3"));
    return b.bytes();
  };
  const TagSet wanted({tags::PatientID, tags::StudyInstanceUID});
  const TempFile f("garbage");
  f.write(make(24));
  EXPECT_FALSE(read_file(f.path(), scan_options()));
  auto keys = read_file(f.path(), scan_options(wanted));
  ASSERT_TRUE(keys) << keys.error().describe();
  EXPECT_EQ(keys->dataset.get_string(tags::StudyInstanceUID).value_or(""), "1.2.3");
  f.write(make(0x7FFF0000u));  // a length past the end of the file is an error either way
  auto past = read_file(f.path(), scan_options(wanted));
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().code, base::ErrorCode::kBadLength);
}

TEST(KeyOnlyRead, EveryEncodingAgreesWithTheFullRead) {
  const TagSet wanted({tags::PatientName, tags::PatientID, tags::Rows, tags::SmallestImagePixelValue});
  const auto body = [](ByteBuilder b, bool implicit) {
    if (implicit) {
      b.iel(0x0008, 0x1140, std::string()).iel(0x0010, 0x0010, "Doe^J ").iel(0x0010, 0x0020, "ID");
      b.iel(0x0028, 0x0010, std::string("\x08\x00", 2)).iel(0x0028, 0x0103, std::string("\x01\x00", 2));
      b.iel(0x0028, 0x0106, std::string("\xFE\xFF", 2));  // US or SS: Pixel Representation (unwanted) decides
    } else {
      b.el(0x0010, 0x0010, "PN", "Doe^J ").el(0x0010, 0x0020, "LO", "ID").el(0x0010, 0x1000, "LO", std::string(6000, 'x'));
      b.el(0x0028, 0x0010, "US", std::string("\x08\x00", 2));
    }
    return b.bytes();
  };
  const TempFile f("enc");
  ASSERT_TRUE(check_file(f.write(body(ByteBuilder().part10_header(testing::kImplicitLE), true)), wanted));
  auto implicit = read_file(f.path(), scan_options(wanted));
  ASSERT_TRUE(implicit);
  ASSERT_NE(implicit->dataset.find(tags::SmallestImagePixelValue), nullptr);
  EXPECT_EQ(implicit->dataset.find(tags::SmallestImagePixelValue)->vr, VR::SS);
  EXPECT_TRUE(check_file(f.write(body(ByteBuilder().part10_header(kExplicitLE), false)), wanted));
  EXPECT_TRUE(check_file(f.write(body(ByteBuilder().part10_header(testing::kExplicitBE).big_endian(true), false)), wanted));
  EXPECT_TRUE(check_file(f.write(body(ByteBuilder(), true)), wanted));  // no preamble, no meta
  const base::Bytes plain = body(ByteBuilder(), false);
  EXPECT_TRUE(check_file(f.write(ByteBuilder().part10_header(testing::kDeflatedLE).raw(testing::raw_deflate(plain)).bytes()),
                         wanted));
}

TEST(KeyOnlyRead, EveryTruncationAgreesWithTheFullRead) {
  const TempFile f("cut");
  const base::Bytes whole = sample(5000);
  std::size_t read = 0;
  for (std::size_t n = 0; n <= whole.size(); n += (n < 700 || n + 400 > whole.size()) ? 1 : 97) {
    f.write(base::Bytes(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n)));
    auto full = read_file(f.path(), scan_options());
    auto keys = read_file(f.path(), scan_options(sample_wanted()));
    // A cut is the end of the file for both: they succeed and fail together, for the same reason.
    ASSERT_EQ(bool(full), bool(keys)) << "cut at " << n << ": " << (full ? keys.error() : full.error()).describe();
    if (!full) {
      EXPECT_EQ(full.error().describe(), keys.error().describe()) << "cut at " << n;  // file, offset, tag path
      continue;
    }
    read += check_file(f.path(), sample_wanted());
  }
  EXPECT_GE(read, 100u);  // cuts inside the pixel data value are still whole headers
}

TEST(KeyOnlyRead, IdentityComesFromTheRead) {
  const TempFile a("id-a");
  a.write(sample(10));
  const std::string b = a.path() + "-link";
  std::remove(b.c_str());
  fs::create_hard_link(a.path(), b);
  auto ra = read_file(a.path(), scan_options(sample_wanted()));
  auto rb = read_file(b, scan_options(sample_wanted()));
  ASSERT_TRUE(ra && rb);
  EXPECT_TRUE(ra->identity.known);
  EXPECT_EQ(ra->identity, rb->identity);
  EXPECT_EQ(ra->identity, base::identity_of(b));
  EXPECT_FALSE(base::identity_of("/nonexistent/discus-key-only").known);
  std::remove(b.c_str());
}

// pydicom's real files, each with every one of its top-level tags wanted and with a DICOMDIR-like
// set, in the scan's settings and in a full read's (pixel data read, nothing deferred).
TEST(KeyOnlyRead, PydicomTestFilesAgreeWithTheFullRead) {
  if (!fs::is_directory(kPydicomFiles)) GTEST_SKIP() << "pydicom test files not installed";
  std::size_t files = 0, read = 0;
  ReadOptions whole;
  for (const auto& e : fs::directory_iterator(kPydicomFiles)) {
    if (!e.is_regular_file()) continue;
    const std::string path = e.path().string();
    ++files;
    const std::vector<Tag> all = all_tags_of(path);
    read += check_file(path, TagSet(all));
    check_file(path, sample_wanted());
    check_file(path, sample_wanted(), whole);
    if (auto full = read_file(path, scan_options()); full) {  // nothing skipped: the same warnings
      auto keys = read_file(path, scan_options(TagSet(all)));
      ASSERT_TRUE(keys) << path;
      EXPECT_EQ(keys->warnings.size(), full->warnings.size()) << path;
    }
  }
  EXPECT_GT(files, 20u);
  EXPECT_GT(read, 20u);
}

}  // namespace
}  // namespace discus::dicom::part10
