#include "codec/jpeg/native_layout.h"

#include <fmt/format.h>

namespace discus::codec::jpeg {

using base::Error;
using base::ErrorCode;

base::Status check_frame(unsigned precision, std::uint32_t rows, std::uint32_t columns, unsigned components, const FrameInfo& info) {
  auto mismatch = [](const std::string& what) { return Error{ErrorCode::kBadStructure, "JPEG: " + what}; };
  if (rows != info.rows || columns != info.columns) {
    return mismatch(fmt::format("frame is {}x{} but the data set says {}x{} (rows x columns)", rows, columns, info.rows, info.columns));
  }
  if (components != info.samples_per_pixel) {
    return mismatch(fmt::format("frame has {} components but Samples per Pixel is {}", components, info.samples_per_pixel));
  }
  if (components != 1 && components != 3) return Error{ErrorCode::kUnsupported, fmt::format("JPEG: {} components; 1 or 3 are supported", components)};
  if (info.bits_allocated != 8 && info.bits_allocated != 16) return mismatch(fmt::format("Bits Allocated {} cannot hold JPEG samples", info.bits_allocated));
  if (precision != 8 && precision != 12) return mismatch(fmt::format("sample precision {} is neither 8 nor 12 (T.81 Table B.2)", precision));
  if (precision > info.bits_allocated) return mismatch(fmt::format("precision {} does not fit Bits Allocated {}", precision, info.bits_allocated));
  if (info.native_frame_size() == 0) return mismatch("the data set's image dimensions are not usable");
  return {};
}

ColourPlan colour_plan(const FrameInfo& info) {
  ColourPlan plan;
  plan.photometric_after = info.photometric_interpretation;
  const std::string& pi = info.photometric_interpretation;
  if (info.samples_per_pixel == 3 && (pi == "YBR_FULL" || pi == "YBR_FULL_422")) {
    plan.ycbcr_to_rgb = true;
    plan.photometric_after = "RGB";
  }
  return plan;
}

namespace {

template <typename Sample>
base::Bytes layout(const Sample* samples, const FrameInfo& info) {
  const std::size_t pixels = static_cast<std::size_t>(info.rows) * info.columns;
  const std::size_t n = info.samples_per_pixel;
  const unsigned bytes = info.bits_allocated / 8u;
  base::Bytes out(pixels * n * bytes);
  for (std::size_t i = 0; i < pixels; ++i) {
    for (std::size_t c = 0; c < n; ++c) {
      const std::size_t index = info.planar_configuration == 1 ? c * pixels + i : i * n + c;
      const unsigned v = samples[i * n + c];
      out[index * bytes] = static_cast<std::uint8_t>(v);
      if (bytes == 2) out[index * bytes + 1] = static_cast<std::uint8_t>(v >> 8);
    }
  }
  return out;
}

}  // namespace

base::Bytes to_native(base::Bytes samples, const FrameInfo& info) {
  if (info.bits_allocated == 8 && (info.planar_configuration == 0 || info.samples_per_pixel == 1)) return samples;
  return layout(samples.data(), info);
}

base::Bytes to_native(const std::vector<std::uint16_t>& samples, const FrameInfo& info) { return layout(samples.data(), info); }

base::Bytes colour_by_pixel(base::ByteView native, const FrameInfo& info) {
  if (info.planar_configuration == 0 || info.samples_per_pixel == 1) return base::Bytes(native.begin(), native.end());
  const std::size_t pixels = static_cast<std::size_t>(info.rows) * info.columns;
  const std::size_t n = info.samples_per_pixel;
  base::Bytes out(pixels * n);
  for (std::size_t c = 0; c < n; ++c) {
    for (std::size_t i = 0; i < pixels; ++i) out[i * n + c] = native[c * pixels + i];
  }
  return out;
}

}  // namespace discus::codec::jpeg
