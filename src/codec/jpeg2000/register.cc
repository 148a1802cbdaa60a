// The JPEG 2000 and HTJ2K codecs in a registry (PS3.5 A.4.4, A.4.11).
#include "codec/jpeg2000/jpeg2000.h"

namespace discus::codec {
namespace {

class Jpeg2000Decoder final : public Decoder {
 public:
  explicit Jpeg2000Decoder(jpeg2000::DecodeOptions options) : options_(options) {}
  base::Result<base::Bytes> decode(base::ByteView frame, FrameInfo& info) const override {
    return jpeg2000::decode(frame, info, options_);
  }

 private:
  jpeg2000::DecodeOptions options_;
};

class Jpeg2000Encoder final : public Encoder {
 public:
  explicit Jpeg2000Encoder(jpeg2000::EncodeOptions options) : options_(options) {}
  base::Result<base::Bytes> encode(base::ByteView native, FrameInfo& info) const override {
    return jpeg2000::encode(native, info, options_);
  }

 private:
  jpeg2000::EncodeOptions options_;
};

}  // namespace

void register_jpeg2000(CodecRegistry& registry, const jpeg2000::EncodeOptions& lossy_for_91, int threads) {
  auto decoder = std::make_shared<const Jpeg2000Decoder>(jpeg2000::DecodeOptions{.threads = threads});
  for (const char* ts : {"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201",
                         "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203"})
    registry.add_decoder(ts, decoder);
  registry.add_encoder("1.2.840.10008.1.2.4.90", std::make_shared<const Jpeg2000Encoder>(jpeg2000::EncodeOptions{.threads = threads}));
  jpeg2000::EncodeOptions lossy = lossy_for_91;
  lossy.irreversible = true;
  lossy.threads = threads;
  registry.add_encoder("1.2.840.10008.1.2.4.91", std::make_shared<const Jpeg2000Encoder>(lossy));
}

// .4.91 is asked for explicitly (a transfer syntax choice or --compress lossy); 10:1 is a common
// diagnostic-quality ratio for CT and MR.
void register_jpeg2000(CodecRegistry& registry) { register_jpeg2000(registry, jpeg2000::EncodeOptions{.ratio = 10}, 0); }

}  // namespace discus::codec
