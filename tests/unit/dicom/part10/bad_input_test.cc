// Hostile and broken input: every case ends in a clear error naming offset and tag path,
// never a crash or an allocation the file cannot back (issue 2 "Bad input").
#include <gtest/gtest.h>

#include "byte_builder.h"
#include "dicom/part10/reader.h"

namespace discus::dicom::part10 {
namespace {

using base::ErrorCode;
using testing::ByteBuilder;
using testing::kDeflatedLE;
using testing::kExplicitLE;
using testing::kImplicitLE;

base::Error read_error(const base::Bytes& b, ReadOptions opt = {}) {
  auto f = read_memory(b, opt, "bad.dcm");
  EXPECT_FALSE(f) << "read succeeded";
  return f ? base::Error{} : f.error();
}

TEST(BadInput, TruncatedHeader) {
  auto b = ByteBuilder().part10_header(kExplicitLE).el(0x0010, 0x0010, "PN", "Doe^Jane").bytes();
  const std::size_t full = b.size();
  b.resize(full - 12);  // cut inside the element header
  const auto e = read_error(b);
  EXPECT_EQ(e.code, ErrorCode::kTruncated);
  EXPECT_EQ(e.file, "bad.dcm");
  ASSERT_TRUE(e.offset);
  EXPECT_EQ(*e.offset, full - 16);  // where the header started
}

TEST(BadInput, ValueLengthPastTheEndNamesTagAndOffset) {
  ByteBuilder b;
  b.part10_header(kExplicitLE);
  const std::uint64_t at = b.size();
  b.el_len(0x0010, 0x0010, "PN", 200).raw("Doe");
  const auto e = read_error(b.bytes());
  EXPECT_EQ(e.code, ErrorCode::kBadLength);
  EXPECT_EQ(e.offset, at);
  EXPECT_EQ(e.tag_path, "(0010,0010)");
  EXPECT_NE(e.describe().find("bad.dcm"), std::string::npos);
}

TEST(BadInput, UndefinedLengthWhereNotAllowed) {
  ByteBuilder b;
  b.part10_header(kImplicitLE).tag(0x0028, 0x0010).u32(0xFFFFFFFF);  // Rows (US) with FFFFFFFFH
  EXPECT_EQ(read_error(b.bytes()).code, ErrorCode::kBadLength);
  ByteBuilder c;
  c.part10_header(kExplicitLE).el_len(0x0020, 0x4000, "UT", 0xFFFFFFFF);  // UT may never be undefined
  EXPECT_EQ(read_error(c.bytes()).code, ErrorCode::kBadLength);
}

TEST(BadInput, TenThousandNestedSequencesHitTheDepthCap) {
  ByteBuilder b;
  b.part10_header(kExplicitLE);
  for (int i = 0; i < 10000; ++i) b.el_len(0x0008, 0x1115, "SQ", 0xFFFFFFFF).item();
  const auto e = read_error(b.bytes());
  EXPECT_EQ(e.code, ErrorCode::kTooDeep);
  EXPECT_EQ(e.tag_path.substr(0, 26), "(0008,1115)[0]/(0008,1115)");
}

TEST(BadInput, TwoHundredByteFileDeclaringFourGigabytes) {
  ByteBuilder b;
  b.part10_header(kExplicitLE);
  b.el_len(0x7FE0, 0x0010, "OB", 0xFFFFFFF0u);
  b.zeros(200 - b.size() > 0 && b.size() < 200 ? 200 - b.size() : 0);
  const auto e = read_error(b.bytes());
  EXPECT_EQ(e.code, ErrorCode::kBadLength);
  EXPECT_NE(e.message.find("4294967280"), std::string::npos);
}

TEST(BadInput, GarbageAfterThePreamble) {
  ByteBuilder b;
  b.zeros(128).raw("DICM").raw("this is not a data element at all, just text...");
  const auto e = read_error(b.bytes());
  EXPECT_EQ(e.code, ErrorCode::kBadStructure);
  EXPECT_EQ(e.offset, 132u);
}

TEST(BadInput, NotDicomAtAll) {
  const std::string text = "%PDF-1.4 this is a PDF, not a DICOM file, and it is long enough to check\n";
  EXPECT_EQ(read_error(base::to_bytes(text)).code, ErrorCode::kNotDicom);
}

TEST(BadInput, DeflateBombStopsAtTheInflateCap) {
  // A valid element header declaring ~4 GB, then a stream of zeros that inflates far beyond
  // max(floor, ratio x compressed size).
  ByteBuilder body;
  body.el_len(0x0009, 0x1001, "OB", 0xFFFFFFF0u);
  base::Bytes plain = body.bytes();
  plain.resize(plain.size() + (64u << 20), 0);  // 64 MB of zeros compress to ~64 KB
  const base::Bytes packed = testing::raw_deflate(plain, 9);
  const auto b = ByteBuilder().part10_header(kDeflatedLE).raw(packed).bytes();
  ReadOptions opt;
  opt.inflate_floor = 1u << 20;
  opt.inflate_ratio = 10;
  const auto e = read_error(b, opt);
  EXPECT_EQ(e.code, ErrorCode::kLimitExceeded);
  EXPECT_NE(e.message.find("inflated"), std::string::npos);
}

TEST(BadInput, CorruptDeflateStream) {
  const auto b = ByteBuilder().part10_header(kDeflatedLE).raw(std::string(64, '\xFF')).bytes();
  const auto e = read_error(b);
  EXPECT_TRUE(e.code == ErrorCode::kDeflate || e.code == ErrorCode::kTruncated) << e.describe();
}

TEST(BadInput, ItemOverrunningItsSequence) {
  ByteBuilder inner;
  inner.el(0x0008, 0x1150, "UI", "1.2.3.5");
  ByteBuilder seq;
  seq.item(static_cast<std::uint32_t>(inner.size() + 100)).raw(inner.bytes());
  ByteBuilder b;
  b.part10_header(kExplicitLE).el_len(0x0008, 0x1140, "SQ", static_cast<std::uint32_t>(seq.size())).raw(seq.bytes());
  b.el(0x0010, 0x0010, "PN", "Doe^Jane");
  // Tolerated like dcmdump does: the item is read to the end of its sequence, with a warning.
  auto f = read_memory(b.bytes());
  ASSERT_TRUE(f) << f.error().describe();
  ASSERT_FALSE(f->warnings.empty());
  EXPECT_EQ(f->warnings[0].tag_path, "(0008,1140)[0]");
}

TEST(BadInput, NonItemTagInsideASequence) {
  ByteBuilder b;
  b.part10_header(kExplicitLE).el_len(0x0008, 0x1115, "SQ", 0xFFFFFFFF).el(0x0010, 0x0010, "PN", "Doe^Jane");
  const auto e = read_error(b.bytes());
  EXPECT_EQ(e.code, ErrorCode::kBadStructure);
  EXPECT_EQ(e.tag_path, "(0008,1115)");
}

TEST(BadInput, InvalidVrBytes) {
  ByteBuilder b;
  b.part10_header(kExplicitLE).el(0x0010, 0x0010, "PN", "Doe^Jane").tag(0x0010, 0x0020).raw("zz").u16(2).raw("ID");
  const auto e = read_error(b.bytes());
  EXPECT_EQ(e.code, ErrorCode::kBadVr);
}

}  // namespace
}  // namespace discus::dicom::part10
