#include "codec/render/pipeline.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace discus::codec::render {

namespace {

std::uint8_t to_byte(double y) {
  if (!(y > 0)) return 0;  // NaN included
  if (y >= 255) return 255;
  return static_cast<std::uint8_t>(std::lround(y));
}

double full_scale(unsigned bits) { return bits >= 32 ? 4294967295.0 : static_cast<double>((1ull << bits) - 1); }

}  // namespace

std::uint16_t Lut::lookup(std::int64_t x) const {
  if (data.empty()) return 0;
  if (x <= first_mapped) return data.front();
  const std::int64_t i = x - first_mapped;
  return i >= static_cast<std::int64_t>(data.size()) ? data.back() : data[static_cast<std::size_t>(i)];
}

double Lut::lookup_unit(std::int64_t x) const { return lookup(x) * 255.0 / full_scale(bits); }

double apply_window(const Window& w, double x) {
  constexpr double y_min = 0, y_max = 255;
  switch (w.function) {
    case VoiFunction::kLinear: {
      // C.11.2.1.2.1; a width of 1 (or less, which the standard forbids) leaves an empty ramp:
      // a threshold at c - 0.5.
      const double c = w.center - 0.5;
      if (w.width <= 1) return x <= c ? y_min : y_max;
      const double half = (w.width - 1) / 2;
      if (x <= c - half) return y_min;
      if (x > c + half) return y_max;
      return ((x - c) / (w.width - 1) + 0.5) * (y_max - y_min) + y_min;
    }
    case VoiFunction::kLinearExact: {
      // C.11.2.1.3.2; width must be > 0, a threshold at c otherwise.
      if (w.width <= 0) return x <= w.center ? y_min : y_max;
      if (x <= w.center - w.width / 2) return y_min;
      if (x > w.center + w.width / 2) return y_max;
      return ((x - w.center) / w.width + 0.5) * (y_max - y_min) + y_min;
    }
    case VoiFunction::kSigmoid: {
      // C.11.2.1.3.1
      if (w.width <= 0) return x <= w.center ? y_min : y_max;
      return (y_max - y_min) / (1 + std::exp(-4 * (x - w.center) / w.width)) + y_min;
    }
  }
  return y_min;
}

double modality_value(const GrayscalePipeline& p, std::int64_t stored) {
  if (p.modality_lut) return p.modality_lut->lookup(stored);
  return static_cast<double>(stored) * p.slope + p.intercept;
}

namespace {

// VOI and presentation stages for one modality value; lo/hi are the min-max range used when
// there is neither a window nor a VOI LUT.
std::uint8_t shade(const GrayscalePipeline& p, double value, double lo, double hi) {
  double y;
  if (p.window) y = apply_window(*p.window, value);
  else if (p.voi_lut) y = p.voi_lut->lookup_unit(static_cast<std::int64_t>(std::floor(value)));
  else y = hi > lo ? (value - lo) / (hi - lo) * 255.0 : 0.0;
  const std::uint8_t v = to_byte(y);
  return p.invert ? static_cast<std::uint8_t>(255 - v) : v;
}

// Stored ranges up to this many values are shaded once per value through a table.
constexpr std::int64_t kMaxTable = 1 << 22;

}  // namespace

Image render_grayscale(std::span<const std::int64_t> samples, std::uint32_t width, std::uint32_t height,
                       const GrayscalePipeline& p) {
  Image out;
  out.width = width;
  out.height = height;
  out.channels = 1;
  const std::size_t n = std::min(static_cast<std::size_t>(width) * height, samples.size());
  out.pixels.resize(static_cast<std::size_t>(width) * height);
  if (n == 0) return out;
  const bool stretch = !p.window && !p.voi_lut;
  const auto [smin, smax] = std::minmax_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(n));
  // Without a window or VOI LUT the frame's own range of modality values is stretched over the
  // output (PS3.4 N.2.1.1 leaves the choice to the display; this is what a viewer shows first).
  double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
  if (*smax - *smin < kMaxTable) {
    // Most frames hold 12-16 bit values: each distinct stored value is shaded once.
    const std::int64_t base = *smin;
    const auto range = static_cast<std::size_t>(*smax - *smin + 1);
    std::vector<std::uint8_t> present;
    if (stretch) {
      present.assign(range, 0);
      for (std::size_t i = 0; i < n; ++i) present[static_cast<std::size_t>(samples[i] - base)] = 1;
      for (std::size_t v = 0; v < range; ++v)
        if (present[v]) {
          const double m = modality_value(p, base + static_cast<std::int64_t>(v));
          lo = std::min(lo, m);
          hi = std::max(hi, m);
        }
    }
    std::vector<std::uint8_t> table(range);
    for (std::size_t v = 0; v < range; ++v) table[v] = shade(p, modality_value(p, base + static_cast<std::int64_t>(v)), lo, hi);
    for (std::size_t i = 0; i < n; ++i) out.pixels[i] = table[static_cast<std::size_t>(samples[i] - base)];
    return out;
  }
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = modality_value(p, samples[i]);
  if (stretch) {
    const auto [mn, mx] = std::minmax_element(values.begin(), values.end());
    lo = *mn;
    hi = *mx;
  }
  for (std::size_t i = 0; i < n; ++i) out.pixels[i] = shade(p, values[i], lo, hi);
  return out;
}

Image render_palette(std::span<const std::int64_t> samples, std::uint32_t width, std::uint32_t height, const Palette& p) {
  Image out;
  out.width = width;
  out.height = height;
  out.channels = 3;
  const std::size_t n = static_cast<std::size_t>(width) * height;
  out.pixels.resize(n * 3);
  for (std::size_t i = 0; i < n && i < samples.size(); ++i) {
    out.pixels[3 * i] = to_byte(p.red.lookup_unit(samples[i]));
    out.pixels[3 * i + 1] = to_byte(p.green.lookup_unit(samples[i]));
    out.pixels[3 * i + 2] = to_byte(p.blue.lookup_unit(samples[i]));
  }
  return out;
}

Image render_color(std::span<const std::int64_t> samples, std::uint32_t width, std::uint32_t height,
                   std::uint16_t bits_stored, bool ybr_full) {
  Image out;
  out.width = width;
  out.height = height;
  out.channels = 3;
  const std::size_t n = static_cast<std::size_t>(width) * height;
  out.pixels.resize(n * 3);
  const double scale = 255.0 / full_scale(bits_stored);
  for (std::size_t i = 0; i < n && 3 * i + 2 < samples.size(); ++i) {
    const double a = static_cast<double>(samples[3 * i]) * scale;
    const double b = static_cast<double>(samples[3 * i + 1]) * scale;
    const double c = static_cast<double>(samples[3 * i + 2]) * scale;
    if (ybr_full) {
      // PS3.3 C.7.6.3.1.2: Y, Cb, Cr of ITU-R BT.601 full range, Cb and Cr centred on 128.
      out.pixels[3 * i] = to_byte(a + 1.402 * (c - 128));
      out.pixels[3 * i + 1] = to_byte(a - 0.344136 * (b - 128) - 0.714136 * (c - 128));
      out.pixels[3 * i + 2] = to_byte(a + 1.772 * (b - 128));
    } else {
      out.pixels[3 * i] = to_byte(a);
      out.pixels[3 * i + 1] = to_byte(b);
      out.pixels[3 * i + 2] = to_byte(c);
    }
  }
  return out;
}

}  // namespace discus::codec::render
