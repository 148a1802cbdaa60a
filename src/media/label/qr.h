// discus::media::label — QR codes (ISO/IEC 18004) through libqrencode (qr.cc is the only file that
// includes qrencode.h), and as SVG: one <path> of the dark modules inside a quiet zone.
//
// Error correction level M (15 %: a scratched label still reads), byte mode, the smallest version
// that holds the text.
//   DISCUS_TRY(QrCode q, encode_qr("1.2.840.113619.2.55"));  std::string g = qr_svg(q, 10, 50, 25, 25);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace discus::media::label {

struct QrCode {
  std::uint32_t size = 0;          // modules per side
  std::vector<std::uint8_t> dark;  // size * size, row by row, 1 = dark module
  bool at(std::uint32_t x, std::uint32_t y) const { return dark[static_cast<std::size_t>(y) * size + x] != 0; }
};

base::Result<QrCode> encode_qr(std::string_view text);

// A nested <svg> drawing `code` with a 4-module quiet zone (ISO/IEC 18004 clause 7.3.8) in the
// box x, y, width, height (user units of the template).
std::string qr_svg(const QrCode& code, std::string_view x, std::string_view y, std::string_view width,
                   std::string_view height);

}  // namespace discus::media::label
