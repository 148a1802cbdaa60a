#include "codec/codec.h"

namespace discus::codec {

std::uint64_t FrameInfo::native_frame_size() const {
  if (rows == 0 || columns == 0 || samples_per_pixel == 0 || (bits_allocated % 8) != 0 || bits_allocated == 0) return 0;
  // Each factor is at most 32 bits and there are four: no overflow in 128-bit arithmetic,
  // but the product must fit 64 bits, and anything above 2^40 bytes is not a frame.
  __extension__ typedef unsigned __int128 u128;
  const u128 n = static_cast<u128>(rows) * columns * samples_per_pixel * (bits_allocated / 8);
  return n > (static_cast<u128>(1) << 40) ? 0 : static_cast<std::uint64_t>(n);
}

}  // namespace discus::codec
