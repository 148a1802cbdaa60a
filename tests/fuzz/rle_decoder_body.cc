#include "rle_decoder_body.h"

#include "codec/rle/rle.h"

namespace discus::fuzz {

RleOutcome run_rle_decoder_body(base::ByteView data) {
  RleOutcome outcome;
  if (data.size() < 8) return outcome;
  codec::FrameInfo info;
  // Bounded geometry: at most 256 x 256 pixels, so one input cannot ask for gigabytes.
  info.rows = static_cast<std::uint32_t>(data[0]) + 1;
  info.columns = static_cast<std::uint32_t>(data[1]) + 1;
  info.samples_per_pixel = (data[2] & 1) ? 3 : 1;
  static constexpr std::uint16_t kBits[] = {8, 16, 32, 8};
  info.bits_allocated = kBits[data[3] & 3];
  info.bits_stored = info.bits_allocated;
  info.planar_configuration = (data[4] & 1) ? 1 : 0;
  const base::ByteView frame = data.subspan(8);
  auto decoded = codec::rle_decode(frame, info);
  if (!decoded) return outcome;
  outcome.decoded = true;
  if (decoded->size() != info.native_frame_size()) {
    outcome.roundtrip_failure = "decoded size differs from the frame size";
    return outcome;
  }
  auto encoded = codec::rle_encode(*decoded, info);
  if (!encoded) {
    outcome.roundtrip_failure = "re-encoding failed: " + encoded.error().message;
    return outcome;
  }
  auto again = codec::rle_decode(*encoded, info);
  if (!again || *again != *decoded) outcome.roundtrip_failure = "decode(encode(x)) != x";
  return outcome;
}

}  // namespace discus::fuzz
