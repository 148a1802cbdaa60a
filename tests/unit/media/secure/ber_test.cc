// BerReader and OctetStream over hand-made encodings (X.690 8.1, 8.7): definite and indefinite
// lengths, chunked and nested OCTET STRINGs, truncation and wrong tags.
#include <gtest/gtest.h>

#include <cstring>

#include "media/secure/ber.h"

namespace discus::media::secure {
namespace {

class Memory : public ByteSource {
 public:
  explicit Memory(base::Bytes b, std::size_t max_read = 3) : b_(std::move(b)), max_read_(max_read) {}
  base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) override {
    const std::size_t k = std::min({n, max_read_, b_.size() - pos_});  // small reads exercise refills
    std::memcpy(dst, b_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  base::Bytes b_;
  std::size_t max_read_;
  std::size_t pos_ = 0;
};

std::string drain(OctetStream& s) {
  std::string out;
  std::uint8_t buf[5];
  for (;;) {
    auto got = s.read(buf, sizeof buf);
    EXPECT_TRUE(got.has_value()) << (got ? "" : got.error().describe());
    if (!got || *got == 0) break;
    out.append(reinterpret_cast<const char*>(buf), *got);
  }
  return out;
}

TEST(BerReader, DefiniteAndLongFormLengths) {
  base::Bytes b = {0x30, 0x81, 0x03, 0x02, 0x01, 0x07};
  Memory m(b);
  BerReader r(m, "t");
  auto h = r.header();
  ASSERT_TRUE(h);
  EXPECT_EQ(h->identifier, kSequence);
  EXPECT_EQ(h->length, 3u);
  EXPECT_FALSE(h->indefinite);
  auto e = r.element();
  ASSERT_TRUE(e);
  EXPECT_EQ(*e, (base::Bytes{0x02, 0x01, 0x07}));
  EXPECT_TRUE(r.close(*h, 3));
  auto end = r.peek_identifier();
  ASSERT_TRUE(end);
  EXPECT_EQ(*end, -1);
}

TEST(BerReader, IndefiniteElementCapturedWhole) {
  base::Bytes b = {0x31, 0x80, 0x30, 0x80, 0x06, 0x01, 0x2A, 0x00, 0x00, 0x00, 0x00, 0xFF};
  Memory m(b);
  BerReader r(m, "t");
  auto e = r.element();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->size(), 11u);
  EXPECT_EQ(r.offset(), 11u);
}

TEST(OctetStream, PrimitiveContextTag) {
  base::Bytes b = {0x80, 0x05, 'h', 'e', 'l', 'l', 'o'};
  Memory m(b);
  BerReader r(m, "t");
  auto h = r.header();
  ASSERT_TRUE(h);
  OctetStream s(r, *h);
  EXPECT_EQ(drain(s), "hello");
  EXPECT_TRUE(s.finished());
}

TEST(OctetStream, IndefiniteChunksNestedAndDefinite) {
  // [0] constructed indefinite { 04 "ab", 24 (definite) { 04 "cd", 04 "" }, 04 "efg" } EOC
  base::Bytes b = {0xA0, 0x80, 0x04, 0x02, 'a', 'b', 0x24, 0x06, 0x04, 0x02, 'c', 'd', 0x04, 0x00,
                   0x04, 0x03, 'e', 'f', 'g', 0x00, 0x00};
  Memory m(b);
  BerReader r(m, "t");
  auto h = r.header();
  ASSERT_TRUE(h);
  OctetStream s(r, *h);
  EXPECT_EQ(drain(s), "abcdefg");
  EXPECT_EQ(r.offset(), b.size());
}

TEST(OctetStream, WrongChunkTagIsAnError) {
  base::Bytes b = {0xA0, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00};
  Memory m(b);
  BerReader r(m, "x.sec");
  auto h = r.header();
  ASSERT_TRUE(h);
  OctetStream s(r, *h);
  std::uint8_t buf[8];
  auto got = s.read(buf, sizeof buf);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().file, "x.sec");
  EXPECT_EQ(got.error().offset, 2u);
}

TEST(OctetStream, TruncatedIsAnError) {
  base::Bytes b = {0xA0, 0x80, 0x04, 0x09, 'a', 'b'};
  Memory m(b);
  BerReader r(m, "t");
  auto h = r.header();
  ASSERT_TRUE(h);
  OctetStream s(r, *h);
  std::uint8_t buf[16];
  auto first = s.read(buf, sizeof buf);
  ASSERT_TRUE(first);
  auto second = s.read(buf, sizeof buf);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, base::ErrorCode::kTruncated);
}

TEST(BerReader, RejectsHostileLengths) {
  Memory huge({0x04, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  BerReader r1(huge, "t");
  EXPECT_FALSE(r1.header());
  Memory indefinite_primitive({0x04, 0x80});
  BerReader r2(indefinite_primitive, "t");
  EXPECT_FALSE(r2.header());
  Memory big({0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF});
  BerReader r3(big, "t");
  EXPECT_FALSE(r3.element(1024));  // over the cap, refused before reading
}

TEST(Oid, Text) {
  const base::Bytes oid = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03};
  EXPECT_EQ(oid_text(oid), "1.2.840.113549.1.7.3");
}

}  // namespace
}  // namespace discus::media::secure
