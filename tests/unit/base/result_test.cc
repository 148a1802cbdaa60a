#include "base/result.h"

#include <gtest/gtest.h>

#include "base/checked.h"
#include "base/endian.h"
#include "base/uid.h"

namespace discus::base {
namespace {

Result<int> half(int v) {
  if (v % 2 != 0) return Error{ErrorCode::kInvalidArgument, "odd"};
  return v / 2;
}

Result<int> quarter(int v) {
  DISCUS_TRY(int h, half(v));
  return half(h);
}

TEST(Result, PropagatesErrorsThroughTry) {
  EXPECT_EQ(*quarter(8), 2);
  auto r = quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(Error, DescribeNamesFileOffsetAndTag) {
  Error e = Error{ErrorCode::kTruncated, "value runs past end"}.in_file("a.dcm").at_offset(1234).at_tag("(7FE0,0010)");
  EXPECT_EQ(e.describe(), "a.dcm: offset 1234: (7FE0,0010): value runs past end [truncated]");
}

TEST(Checked, DetectsOverflow) {
  std::uint32_t out = 0;
  EXPECT_FALSE(checked_add<std::uint32_t>(0xFFFFFFF0u, 0x20u, out));
  EXPECT_TRUE(checked_add<std::uint32_t>(1u, 2u, out));
  EXPECT_EQ(out, 3u);
}

TEST(Endian, LoadsBothOrders) {
  const std::uint8_t b[] = {0x12, 0x34, 0x56, 0x78};
  EXPECT_EQ(load_le<std::uint32_t>(b), 0x78563412u);
  EXPECT_EQ(load_be<std::uint32_t>(b), 0x12345678u);
}

TEST(Uid, RandomUidsAreValidAndDistinct) {
  RandomUidSource src;
  const std::string a = src.next(), b = src.next();
  EXPECT_TRUE(is_valid_uid(a)) << a;
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("2.25.", 0), 0u);
}

TEST(Uid, OrgRootIsUsedAndLengthCapped) {
  auto src = RandomUidSource::with_root("1.2.826.0.1.3680043.10.1234.5678.1234567");
  ASSERT_TRUE(src);
  const std::string u = src->next();
  EXPECT_TRUE(is_valid_uid(u)) << u;
  EXPECT_LE(u.size(), 64u);
  EXPECT_FALSE(RandomUidSource::with_root("1.02.3"));
}

TEST(Uid, Validation) {
  EXPECT_TRUE(is_valid_uid("1.2.840.10008.1.2"));
  EXPECT_FALSE(is_valid_uid("1.2..3"));
  EXPECT_FALSE(is_valid_uid("1.2.03"));
  EXPECT_FALSE(is_valid_uid("1.2.a"));
  EXPECT_FALSE(is_valid_uid(std::string(65, '1')));
}

}  // namespace
}  // namespace discus::base

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/sha256.h"

namespace discus::base {
namespace {

TEST(Sha256, KnownVectorsAndCopyInOnePass) {
  // FIPS 180-4 examples.
  EXPECT_EQ(sha256_hex(as_bytes("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(as_bytes("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const auto dir = std::filesystem::temp_directory_path() / ("discus-sha-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string src = (dir / "a").string(), dst = (dir / "b").string();
  std::string big(3 * (1 << 20) + 17, 'x');  // spans several 1 MiB chunks
  std::ofstream(src, std::ios::binary) << big;
  auto copied = copy_file_sha256(src, dst);
  ASSERT_TRUE(copied) << copied.error().describe();
  EXPECT_EQ(*copied, sha256_hex(as_bytes(big)));
  EXPECT_EQ(*sha256_file(dst), *copied);
  EXPECT_FALSE(copy_file_sha256(src, dst));  // never overwrites
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace discus::base
