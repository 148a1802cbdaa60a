// discus::codec::jpeg — the headers of a sequential DCT stream (T.81 Annex B): the frame header
// of SOF0/SOF1 (B.2.2) with its sampling factors, the scan header (B.2.3) with DC and AC table
// selectors, and quantization tables (DQT, B.2.4.1). Segments themselves are found by the
// lossless codec's MarkerReader; these parsers check every field before it is used.
//
//   DISCUS_TRY(DctFrame f, parse_dct_frame(segment));  DISCUS_TRY(DctScan s, parse_dct_scan(sos, f));
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/result.h"
#include "codec/jpeg_lossless/markers.h"

namespace discus::codec::jpeg {

using jpeg_lossless::Segment;

inline constexpr std::uint8_t kSOF0 = 0xC0;  // baseline DCT
inline constexpr std::uint8_t kSOF1 = 0xC1;  // extended sequential DCT, Huffman

struct DctComponent {
  std::uint8_t id = 0;
  unsigned h = 1, v = 1;  // sampling factors, 1..4
  unsigned tq = 0;        // quantization table destination
  std::uint32_t width = 0, height = 0;             // x_i, y_i of T.81 A.1.1
  std::uint32_t blocks_wide = 0, blocks_high = 0;  // blocks holding x_i by y_i samples
  std::uint32_t plane_width = 0, plane_height = 0;  // samples of the MCU-padded plane
};

struct DctFrame {
  std::uint8_t marker = 0;
  unsigned precision = 0;  // 8 or 12
  std::uint32_t rows = 0, columns = 0;
  std::vector<DctComponent> components;  // 1..4
  unsigned h_max = 1, v_max = 1;
  std::uint32_t mcus_wide = 0, mcus_high = 0;  // MCUs of an interleaved scan
};

struct DctScanComponent {
  unsigned index = 0;  // into DctFrame::components
  unsigned dc_table = 0, ac_table = 0;
};

struct DctScan {
  std::vector<DctScanComponent> components;  // 1..4
};

using QuantTable = std::array<std::uint16_t, 64>;  // natural (row-major) order

// T.81 Figure A.6: zig-zag index -> natural index.
extern const std::array<std::uint8_t, 64> kZigZag;

base::Result<DctFrame> parse_dct_frame(const Segment& s);
base::Result<DctScan> parse_dct_scan(const Segment& s, const DctFrame& frame);
base::Status parse_quant_tables(const Segment& s, std::array<std::optional<QuantTable>, 4>& tables);

}  // namespace discus::codec::jpeg
