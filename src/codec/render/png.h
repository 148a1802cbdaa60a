// discus::codec::render — PNG files through libpng (the only place png.h is included).
//
// 8-bit gray or RGB, no interlace, libpng's default compression. The reader exists so the tests
// can check what we wrote with the same library that every viewer uses.
//
//   DISCUS_TRY(base::Bytes png, encode_png(img));
//   DISCUS_TRY(Image back, decode_png(png));
#pragma once

#include "base/bytes.h"
#include "base/result.h"
#include "codec/render/pipeline.h"

namespace discus::codec::render {

base::Result<base::Bytes> encode_png(const Image& img);
// Any PNG, converted to 8-bit gray (1 channel) or RGB (3 channels) as it is stored.
base::Result<Image> decode_png(base::ByteView png);

}  // namespace discus::codec::render
