#include "media/label/raster.h"

#include <fmt/format.h>
#include <zlib.h>

#include <cmath>
#include <cstring>

#include "codec/codec.h"
#include "codec/render/jpeg_file.h"
#include "codec/render/png.h"

namespace discus::media::label {
namespace {

using base::Error;
using base::ErrorCode;

void put_le(base::Bytes& out, std::uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_be(base::Bytes& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint32_t pixels_per_metre(double dpi) { return static_cast<std::uint32_t>(std::lround(dpi / 0.0254)); }

base::Status check_rgb(const codec::render::Image& img) {
  if (img.channels != 3 || img.pixels.size() != static_cast<std::size_t>(img.width) * img.height * 3 || img.width == 0 ||
      img.height == 0)
    return Error{ErrorCode::kInvalidArgument, "a label raster must be 8-bit RGB with width * height * 3 bytes"};
  return {};
}

}  // namespace

base::Result<base::Bytes> encode_bmp(const codec::render::Image& img, double dpi) {
  DISCUS_CHECK(check_rgb(img));
  const std::uint32_t row = (img.width * 3 + 3) & ~3u;  // rows padded to 4 bytes
  const std::uint64_t image_size = static_cast<std::uint64_t>(row) * img.height;
  if (image_size > 0x7FFF0000u) return Error{ErrorCode::kLimitExceeded, "a label BMP over 2 GiB"};
  base::Bytes out;
  out.reserve(54 + image_size);
  // BITMAPFILEHEADER (14 bytes) then BITMAPINFOHEADER (40 bytes): what every Windows program reads.
  out.push_back('B');
  out.push_back('M');
  put_le(out, static_cast<std::uint32_t>(54 + image_size), 4);
  put_le(out, 0, 4);   // reserved
  put_le(out, 54, 4);  // offset of the pixels
  put_le(out, 40, 4);
  put_le(out, img.width, 4);
  put_le(out, img.height, 4);  // positive: bottom-up rows, the form every reader accepts
  put_le(out, 1, 2);           // planes
  put_le(out, 24, 2);          // bits per pixel
  put_le(out, 0, 4);           // BI_RGB, uncompressed
  put_le(out, static_cast<std::uint32_t>(image_size), 4);
  put_le(out, pixels_per_metre(dpi), 4);
  put_le(out, pixels_per_metre(dpi), 4);
  put_le(out, 0, 4);  // colours used
  put_le(out, 0, 4);  // important colours
  for (std::uint32_t y = img.height; y-- > 0;) {
    const std::uint8_t* p = img.pixels.data() + static_cast<std::size_t>(y) * img.width * 3;
    for (std::uint32_t x = 0; x < img.width; ++x, p += 3) {
      out.push_back(p[2]);  // BGR order
      out.push_back(p[1]);
      out.push_back(p[0]);
    }
    for (std::uint32_t pad = img.width * 3; pad < row; ++pad) out.push_back(0);
  }
  return out;
}

base::Result<base::Bytes> encode_png_at(const codec::render::Image& img, double dpi) {
  DISCUS_CHECK(check_rgb(img));
  DISCUS_TRY(base::Bytes png, codec::render::encode_png(img));
  // pHYs (PNG 11.3.5.3) right after IHDR (8-byte signature + 25-byte IHDR chunk): unit 1 = metre.
  constexpr std::size_t kAfterIhdr = 8 + 25;
  if (png.size() < kAfterIhdr || std::memcmp(png.data() + 12, "IHDR", 4) != 0)
    return Error{ErrorCode::kBadStructure, "the PNG encoder's output does not start with IHDR"};
  base::Bytes chunk;
  put_be(chunk, 9);
  const std::size_t type_at = chunk.size();
  for (char c : std::string_view("pHYs")) chunk.push_back(static_cast<std::uint8_t>(c));
  put_be(chunk, pixels_per_metre(dpi));
  put_be(chunk, pixels_per_metre(dpi));
  chunk.push_back(1);
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), chunk.data() + type_at, static_cast<uInt>(chunk.size() - type_at));
  put_be(chunk, static_cast<std::uint32_t>(crc));
  png.insert(png.begin() + kAfterIhdr, chunk.begin(), chunk.end());
  return png;
}

base::Result<base::Bytes> encode_jpeg_at(const codec::render::Image& img, double dpi) {
  DISCUS_CHECK(check_rgb(img));
  const codec::CodecRegistry codecs = codec::all_codecs();
  DISCUS_TRY(base::Bytes jpg, codec::render::encode_jpeg_file(img, codecs));
  // A JFIF APP0 right after SOI (JFIF 1.02): units 1 = dots per inch, X and Y density.
  if (jpg.size() > 18 && jpg[2] == 0xFF && jpg[3] == 0xE0 && std::memcmp(jpg.data() + 6, "JFIF", 5) == 0) {
    const auto d = static_cast<std::uint16_t>(std::lround(std::min(dpi, 65535.0)));
    jpg[13] = 1;
    jpg[14] = static_cast<std::uint8_t>(d >> 8);
    jpg[15] = static_cast<std::uint8_t>(d);
    jpg[16] = static_cast<std::uint8_t>(d >> 8);
    jpg[17] = static_cast<std::uint8_t>(d);
  }
  return jpg;
}

}  // namespace discus::media::label
