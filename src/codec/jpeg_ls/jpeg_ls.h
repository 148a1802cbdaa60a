// discus::codec::jpeg_ls — JPEG-LS (ISO/IEC 14495-1) through CharLS, PS3.5 A.4.3.
//
// Transfer syntaxes: 1.2.840.10008.1.2.4.80 (lossless) and .4.81 (near-lossless; NEAR > 0 only
// when the caller asks for it). 2-16 bit samples in 8- or 16-bit words, 1 or 3 samples per pixel,
// any interleave mode on decode (the result is always colour-by-pixel).
// Signed data: JPEG-LS codes unsigned P-bit patterns. The encoder codes the Bits Stored bits
// (P = Bits Stored) when the bits above High Bit are what the decoder restores (zeros, or the
// sign extension for Pixel Representation 1), else the whole word (P = Bits Allocated); the decoder
// sign-extends P-bit patterns of signed data into Bits Allocated. Native bytes round trip exactly.
//
//   DISCUS_TRY(base::Bytes native, jpeg_ls::decode(frame, info));
//   DISCUS_TRY(base::Bytes stream, jpeg_ls::encode(native, info, {.near_lossless = 2}));
#pragma once

#include "codec/codec.h"

namespace discus::codec {

namespace jpeg_ls {

struct EncodeOptions {
  int near_lossless = 0;  // NEAR (14495-1 A.2.1): 0 is lossless; > 0 only on explicit request
};

base::Result<base::Bytes> decode(base::ByteView stream, FrameInfo& info);
base::Result<base::Bytes> encode(base::ByteView native, FrameInfo& info, const EncodeOptions& options = {});

}  // namespace jpeg_ls

// Decoders for .4.80 and .4.81; encoders for .4.80 (lossless) and .4.81 with `near_lossless_for_81`.
void register_jpeg_ls(CodecRegistry& registry);
void register_jpeg_ls(CodecRegistry& registry, int near_lossless_for_81);

}  // namespace discus::codec
