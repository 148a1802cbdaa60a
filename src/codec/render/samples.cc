#include "codec/render/samples.h"

#include <fmt/format.h>

namespace discus::codec::render {

using base::Error;
using base::ErrorCode;

namespace {

bool is_422(const FrameInfo& info) {
  return info.samples_per_pixel == 3 && info.photometric_interpretation == "YBR_FULL_422";
}

std::uint64_t raw_at(base::ByteView f, std::size_t i, unsigned bits) {
  switch (bits) {
    case 1: return (f[i / 8] >> (i % 8)) & 1u;  // PS3.5 8.1.1: first pixel in the low bit
    case 8: return f[i];
    case 16: return static_cast<std::uint64_t>(f[2 * i]) | (static_cast<std::uint64_t>(f[2 * i + 1]) << 8);
    default:
      return static_cast<std::uint64_t>(f[4 * i]) | (static_cast<std::uint64_t>(f[4 * i + 1]) << 8) |
             (static_cast<std::uint64_t>(f[4 * i + 2]) << 16) | (static_cast<std::uint64_t>(f[4 * i + 3]) << 24);
  }
}

}  // namespace

std::uint64_t native_frame_bytes(const FrameInfo& info) {
  if (info.rows == 0 || info.columns == 0 || info.samples_per_pixel == 0) return 0;
  const std::uint64_t pixels = static_cast<std::uint64_t>(info.rows) * info.columns;
  if (info.bits_allocated == 1) return info.samples_per_pixel == 1 ? (pixels + 7) / 8 : 0;
  if (is_422(info)) return info.bits_allocated == 8 && info.columns % 2 == 0 ? pixels * 2 : 0;
  return info.native_frame_size();
}

base::Result<std::vector<std::int64_t>> unpack_samples(base::ByteView frame, const FrameInfo& info, unsigned high_bit) {
  const unsigned ba = info.bits_allocated;
  const unsigned bs = info.bits_stored;
  if (ba != 1 && ba != 8 && ba != 16 && ba != 32)
    return Error{ErrorCode::kUnsupported, fmt::format("Bits Allocated {} cannot be rendered (1, 8, 16 or 32)", ba)}.at_tag("(0028,0100)");
  if (bs == 0 || bs > ba || high_bit >= ba || high_bit + 1 < bs)
    return Error{ErrorCode::kBadStructure,
                 fmt::format("Bits Stored {} and High Bit {} do not fit Bits Allocated {}", bs, high_bit, ba)}
        .at_tag("(0028,0101)");
  const std::uint64_t need = native_frame_bytes(info);
  if (need == 0) return Error{ErrorCode::kUnsupported, "frame geometry cannot be rendered"}.at_tag("(0028,0010)");
  if (frame.size() < need)
    return Error{ErrorCode::kTruncated, fmt::format("frame has {} bytes, {} needed", frame.size(), need)}.at_tag("(7FE0,0010)");

  const std::size_t pixels = static_cast<std::size_t>(info.rows) * info.columns;
  const std::size_t spp = info.samples_per_pixel;
  std::vector<std::int64_t> out(pixels * spp);
  const unsigned shift = high_bit + 1 - bs;
  const std::uint64_t mask = bs >= 64 ? ~0ull : (1ull << bs) - 1;
  const std::uint64_t sign = 1ull << (bs - 1);
  auto value = [&](std::size_t i) {
    const std::uint64_t v = (raw_at(frame, i, ba) >> shift) & mask;
    if (info.pixel_representation == 1 && (v & sign)) return static_cast<std::int64_t>(v) - static_cast<std::int64_t>(mask) - 1;
    return static_cast<std::int64_t>(v);
  };

  if (is_422(info)) {
    // Each pair of pixels on a row is Y1 Y2 Cb Cr; both share the chroma.
    for (std::size_t p = 0; p + 1 < pixels; p += 2) {
      const std::size_t q = p * 2;
      const std::int64_t cb = value(q + 2), cr = value(q + 3);
      out[3 * p] = value(q);
      out[3 * p + 1] = cb;
      out[3 * p + 2] = cr;
      out[3 * p + 3] = value(q + 1);
      out[3 * p + 4] = cb;
      out[3 * p + 5] = cr;
    }
  } else if (spp > 1 && info.planar_configuration == 1) {
    for (std::size_t s = 0; s < spp; ++s)
      for (std::size_t p = 0; p < pixels; ++p) out[p * spp + s] = value(s * pixels + p);
  } else {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = value(i);
  }
  return out;
}

}  // namespace discus::codec::render
