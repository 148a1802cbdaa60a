// The display pipeline (PS3.3 C.11) against values computed by hand from the standard's formulas.
#include "codec/render/pipeline.h"

#include <gtest/gtest.h>

#include <cmath>

#include "codec/render/samples.h"

namespace discus::codec::render {
namespace {

using base::Bytes;

TEST(Window, LinearFollowsC112121AtTheBorders) {
  // c = 40, w = 400: ramp from c - 0.5 - 199.5 = -160 (exclusive) to c - 0.5 + 199.5 = 239.
  const Window w{40, 400, VoiFunction::kLinear};
  EXPECT_DOUBLE_EQ(apply_window(w, -1000), 0);
  EXPECT_DOUBLE_EQ(apply_window(w, -160), 0);
  EXPECT_NEAR(apply_window(w, -159), (-198.5 / 399 + 0.5) * 255, 1e-9);  // 0.639
  EXPECT_NEAR(apply_window(w, 40), (0.5 / 399 + 0.5) * 255, 1e-9);       // 127.82
  EXPECT_DOUBLE_EQ(apply_window(w, 239), 255);
  EXPECT_DOUBLE_EQ(apply_window(w, 240), 255);
}

TEST(Window, LinearWidthOneIsAThresholdAtCenterMinusHalf) {
  const Window w{10, 1, VoiFunction::kLinear};
  EXPECT_DOUBLE_EQ(apply_window(w, 9), 0);
  EXPECT_DOUBLE_EQ(apply_window(w, 10), 255);
}

TEST(Window, LinearExactFollowsC112132) {
  const Window w{40, 400, VoiFunction::kLinearExact};
  EXPECT_DOUBLE_EQ(apply_window(w, -160), 0);
  EXPECT_NEAR(apply_window(w, -159), 0.0025 * 255, 1e-9);
  EXPECT_DOUBLE_EQ(apply_window(w, 40), 127.5);
  EXPECT_DOUBLE_EQ(apply_window(w, 240), 255);
  EXPECT_DOUBLE_EQ(apply_window(w, 241), 255);
  EXPECT_NEAR(apply_window(w, 140), 191.25, 1e-9);
}

TEST(Window, SigmoidFollowsC112131) {
  const Window w{40, 400, VoiFunction::kSigmoid};
  EXPECT_DOUBLE_EQ(apply_window(w, 40), 127.5);
  EXPECT_NEAR(apply_window(w, 140), 255 / (1 + std::exp(-1.0)), 1e-9);  // 186.42
  EXPECT_NEAR(apply_window(w, -60), 255 / (1 + std::exp(1.0)), 1e-9);   // 68.58
  EXPECT_GT(apply_window(w, 1e6), 254.99);
  EXPECT_LT(apply_window(w, -1e6), 0.01);
}

TEST(Grayscale, RescaleThenWindow) {
  GrayscalePipeline p;
  p.slope = 2;
  p.intercept = -100;
  p.window = Window{0, 200, VoiFunction::kLinearExact};
  const std::vector<std::int64_t> stored{0, 50, 75, 100};  // modality -100, 0, 50, 100
  const Image img = render_grayscale(stored, 4, 1, p);
  EXPECT_EQ(img.pixels, (Bytes{0, 128, 191, 255}));  // 127.5 and 191.25 rounded
}

TEST(Grayscale, MinMaxWithoutWindowAndMonochrome1Inversion) {
  GrayscalePipeline p;
  const std::vector<std::int64_t> stored{-20, 0, 20, 80};  // range -20..80 stretched to 0..255
  EXPECT_EQ(render_grayscale(stored, 2, 2, p).pixels, (Bytes{0, 51, 102, 255}));
  p.invert = true;
  EXPECT_EQ(render_grayscale(stored, 2, 2, p).pixels, (Bytes{255, 204, 153, 0}));
}

TEST(Grayscale, ModalityLutSequenceAndVoiLut) {
  GrayscalePipeline p;
  p.modality_lut = Lut{-2, 16, {100, 200, 300}};  // stored -2,-1,0 -> 100,200,300; beyond clamps
  p.voi_lut = Lut{100, 8, {}};
  p.voi_lut->data.resize(201);
  for (std::size_t i = 0; i <= 200; ++i) p.voi_lut->data[i] = static_cast<std::uint16_t>(i * 255 / 200);
  const std::vector<std::int64_t> stored{-5, -2, -1, 0, 7};
  EXPECT_EQ(render_grayscale(stored, 5, 1, p).pixels, (Bytes{0, 0, 127, 255, 255}));
}

TEST(Palette, EightBitEntriesWithFirstMappedValue) {
  Palette pal;
  pal.red = Lut{10, 8, {0, 100, 200, 255}};
  pal.green = Lut{10, 8, {255, 200, 100, 0}};
  pal.blue = Lut{10, 8, {7, 7, 7, 7}};
  const std::vector<std::int64_t> idx{9, 11, 20};  // below the first, second entry, past the last
  EXPECT_EQ(render_palette(idx, 3, 1, pal).pixels, (Bytes{0, 255, 7, 100, 200, 7, 255, 0, 7}));
}

TEST(Palette, SixteenBitEntriesScaleToEightBits) {
  Palette pal;
  pal.red = pal.green = pal.blue = Lut{0, 16, {0, 0x8000, 0xFFFF}};
  const std::vector<std::int64_t> idx{0, 1, 2};
  EXPECT_EQ(render_palette(idx, 3, 1, pal).pixels, (Bytes{0, 0, 0, 128, 128, 128, 255, 255, 255}));
}

TEST(Color, YbrFullToRgbFollowsC76312) {
  const std::vector<std::int64_t> s{128, 128, 255, 100, 128, 128, 200, 0, 128};
  const Image img = render_color(s, 3, 1, 8, true);
  // Cr 255: R = 128 + 1.402 * 127 (clipped), G = 128 - 0.714136 * 127 = 37.3, B = 128.
  EXPECT_EQ(img.pixels, (Bytes{255, 37, 128, 100, 100, 100, 200, 244, 0}));
  EXPECT_EQ(render_color(std::vector<std::int64_t>{0, 4095, 2048}, 1, 1, 12, false).pixels, (Bytes{0, 255, 128}));
}

FrameInfo info(std::uint32_t rows, std::uint32_t cols, std::uint16_t spp, std::uint16_t ba, std::uint16_t bs, std::uint16_t pr,
               std::string pi, std::uint16_t planar = 0) {
  FrameInfo i;
  i.rows = rows;
  i.columns = cols;
  i.samples_per_pixel = spp;
  i.bits_allocated = ba;
  i.bits_stored = bs;
  i.pixel_representation = pr;
  i.photometric_interpretation = std::move(pi);
  i.planar_configuration = planar;
  return i;
}

TEST(Samples, SignedTwelveBitsInSixteenAreMaskedAndSignExtended) {
  const Bytes raw{0xFF, 0x0F, 0x00, 0x08, 0xFF, 0x07, 0x01, 0xF0};  // 0x0FFF, 0x0800, 0x07FF, 0xF001
  auto s = unpack_samples(raw, info(1, 4, 1, 16, 12, 1, "MONOCHROME2"), 11);
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(*s, (std::vector<std::int64_t>{-1, -2048, 2047, 1}));
  auto u = unpack_samples(raw, info(1, 4, 1, 16, 12, 0, "MONOCHROME2"), 11);
  ASSERT_TRUE(u);
  EXPECT_EQ(*u, (std::vector<std::int64_t>{4095, 2048, 2047, 1}));
  // High bit 15 with 12 stored: the top 12 bits.
  auto h = unpack_samples(raw, info(1, 4, 1, 16, 12, 0, "MONOCHROME2"), 15);
  ASSERT_TRUE(h);
  EXPECT_EQ(*h, (std::vector<std::int64_t>{0x0FF, 0x080, 0x07F, 0xF00}));
}

TEST(Samples, PlanarConfigurationOneBecomesColourByPixel) {
  const Bytes raw{1, 2, 10, 20, 100, 200};
  auto s = unpack_samples(raw, info(1, 2, 3, 8, 8, 0, "RGB", 1), 7);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (std::vector<std::int64_t>{1, 10, 100, 2, 20, 200}));
  auto p = unpack_samples(raw, info(1, 2, 3, 8, 8, 0, "RGB", 0), 7);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, (std::vector<std::int64_t>{1, 2, 10, 20, 100, 200}));
}

TEST(Samples, YbrFull422SharesChromaBetweenPixelPairs) {
  const Bytes raw{50, 60, 70, 80};  // Y1 Y2 Cb Cr
  const FrameInfo i = info(1, 2, 3, 8, 8, 0, "YBR_FULL_422");
  EXPECT_EQ(native_frame_bytes(i), 4u);
  auto s = unpack_samples(raw, i, 7);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (std::vector<std::int64_t>{50, 70, 80, 60, 70, 80}));
}

TEST(Samples, OneBitPixelsLowBitFirstAndThirtyTwoBits) {
  auto b = unpack_samples(Bytes{0b00000101}, info(1, 3, 1, 1, 1, 0, "MONOCHROME2"), 0);
  ASSERT_TRUE(b);
  EXPECT_EQ(*b, (std::vector<std::int64_t>{1, 0, 1}));
  auto w = unpack_samples(Bytes{0xFF, 0xFF, 0xFF, 0xFF}, info(1, 1, 1, 32, 32, 1, "MONOCHROME2"), 31);
  ASSERT_TRUE(w);
  EXPECT_EQ(*w, (std::vector<std::int64_t>{-1}));
}

TEST(Samples, RefusesShortFramesAndImpossibleBits) {
  EXPECT_FALSE(unpack_samples(Bytes{1, 2, 3}, info(1, 2, 1, 16, 16, 0, "MONOCHROME2"), 15));
  EXPECT_FALSE(unpack_samples(Bytes{1, 2, 3, 4}, info(1, 2, 1, 16, 17, 0, "MONOCHROME2"), 16));
  EXPECT_FALSE(unpack_samples(Bytes{1, 2, 3, 4}, info(1, 2, 1, 12, 12, 0, "MONOCHROME2"), 11));
}

}  // namespace
}  // namespace discus::codec::render
