// discus::output::udf — the on-disc building blocks of UDF (ECMA-167 3rd ed., OSTA UDF 1.50/2.50/2.60).
//
// Little-endian fields, descriptor tags (ECMA-167 3/7.2: checksum of the 16 tag bytes, CRC-ITU-T
// of the descriptor body), OSTA CS0 d-strings (UDF 2.1.1-2.1.3, compression ID 8 or 16), entity
// identifiers (regid, UDF 2.1.5) and timestamps (ECMA-167 1/7.3). Pure functions over byte spans,
// shared by the writer and the reader so both read the standard the same way.
//   put_u32(block, 16, vdsn);  finish_tag(block, kTagPvd, 3, lba, 496);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace discus::output::udf {

constexpr std::uint32_t kBlockSize = 2048;  // logical sector and logical block size of CD/DVD/BD

// ECMA-167 3/7.2.1 and 4/7.2.1 tag identifiers.
enum TagId : std::uint16_t {
  kTagPvd = 1, kTagAvdp = 2, kTagVdp = 3, kTagIuvd = 4, kTagPd = 5, kTagLvd = 6, kTagUsd = 7, kTagTd = 8, kTagLvid = 9,
  kTagFsd = 256, kTagFid = 257, kTagAed = 258, kTagIe = 259, kTagTe = 260, kTagFe = 261, kTagEahd = 262,
  kTagUse = 263, kTagSbd = 264, kTagPie = 265, kTagEfe = 266,
};

// The UDF revisions PS3.12 asks for: J (DVD-RAM) 1.50, X (BD-RE) 2.50, X (BD-R) 2.60.
enum class Revision : std::uint16_t { k150 = 0x0150, k250 = 0x0250, k260 = 0x0260 };
std::string to_string(Revision r);  // "1.50"
// ECMA-167 descriptor version: 2 under NSR02 (UDF 1.50), 3 under NSR03 (UDF 2.00 and later).
inline std::uint16_t descriptor_version(Revision r) { return r == Revision::k150 ? 2 : 3; }
// UDF 2.50 2.2.10: the Metadata Partition exists from 2.50 on.
inline bool has_metadata_partition(Revision r) { return r != Revision::k150; }

using Block = std::span<std::uint8_t>;
using CBlock = std::span<const std::uint8_t>;

inline void put_u8(Block b, std::size_t at, std::uint8_t v) { b[at] = v; }
inline void put_u16(Block b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v);
  b[at + 1] = static_cast<std::uint8_t>(v >> 8);
}
inline void put_u32(Block b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}
inline void put_u64(Block b, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}
inline std::uint16_t get_u16(CBlock b, std::size_t at) { return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8)); }
inline std::uint32_t get_u32(CBlock b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8) |
         (static_cast<std::uint32_t>(b[at + 2]) << 16) | (static_cast<std::uint32_t>(b[at + 3]) << 24);
}
inline std::uint64_t get_u64(CBlock b, std::size_t at) {
  return static_cast<std::uint64_t>(get_u32(b, at)) | (static_cast<std::uint64_t>(get_u32(b, at + 4)) << 32);
}

// CRC-ITU-T (x^16 + x^12 + x^5 + 1, initial 0), ECMA-167 1/7.2.6.
std::uint16_t crc_itu(CBlock bytes);
// ECMA-167 3/7.2: fills the 16-byte tag at the start of `d`: identifier, version, serial, CRC of
// the `crc_length` bytes after the tag, location (the logical sector or block holding it), then
// the checksum of tag bytes 0-3 and 5-15.
void finish_tag(Block d, std::uint16_t id, std::uint16_t version, std::uint32_t location, std::uint16_t crc_length);
// The tag's checksum as recorded vs computed; the CRC likewise (false when crc_length runs past `d`).
bool tag_checksum_ok(CBlock d);
bool tag_crc_ok(CBlock d);

// OSTA CS0 (UDF 2.1.1): compression ID 8 when every character is below U+0100, else 16 (UCS-2,
// big-endian). `utf8` must be valid UTF-8 of BMP characters; nullopt otherwise.
std::optional<std::string> cs0_from_utf8(std::string_view utf8);
// CS0 back to UTF-8; nullopt for an unknown compression ID or an odd 16-bit length.
std::optional<std::string> utf8_from_cs0(CBlock cs0);
// ECMA-167 1/7.2.12 dstring of `size` bytes: CS0 bytes, zero padding, the used length in the last byte.
void put_dstring(Block b, std::size_t at, std::size_t size, std::string_view utf8);
// charspec (ECMA-167 1/7.2.1) for OSTA CS0, UDF 2.1.2.
void put_charspec(Block b, std::size_t at);
// regid (ECMA-167 1/7.4) with a UDF identifier suffix (UDF 2.1.5.3): revision, OS class, OS id.
void put_regid(Block b, std::size_t at, std::string_view identifier, std::uint16_t udf_revision, bool domain = false);
// regid with the implementation suffix ("*Discus", UDF 2.1.5.3): OS class and identifier.
void put_implementation_regid(Block b, std::size_t at);
// timestamp (ECMA-167 1/7.3), type 1 (local time) with a UTC offset of 0.
void put_timestamp(Block b, std::size_t at, std::int64_t unix_seconds);

}  // namespace discus::output::udf
