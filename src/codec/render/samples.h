// discus::codec::render — native pixel bytes to sample values (PS3.5 8.1, PS3.3 C.7.6.3.1).
//
// A frame of native Pixel Data (little endian, 1, 8, 16 or 32 bits allocated, colour-by-pixel or
// colour-by-plane) becomes one int64 per sample, colour-by-pixel: the Bits Stored bits ending at
// High Bit are kept, and sign-extended when Pixel Representation is 1. YBR_FULL_422 native data
// (Y1 Y2 Cb Cr per pixel pair, PS3.3 C.7.6.3.1.2) is expanded to three samples per pixel.
//
//   DISCUS_TRY(auto s, unpack_samples(frame_bytes, info, high_bit));  // s.size() == rows*cols*spp
#pragma once

#include <cstdint>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/codec.h"

namespace discus::codec::render {

// Bytes one native frame occupies (1-bit data packed, YBR_FULL_422 with two samples per pixel);
// 0 when the geometry is nonsense.
std::uint64_t native_frame_bytes(const FrameInfo& info);

base::Result<std::vector<std::int64_t>> unpack_samples(base::ByteView frame, const FrameInfo& info, unsigned high_bit);

}  // namespace discus::codec::render
