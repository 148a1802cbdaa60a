// discus::codec::jpeg_lossless — JPEG Lossless, Non-Hierarchical (Process 14, SOF3), our own
// implementation of ITU-T T.81 Annex H with Huffman coding (libjpeg-turbo 2.1 has none).
//
// Transfer syntaxes (PS3.5 A.4.1, 8.2.1): 1.2.840.10008.1.2.4.57 (any predictor) and
// 1.2.840.10008.1.2.4.70 (selection value 1). Decoding takes 2-16 bit precision, 1-4 components
// (interleaved or one scan per component), all seven predictors, point transform and restart
// intervals. Encoding writes selection value 1, Pt 0, one interleaved scan, Huffman tables fitted
// to the frame.
//
// Signed data (Pixel Representation 1): JPEG lossless codes bit patterns, not values; prediction
// and differences are modulo 2^16 (T.81 H.1.2.2), so the sign needs no special case. The encoder
// uses precision P = Bits Stored when every sample's bits above High Bit are zero, otherwise
// P = Bits Allocated (sign-extended 12-bit data in 16-bit words, as dcmtk writes it), so the
// native bytes always come back exactly. The decoder returns the P-bit patterns the stream codes,
// zero-extended into Bits Allocated (no sign extension), which is what dcmdjpeg does.
//
//   CodecRegistry r;  register_jpeg_lossless(r);
//   DISCUS_TRY(base::Bytes native, decode_jpeg_lossless(fragment_bytes, info));
#pragma once

#include "codec/codec.h"

namespace discus::codec {

namespace jpeg_lossless {

struct EncodeOptions {
  unsigned predictor = 1;         // selection value 1..7 (only 1 belongs in .4.70)
  unsigned point_transform = 0;   // Pt: drops the low bits (not lossless when > 0)
  unsigned restart_interval = 0;  // in MCUs (samples); 0: no restart markers
};

base::Result<base::Bytes> decode(base::ByteView stream, FrameInfo& info);
base::Result<base::Bytes> encode(base::ByteView native, FrameInfo& info, const EncodeOptions& options = {});

}  // namespace jpeg_lossless

void register_jpeg_lossless(CodecRegistry& registry);

}  // namespace discus::codec
