// discus::media::author — which transfer syntax an instance is written in on the medium.
//
// A PS3.11 profile lists the transfer syntaxes a medium may hold; the operator says how much
// compression is wanted (--compress none|lossless|lossy). The choice is a pure function of the
// profile's list, the instance's own syntax, whether it has pixel data, and which encoders and
// decoders this build has. Lossy compression is never chosen unless asked for (PS3.11 profiles
// that allow lossy syntaxes still leave that decision to the creator; PS3.3 C.7.6.1.1.5).
//   DISCUS_TRY(std::string ts, choose_transfer_syntax({allowed, *source, true, Compression::kNone}, codecs));
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "codec/codec.h"
#include "dicom/dict/transfer_syntax.h"

namespace discus::media::author {

enum class Compression { kNone, kLossless, kLossy };
base::Result<Compression> parse_compression(std::string_view text);  // "none", "lossless", "lossy"
std::string_view to_string(Compression c);

struct ChoiceInput {
  std::vector<std::string> allowed;            // the profile's syntaxes for the SOP class
  const dicom::dict::TransferSyntax* source;   // the instance's syntax
  bool has_pixel_data = true;
  std::uint16_t bits_stored = 16;              // JPEG baseline takes 8 bits only
  Compression compression = Compression::kNone;
};

// The target syntax, or an error (kUnsupported) saying why the instance cannot go on this medium.
base::Result<std::string> choose_transfer_syntax(const ChoiceInput& in, const codec::CodecRegistry& codecs);

}  // namespace discus::media::author
