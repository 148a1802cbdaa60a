// Dispatch between libjpeg-turbo (8-bit) and our decoder (12-bit), and the registry entries.
#include "codec/jpeg/jpeg.h"
#include "codec/jpeg_lossless/markers.h"

namespace discus::codec {
namespace jpeg {
namespace {

// The precision of the stream's first frame header, or 0 when none is found before a scan or an
// error; our decoder then produces the precise error.
unsigned frame_precision(base::ByteView stream) {
  jpeg_lossless::MarkerReader markers(stream);
  while (!markers.at_end()) {
    auto s = markers.next();
    if (!s || s->marker == jpeg_lossless::kSOS || s->marker == jpeg_lossless::kEOI) return 0;
    const bool sof = s->marker >= 0xC0 && s->marker <= 0xCF && s->marker != jpeg_lossless::kDHT && s->marker != jpeg_lossless::kDAC && s->marker != 0xC8;
    if (sof) return s->payload.empty() ? 0 : s->payload[0];
  }
  return 0;
}

}  // namespace

base::Result<base::Bytes> decode(base::ByteView stream, FrameInfo& info) {
  if (frame_precision(stream) == 8) return decode_libjpeg(stream, info);
  return decode_dct(stream, info);
}

}  // namespace jpeg

namespace {

class JpegDecoder final : public Decoder {
 public:
  base::Result<base::Bytes> decode(base::ByteView frame, FrameInfo& info) const override { return jpeg::decode(frame, info); }
};

class JpegBaselineEncoder final : public Encoder {
 public:
  base::Result<base::Bytes> encode(base::ByteView native, FrameInfo& info) const override { return jpeg::encode(native, info); }
};

}  // namespace

// PS3.5 A.4.1 / Table A-1: .4.50 JPEG Baseline (Process 1), .4.51 JPEG Extended (Process 2 & 4).
// Encoding is lossy; the registry offers it, and only callers that were asked to compress lossily
// may use it (transcode records it as PS3.3 C.7.6.1.1.5 demands).
void register_jpeg(CodecRegistry& registry) {
  auto decoder = std::make_shared<const JpegDecoder>();
  registry.add_decoder("1.2.840.10008.1.2.4.50", decoder);
  registry.add_decoder("1.2.840.10008.1.2.4.51", decoder);
  registry.add_encoder("1.2.840.10008.1.2.4.50", std::make_shared<const JpegBaselineEncoder>());
}

}  // namespace discus::codec
