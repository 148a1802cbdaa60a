// discus::codec::jpeg — the inverse DCT of T.81 A.3.3, computed in double precision
// (separable: rows, then columns), level-shifted by 2^(P-1), rounded and clamped to 0..2^P-1
// (T.81 A.3.1). Accurate to well inside the IEEE 1180 / T.81 Annex A tolerance, so it agrees
// with libjpeg's integer "islow" IDCT to within one unit on ordinary data.
//
//   std::array<std::int32_t, 64> zz_dequantised...;  inverse_dct(coef, quant, 12, out, stride);
#pragma once

#include <cstddef>
#include <cstdint>

#include "codec/jpeg/dct_headers.h"

namespace discus::codec::jpeg {

// `coefficients`: quantized values in natural order; `quant`: their table (natural order).
// Writes 8x8 samples of `precision` bits at out[y * stride + x].
void inverse_dct(const std::int32_t* coefficients, const QuantTable& quant, unsigned precision, std::uint16_t* out, std::size_t stride);

}  // namespace discus::codec::jpeg
