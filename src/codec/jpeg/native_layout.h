// discus::codec::jpeg — what both JPEG decoders share: the frame header checked against the data
// set's Image Pixel module (PS3.3 C.7.6.3) before anything is allocated, the colour rule of
// PS3.5 8.2.1 (the Photometric Interpretation names the compressed colour space), and the
// layout of decoded samples as native pixels (PS3.5 8.1: little endian, planar configuration).
//
//   DISCUS_CHECK(check_frame(precision, rows, columns, components, info));
//   ColourPlan plan = colour_plan(info);  ...  info.photometric_interpretation = plan.photometric_after;
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "codec/codec.h"

namespace discus::codec::jpeg {

base::Status check_frame(unsigned precision, std::uint32_t rows, std::uint32_t columns, unsigned components, const FrameInfo& info);

struct ColourPlan {
  bool ycbcr_to_rgb = false;      // YBR_FULL / YBR_FULL_422 streams are converted to RGB
  std::string photometric_after;  // the Photometric Interpretation of the decoded pixels
};
ColourPlan colour_plan(const FrameInfo& info);

// 8-bit samples, colour-by-pixel, to native pixels of info.bits_allocated bits and
// info.planar_configuration.
base::Bytes to_native(base::Bytes samples, const FrameInfo& info);
// The same from wider samples (12-bit precision).
base::Bytes to_native(const std::vector<std::uint16_t>& samples, const FrameInfo& info);
// 8-bit native pixels (either planar configuration) as colour-by-pixel samples.
base::Bytes colour_by_pixel(base::ByteView native, const FrameInfo& info);

}  // namespace discus::codec::jpeg
