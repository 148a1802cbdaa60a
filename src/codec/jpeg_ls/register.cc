// The JPEG-LS codecs in a registry (PS3.5 A.4.3).
#include "codec/jpeg_ls/jpeg_ls.h"

namespace discus::codec {
namespace {

class JpegLsDecoder final : public Decoder {
 public:
  base::Result<base::Bytes> decode(base::ByteView frame, FrameInfo& info) const override { return jpeg_ls::decode(frame, info); }
};

class JpegLsEncoder final : public Encoder {
 public:
  explicit JpegLsEncoder(jpeg_ls::EncodeOptions options) : options_(options) {}
  base::Result<base::Bytes> encode(base::ByteView native, FrameInfo& info) const override {
    return jpeg_ls::encode(native, info, options_);
  }

 private:
  jpeg_ls::EncodeOptions options_;
};

}  // namespace

void register_jpeg_ls(CodecRegistry& registry, int near_lossless_for_81) {
  auto decoder = std::make_shared<const JpegLsDecoder>();
  registry.add_decoder("1.2.840.10008.1.2.4.80", decoder);
  registry.add_decoder("1.2.840.10008.1.2.4.81", decoder);
  registry.add_encoder("1.2.840.10008.1.2.4.80", std::make_shared<const JpegLsEncoder>(jpeg_ls::EncodeOptions{}));
  registry.add_encoder("1.2.840.10008.1.2.4.81",
                       std::make_shared<const JpegLsEncoder>(jpeg_ls::EncodeOptions{.near_lossless = near_lossless_for_81}));
}

// Asking for .4.81 is the explicit request for near-lossless coding; NEAR 2 keeps every sample
// within 2 of the original.
void register_jpeg_ls(CodecRegistry& registry) { register_jpeg_ls(registry, 2); }

}  // namespace discus::codec
