// discus::codec::render — resizing rendered images by area averaging (a box filter: each output
// pixel is the mean of the source area it covers, partial pixels weighted by their coverage).
//
// Shrinking this way keeps thin bright structures visible as grey instead of dropping them, which
// is what thumbnails and icons need; enlarging with it replicates pixels.
//
//   Image small = fit_within(img, 256);     // longest side 256, aspect kept, never enlarged
//   Image icon = letterbox(img, 64);         // exactly 64x64, image centred on black
#pragma once

#include "codec/render/pipeline.h"

namespace discus::codec::render {

Image resize_area(const Image& in, std::uint32_t width, std::uint32_t height);

// The dimensions that fit `width` x `height` inside a `side` x `side` square, aspect kept, each at
// least 1 (images are shrunk or enlarged to touch the square).
void fit_dimensions(std::uint32_t width, std::uint32_t height, std::uint32_t side, std::uint32_t& w, std::uint32_t& h);

// Shrinks so that neither side exceeds `max_side`; smaller images are returned unchanged.
Image fit_within(const Image& in, std::uint32_t max_side);

// Scales (up or down) to fit a `side` x `side` square and centres it on black.
Image letterbox(const Image& in, std::uint32_t side);

}  // namespace discus::codec::render
