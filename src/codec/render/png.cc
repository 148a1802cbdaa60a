// Uses libpng's simplified API (png_image), which reports errors through its return value and
// the image's message buffer, so no longjmp crosses our frames.
#include "codec/render/png.h"

#include <png.h>

#include <fmt/format.h>

namespace discus::codec::render {

using base::Error;
using base::ErrorCode;

base::Result<base::Bytes> encode_png(const Image& img) {
  if (img.width == 0 || img.height == 0 || (img.channels != 1 && img.channels != 3) ||
      img.pixels.size() != static_cast<std::size_t>(img.width) * img.height * img.channels)
    return Error{ErrorCode::kInvalidArgument, "image has no pixels or inconsistent dimensions"};
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = img.width;
  image.height = img.height;
  image.format = img.channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
  const png_int_32 stride = static_cast<png_int_32>(img.width * img.channels);
  png_alloc_size_t size = 0;
  // First call sizes the buffer, the second fills it.
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, img.pixels.data(), stride, nullptr))
    return Error{ErrorCode::kIo, fmt::format("libpng: {}", image.message)};
  base::Bytes out(size);
  if (!png_image_write_to_memory(&image, out.data(), &size, 0, img.pixels.data(), stride, nullptr))
    return Error{ErrorCode::kIo, fmt::format("libpng: {}", image.message)};
  out.resize(size);
  png_image_free(&image);
  return out;
}

base::Result<Image> decode_png(base::ByteView png) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, png.data(), png.size()))
    return Error{ErrorCode::kBadStructure, fmt::format("libpng: {}", image.message)};
  const bool color = (image.format & PNG_FORMAT_FLAG_COLOR) != 0;
  image.format = color ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  Image img;
  img.width = image.width;
  img.height = image.height;
  img.channels = color ? 3 : 1;
  if (static_cast<std::uint64_t>(img.width) * img.height > (1ull << 28)) {
    png_image_free(&image);
    return Error{ErrorCode::kLimitExceeded, fmt::format("PNG of {}x{} pixels", img.width, img.height)};
  }
  img.pixels.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, img.pixels.data(), 0, nullptr))
    return Error{ErrorCode::kBadStructure, fmt::format("libpng: {}", image.message)};
  return img;
}

}  // namespace discus::codec::render
