#include "codec/render/resize.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace discus::codec::render {

namespace {

struct Tap {
  std::uint32_t index;
  double weight;
};

// For each of `out` destination pixels, the source pixels of the interval it covers and their
// share of it (the shares sum to 1).
std::vector<std::vector<Tap>> box_taps(std::uint32_t in, std::uint32_t out) {
  std::vector<std::vector<Tap>> taps(out);
  const double scale = static_cast<double>(in) / out;
  for (std::uint32_t j = 0; j < out; ++j) {
    const double a = j * scale, b = (j + 1) * scale;
    const auto first = static_cast<std::uint32_t>(std::floor(a));
    const auto last = std::min(in, static_cast<std::uint32_t>(std::ceil(b)));
    for (std::uint32_t k = first; k < last; ++k) {
      const double overlap = std::min<double>(k + 1, b) - std::max<double>(k, a);
      if (overlap > 1e-12) taps[j].push_back({k, overlap / scale});
    }
  }
  return taps;
}

}  // namespace

Image resize_area(const Image& in, std::uint32_t width, std::uint32_t height) {
  if (width == in.width && height == in.height) return in;
  Image out;
  out.width = width;
  out.height = height;
  out.channels = in.channels;
  const unsigned ch = in.channels;
  out.pixels.resize(static_cast<std::size_t>(width) * height * ch);
  if (width == 0 || height == 0 || in.width == 0 || in.height == 0) return out;
  const auto xt = box_taps(in.width, width);
  const auto yt = box_taps(in.height, height);
  // Horizontal pass into doubles, then vertical pass with rounding.
  std::vector<double> mid(static_cast<std::size_t>(in.height) * width * ch);
  for (std::uint32_t y = 0; y < in.height; ++y)
    for (std::uint32_t x = 0; x < width; ++x)
      for (unsigned c = 0; c < ch; ++c) {
        double s = 0;
        for (const Tap& t : xt[x]) s += t.weight * in.at(t.index, y, c);
        mid[(static_cast<std::size_t>(y) * width + x) * ch + c] = s;
      }
  for (std::uint32_t y = 0; y < height; ++y)
    for (std::uint32_t x = 0; x < width; ++x)
      for (unsigned c = 0; c < ch; ++c) {
        double s = 0;
        for (const Tap& t : yt[y]) s += t.weight * mid[(static_cast<std::size_t>(t.index) * width + x) * ch + c];
        out.pixels[(static_cast<std::size_t>(y) * width + x) * ch + c] = static_cast<std::uint8_t>(std::clamp(std::lround(s), 0L, 255L));
      }
  return out;
}

void fit_dimensions(std::uint32_t width, std::uint32_t height, std::uint32_t side, std::uint32_t& w, std::uint32_t& h) {
  if (width >= height) {
    w = side;
    h = static_cast<std::uint32_t>(std::max<long>(1, std::lround(static_cast<double>(height) * side / width)));
  } else {
    h = side;
    w = static_cast<std::uint32_t>(std::max<long>(1, std::lround(static_cast<double>(width) * side / height)));
  }
}

Image fit_within(const Image& in, std::uint32_t max_side) {
  if (max_side == 0 || (in.width <= max_side && in.height <= max_side)) return in;
  std::uint32_t w = 0, h = 0;
  fit_dimensions(in.width, in.height, max_side, w, h);
  return resize_area(in, w, h);
}

Image letterbox(const Image& in, std::uint32_t side) {
  std::uint32_t w = 0, h = 0;
  fit_dimensions(in.width, in.height, side, w, h);
  const Image scaled = resize_area(in, w, h);
  Image out;
  out.width = out.height = side;
  out.channels = in.channels;
  out.pixels.assign(static_cast<std::size_t>(side) * side * out.channels, 0);
  const std::uint32_t x0 = (side - w) / 2, y0 = (side - h) / 2;
  const std::size_t row = static_cast<std::size_t>(w) * out.channels;
  for (std::uint32_t y = 0; y < h; ++y)
    std::copy_n(scaled.pixels.begin() + static_cast<std::ptrdiff_t>(y * row), row,
                out.pixels.begin() + static_cast<std::ptrdiff_t>(((y0 + y) * static_cast<std::size_t>(side) + x0) * out.channels));
  return out;
}

}  // namespace discus::codec::render
