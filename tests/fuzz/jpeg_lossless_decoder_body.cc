#include "jpeg_lossless_decoder_body.h"

#include "codec/jpeg_lossless/jpeg_lossless.h"

namespace discus::fuzz {
namespace {

constexpr std::uint64_t kMaxSamples = 1u << 22;

// FrameInfo from the first SOF3 in the data (T.81 B.2.2 layout), if it is one we would accept.
std::optional<codec::FrameInfo> info_from_sof3(base::ByteView d) {
  for (std::size_t i = 0; i + 10 < d.size(); ++i) {
    if (d[i] != 0xFF || d[i + 1] != 0xC3) continue;
    codec::FrameInfo f;
    const unsigned precision = d[i + 4];
    f.rows = static_cast<std::uint32_t>(d[i + 5] << 8 | d[i + 6]);
    f.columns = static_cast<std::uint32_t>(d[i + 7] << 8 | d[i + 8]);
    f.samples_per_pixel = d[i + 9];
    if (precision < 2 || precision > 16 || f.samples_per_pixel == 0) return std::nullopt;
    if (static_cast<std::uint64_t>(f.rows) * f.columns * f.samples_per_pixel > kMaxSamples) return std::nullopt;
    f.bits_allocated = precision <= 8 ? 8 : 16;
    f.bits_stored = static_cast<std::uint16_t>(precision);
    f.photometric_interpretation = f.samples_per_pixel == 3 ? "RGB" : "MONOCHROME2";
    return f;
  }
  return std::nullopt;
}

}  // namespace

JpegLosslessOutcome run_jpeg_lossless_decoder_body(base::ByteView data) {
  JpegLosslessOutcome out;
  std::optional<codec::FrameInfo> info = info_from_sof3(data);
  if (!info) {
    codec::FrameInfo small{8, 8, 1, 16, 12, 0, 0, "MONOCHROME2"};
    auto r = codec::jpeg_lossless::decode(data, small);
    if (!r) out.decode_error = r.error();
    return out;
  }
  out.had_frame_header = true;
  codec::FrameInfo decode_info = *info;
  auto decoded = codec::jpeg_lossless::decode(data, decode_info);
  if (!decoded) {
    out.decode_error = decoded.error();
    return out;
  }
  if (decoded->size() != info->native_frame_size()) {
    out.roundtrip_failure = "decoded frame size differs from the FrameInfo size";
    return out;
  }
  if (info->samples_per_pixel != 1 && info->samples_per_pixel != 3) return out;
  codec::FrameInfo encode_info = *info;
  auto again = codec::jpeg_lossless::encode(*decoded, encode_info);
  if (!again) {
    out.roundtrip_failure = "re-encoding a decoded frame failed: " + again.error().describe();
    return out;
  }
  auto back = codec::jpeg_lossless::decode(*again, encode_info);
  if (!back || *back != *decoded) out.roundtrip_failure = "re-encoded frame does not decode to the same samples";
  return out;
}

}  // namespace discus::fuzz
