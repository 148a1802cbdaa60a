#include "output/udf/udf_format.h"

#include <array>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

namespace discus::output::udf {

namespace {

// UDF 6.3: OS class 4 is UNIX, identifier 5 within it is Linux.
constexpr std::uint8_t kOsClassUnix = 4;
constexpr std::uint8_t kOsIdLinux = 5;

constexpr std::array<std::uint16_t, 256> make_crc_table() {
  std::array<std::uint16_t, 256> t{};
  for (unsigned i = 0; i < 256; ++i) {
    std::uint16_t c = static_cast<std::uint16_t>(i << 8);
    for (int k = 0; k < 8; ++k) c = static_cast<std::uint16_t>((c & 0x8000) ? (c << 1) ^ 0x1021 : (c << 1));
    t[i] = c;
  }
  return t;
}
constexpr std::array<std::uint16_t, 256> kCrcTable = make_crc_table();

std::uint8_t tag_sum(CBlock d) {
  unsigned sum = 0;
  for (int i = 0; i < 16; ++i)
    if (i != 4) sum += d[i];
  return static_cast<std::uint8_t>(sum);
}

// Decodes one UTF-8 sequence at `s[i]`; advances i. nullopt when malformed or outside the BMP.
std::optional<std::uint32_t> next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const int n = b0 < 0x80 ? 0 : (b0 & 0xE0) == 0xC0 ? 1 : (b0 & 0xF0) == 0xE0 ? 2 : -1;
  if (n < 0 || i + static_cast<std::size_t>(n) >= s.size()) return std::nullopt;
  std::uint32_t cp = n == 0 ? b0 : n == 1 ? (b0 & 0x1F) : (b0 & 0x0F);
  for (int k = 1; k <= n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((n == 1 && cp < 0x80) || (n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))) return std::nullopt;
  i += static_cast<std::size_t>(n) + 1;
  return cp;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string to_string(Revision r) {
  const auto v = static_cast<unsigned>(r);
  return fmt::format("{:x}.{:02x}", v >> 8, v & 0xFF);
}

std::uint16_t crc_itu(CBlock bytes) {
  std::uint16_t crc = 0;
  for (std::uint8_t b : bytes) crc = static_cast<std::uint16_t>((crc << 8) ^ kCrcTable[((crc >> 8) ^ b) & 0xFF]);
  return crc;
}

void finish_tag(Block d, std::uint16_t id, std::uint16_t version, std::uint32_t location, std::uint16_t crc_length) {
  put_u16(d, 0, id);
  put_u16(d, 2, version);
  put_u8(d, 5, 0);
  put_u16(d, 6, 1);  // Tag Serial Number: UDF 2.2.1.1 leaves it to the implementation; 1 throughout
  put_u16(d, 8, crc_itu(d.subspan(16, crc_length)));
  put_u16(d, 10, crc_length);
  put_u32(d, 12, location);
  d[4] = tag_sum(d);
}

bool tag_checksum_ok(CBlock d) { return d.size() >= 16 && d[4] == tag_sum(d); }

bool tag_crc_ok(CBlock d) {
  if (d.size() < 16) return false;
  const std::size_t len = get_u16(d, 10);
  if (16 + len > d.size()) return false;
  return get_u16(d, 8) == crc_itu(d.subspan(16, len));
}

std::optional<std::string> cs0_from_utf8(std::string_view utf8) {
  std::u32string cps;
  bool wide = false;
  for (std::size_t i = 0; i < utf8.size();) {
    auto cp = next_code_point(utf8, i);
    if (!cp) return std::nullopt;
    wide = wide || *cp > 0xFF;
    cps += static_cast<char32_t>(*cp);
  }
  std::string out(1, wide ? '\x10' : '\x08');
  for (char32_t c : cps) {
    if (wide) out += static_cast<char>(c >> 8);
    out += static_cast<char>(c & 0xFF);
  }
  return out;
}

std::optional<std::string> utf8_from_cs0(CBlock cs0) {
  if (cs0.empty()) return std::string{};
  std::string out;
  if (cs0[0] == 8) {
    for (std::size_t i = 1; i < cs0.size(); ++i) append_utf8(out, cs0[i]);
  } else if (cs0[0] == 16) {
    if ((cs0.size() - 1) % 2 != 0) return std::nullopt;
    for (std::size_t i = 1; i + 1 < cs0.size(); i += 2) append_utf8(out, (static_cast<std::uint32_t>(cs0[i]) << 8) | cs0[i + 1]);
  } else {
    return std::nullopt;
  }
  return out;
}

void put_dstring(Block b, std::size_t at, std::size_t size, std::string_view utf8) {
  std::memset(b.data() + at, 0, size);
  if (utf8.empty()) return;  // ECMA-167 1/7.2.12: an empty d-string is all zeros
  std::string cs0 = cs0_from_utf8(utf8).value_or(std::string("\x08?", 2));
  if (cs0.size() > size - 1) {
    // Keep whole characters: a 16-bit string loses pairs.
    std::size_t keep = size - 1;
    if (cs0[0] == 16 && (keep - 1) % 2 != 0) --keep;
    cs0.resize(keep);
  }
  std::memcpy(b.data() + at, cs0.data(), cs0.size());
  b[at + size - 1] = static_cast<std::uint8_t>(cs0.size());
}

void put_charspec(Block b, std::size_t at) {
  static constexpr char kCs0[] = "OSTA Compressed Unicode";
  std::memset(b.data() + at, 0, 64);
  b[at] = 0;  // CS0
  std::memcpy(b.data() + at + 1, kCs0, sizeof kCs0 - 1);
}

void put_regid(Block b, std::size_t at, std::string_view identifier, std::uint16_t udf_revision, bool domain) {
  std::memset(b.data() + at, 0, 32);
  std::memcpy(b.data() + at + 1, identifier.data(), std::min<std::size_t>(identifier.size(), 23));
  put_u16(b, at + 24, udf_revision);
  if (!domain) {  // UDF 2.1.5.3 UDF Identifier Suffix; a domain suffix has only its (zero) flags here
    b[at + 26] = kOsClassUnix;
    b[at + 27] = kOsIdLinux;
  }
}

void put_implementation_regid(Block b, std::size_t at) {
  static constexpr std::string_view kId = "*Discus";
  std::memset(b.data() + at, 0, 32);
  std::memcpy(b.data() + at + 1, kId.data(), kId.size());
  b[at + 24] = kOsClassUnix;
  b[at + 25] = kOsIdLinux;
}

void put_timestamp(Block b, std::size_t at, std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  put_u16(b, at, 0x1000);  // type 1 (local time), offset 0 minutes: UTC
  put_u16(b, at + 2, static_cast<std::uint16_t>(tm.tm_year + 1900));
  b[at + 4] = static_cast<std::uint8_t>(tm.tm_mon + 1);
  b[at + 5] = static_cast<std::uint8_t>(tm.tm_mday);
  b[at + 6] = static_cast<std::uint8_t>(tm.tm_hour);
  b[at + 7] = static_cast<std::uint8_t>(tm.tm_min);
  b[at + 8] = static_cast<std::uint8_t>(tm.tm_sec);
  b[at + 9] = b[at + 10] = b[at + 11] = 0;
}

}  // namespace discus::output::udf
