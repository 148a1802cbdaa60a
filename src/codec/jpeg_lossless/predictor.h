// discus::codec::jpeg_lossless — lossless prediction (T.81 H.1.2.1, Table H.1).
//
// Samples of one component are kept as a plane of 16-bit values in the point-transformed
// domain (value >> Pt). The prediction of sample (y, x) uses Ra (left), Rb (above) and Rc
// (above-left) with the selection value of the scan, except at the start of the scan or of a
// restart interval (2^(P-Pt-1)), on the rest of that first line (Ra) and at the start of every
// other line (Rb). Encoder and decoder call the same function, so they cannot drift apart.
//
//   int px = predict_at(plane, width, y, x, origin, selection, initial);
#pragma once

#include <cstdint>

namespace discus::codec::jpeg_lossless {

// Where the current restart interval (or the scan) began.
struct IntervalOrigin {
  std::uint32_t y = 0;
  std::uint32_t x = 0;
};

inline int predict(unsigned selection, int ra, int rb, int rc) {
  switch (selection) {
    case 1: return ra;
    case 2: return rb;
    case 3: return rc;
    case 4: return ra + rb - rc;
    case 5: return ra + ((rb - rc) >> 1);
    case 6: return rb + ((ra - rc) >> 1);
    default: return (ra + rb) >> 1;  // 7
  }
}

inline int predict_at(const std::uint16_t* plane, std::uint32_t width, std::uint32_t y, std::uint32_t x,
                      IntervalOrigin origin, unsigned selection, int initial) {
  const std::uint16_t* row = plane + static_cast<std::size_t>(y) * width;
  if (y == origin.y) return x == origin.x ? initial : row[x - 1];
  const std::uint16_t* above = row - width;
  if (x == 0) return above[0];
  return predict(selection, row[x - 1], above[x], above[x - 1]);
}

// T.81 H.1.2.2: differences are taken modulo 2^16; 32768 is coded as category 16 with no bits.
inline int wrap_difference(int d) {
  d &= 0xFFFF;
  return d > 0x8000 ? d - 0x10000 : d;
}

// The difference category SSSS of `d` (Table H.2): the bit length of |d|.
inline unsigned category_of(int d) {
  unsigned magnitude = static_cast<unsigned>(d < 0 ? -d : d);
  unsigned s = 0;
  while (magnitude != 0) { ++s; magnitude >>= 1; }
  return s;
}

}  // namespace discus::codec::jpeg_lossless
