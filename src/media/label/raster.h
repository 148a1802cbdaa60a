// discus::media::label — the raster files a robot's label printer takes: BMP (written here: a
// bottom-up 24-bit BITMAPINFOHEADER file, Microsoft "Bitmap Storage" format), PNG and JPEG
// (through src/codec/render), each carrying the resolution so a printer sizes it right (BMP
// biXPelsPerMeter, PNG pHYs chunk, JFIF density).
//   DISCUS_TRY(base::Bytes bmp, encode_bmp(rgb_image, 300));
#pragma once

#include "base/bytes.h"
#include "base/result.h"
#include "codec/render/pipeline.h"

namespace discus::media::label {

base::Result<base::Bytes> encode_bmp(const codec::render::Image& rgb, double dpi);
base::Result<base::Bytes> encode_png_at(const codec::render::Image& rgb, double dpi);
base::Result<base::Bytes> encode_jpeg_at(const codec::render::Image& rgb, double dpi);

}  // namespace discus::media::label
