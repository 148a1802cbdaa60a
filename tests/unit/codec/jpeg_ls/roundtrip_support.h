// Test support shared by the JPEG-LS and JPEG 2000 unit tests: synthetic native frames (noise,
// ramps and both extremes of the stored range, signed values sign-extended as native data holds
// them) and a native multi-frame data set for transcode round trips.
//   FrameInfo info = image_info(12, 1, true);  Bytes native = synthetic_frame(info, 7);
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "base/bytes.h"
#include "codec/codec.h"
#include "dicom/core/dataset.h"
#include "dicom/dict/tags.h"

namespace discus::codec::testing {

inline FrameInfo image_info(unsigned bits_stored, unsigned spp, bool is_signed, std::uint32_t rows = 19, std::uint32_t columns = 23) {
  FrameInfo info;
  info.rows = rows;
  info.columns = columns;
  info.samples_per_pixel = static_cast<std::uint16_t>(spp);
  info.bits_allocated = bits_stored <= 8 ? 8 : 16;
  info.bits_stored = static_cast<std::uint16_t>(bits_stored);
  info.pixel_representation = is_signed ? 1 : 0;
  info.photometric_interpretation = spp == 3 ? "RGB" : "MONOCHROME2";
  return info;
}

// Values lo..hi of the stored range as native words (signed ones sign-extended to the word).
inline base::Bytes synthetic_frame(const FrameInfo& info, unsigned seed) {
  const unsigned bytes = info.bits_allocated / 8u;
  const std::int64_t lo = info.pixel_representation ? -(std::int64_t{1} << (info.bits_stored - 1)) : 0;
  const std::int64_t hi = info.pixel_representation ? (std::int64_t{1} << (info.bits_stored - 1)) - 1 : (std::int64_t{1} << info.bits_stored) - 1;
  std::mt19937 rng(seed);
  const std::size_t n = std::size_t{info.rows} * info.columns * info.samples_per_pixel;
  base::Bytes out(n * bytes);
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t v = lo + static_cast<std::int64_t>((i * 131 + seed * 17) % static_cast<std::uint64_t>(hi - lo + 1));
    if (rng() % 3 == 0) v = lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
    if (i == 0) v = lo;
    if (i == n - 1) v = hi;
    const auto w = static_cast<std::uint32_t>(v);
    out[i * bytes] = static_cast<std::uint8_t>(w);
    if (bytes == 2) out[i * bytes + 1] = static_cast<std::uint8_t>(w >> 8);
  }
  return out;
}

// An image data set with `frames` synthetic native frames.
inline dicom::DataSet native_dataset(const FrameInfo& info, unsigned frames) {
  namespace tags = dicom::tags;
  dicom::DataSet ds;
  ds.set_uint16(tags::Rows, static_cast<std::uint16_t>(info.rows));
  ds.set_uint16(tags::Columns, static_cast<std::uint16_t>(info.columns));
  ds.set_uint16(tags::SamplesPerPixel, info.samples_per_pixel);
  ds.set_uint16(tags::BitsAllocated, info.bits_allocated);
  ds.set_uint16(tags::BitsStored, info.bits_stored);
  ds.set_uint16(tags::HighBit, static_cast<std::uint16_t>(info.bits_stored - 1));
  ds.set_uint16(tags::PixelRepresentation, info.pixel_representation);
  ds.set_string(tags::PhotometricInterpretation, dicom::VR::CS, info.photometric_interpretation);
  if (info.samples_per_pixel > 1) ds.set_uint16(tags::PlanarConfiguration, 0);
  if (frames > 1) ds.set_string(tags::NumberOfFrames, dicom::VR::IS, std::to_string(frames));
  base::Bytes pixels;
  for (unsigned f = 0; f < frames; ++f) {
    const base::Bytes frame = synthetic_frame(info, 100 + f);
    pixels.insert(pixels.end(), frame.begin(), frame.end());
  }
  dicom::Element e;
  e.tag = tags::PixelData;
  e.vr = info.bits_allocated > 8 ? dicom::VR::OW : dicom::VR::OB;
  e.value.bytes = std::move(pixels);
  ds.insert(std::move(e));
  return ds;
}

}  // namespace discus::codec::testing
