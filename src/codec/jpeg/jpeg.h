// discus::codec::jpeg — JPEG baseline (Process 1) and extended (Processes 2 and 4) DCT codecs,
// ITU-T T.81 sequential DCT with Huffman coding, for PS3.5 A.4.1 transfer syntaxes
// 1.2.840.10008.1.2.4.50 (8-bit) and 1.2.840.10008.1.2.4.51 (8 and 12-bit).
//
// 8-bit streams are decoded, and 8-bit frames encoded, by libjpeg-turbo (libjpeg_adapter.cc is
// the only file that sees its headers). Debian's libjpeg-turbo has no 12-bit build, so 12-bit
// sequential DCT (SOF0/SOF1) is decoded by our own code (dct_decoder.cc), which also accepts
// 8-bit SOF0/SOF1 streams and is cross-checked against libjpeg-turbo on them.
//
// Colour (PS3.3 C.7.6.3.1.2, PS3.5 8.2.1): the Photometric Interpretation says what the
// compressed components are. YBR_FULL and YBR_FULL_422 streams are converted to RGB (T.871
// equations) and `info.photometric_interpretation` becomes "RGB"; RGB streams are not
// converted (dcmtk's default, "+cp", does the same). The encoder writes YBR_FULL_422 for RGB
// input: Y sampled 2x1, Cb and Cr 1x1, which is exactly the horizontal-only subsampling
// PS3.3 C.7.6.3.1.2 defines for YBR_FULL_422 (4:2:0 would have no DICOM name).
//
//   DISCUS_TRY(base::Bytes native, jpeg::decode(stream, info));        // any .50/.51 frame
//   DISCUS_TRY(base::Bytes stream, jpeg::encode(native, info, {.quality = 90}));  // lossy!
#pragma once

#include "codec/codec.h"

namespace discus::codec {

namespace jpeg {

struct EncodeOptions {
  int quality = 90;               // libjpeg quality scale 1..100 (T.81 K.1 tables scaled)
  unsigned restart_interval = 0;  // MCUs between RSTn markers (T.81 B.2.4.4); 0: none
};

// One frame of .50/.51: 8-bit through libjpeg-turbo, 12-bit through our own decoder.
base::Result<base::Bytes> decode(base::ByteView stream, FrameInfo& info);
// Our own sequential DCT decoder (SOF0/SOF1, Huffman, 8 or 12-bit), whatever the precision.
base::Result<base::Bytes> decode_dct(base::ByteView stream, FrameInfo& info);
// libjpeg-turbo's decoder (8-bit only).
base::Result<base::Bytes> decode_libjpeg(base::ByteView stream, FrameInfo& info);
// Baseline (SOF0) encoding of an 8-bit MONOCHROME1/2, RGB or YBR_FULL frame; RGB becomes
// YBR_FULL_422 (info.photometric_interpretation is updated). Lossy: callers must ask for it.
base::Result<base::Bytes> encode(base::ByteView native, FrameInfo& info, const EncodeOptions& options = {});

}  // namespace jpeg

void register_jpeg(CodecRegistry& registry);

}  // namespace discus::codec
