#include "codec/jpeg_lossless/jpeg_lossless.h"

namespace discus::codec {
namespace {

class JpegLosslessDecoder final : public Decoder {
 public:
  base::Result<base::Bytes> decode(base::ByteView frame, FrameInfo& info) const override {
    return jpeg_lossless::decode(frame, info);
  }
};

class JpegLosslessEncoder final : public Encoder {
 public:
  base::Result<base::Bytes> encode(base::ByteView native, FrameInfo& info) const override {
    return jpeg_lossless::encode(native, info);
  }
};

}  // namespace

// PS3.5 A.4.1: .4.57 is Process 14 with any selection value, .4.70 the same with selection 1.
void register_jpeg_lossless(CodecRegistry& registry) {
  auto decoder = std::make_shared<const JpegLosslessDecoder>();
  registry.add_decoder("1.2.840.10008.1.2.4.57", decoder);
  registry.add_decoder("1.2.840.10008.1.2.4.70", decoder);
  registry.add_encoder("1.2.840.10008.1.2.4.70", std::make_shared<const JpegLosslessEncoder>());
}

}  // namespace discus::codec
