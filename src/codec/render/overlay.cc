// Overlay planes (PS3.3 C.9.2) burnt into a rendered frame.
#include <fmt/format.h>

#include "codec/render/attributes.h"
#include "codec/render/render.h"

namespace discus::codec::render {

using base::Error;
using base::ErrorCode;
using dicom::Tag;

namespace {

// The element `element` of overlay group 60xx.
Tag in_group(std::uint16_t group, std::uint16_t element) { return Tag{group, element}; }

}  // namespace

base::Status burn_overlays(Image& img, const dicom::DataSet& ds, std::uint32_t frame_index) {
  // Overlay groups are the even groups 6000-601E (PS3.5 7.6).
  for (std::uint16_t group = 0x6000; group <= 0x601E; group += 2) {
    const dicom::Element* data = ds.find(in_group(group, 0x3000));
    if (data == nullptr || data->kind != dicom::Element::Kind::kPrimitive) continue;
    const auto rows = ds.get_uint16(in_group(group, 0x0010));
    const auto cols = ds.get_uint16(in_group(group, 0x0011));
    if (!rows || !cols) return Error{ErrorCode::kBadStructure, "Overlay Rows or Columns missing"}.at_tag(fmt::format("({:04X},0010)", group));
    if (ds.get_uint16(in_group(group, 0x0100)).value_or(1) != 1)
      return Error{ErrorCode::kUnsupported, "Overlay Bits Allocated other than 1"}.at_tag(fmt::format("({:04X},0100)", group));
    // Origin is SS: 1-based row and column of the overlay's first pixel, may be negative.
    std::int32_t origin_row = 1, origin_col = 1;
    if (const auto r = ds.get_uint16(in_group(group, 0x0050), 0)) origin_row = static_cast<std::int16_t>(*r);
    if (const auto c = ds.get_uint16(in_group(group, 0x0050), 1)) origin_col = static_cast<std::int16_t>(*c);
    // Multi-frame overlays: frames first_frame .. first_frame + count - 1 of the image (1-based).
    std::int64_t count = 1, first_frame = 1;
    if (const auto n = ds.get_string(in_group(group, 0x0015))) count = static_cast<std::int64_t>(parse_decimal(*n).value_or(1));
    if (const auto o = ds.get_uint16(in_group(group, 0x0051))) first_frame = *o;
    const bool multi = ds.contains(in_group(group, 0x0015));
    std::int64_t overlay_frame = 0;
    if (multi) {
      overlay_frame = static_cast<std::int64_t>(frame_index) + 1 - first_frame;
      if (overlay_frame < 0 || overlay_frame >= count) continue;
    }
    DISCUS_TRY(const base::Bytes bits, data->value.load(64u << 20));
    const std::uint64_t plane = static_cast<std::uint64_t>(*rows) * *cols;
    const std::uint64_t base_bit = static_cast<std::uint64_t>(overlay_frame) * plane;
    if ((base_bit + plane + 7) / 8 > bits.size())
      return Error{ErrorCode::kBadLength, fmt::format("Overlay Data has {} bytes, {}x{} bits needed", bits.size(), *rows, *cols)}
          .at_tag(fmt::format("({:04X},3000)", group));
    for (std::uint32_t r = 0; r < *rows; ++r) {
      const std::int64_t y = static_cast<std::int64_t>(r) + origin_row - 1;
      if (y < 0 || y >= img.height) continue;
      for (std::uint32_t c = 0; c < *cols; ++c) {
        const std::int64_t x = static_cast<std::int64_t>(c) + origin_col - 1;
        if (x < 0 || x >= img.width) continue;
        const std::uint64_t bit = base_bit + static_cast<std::uint64_t>(r) * *cols + c;
        if (((bits[bit / 8] >> (bit % 8)) & 1u) == 0) continue;
        const std::size_t at = (static_cast<std::size_t>(y) * img.width + static_cast<std::size_t>(x)) * img.channels;
        for (unsigned k = 0; k < img.channels; ++k) img.pixels[at + k] = 255;
      }
    }
  }
  return {};
}

}  // namespace discus::codec::render
