#include "codec/render/jpeg_file.h"

#include <fmt/format.h>

namespace discus::codec::render {

using base::Bytes;
using base::Error;
using base::ErrorCode;

namespace {

constexpr std::string_view kJpegBaseline = "1.2.840.10008.1.2.4.50";

// APP0 "JFIF" 1.01, no density unit, 1:1, no thumbnail (JFIF 1.02 spec, section "JFIF APP0").
const std::uint8_t kJfif[] = {0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00};
// APP14 "Adobe", version 100, flags 0, transform 0: the components are RGB, not YCbCr.
const std::uint8_t kAdobeRgb[] = {0xFF, 0xEE, 0x00, 0x0E, 'A', 'd', 'o', 'b', 'e', 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00};

}  // namespace

base::Result<Bytes> encode_jpeg_file(const Image& img, const CodecRegistry& codecs) {
  const Encoder* encoder = codecs.encoder(kJpegBaseline);
  if (encoder == nullptr)
    return Error{ErrorCode::kUnsupported, "JPEG output needs the JPEG Baseline (1.2.840.10008.1.2.4.50) encoder, not in this build"};
  FrameInfo info;
  info.rows = img.height;
  info.columns = img.width;
  info.samples_per_pixel = img.channels;
  info.bits_allocated = info.bits_stored = 8;
  info.photometric_interpretation = img.channels == 1 ? "MONOCHROME2" : "RGB";
  DISCUS_TRY(Bytes stream, encoder->encode(img.pixels, info));
  if (stream.size() < 4 || stream[0] != 0xFF || stream[1] != 0xD8)
    return Error{ErrorCode::kBadStructure, "the JPEG encoder returned no SOI marker"};
  const bool has_app = stream[2] == 0xFF && (stream[3] == 0xE0 || stream[3] == 0xEE);
  if (!has_app) {
    const bool rgb = img.channels == 3 && info.photometric_interpretation == "RGB";
    if (rgb) stream.insert(stream.begin() + 2, std::begin(kAdobeRgb), std::end(kAdobeRgb));
    else stream.insert(stream.begin() + 2, std::begin(kJfif), std::end(kJfif));
  }
  return stream;
}

}  // namespace discus::codec::render
