#include "codec/jpeg/dct_headers.h"

#include <fmt/format.h>

namespace discus::codec::jpeg {
namespace {

using base::ErrorCode;
using jpeg_lossless::marker_error;

std::uint16_t be16(base::ByteView b, std::size_t at) { return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]); }

std::uint32_t ceil_div(std::uint64_t a, std::uint64_t b) { return static_cast<std::uint32_t>((a + b - 1) / b); }

base::Error error(ErrorCode code, const Segment& s, const std::string& what) {
  base::Error e = marker_error(code, s.marker, s.offset, what);
  e.message.replace(0, std::string("JPEG lossless").size(), "JPEG");
  return e;
}

}  // namespace

const std::array<std::uint8_t, 64> kZigZag = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48,
    41, 34, 27, 20, 13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23,
    30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

base::Result<DctFrame> parse_dct_frame(const Segment& s) {
  const base::ByteView p = s.payload;
  auto fail = [&](const std::string& what) { return error(ErrorCode::kBadStructure, s, what); };
  if (p.size() < 6) return error(ErrorCode::kBadLength, s, fmt::format("length {} is too short for a frame header", p.size() + 2));
  DctFrame f;
  f.marker = s.marker;
  f.precision = p[0];
  f.rows = be16(p, 1);
  f.columns = be16(p, 3);
  const unsigned nf = p[5];
  if (p.size() != 6 + 3 * nf) return error(ErrorCode::kBadLength, s, fmt::format("length {} does not match {} components (B.2.2: Lf = 8 + 3 x Nf)", p.size() + 2, nf));
  if (f.precision != 8 && (s.marker == kSOF0 || f.precision != 12)) {
    return fail(fmt::format("sample precision {} is not allowed in this process (Table B.2: 8, or 12 in extended)", f.precision));
  }
  if (f.rows == 0) return error(ErrorCode::kUnsupported, s, "number of lines is 0 (defined by DNL, which is not supported)");
  if (f.columns == 0) return fail("samples per line is 0");
  if (nf < 1 || nf > 4) return fail(fmt::format("{} components; 1 to 4 are allowed", nf));
  for (unsigned i = 0; i < nf; ++i) {
    DctComponent c;
    c.id = p[6 + 3 * i];
    c.h = p[7 + 3 * i] >> 4;
    c.v = p[7 + 3 * i] & 0x0F;
    c.tq = p[8 + 3 * i];
    if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4) return fail(fmt::format("component {} has sampling factors {}x{} (1-4 allowed)", c.id, c.h, c.v));
    if (c.tq > 3) return fail(fmt::format("component {} uses quantization table {} (0-3 allowed)", c.id, c.tq));
    for (const DctComponent& other : f.components) {
      if (other.id == c.id) return fail(fmt::format("component identifier {} appears twice", c.id));
    }
    f.h_max = std::max(f.h_max, c.h);
    f.v_max = std::max(f.v_max, c.v);
    f.components.push_back(c);
  }
  f.mcus_wide = ceil_div(f.columns, 8u * f.h_max);
  f.mcus_high = ceil_div(f.rows, 8u * f.v_max);
  for (DctComponent& c : f.components) {
    c.width = ceil_div(static_cast<std::uint64_t>(f.columns) * c.h, f.h_max);  // T.81 A.1.1
    c.height = ceil_div(static_cast<std::uint64_t>(f.rows) * c.v, f.v_max);
    c.blocks_wide = ceil_div(c.width, 8);
    c.blocks_high = ceil_div(c.height, 8);
    c.plane_width = f.mcus_wide * c.h * 8;
    c.plane_height = f.mcus_high * c.v * 8;
  }
  return f;
}

base::Result<DctScan> parse_dct_scan(const Segment& s, const DctFrame& frame) {
  const base::ByteView p = s.payload;
  auto fail = [&](const std::string& what) { return error(ErrorCode::kBadStructure, s, what); };
  if (p.empty()) return error(ErrorCode::kBadLength, s, "empty scan header");
  const unsigned ns = p[0];
  if (p.size() != 4 + 2 * ns) return error(ErrorCode::kBadLength, s, fmt::format("length {} does not match {} components (B.2.3: Ls = 6 + 2 x Ns)", p.size() + 2, ns));
  if (ns < 1 || ns > frame.components.size()) return fail(fmt::format("{} scan components for a frame of {}", ns, frame.components.size()));
  DctScan scan;
  unsigned blocks_per_mcu = 0;
  for (unsigned i = 0; i < ns; ++i) {
    const std::uint8_t id = p[1 + 2 * i];
    DctScanComponent c{static_cast<unsigned>(frame.components.size()), static_cast<unsigned>(p[2 + 2 * i] >> 4), static_cast<unsigned>(p[2 + 2 * i] & 0x0F)};
    for (unsigned k = 0; k < frame.components.size(); ++k) if (frame.components[k].id == id) c.index = k;
    if (c.index == frame.components.size()) return fail(fmt::format("component {} is not in the frame", id));
    for (const DctScanComponent& other : scan.components) {
      if (other.index == c.index) return fail(fmt::format("component {} appears twice", id));
    }
    if (c.dc_table > 3 || c.ac_table > 3) return fail(fmt::format("Huffman table selectors {}/{} are outside 0-3", c.dc_table, c.ac_table));
    blocks_per_mcu += frame.components[c.index].h * frame.components[c.index].v;
    scan.components.push_back(c);
  }
  if (ns > 1 && blocks_per_mcu > 10) return fail(fmt::format("an MCU of {} blocks (B.2.3 allows at most 10)", blocks_per_mcu));
  // Ss, Se, Ah and Al (the last three bytes) are 0, 63, 0, 0 in a sequential scan (B.2.3), but
  // some encoders write other values (pydicom's JPEG-lossy.dcm has Se = 0) and every block is
  // still coded in full; like libjpeg, which only warns, the decoder ignores them.
  return scan;
}

base::Status parse_quant_tables(const Segment& s, std::array<std::optional<QuantTable>, 4>& tables) {
  const base::ByteView p = s.payload;
  std::size_t at = 0;
  while (at < p.size()) {
    const unsigned pq = p[at] >> 4, tq = p[at] & 0x0F;
    if (pq > 1 || tq > 3) return error(ErrorCode::kBadStructure, s, fmt::format("quantization table precision {} destination {} is invalid (B.2.4.1)", pq, tq));
    const std::size_t bytes = pq == 0 ? 64 : 128;
    if (p.size() - at - 1 < bytes) return error(ErrorCode::kBadLength, s, fmt::format("table {} runs past the segment", tq));
    QuantTable q{};
    for (std::size_t k = 0; k < 64; ++k) {
      q[kZigZag[k]] = pq == 0 ? p[at + 1 + k] : be16(p, at + 1 + 2 * k);
    }
    tables[tq] = q;
    at += 1 + bytes;
  }
  return {};
}

}  // namespace discus::codec::jpeg
