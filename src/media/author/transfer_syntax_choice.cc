#include "media/author/transfer_syntax_choice.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "dicom/dict/uids.h"

namespace discus::media::author {

namespace uids = dicom::uids;
using base::Error;
using base::ErrorCode;

namespace {

// Encapsulated syntaxes we may compress into, best first. Lossless: JPEG-LS and JPEG 2000 give
// the smallest files (JPEG-LS encodes several times faster), then JPEG Lossless SV1, then RLE.
constexpr std::string_view kLosslessOrder[] = {
    uids::JPEGLSLossless, uids::JPEG2000Lossless, uids::HTJ2KLossless, uids::JPEGLosslessSV1, uids::RLELossless};
// Lossy, only on request: JPEG 2000 irreversible keeps 16-bit data; JPEG baseline is 8-bit only.
constexpr std::string_view kLossyOrder[] = {uids::JPEG2000, uids::HTJ2K, uids::JPEGBaseline8Bit};

bool contains(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The first syntax of `order` the profile allows and this build can encode the instance into.
std::string first_encodable(std::span<const std::string_view> order, const ChoiceInput& in, const codec::CodecRegistry& codecs) {
  for (std::string_view ts : order) {
    if (!contains(in.allowed, ts) || codecs.encoder(ts) == nullptr) continue;
    if (ts == uids::JPEGBaseline8Bit && in.bits_stored > 8) continue;
    return std::string(ts);
  }
  return {};
}

}  // namespace

base::Result<Compression> parse_compression(std::string_view text) {
  if (text == "none") return Compression::kNone;
  if (text == "lossless") return Compression::kLossless;
  if (text == "lossy") return Compression::kLossy;
  return Error{ErrorCode::kInvalidArgument, fmt::format("--compress takes none, lossless or lossy, not '{}'", text)};
}

std::string_view to_string(Compression c) {
  switch (c) {
    case Compression::kNone: return "none";
    case Compression::kLossless: return "lossless";
    case Compression::kLossy: return "lossy";
  }
  return "none";
}

base::Result<std::string> choose_transfer_syntax(const ChoiceInput& in, const codec::CodecRegistry& codecs) {
  const dicom::dict::TransferSyntax& src = *in.source;
  const std::string source(src.uid);
  const bool as_is = contains(in.allowed, source);
  const bool explicit_le = contains(in.allowed, uids::ExplicitVRLittleEndian);
  // Already compressed and allowed: recompressing would gain little and could lose.
  if (as_is && (src.encapsulated() || in.compression == Compression::kNone || !in.has_pixel_data)) return source;
  // Converting compressed pixel data starts with decoding it.
  const bool decodable = !src.encapsulated() || !in.has_pixel_data || codecs.decoder(src.uid) != nullptr;
  if (!decodable)
    return Error{ErrorCode::kUnsupported,
                 fmt::format("transfer syntax {} ({}) is not allowed (allowed: {}) and this build has no decoder for it",
                             src.name, source, fmt::join(in.allowed, ", "))};
  if (in.has_pixel_data && in.compression != Compression::kNone) {
    if (in.compression == Compression::kLossy)
      if (auto ts = first_encodable(kLossyOrder, in, codecs); !ts.empty()) return ts;
    if (auto ts = first_encodable(kLosslessOrder, in, codecs); !ts.empty()) return ts;
  }
  if (as_is) return source;
  if (explicit_le) return std::string(uids::ExplicitVRLittleEndian);
  // A profile without uncompressed syntaxes (none today, but the data may say so): compress
  // losslessly rather than refuse.
  if (in.has_pixel_data)
    if (auto ts = first_encodable(kLosslessOrder, in, codecs); !ts.empty()) return ts;
  return Error{ErrorCode::kUnsupported,
               fmt::format("transfer syntax {} ({}) is not allowed (allowed: {}) and none of those can be written from it",
                           src.name, source, fmt::join(in.allowed, ", "))};
}

}  // namespace discus::media::author
