// Part 10 writer: conformant meta, every writable syntax, padding, atomic files, bounded copies.
#include "dicom/part10/writer.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "base/endian.h"
#include "byte_builder.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"
#include "dicom/part10/reader.h"

namespace discus::dicom::part10 {
namespace {

namespace fs = std::filesystem;
using testing::ByteBuilder;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("discus-writer-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

DataSet sample() {
  DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, uids::SecondaryCaptureImageStorage);
  ds.set_string(tags::SOPInstanceUID, VR::UI, "1.2.3.4.5");  // odd length: padded with NUL
  ds.set_string(tags::PatientName, VR::PN, "Doe^Jane^^Dr");  // even
  ds.set_string(tags::PatientID, VR::LO, "ID1");             // odd: padded with space
  ds.set_uint16(tags::Rows, 2);
  ds.set_uint16(tags::Columns, 2);
  ds.set_bytes(tags::PixelData, VR::OW, base::Bytes{1, 0, 2, 0, 3, 0, 4, 0});
  Element seq;
  seq.tag = tags::ReferencedImageSequence;
  seq.vr = VR::SQ;
  seq.kind = Element::Kind::kSequence;
  seq.undefined_length = true;
  DataSet item;
  item.set_string(tags::ReferencedSOPClassUID, VR::UI, uids::CTImageStorage);
  item.set_string(tags::ReferencedSOPInstanceUID, VR::UI, "1.2.3.9");
  seq.items.push_back(item);
  ds.insert(seq);
  ds.set_string(Tag{0x0009, 0x0010}, VR::LO, "ACME 1.0");
  ds.set_bytes(Tag{0x0009, 0x1001}, VR::OB, base::Bytes{9, 8, 7, 6});
  return ds;
}

// `ds` with encapsulated Pixel Data: a Basic Offset Table and one JPEG fragment.
DataSet with_encapsulated_pixels(DataSet ds) {
  Element px;
  px.tag = tags::PixelData;
  px.vr = VR::OB;
  px.kind = Element::Kind::kEncapsulated;
  px.fragments.resize(2);
  px.fragments[1].bytes = {0xFF, 0xD8, 0xFF, 0xD9};
  ds.insert(px);
  return ds;
}

// Element-by-element equality of two data sets (values, VRs, items).
// `implicit`: b went through implicit VR, where private elements can only come back as UN.
void expect_same(const DataSet& a, const DataSet& b, const std::string& where, bool implicit = false) {
  ASSERT_EQ(a.size(), b.size()) << where;
  auto ia = a.begin();
  auto ib = b.begin();
  for (; ia != a.end(); ++ia, ++ib) {
    const std::string here = where + "/" + to_string(ia->tag);
    ASSERT_EQ(ia->tag, ib->tag) << here;
    if (!(implicit && ia->tag.is_private() && ib->vr == VR::UN)) {
      EXPECT_EQ(ia->vr, ib->vr) << here;
    }
    ASSERT_EQ(ia->kind, ib->kind) << here;
    if (ia->is_sequence()) {
      ASSERT_EQ(ia->items.size(), ib->items.size()) << here;
      for (std::size_t i = 0; i < ia->items.size(); ++i) expect_same(ia->items[i], ib->items[i], here, implicit);
    } else {
      EXPECT_EQ(*ia->value.load(), *ib->value.load()) << here;
    }
  }
}

TEST(Writer, FileMetaInformationIsConformant) {
  auto bytes = write_memory(sample(), nullptr, {});
  ASSERT_TRUE(bytes) << bytes.error().describe();
  ASSERT_GT(bytes->size(), 132u);
  EXPECT_EQ(std::string(bytes->begin() + 128, bytes->begin() + 132), "DICM");
  EXPECT_TRUE(std::all_of(bytes->begin(), bytes->begin() + 128, [](std::uint8_t b) { return b == 0; }));
  auto f = read_memory(*bytes);
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_TRUE(f->warnings.empty()) << f->warnings[0].message;  // group length right, lengths even
  EXPECT_EQ(f->meta.get_string(tags::ImplementationClassUID), kImplementationClassUID);
  EXPECT_EQ(f->meta.get_string(tags::ImplementationVersionName), kImplementationVersionName);
  EXPECT_EQ(f->meta.get_string(tags::MediaStorageSOPInstanceUID), "1.2.3.4.5");
  EXPECT_EQ(f->meta.get_string(tags::TransferSyntaxUID), uids::ExplicitVRLittleEndian);
  const Element* uid = f->dataset.find(tags::SOPInstanceUID);
  ASSERT_EQ(uid->value.bytes.size(), 10u);
  EXPECT_EQ(uid->value.bytes.back(), 0x00);  // UI pads with NUL
  const Element* id = f->dataset.find(tags::PatientID);
  EXPECT_EQ(id->value.bytes.back(), ' ');  // other strings pad with space
  EXPECT_TRUE(f->dataset.find(tags::ReferencedImageSequence)->undefined_length);
}

TEST(Writer, EveryWritableSyntaxRoundTrips) {
  for (std::string_view ts : {uids::ExplicitVRLittleEndian, uids::ImplicitVRLittleEndian, uids::DeflatedExplicitVRLittleEndian}) {
    WriteOptions opt;
    opt.transfer_syntax_uid = std::string(ts);
    auto bytes = write_memory(sample(), nullptr, opt);
    ASSERT_TRUE(bytes) << ts << ": " << bytes.error().describe();
    auto f = read_memory(*bytes);
    ASSERT_TRUE(f) << ts << ": " << f.error().describe();
    EXPECT_EQ(f->transfer_syntax->uid, ts);
    DataSet expected = sample();
    // Written values are padded; compare against the padded originals read back in explicit VR.
    auto explicit_bytes = write_memory(expected, nullptr, {});
    auto reference = read_memory(*explicit_bytes);
    expect_same(reference->dataset, f->dataset, std::string(ts), ts == uids::ImplicitVRLittleEndian);
  }
}

TEST(Writer, DefinedLengthsWhenAsked) {
  WriteOptions opt;
  opt.sequence_lengths = SequenceLengths::kDefined;
  auto bytes = write_memory(sample(), nullptr, opt);
  auto f = read_memory(*bytes);
  ASSERT_TRUE(f);
  const Element* seq = f->dataset.find(tags::ReferencedImageSequence);
  EXPECT_FALSE(seq->undefined_length);
  EXPECT_EQ(seq->items.at(0).get_string(tags::ReferencedSOPInstanceUID), "1.2.3.9");
}

TEST(Writer, TooLongForAShortHeaderBecomesUN) {
  DataSet ds = sample();
  ds.set_string(tags::StudyDescription, VR::LO, std::string(70000, 'x'));
  auto bytes = write_memory(ds, nullptr, {});
  ASSERT_TRUE(bytes);
  // On the wire: (0008,1030) with VR UN and a 32-bit length (PS3.5 6.2.2).
  const std::string wire(bytes->begin(), bytes->end());
  EXPECT_NE(wire.find(std::string("\x08\x00\x30\x10UN\0\0", 8)), std::string::npos);
  // Read back, the dictionary gives it its VR again.
  auto f = read_memory(*bytes);
  ASSERT_TRUE(f);
  const Element* e = f->dataset.find(tags::StudyDescription);
  EXPECT_EQ(e->vr, VR::LO);
  EXPECT_EQ(e->value.size(), 70000u);
}

TEST(Writer, RefusesWhatItMustNotWrite) {
  WriteOptions be;
  be.transfer_syntax_uid = "1.2.840.10008.1.2.2";
  EXPECT_EQ(write_memory(sample(), nullptr, be).error().code, base::ErrorCode::kUnsupported);

  const DataSet compressed = with_encapsulated_pixels(sample());
  EXPECT_EQ(write_memory(compressed, nullptr, {}).error().code, base::ErrorCode::kUnsupported);
  WriteOptions jpeg;
  jpeg.transfer_syntax_uid = std::string(uids::JPEGBaseline8Bit);
  EXPECT_TRUE(write_memory(compressed, nullptr, jpeg));  // in its own syntax it is fine

  DataSet anonymous;
  anonymous.set_string(tags::PatientName, VR::PN, "X");
  EXPECT_EQ(write_memory(anonymous, nullptr, {}).error().code, base::ErrorCode::kInvalidArgument);
}

TEST(Writer, FilesAppearWholeOrNotAtAll) {
  TempDir dir;
  const std::string out = dir.file("out.dcm");
  ASSERT_TRUE(write_file(out, sample(), nullptr, {}));
  EXPECT_TRUE(fs::exists(out));
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++n;
  EXPECT_EQ(n, 1u) << "temporary file left behind";
  auto missing = write_file(dir.file("no/such/dir/out.dcm"), sample(), nullptr, {});
  EXPECT_FALSE(missing);
  EXPECT_EQ(missing.error().code, base::ErrorCode::kIo);

  EXPECT_FALSE(write_file(dir.file("half.dcm"), with_encapsulated_pixels(sample()), nullptr, {}));
  EXPECT_FALSE(fs::exists(dir.file("half.dcm")));
}

TEST(Writer, LargeValuesAreCopiedFromTheSourceAndSwappedFromBigEndian) {
  // A big endian file with 1 MiB of OW pixel data: left in the file by the reader (deferred),
  // then copied in chunks and converted to little endian by the writer.
  TempDir dir;
  const std::uint32_t words = 512 * 1024;
  ByteBuilder b;
  b.part10_header(testing::kExplicitBE).big_endian(true);
  b.el_len(0x0008, 0x0016, "UI", 26).raw("1.2.840.10008.5.1.4.1.1.7");
  b.raw(std::string(1, '\0'));
  b.el_len(0x0008, 0x0018, "UI", 8).raw("1.2.3.4");
  b.raw(std::string(1, '\0'));
  b.el_len(0x7FE0, 0x0010, "OW", words * 2);
  for (std::uint32_t i = 0; i < words; ++i) b.u16(static_cast<std::uint16_t>(i));
  const std::string src = dir.file("be.dcm");
  std::ofstream(src, std::ios::binary).write(reinterpret_cast<const char*>(b.bytes().data()),
                                             static_cast<std::streamsize>(b.size()));
  auto f = read_file(src);
  ASSERT_TRUE(f) << f.error().describe();
  const Element* px = f->dataset.find(tags::PixelData);
  ASSERT_TRUE(px->value.is_deferred());
  const std::string out = dir.file("le.dcm");
  ASSERT_TRUE(write_file(out, f->dataset, &f->meta, {}));
  auto g = read_file(out);
  ASSERT_TRUE(g) << g.error().describe();
  auto pixels = g->dataset.find(tags::PixelData)->value.load();
  ASSERT_TRUE(pixels);
  ASSERT_EQ(pixels->size(), words * 2u);
  for (std::uint32_t i : {0u, 1u, 255u, 256u, 70000u, words - 1})
    EXPECT_EQ(base::load_le<std::uint16_t>(pixels->data() + 2 * i), static_cast<std::uint16_t>(i)) << i;
}

}  // namespace
}  // namespace discus::dicom::part10
