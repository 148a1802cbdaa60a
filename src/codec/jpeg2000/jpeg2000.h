// discus::codec::jpeg2000 — JPEG 2000 and HTJ2K (ISO/IEC 15444-1, -15) through OpenJPEG, PS3.5 A.4.4
// and A.4.11.
//
// Decodes 1.2.840.10008.1.2.4.90/.91 (JPEG 2000) and .4.201/.202/.203 (HTJ2K), raw codestreams or
// JP2-wrapped. Encodes .4.90: reversible 5-3 wavelet, and for RGB the reversible colour transform
// (Photometric Interpretation becomes YBR_RCT, PS3.3 C.7.6.3.1.2); and .4.91 on explicit request:
// 9-7 wavelet at a compression ratio or PSNR, RGB through the irreversible transform (YBR_ICT).
// Decoding undoes the transform and reports RGB. Samples keep their sign (Pixel Representation 1 is
// coded as signed components, Bits Stored bits) so native bytes round trip exactly. OpenJPEG works
// on memory streams with its own worker threads (`threads`, 0: every core).
//
//   DISCUS_TRY(base::Bytes native, jpeg2000::decode(frame, info));
//   DISCUS_TRY(base::Bytes j2k, jpeg2000::encode(native, info, {.irreversible = true, .ratio = 10}));
#pragma once

#include "codec/codec.h"

namespace discus::codec {

namespace jpeg2000 {

struct DecodeOptions {
  int threads = 0;  // OpenJPEG worker threads; 0: one per core
};

struct EncodeOptions {
  bool irreversible = false;  // 9-7 wavelet, lossy: only on explicit request (.4.91)
  float ratio = 0;            // lossy: target compression ratio (e.g. 10 for 10:1)
  float psnr = 0;             // lossy: target quality in dB; used instead of ratio when > 0
  int threads = 0;            // OpenJPEG worker threads; 0: one per core
};

base::Result<base::Bytes> decode(base::ByteView stream, FrameInfo& info, const DecodeOptions& options = {});
base::Result<base::Bytes> encode(base::ByteView native, FrameInfo& info, const EncodeOptions& options = {});

}  // namespace jpeg2000

// Decoders for .4.90, .91, .201, .202, .203; encoders for .4.90 (lossless) and .4.91 (lossy, 10:1).
void register_jpeg2000(CodecRegistry& registry);
void register_jpeg2000(CodecRegistry& registry, const jpeg2000::EncodeOptions& lossy_for_91, int threads);

}  // namespace discus::codec
