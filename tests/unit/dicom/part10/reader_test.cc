// Part 10 reader: encodings, tolerated oddities and the headers-only mode (PS3.10 7, PS3.5 7/A).
#include "dicom/part10/reader.h"

#include <gtest/gtest.h>

#include "byte_builder.h"
#include "dicom/dict/tags.h"

namespace discus::dicom::part10 {
namespace {

using testing::ByteBuilder;
using testing::kDeflatedLE;
using testing::kExplicitBE;
using testing::kExplicitLE;
using testing::kImplicitLE;
using testing::raw_deflate;

bool has_warning(const DicomFile& f, std::string_view text) {
  for (const auto& w : f.warnings)
    if (w.message.find(text) != std::string::npos) return true;
  return false;
}

TEST(Reader, ExplicitLittleEndianWithPreambleAndMeta) {
  const auto b = ByteBuilder()
                     .part10_header(kExplicitLE)
                     .el(0x0008, 0x0060, "CS", "CT")
                     .el(0x0010, 0x0010, "PN", "Doe^Jane")
                     .el(0x0028, 0x0010, "US", std::string("\x00\x02", 2))
                     .bytes();
  auto f = read_memory(b);
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_TRUE(f->has_preamble);
  EXPECT_TRUE(f->has_meta);
  EXPECT_EQ(f->transfer_syntax->uid, kExplicitLE);
  EXPECT_EQ(f->dataset.get_string(tags::PatientName), "Doe^Jane");
  EXPECT_EQ(f->dataset.get_uint16(tags::Rows), 512);
  EXPECT_TRUE(f->warnings.empty());
}

TEST(Reader, ImplicitVrTakesVrFromDictionaryAndPixelRepresentation) {
  const auto b = ByteBuilder()
                     .part10_header(kImplicitLE)
                     .iel(0x0010, 0x0010, "Doe^Jane")
                     .iel(0x0028, 0x0103, std::string("\x01\x00", 2))  // signed pixels
                     .iel(0x0028, 0x0106, std::string("\xFF\xFF", 2))  // Smallest Image Pixel Value: US or SS
                     .iel(0x0029, 0x0010, "ACME 1.0")
                     .iel(0x0029, 0x1001, "opaque")
                     .bytes();
  auto f = read_memory(b);
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_EQ(f->dataset.find(tags::PatientName)->vr, VR::PN);
  EXPECT_EQ(f->dataset.find(tags::SmallestImagePixelValue)->vr, VR::SS);
  EXPECT_EQ(f->dataset.find(Tag{0x0029, 0x0010})->vr, VR::LO);  // private creator
  EXPECT_EQ(f->dataset.find(Tag{0x0029, 0x1001})->vr, VR::UN);  // private, unknown
}

TEST(Reader, BigEndianValuesAreConvertedToLittleEndian) {
  ByteBuilder b;
  b.part10_header(kExplicitBE).big_endian(true);
  b.el_len(0x0028, 0x0010, "US", 2).u16(512);
  b.el_len(0x0028, 0x0011, "US", 2).u16(256);
  b.el_len(0x7FE0, 0x0010, "OW", 4).u16(0x0102).u16(0x0304);
  auto f = read_memory(b.bytes());
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_EQ(f->dataset.get_uint16(tags::Rows), 512);
  EXPECT_EQ(f->dataset.get_uint16(tags::Columns), 256);
  EXPECT_EQ(f->dataset.get_uint16(tags::PixelData, 1), 0x0304);
}

TEST(Reader, DeflatedDataSet) {
  const auto body = ByteBuilder().el(0x0010, 0x0010, "PN", "Doe^Jane").el(0x0010, 0x0020, "LO", "ID12").bytes();
  const auto b = ByteBuilder().part10_header(kDeflatedLE).raw(raw_deflate(body)).bytes();
  auto f = read_memory(b);
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_EQ(f->dataset.get_string(tags::PatientID), "ID12");
}

TEST(Reader, FileWithoutPreambleOrMetaIsReadAndFlagged) {
  const auto no_preamble = ByteBuilder()
                               .el(0x0002, 0x0010, "UI", ByteBuilder::padded(std::string(kExplicitLE)))
                               .el(0x0010, 0x0010, "PN", "Doe^Jane")
                               .bytes();
  auto f = read_memory(no_preamble);
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_FALSE(f->has_preamble);
  EXPECT_TRUE(f->has_meta);
  EXPECT_TRUE(has_warning(*f, "no preamble"));

  const auto bare = ByteBuilder().iel(0x0008, 0x0060, "MR").iel(0x0010, 0x0010, "Doe^Jane").bytes();
  auto g = read_memory(bare);
  ASSERT_TRUE(g) << g.error().describe();
  EXPECT_FALSE(g->has_meta);
  EXPECT_EQ(g->transfer_syntax->uid, kImplicitLE);
  EXPECT_TRUE(has_warning(*g, "no File Meta Information"));
  EXPECT_EQ(g->dataset.get_string(tags::PatientName), "Doe^Jane");
}

TEST(Reader, SequencesOfDefinedAndUndefinedLengthWithTagPaths) {
  ByteBuilder b;
  b.part10_header(kExplicitLE);
  b.el_len(0x0008, 0x1115, "SQ", 0xFFFFFFFF).item().el(0x0020, 0x000E, "UI", "1.2.3.4").item_end().seq_end();
  ByteBuilder item;
  item.el(0x0008, 0x1150, "UI", "1.2.3.5");
  ByteBuilder seq;
  seq.item(static_cast<std::uint32_t>(item.size())).raw(item.bytes());
  b.el_len(0x0008, 0x1140, "SQ", static_cast<std::uint32_t>(seq.size())).raw(seq.bytes());
  auto f = read_memory(b.bytes());
  ASSERT_TRUE(f) << f.error().describe();
  const Element* series = f->dataset.find(tags::ReferencedSeriesSequence);
  ASSERT_NE(series, nullptr);
  ASSERT_EQ(series->items.size(), 1u);
  EXPECT_TRUE(series->undefined_length);
  EXPECT_EQ(series->items[0].get_string(tags::SeriesInstanceUID), "1.2.3.4");
  const Element* images = f->dataset.find(tags::ReferencedImageSequence);
  ASSERT_NE(images, nullptr);
  EXPECT_FALSE(images->undefined_length);
  EXPECT_EQ(images->items[0].get_string(tags::ReferencedSOPClassUID), "1.2.3.5");
}

TEST(Reader, UnknownVrOfUndefinedLengthHoldsAnImplicitSequence) {
  // PS3.5 6.2.2: UN with undefined length is a sequence encoded in implicit VR little endian.
  ByteBuilder b;
  b.part10_header(kExplicitLE);
  b.el_len(0x0011, 0x0010, "LO", 4).raw("ACME");
  b.el_len(0x0011, 0x1010, "UN", 0xFFFFFFFF).item().iel(0x0010, 0x0020, "ID42").item_end().seq_end();
  auto f = read_memory(b.bytes());
  ASSERT_TRUE(f) << f.error().describe();
  const Element* un = f->dataset.find(Tag{0x0011, 0x1010});
  ASSERT_NE(un, nullptr);
  ASSERT_TRUE(un->is_sequence());
  EXPECT_EQ(un->vr, VR::UN);
  EXPECT_EQ(un->items.at(0).get_string(tags::PatientID), "ID42");
}

TEST(Reader, PrivateSequenceOfDefinedLengthInImplicitVr) {
  ByteBuilder item;
  item.iel(0x0010, 0x0020, "ID42");
  ByteBuilder seq;
  seq.item(static_cast<std::uint32_t>(item.size())).raw(item.bytes());
  ByteBuilder b;
  b.part10_header(kImplicitLE).iel(0x0029, 0x0010, "ACME 1.0");
  b.tag(0x0029, 0x1020).u32(static_cast<std::uint32_t>(seq.size())).raw(seq.bytes());
  auto f = read_memory(b.bytes());
  ASSERT_TRUE(f) << f.error().describe();
  const Element* e = f->dataset.find(Tag{0x0029, 0x1020});
  ASSERT_NE(e, nullptr);
  ASSERT_TRUE(e->is_sequence());
  EXPECT_EQ(e->items.at(0).get_string(tags::PatientID), "ID42");
}

TEST(Reader, EncapsulatedPixelDataWithOffsetTableAndFragments) {
  ByteBuilder b;
  b.part10_header("1.2.840.10008.1.2.4.50");
  b.el_len(0x7FE0, 0x0010, "OB", 0xFFFFFFFF);
  b.item(8).u32(0).u32(12);          // Basic Offset Table: two frames
  b.item(4).raw(std::string("\xFF\xD8\xFF\xD9", 4));
  b.item(4).raw(std::string("\xFF\xD8\xFF\xD9", 4));
  b.seq_end();
  auto f = read_memory(b.bytes());
  ASSERT_TRUE(f) << f.error().describe();
  const Element* px = f->dataset.find(tags::PixelData);
  ASSERT_NE(px, nullptr);
  ASSERT_TRUE(px->is_encapsulated());
  ASSERT_EQ(px->fragments.size(), 3u);
  EXPECT_EQ(px->fragments[0].size(), 8u);
}

TEST(Reader, OddLengthIsToleratedWithAWarning) {
  const auto b = ByteBuilder().part10_header(kExplicitLE).el(0x0010, 0x0010, "PN", "Doe").bytes();
  auto f = read_memory(b);
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_TRUE(has_warning(*f, "odd value length 3"));
  EXPECT_EQ(f->dataset.get_string(tags::PatientName), "Doe");
}

TEST(Reader, ExplicitDeclaredButImplicitWrittenIsDetected) {
  const auto b = ByteBuilder().part10_header(kExplicitLE).iel(0x0010, 0x0010, "Doe^Jane").bytes();
  auto f = read_memory(b);
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_TRUE(has_warning(*f, "implicit VR"));
  EXPECT_EQ(f->dataset.get_string(tags::PatientName), "Doe^Jane");
}

TEST(Reader, StopBeforePixelsReportsWhereThePixelDataIs) {
  ByteBuilder b;
  b.part10_header(kExplicitLE).el(0x0010, 0x0010, "PN", "Doe^Jane");
  const std::uint64_t element_offset = b.size();
  b.el_len(0x7FE0, 0x0010, "OW", 1000).zeros(1000);
  ReadOptions opt;
  opt.stop_before_pixels = true;
  auto f = read_memory(b.bytes(), opt);
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_FALSE(f->dataset.contains(tags::PixelData));
  ASSERT_TRUE(f->pixel_data);
  EXPECT_EQ(f->pixel_data->element_offset, element_offset);
  EXPECT_EQ(f->pixel_data->value_offset, element_offset + 12);
  EXPECT_EQ(f->pixel_data->length, 1000u);
}

TEST(Reader, TrailingPaddingIsSkipped) {
  const auto b = ByteBuilder()
                     .part10_header(kExplicitLE)
                     .el(0x0010, 0x0010, "PN", "Doe^Jane")
                     .el(0xFFFC, 0xFFFC, "OB", std::string(6, '\0'))
                     .bytes();
  auto f = read_memory(b);
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_FALSE(f->dataset.contains(tags::DataSetTrailingPadding));
}

}  // namespace
}  // namespace discus::dicom::part10

namespace discus::dicom::part10 {
namespace {

TEST(Reader, UnknownVrOfAKnownPublicTagGetsItsDictionaryVrBack) {
  // PS3.5 6.2.2: UN values are implicit-VR encoded; a reader that knows the tag may restore it.
  ByteBuilder item;
  item.iel(0x0008, 0x1150, "1.2.3");
  ByteBuilder b;
  b.part10_header(testing::kExplicitLE);
  b.el_len(0x0008, 0x0060, "UN", 2).raw("CT");
  b.el_len(0x0008, 0x1140, "UN", static_cast<std::uint32_t>(item.size() + 8)).item(static_cast<std::uint32_t>(item.size())).raw(item.bytes());
  b.el_len(0x0028, 0x0010, "UN", 2).raw(std::string("\x00\x02", 2));
  auto f = read_memory(b.bytes());
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_EQ(f->dataset.find(tags::Modality)->vr, VR::CS);
  EXPECT_EQ(f->dataset.find(tags::Rows)->vr, VR::US);
  EXPECT_EQ(f->dataset.get_uint16(tags::Rows), 512);
  const Element* seq = f->dataset.find(tags::ReferencedImageSequence);
  ASSERT_TRUE(seq->is_sequence());
  EXPECT_EQ(seq->vr, VR::SQ);
  EXPECT_EQ(seq->items.at(0).get_string(tags::ReferencedSOPClassUID), "1.2.3");
}

}  // namespace
}  // namespace discus::dicom::part10
