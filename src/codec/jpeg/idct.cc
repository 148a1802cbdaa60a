#include "codec/jpeg/idct.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace discus::codec::jpeg {
namespace {

// basis[x][u] = C(u)/2 * cos((2x + 1) u pi / 16), C(0) = 1/sqrt(2), C(u) = 1 otherwise (T.81 A.3.3).
using Basis = std::array<std::array<double, 8>, 8>;

Basis make_basis() {
  Basis b{};
  const double pi = std::acos(-1.0);
  for (int x = 0; x < 8; ++x) {
    for (int u = 0; u < 8; ++u) {
      const double cu = u == 0 ? 1.0 / std::sqrt(2.0) : 1.0;
      b[x][u] = cu / 2.0 * std::cos((2 * x + 1) * u * pi / 16.0);
    }
  }
  return b;
}

}  // namespace

void inverse_dct(const std::int32_t* coefficients, const QuantTable& quant, unsigned precision, std::uint16_t* out, std::size_t stride) {
  static const Basis basis = make_basis();  // immutable once built
  std::array<double, 64> rows{};  // rows[v * 8 + x]: the 1-D IDCT of each frequency row
  for (int v = 0; v < 8; ++v) {
    std::array<double, 8> f{};
    bool any = false;
    for (int u = 0; u < 8; ++u) {
      f[u] = static_cast<double>(coefficients[v * 8 + u]) * quant[v * 8 + u];
      any = any || f[u] != 0.0;
    }
    if (!any) continue;  // most rows of most blocks are zero
    for (int x = 0; x < 8; ++x) {
      double s = 0.0;
      for (int u = 0; u < 8; ++u) s += basis[x][u] * f[u];
      rows[v * 8 + x] = s;
    }
  }
  const long long center = 1LL << (precision - 1);
  const long long max = (1LL << precision) - 1;
  for (int x = 0; x < 8; ++x) {
    for (int y = 0; y < 8; ++y) {
      double s = 0.0;
      for (int v = 0; v < 8; ++v) s += basis[y][v] * rows[v * 8 + x];
      // Halves round up, as integer IDCTs do. Exact halves are common (a flat block is DC x Q / 8)
      // but the double basis carries ~1e-15 relative error, so a tie may land just below .5: the
      // small epsilon (far below any real fraction's distance from .5) puts it back.
      const long long value = static_cast<long long>(std::floor(s + 0.5 + 1e-7)) + center;
      out[static_cast<std::size_t>(y) * stride + x] = static_cast<std::uint16_t>(std::clamp(value, 0LL, max));
    }
  }
}

}  // namespace discus::codec::jpeg
