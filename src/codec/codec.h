// discus::codec — compressed pixel data codecs (PS3.5 8.2 and Annex A.4) behind one interface.
//
// A codec turns one frame of an encapsulated transfer syntax into native pixels and back. Native
// pixels are laid out as PS3.5 8.1 describes for Explicit VR Little Endian: samples of
// bits_allocated bits (8, 16 or 32; 1-bit data is not compressed by these syntaxes), little
// endian, colour-by-pixel (planar_configuration 0) unless FrameInfo says 1. Codecs never trust the
// bitstream: sizes it declares are checked against FrameInfo before anything is allocated.
//
// Registries of codecs are values built in the composition root (DESIGN.md "No mutable globals"):
//   CodecRegistry r;  register_rle(r);  r.decoder(uids::RLELossless)->decode(frame, info)
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::codec {

// The Image Pixel module attributes a codec needs (PS3.3 C.7.6.3).
struct FrameInfo {
  std::uint32_t rows = 0;
  std::uint32_t columns = 0;
  std::uint16_t samples_per_pixel = 1;
  std::uint16_t bits_allocated = 16;
  std::uint16_t bits_stored = 16;
  std::uint16_t pixel_representation = 0;  // 1: signed
  std::uint16_t planar_configuration = 0;  // 1: colour-by-plane
  std::string photometric_interpretation;  // "MONOCHROME2", "RGB", "YBR_FULL_422", ...

  // Bytes of one native frame; 0 when the dimensions are nonsense or overflow.
  std::uint64_t native_frame_size() const;
};

class Decoder {
 public:
  virtual ~Decoder() = default;
  // One compressed frame (all its fragments concatenated) to native pixels. `info` may be
  // adjusted by the codec where the encoding defines the result (e.g. JPEG YBR -> RGB).
  virtual base::Result<base::Bytes> decode(base::ByteView frame, FrameInfo& info) const = 0;
};

class Encoder {
 public:
  virtual ~Encoder() = default;
  virtual base::Result<base::Bytes> encode(base::ByteView native, FrameInfo& info) const = 0;
};

class CodecRegistry {
 public:
  void add_decoder(std::string transfer_syntax_uid, std::shared_ptr<const Decoder> d) { decoders_[std::move(transfer_syntax_uid)] = std::move(d); }
  void add_encoder(std::string transfer_syntax_uid, std::shared_ptr<const Encoder> e) { encoders_[std::move(transfer_syntax_uid)] = std::move(e); }
  const Decoder* decoder(std::string_view ts) const {
    auto it = decoders_.find(std::string(ts));
    return it == decoders_.end() ? nullptr : it->second.get();
  }
  const Encoder* encoder(std::string_view ts) const {
    auto it = encoders_.find(std::string(ts));
    return it == encoders_.end() ? nullptr : it->second.get();
  }

 private:
  std::map<std::string, std::shared_ptr<const Decoder>> decoders_;
  std::map<std::string, std::shared_ptr<const Encoder>> encoders_;
};

// Every codec this build has (each codec part registers itself; see src/codec/CMakeLists.txt). The
// composition root calls this once and passes the registry down.
CodecRegistry all_codecs();

}  // namespace discus::codec
