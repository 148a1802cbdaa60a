// JPEG-LS codec (CharLS): lossless round trips over 8/12/16 bits, signed and unsigned, 1 and 3
// samples, single and multi-frame (through transcode_pixel_data), near-lossless bounds, and
// rejection of streams that disagree with the data set.
#include "codec/jpeg_ls/jpeg_ls.h"

#include <gtest/gtest.h>

#include <tuple>

#include "codec/frames/transcode_pixels.h"
#include "dicom/dict/transfer_syntax.h"
#include "jpeg_ls/roundtrip_support.h"

namespace discus::codec {
namespace {

using base::Bytes;
using testing::image_info;
using testing::synthetic_frame;

constexpr const char* kLossless = "1.2.840.10008.1.2.4.80";

class JpegLsRoundTrip : public ::testing::TestWithParam<std::tuple<unsigned, unsigned, bool>> {};

TEST_P(JpegLsRoundTrip, DecodesToTheSameBytes) {
  const auto [bits, spp, is_signed] = GetParam();
  FrameInfo info = image_info(bits, spp, is_signed);
  const Bytes native = synthetic_frame(info, bits * 7 + spp);
  FrameInfo enc_info = info;
  auto stream = jpeg_ls::encode(native, enc_info);
  ASSERT_TRUE(stream) << stream.error().message;
  EXPECT_LT(stream->size(), native.size() * 2);
  EXPECT_EQ((*stream)[0], 0xFF);
  EXPECT_EQ((*stream)[1], 0xD8);  // SOI
  FrameInfo dec_info = info;
  auto back = jpeg_ls::decode(*stream, dec_info);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, native);
  EXPECT_EQ(dec_info.photometric_interpretation, info.photometric_interpretation);
}

INSTANTIATE_TEST_SUITE_P(BitsSamplesSign, JpegLsRoundTrip,
                         ::testing::Combine(::testing::Values(8u, 12u, 16u), ::testing::Values(1u, 3u), ::testing::Bool()));

TEST(JpegLs, PlanarInputComesBackColourByPixel) {
  FrameInfo info = image_info(8, 3, false);
  const Bytes by_pixel = synthetic_frame(info, 3);
  const std::size_t pixels = std::size_t{info.rows} * info.columns;
  Bytes by_plane(by_pixel.size());
  for (std::size_t i = 0; i < pixels; ++i)
    for (unsigned c = 0; c < 3; ++c) by_plane[c * pixels + i] = by_pixel[i * 3 + c];
  FrameInfo planar = info;
  planar.planar_configuration = 1;
  auto stream = jpeg_ls::encode(by_plane, planar);
  ASSERT_TRUE(stream) << stream.error().message;
  FrameInfo dec = info;
  auto back = jpeg_ls::decode(*stream, dec);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, by_pixel);
  EXPECT_EQ(dec.planar_configuration, 0);
}

// Words whose bits above High Bit are not redundant (unsigned data with bits set there) are coded
// whole, so the bytes still come back.
TEST(JpegLs, NonRedundantHighBitsSurvive) {
  FrameInfo info = image_info(12, 1, false);
  Bytes native = synthetic_frame(info, 5);
  native[1] |= 0xF0;
  native[7] |= 0x30;
  FrameInfo enc = info;
  auto stream = jpeg_ls::encode(native, enc);
  ASSERT_TRUE(stream) << stream.error().message;
  FrameInfo dec = info;
  auto back = jpeg_ls::decode(*stream, dec);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, native);
}

TEST(JpegLs, NearLosslessStaysWithinNear) {
  FrameInfo info = image_info(12, 1, false, 32, 32);
  const Bytes native = synthetic_frame(info, 9);
  FrameInfo enc = info;
  auto lossless = jpeg_ls::encode(native, enc);
  auto near = jpeg_ls::encode(native, enc, {.near_lossless = 3});
  ASSERT_TRUE(lossless && near);
  EXPECT_LT(near->size(), lossless->size());
  FrameInfo dec = info;
  auto back = jpeg_ls::decode(*near, dec);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->size(), native.size());
  int worst = 0;
  for (std::size_t i = 0; i < native.size(); i += 2) {
    const int a = native[i] | (native[i + 1] << 8), b = (*back)[i] | ((*back)[i + 1] << 8);
    worst = std::max(worst, std::abs(a - b));
  }
  EXPECT_LE(worst, 3);
  EXPECT_GT(worst, 0);
  EXPECT_FALSE(jpeg_ls::encode(native, enc, {.near_lossless = 5000}));
}

TEST(JpegLs, StreamThatDisagreesWithTheDataSetIsRefused) {
  FrameInfo info = image_info(16, 1, false);
  const Bytes native = synthetic_frame(info, 1);
  FrameInfo enc = info;
  auto stream = jpeg_ls::encode(native, enc);
  ASSERT_TRUE(stream);
  FrameInfo taller = info;
  taller.rows += 1;
  EXPECT_FALSE(jpeg_ls::decode(*stream, taller));
  FrameInfo colour = info;
  colour.samples_per_pixel = 3;
  EXPECT_FALSE(jpeg_ls::decode(*stream, colour));
  FrameInfo narrow = info;
  narrow.bits_allocated = 8;
  narrow.bits_stored = 8;
  EXPECT_FALSE(jpeg_ls::decode(*stream, narrow));
  Bytes truncated(stream->begin(), stream->begin() + static_cast<std::ptrdiff_t>(stream->size() / 2));
  FrameInfo same = info;
  auto cut = jpeg_ls::decode(truncated, same);
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code, base::ErrorCode::kTruncated);
  truncated.insert(truncated.end(), {0xFF, 0xD9});  // cut scan, then EOI: CharLS must refuse it
  EXPECT_FALSE(jpeg_ls::decode(truncated, same));
  Bytes padded = *stream;
  padded.push_back(0);  // odd-fragment padding after EOI is allowed
  auto with_pad = jpeg_ls::decode(padded, same);
  ASSERT_TRUE(with_pad) << with_pad.error().message;
  EXPECT_EQ(*with_pad, native);
  EXPECT_FALSE(jpeg_ls::decode(Bytes{0xFF, 0xD8, 0xFF}, same));
}

TEST(JpegLs, EncodeRefusesWhatItCannotCode) {
  FrameInfo info = image_info(8, 1, false);
  const Bytes native = synthetic_frame(info, 1);
  FrameInfo wrong_size = info;
  wrong_size.rows = 2;
  EXPECT_FALSE(jpeg_ls::encode(native, wrong_size));
  FrameInfo four = info;
  four.samples_per_pixel = 4;
  EXPECT_FALSE(jpeg_ls::encode(Bytes(native.size() * 4), four));
}

// Multi-frame data sets through the transcoder and the registry, and back to native.
class JpegLsTranscode : public ::testing::TestWithParam<std::tuple<unsigned, unsigned, bool, unsigned>> {};

TEST_P(JpegLsTranscode, NativeToJpegLsAndBack) {
  const auto [bits, spp, is_signed, frames] = GetParam();
  const FrameInfo info = image_info(bits, spp, is_signed, 8, 11);
  dicom::DataSet ds = testing::native_dataset(info, frames);
  const Bytes original = ds.find(dicom::tags::PixelData)->value.bytes;
  CodecRegistry registry;
  register_jpeg_ls(registry);
  const auto* native_ts = dicom::dict::find_transfer_syntax("1.2.840.10008.1.2.1");
  const auto* jls = dicom::dict::find_transfer_syntax(kLossless);
  ASSERT_TRUE(native_ts && jls);
  auto st = transcode_pixel_data(ds, *native_ts, *jls, registry);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(ds.find(dicom::tags::PixelData)->kind, dicom::Element::Kind::kEncapsulated);
  st = transcode_pixel_data(ds, *jls, *native_ts, registry);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(ds.find(dicom::tags::PixelData)->value.bytes, original);
  EXPECT_EQ(ds.get_string(dicom::tags::PhotometricInterpretation).value_or(""), info.photometric_interpretation);
}

INSTANTIATE_TEST_SUITE_P(Frames, JpegLsTranscode,
                         ::testing::Combine(::testing::Values(8u, 12u, 16u), ::testing::Values(1u, 3u), ::testing::Bool(),
                                            ::testing::Values(1u, 3u)));

TEST(JpegLs, RegistryHasBothSyntaxes) {
  CodecRegistry registry;
  register_jpeg_ls(registry);
  EXPECT_NE(registry.decoder("1.2.840.10008.1.2.4.80"), nullptr);
  EXPECT_NE(registry.decoder("1.2.840.10008.1.2.4.81"), nullptr);
  EXPECT_NE(registry.encoder("1.2.840.10008.1.2.4.80"), nullptr);
  EXPECT_NE(registry.encoder("1.2.840.10008.1.2.4.81"), nullptr);
}

}  // namespace
}  // namespace discus::codec
