// Helpers of the JPEG codec tests: deterministic synthetic images, PSNR, pydicom's real files.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "codec/codec.h"
#include "codec/frames/frames.h"
#include "codec/frames/transcode_pixels.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"

namespace discus::codec::jpeg_test {

inline const std::string kPydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files/";

// A smooth image with edges and a little noise (what a photograph-like frame looks like to a
// DCT coder), `channels` samples per pixel, colour-by-pixel, 8-bit.
inline base::Bytes synthetic_image(std::uint32_t rows, std::uint32_t columns, unsigned channels, std::uint32_t seed = 1) {
  base::Bytes out(static_cast<std::size_t>(rows) * columns * channels);
  std::uint32_t state = seed;
  for (std::uint32_t y = 0; y < rows; ++y) {
    for (std::uint32_t x = 0; x < columns; ++x) {
      for (unsigned c = 0; c < channels; ++c) {
        state = state * 1664525u + 1013904223u;
        const double wave = 100.0 * std::sin((x + 7.0 * c) / 9.0) * std::cos(y / 13.0);
        const double box = (x / 16 + y / 16 + c) % 3 == 0 ? 40.0 : 0.0;
        const double v = 110.0 + wave + box + static_cast<double>(state >> 29);  // noise 0..7
        out[(static_cast<std::size_t>(y) * columns + x) * channels + c] = static_cast<std::uint8_t>(std::lround(std::fmin(255.0, std::fmax(0.0, v))));
      }
    }
  }
  return out;
}

// Peak signal-to-noise ratio of two equally long sample arrays of `bytes` bytes per sample.
inline double psnr(base::ByteView a, base::ByteView b, unsigned bytes = 1, double peak = 255.0) {
  double sum = 0.0;
  const std::size_t n = a.size() / bytes;
  for (std::size_t i = 0; i < n; ++i) {
    const int va = bytes == 1 ? a[i] : a[2 * i] | a[2 * i + 1] << 8;
    const int vb = bytes == 1 ? b[i] : b[2 * i] | b[2 * i + 1] << 8;
    sum += static_cast<double>(va - vb) * (va - vb);
  }
  if (sum == 0.0) return 1000.0;
  return 10.0 * std::log10(peak * peak * static_cast<double>(n) / sum);
}

struct SampleComparison {
  int max_difference = 0;
  std::size_t equal = 0, total = 0;
};

inline SampleComparison compare(base::ByteView a, base::ByteView b, unsigned bytes) {
  SampleComparison r;
  r.total = a.size() / bytes;
  for (std::size_t i = 0; i < r.total; ++i) {
    const int va = bytes == 1 ? a[i] : a[2 * i] | a[2 * i + 1] << 8;
    const int vb = bytes == 1 ? b[i] : b[2 * i] | b[2 * i + 1] << 8;
    r.max_difference = std::max(r.max_difference, std::abs(va - vb));
    r.equal += va == vb ? 1 : 0;
  }
  return r;
}

// A real file's first compressed frame and its FrameInfo.
struct RealFrame {
  FrameInfo info;
  base::Bytes stream;
};

inline RealFrame load_real_frame(const std::string& name) {
  RealFrame r;
  auto file = dicom::part10::read_file(kPydicomFiles + name);
  if (!file) return r;
  auto info = frame_info_from(file->dataset);
  const dicom::Element* pixel = file->dataset.find(dicom::tags::PixelData);
  if (!info || pixel == nullptr) return r;
  auto frames = encapsulated_frames(*pixel, number_of_frames(file->dataset).value_or(1), file->dataset);
  if (!frames || frames->empty()) return r;
  r.info = *info;
  r.stream = std::move(frames->front());
  return r;
}

}  // namespace discus::codec::jpeg_test
