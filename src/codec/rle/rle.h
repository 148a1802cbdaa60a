// discus::codec — RLE Lossless (PS3.5 Annex G), transfer syntax 1.2.840.10008.1.2.5.
//
// A frame is a 64-byte RLE Header (segment count, then 15 uint32 little-endian segment offsets)
// followed by one RLE Segment per byte plane: for each sample in turn, its most significant byte
// first (G.2). Segments are PackBits runs (G.3.1): a header byte n in 0..127 copies the next n+1
// bytes, n in -127..-1 repeats the next byte 1-n times, -128 does nothing; each row is encoded on
// its own and segments are padded to even length.
//
// Layout choice for colour: the RLE stream is always colour-by-plane, but the decoder writes the
// layout `info.planar_configuration` asks for (0, the default, colour-by-pixel; 1, by plane) and
// the encoder reads the layout `info.planar_configuration` describes. The transcoder decodes to
// colour-by-pixel and writes Planar Configuration 0, the layout most software expects.
//
//   CodecRegistry r;  register_rle(r);
//   DISCUS_TRY(auto px, r.decoder(uids::RLELossless)->decode(frame, info));
#pragma once

#include "codec/codec.h"

namespace discus::codec {

// The functions behind the registered codec (also used by the fuzz harness).
base::Result<base::Bytes> rle_decode(base::ByteView frame, const FrameInfo& info);
base::Result<base::Bytes> rle_encode(base::ByteView native, const FrameInfo& info);

void register_rle(CodecRegistry& registry);

}  // namespace discus::codec
