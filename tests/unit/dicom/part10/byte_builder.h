// Test helper: builds DICOM byte streams by hand, including ones no writer would produce.
//   auto b = ByteBuilder().part10_header(kExplicitLE).el(0x0010, 0x0010, "PN", "Doe^J").bytes();
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.h"

namespace discus::dicom::testing {

inline constexpr std::string_view kImplicitLE = "1.2.840.10008.1.2";
inline constexpr std::string_view kExplicitLE = "1.2.840.10008.1.2.1";
inline constexpr std::string_view kDeflatedLE = "1.2.840.10008.1.2.1.99";
inline constexpr std::string_view kExplicitBE = "1.2.840.10008.1.2.2";

class ByteBuilder {
 public:
  ByteBuilder& u16(std::uint16_t v) { return big_ ? put_be(v, 2) : put_le(v, 2); }
  ByteBuilder& u32(std::uint32_t v) { return big_ ? put_be(v, 4) : put_le(v, 4); }
  ByteBuilder& raw(std::string_view s) {
    b_.insert(b_.end(), s.begin(), s.end());
    return *this;
  }
  ByteBuilder& raw(const base::Bytes& v) {
    b_.insert(b_.end(), v.begin(), v.end());
    return *this;
  }
  ByteBuilder& zeros(std::size_t n) {
    b_.insert(b_.end(), n, 0);
    return *this;
  }
  ByteBuilder& big_endian(bool on) {
    big_ = on;
    return *this;
  }
  ByteBuilder& tag(std::uint16_t g, std::uint16_t e) { return u16(g).u16(e); }

  // Explicit VR element; long-header VRs get 2 reserved bytes and a 32-bit length.
  ByteBuilder& el(std::uint16_t g, std::uint16_t e, std::string_view vr, std::string_view value) {
    return el_len(g, e, vr, static_cast<std::uint32_t>(value.size())).raw(value);
  }
  ByteBuilder& el_len(std::uint16_t g, std::uint16_t e, std::string_view vr, std::uint32_t length) {
    tag(g, e).raw(vr);
    if (long_vr(vr)) return u16(0).u32(length);
    return u16(static_cast<std::uint16_t>(length));
  }
  // Implicit VR element.
  ByteBuilder& iel(std::uint16_t g, std::uint16_t e, std::string_view value) {
    return tag(g, e).u32(static_cast<std::uint32_t>(value.size())).raw(value);
  }
  ByteBuilder& item(std::uint32_t length = 0xFFFFFFFFu) { return tag(0xFFFE, 0xE000).u32(length); }
  ByteBuilder& item_end() { return tag(0xFFFE, 0xE00D).u32(0); }
  ByteBuilder& seq_end() { return tag(0xFFFE, 0xE0DD).u32(0); }

  // 128 zero bytes, DICM and a minimal File Meta Information declaring `ts`.
  ByteBuilder& part10_header(std::string_view ts) {
    ByteBuilder meta;
    meta.el(0x0002, 0x0001, "OB", std::string("\x00\x01", 2));
    meta.el(0x0002, 0x0002, "UI", padded("1.2.840.10008.5.1.4.1.1.7"));
    meta.el(0x0002, 0x0003, "UI", padded("1.2.3.4"));
    meta.el(0x0002, 0x0010, "UI", padded(std::string(ts)));
    zeros(128).raw("DICM");
    const bool was_big = big_;
    big_ = false;
    el_len(0x0002, 0x0000, "UL", 4).u32(static_cast<std::uint32_t>(meta.b_.size()));
    big_ = was_big;
    return raw(meta.b_);
  }

  const base::Bytes& bytes() const { return b_; }
  std::size_t size() const { return b_.size(); }

  static std::string padded(std::string s) {
    if (s.size() % 2) s.push_back('\0');
    return s;
  }

 private:
  static bool long_vr(std::string_view vr) {
    for (std::string_view v : {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"})
      if (v == vr) return true;
    return false;
  }
  ByteBuilder& put_le(std::uint32_t v, int n) {
    for (int i = 0; i < n; ++i) b_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return *this;
  }
  ByteBuilder& put_be(std::uint32_t v, int n) {
    for (int i = n - 1; i >= 0; --i) b_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return *this;
  }
  base::Bytes b_;
  bool big_ = false;
};

// Raw RFC 1951 deflate, as PS3.5 A.5 wants the data set of a deflated file.
inline base::Bytes raw_deflate(const base::Bytes& in, int level = 6) {
  z_stream z{};
  deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
  base::Bytes out(deflateBound(&z, in.size()) + 16);
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace discus::dicom::testing
