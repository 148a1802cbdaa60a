// discus::codec::render — the grayscale and palette display pipeline as pure functions (PS3.3
// C.11, PS3.4 Annex N): stored value -> Modality LUT -> VOI LUT -> Presentation LUT -> 8 bits.
//
// Each stage is a value built from the data set (see attributes.h) and applied by a function that
// touches no globals, so the arithmetic is testable against hand-computed values.
//
//   GrayscalePipeline p;  p.window = Window{40, 400, VoiFunction::kLinear};
//   Image img = render_grayscale(samples, 512, 512, p);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/bytes.h"

namespace discus::codec::render {

// An 8-bit picture: `channels` 1 (gray) or 3 (RGB, interleaved), rows top to bottom.
struct Image {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint8_t channels = 1;
  base::Bytes pixels;

  std::uint8_t at(std::uint32_t x, std::uint32_t y, unsigned c = 0) const {
    return pixels[(static_cast<std::size_t>(y) * width + x) * channels + c];
  }
};

// A lookup table as PS3.3 C.11.1.1.1 / C.7.6.3.1.5 describe it: `data.size()` entries, the first
// mapping input value `first_mapped`, each entry `bits` wide. Inputs below the first mapped value
// take the first entry, inputs past the last take the last one.
struct Lut {
  std::int64_t first_mapped = 0;
  std::uint16_t bits = 16;
  std::vector<std::uint16_t> data;

  std::uint16_t lookup(std::int64_t x) const;
  // The entry scaled to 0..255 (full scale of `bits` bits).
  double lookup_unit(std::int64_t x) const;
};

// VOI LUT Function (0028,1056), PS3.3 C.11.2.1.2 and C.11.2.1.3.
enum class VoiFunction { kLinear, kLinearExact, kSigmoid };

struct Window {
  double center = 0;
  double width = 1;
  VoiFunction function = VoiFunction::kLinear;
};

// The window applied to `x`, giving a value in [0, 255] (y_min = 0, y_max = 255), with the
// formulas of PS3.3 C.11.2.1.2.1 (LINEAR), C.11.2.1.3.2 (LINEAR_EXACT), C.11.2.1.3.1 (SIGMOID).
double apply_window(const Window& w, double x);

struct GrayscalePipeline {
  // Modality LUT stage (C.11.1): the LUT when present, else slope and intercept.
  double slope = 1;
  double intercept = 0;
  std::optional<Lut> modality_lut;
  // VOI LUT stage (C.11.2): a window, else a LUT, else the minimum and maximum of the frame's
  // modality values are stretched to 0..255.
  std::optional<Window> window;
  std::optional<Lut> voi_lut;
  // Presentation LUT stage: MONOCHROME1 or Presentation LUT Shape INVERSE (C.11.6) shows the
  // lowest value as white.
  bool invert = false;
};

double modality_value(const GrayscalePipeline& p, std::int64_t stored);

// One frame of stored values (sign-extended and masked already) to 8-bit gray.
Image render_grayscale(std::span<const std::int64_t> samples, std::uint32_t width, std::uint32_t height,
                       const GrayscalePipeline& p);

// Red, green and blue Palette Color LUTs (C.7.6.3.1.5), the entries as 8 or 16-bit values.
struct Palette {
  Lut red, green, blue;
};

Image render_palette(std::span<const std::int64_t> samples, std::uint32_t width, std::uint32_t height, const Palette& p);

// Three samples per pixel, colour-by-pixel, `bits_stored` bits each. "RGB" is scaled to 8 bits;
// "YBR_FULL" is converted to RGB with the equations of PS3.3 C.7.6.3.1.2 (other YBR kinds are
// decoded to RGB or YBR_FULL by the codecs or by unpack_samples before this).
Image render_color(std::span<const std::int64_t> samples, std::uint32_t width, std::uint32_t height,
                   std::uint16_t bits_stored, bool ybr_full);

}  // namespace discus::codec::render
