// JPEG baseline/extended codec tests: lossy round trips through libjpeg-turbo, our own DCT
// decoder against libjpeg-turbo on 8-bit streams, real 8 and 12-bit files from pydicom, hostile
// streams. The dcmdjpeg/gdcmconv comparison is tests/oracle/jpeg_dct_oracle.py.
#include <gtest/gtest.h>

#include "codec/jpeg/jpeg.h"
#include "jpeg_test_support.h"

namespace discus::codec {
namespace {

using jpeg_test::compare;
using jpeg_test::psnr;
using jpeg_test::synthetic_image;

FrameInfo eight_bit(std::uint32_t rows, std::uint32_t columns, std::uint16_t spp, const char* pi) {
  FrameInfo f;
  f.rows = rows;
  f.columns = columns;
  f.samples_per_pixel = spp;
  f.bits_allocated = 8;
  f.bits_stored = 8;
  f.photometric_interpretation = pi;
  return f;
}

// The sampling factors byte of each component in the stream's SOF0.
std::vector<int> sof0_sampling(const base::Bytes& s) {
  for (std::size_t i = 0; i + 10 < s.size(); ++i) {
    if (s[i] == 0xFF && s[i + 1] == 0xC0) {
      std::vector<int> out;
      for (unsigned c = 0; c < s[i + 9] && i + 11 + 3 * c < s.size(); ++c) out.push_back(s[i + 11 + 3 * c]);
      return out;
    }
  }
  return {};
}

TEST(JpegBaseline, GreyRoundTripIsCloseAndQualityMatters) {
  const base::Bytes image = synthetic_image(67, 93, 1);
  FrameInfo info = eight_bit(67, 93, 1, "MONOCHROME2");
  auto high = jpeg::encode(image, info, {.quality = 95, .restart_interval = 0});
  ASSERT_TRUE(high) << high.error().describe();
  EXPECT_EQ(info.photometric_interpretation, "MONOCHROME2");
  FrameInfo low_info = eight_bit(67, 93, 1, "MONOCHROME2");
  auto low = jpeg::encode(image, low_info, {.quality = 30, .restart_interval = 0});
  ASSERT_TRUE(low);
  EXPECT_LT(low->size(), high->size());
  EXPECT_LT(high->size(), image.size());

  FrameInfo d1 = info, d2 = low_info;
  auto back_high = jpeg::decode(*high, d1);
  auto back_low = jpeg::decode(*low, d2);
  ASSERT_TRUE(back_high) << back_high.error().describe();
  ASSERT_TRUE(back_low);
  ASSERT_EQ(back_high->size(), image.size());
  EXPECT_GT(psnr(image, *back_high), 38.0);
  EXPECT_GT(psnr(image, *back_high), psnr(image, *back_low) + 3.0);
  EXPECT_GT(psnr(image, *back_low), 28.0);
}

TEST(JpegBaseline, RgbIsStoredAsYbrFull422AndDecodedToRgb) {
  const base::Bytes image = synthetic_image(40, 61, 3);
  FrameInfo info = eight_bit(40, 61, 3, "RGB");
  auto stream = jpeg::encode(image, info);
  ASSERT_TRUE(stream) << stream.error().describe();
  EXPECT_EQ(info.photometric_interpretation, "YBR_FULL_422");
  EXPECT_EQ(sof0_sampling(*stream), (std::vector<int>{0x21, 0x11, 0x11}));  // Y 2x1, Cb and Cr 1x1

  FrameInfo decoded_info = info;
  auto back = jpeg::decode(*stream, decoded_info);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(decoded_info.photometric_interpretation, "RGB");
  EXPECT_GT(psnr(image, *back), 30.0);

  // Colour-by-plane input and output.
  base::Bytes planar(image.size());
  const std::size_t pixels = 40u * 61u;
  for (std::size_t i = 0; i < pixels; ++i) for (std::size_t c = 0; c < 3; ++c) planar[c * pixels + i] = image[i * 3 + c];
  FrameInfo planar_info = eight_bit(40, 61, 3, "RGB");
  planar_info.planar_configuration = 1;
  auto planar_stream = jpeg::encode(planar, planar_info);
  ASSERT_TRUE(planar_stream);
  EXPECT_EQ(*planar_stream, *stream);
  FrameInfo as_planes = info;
  as_planes.planar_configuration = 1;
  auto planes = jpeg::decode(*stream, as_planes);
  ASSERT_TRUE(planes);
  EXPECT_GT(psnr(planar, *planes), 30.0);
}

TEST(JpegBaseline, EncoderRefusesWhatBaselineCannotHold) {
  const base::Bytes image(64 * 2, 0);
  FrameInfo wide = eight_bit(8, 8, 1, "MONOCHROME2");
  wide.bits_allocated = 16;
  wide.bits_stored = 12;
  EXPECT_FALSE(jpeg::encode(image, wide));
  FrameInfo signed_info = eight_bit(8, 8, 1, "MONOCHROME2");
  signed_info.pixel_representation = 1;
  EXPECT_FALSE(jpeg::encode(image, signed_info));
  FrameInfo palette = eight_bit(8, 8, 1, "PALETTE COLOR");
  EXPECT_FALSE(jpeg::encode(image, palette));
  FrameInfo grey = eight_bit(8, 8, 1, "MONOCHROME2");
  EXPECT_FALSE(jpeg::encode(image, grey, {.quality = 0, .restart_interval = 0}));
  EXPECT_FALSE(jpeg::encode(base::ByteView(image).first(10), grey));
}

// Our DCT decoder (used for 12-bit) against libjpeg-turbo on the same 8-bit streams.
TEST(JpegOwnDecoder, AgreesWithLibjpegOnGreyWithAndWithoutRestarts) {
  const base::Bytes image = synthetic_image(83, 71, 1, 7);
  for (unsigned restart : {0u, 1u, 5u}) {
    FrameInfo info = eight_bit(83, 71, 1, "MONOCHROME2");
    auto stream = jpeg::encode(image, info, {.quality = 85, .restart_interval = restart});
    ASSERT_TRUE(stream);
    FrameInfo a = info, b = info;
    auto ours = jpeg::decode_dct(*stream, a);
    auto theirs = jpeg::decode_libjpeg(*stream, b);
    ASSERT_TRUE(ours) << ours.error().describe();
    ASSERT_TRUE(theirs);
    const auto cmp = compare(*ours, *theirs, 1);
    EXPECT_LE(cmp.max_difference, 1) << "restart interval " << restart;
    EXPECT_GT(static_cast<double>(cmp.equal) / static_cast<double>(cmp.total), 0.95);
  }
}

TEST(JpegOwnDecoder, AgreesWithLibjpegOnSubsampledColour) {
  const base::Bytes image = synthetic_image(48, 80, 3, 3);
  FrameInfo info = eight_bit(48, 80, 3, "RGB");
  auto stream = jpeg::encode(image, info, {.quality = 90, .restart_interval = 2});
  ASSERT_TRUE(stream);
  FrameInfo a = info, b = info;
  auto ours = jpeg::decode_dct(*stream, a);
  auto theirs = jpeg::decode_libjpeg(*stream, b);
  ASSERT_TRUE(ours) << ours.error().describe();
  ASSERT_TRUE(theirs);
  EXPECT_EQ(a.photometric_interpretation, "RGB");
  const auto cmp = compare(*ours, *theirs, 1);
  // Same chroma filter; a unit of chroma IDCT rounding becomes up to 1.772 units of B or R.
  EXPECT_LE(cmp.max_difference, 3);
  EXPECT_GT(static_cast<double>(cmp.equal) / static_cast<double>(cmp.total), 0.9);
  EXPECT_GT(psnr(image, *ours), 28.0);
}

TEST(JpegOwnDecoder, AgreesWithLibjpegOnRealEightBitFiles) {
  for (const char* name : {"SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_dcmtk_+eb+cy+s4.dcm", "SC_rgb_small_odd_jpeg.dcm", "SC_jpeg_no_color_transform.dcm",
                           "SC_jpeg_no_color_transform_2.dcm", "SC_rgb_dcmtk_+eb+cr.dcm", "SC_rgb_dcmtk_+eb+cy+n1.dcm", "SC_rgb_dcmtk_+eb+cy+n2.dcm",
                           "SC_rgb_dcmtk_+eb+cy+np.dcm", "SC_rgb_dcmtk_+eb+cy+s2.dcm", "SC_rgb_jpeg.dcm", "SC_rgb_jpeg_app14_dcmd.dcm",
                           "SC_rgb_jpeg_lossy_gdcm.dcm"}) {
    jpeg_test::RealFrame f = jpeg_test::load_real_frame(name);
    ASSERT_FALSE(f.stream.empty()) << name;
    FrameInfo a = f.info, b = f.info;
    auto ours = jpeg::decode_dct(f.stream, a);
    auto theirs = jpeg::decode_libjpeg(f.stream, b);
    ASSERT_TRUE(ours) << name << ": " << ours.error().describe();
    ASSERT_TRUE(theirs) << name << ": " << theirs.error().describe();
    EXPECT_EQ(a.photometric_interpretation, b.photometric_interpretation);
    const auto cmp = compare(*ours, *theirs, 1);
    EXPECT_LE(cmp.max_difference, 2) << name;  // IDCT and colour conversion rounding
    EXPECT_GT(static_cast<double>(cmp.equal) / static_cast<double>(cmp.total), 0.9) << name;
  }
}

TEST(JpegExtended, DecodesTwelveBitFilesWithinTheirRange) {
  for (const char* name : {"JPEG-lossy.dcm", "JPGExtended.dcm"}) {
    jpeg_test::RealFrame f = jpeg_test::load_real_frame(name);
    ASSERT_FALSE(f.stream.empty()) << name;
    FrameInfo info = f.info;
    auto out = jpeg::decode(f.stream, info);
    ASSERT_TRUE(out) << name << ": " << out.error().describe();
    ASSERT_EQ(out->size(), f.info.native_frame_size());
    unsigned max = 0, min = 0xFFFF;
    for (std::size_t i = 0; i + 1 < out->size(); i += 2) {
      const unsigned v = (*out)[i] | (*out)[i + 1] << 8;
      max = std::max(max, v);
      min = std::min(min, v);
    }
    EXPECT_LE(max, 4095u) << name;
    EXPECT_LT(min, max) << name;  // a real image, not a flat fill
    EXPECT_EQ(info.photometric_interpretation, "MONOCHROME2");
    // libjpeg-turbo (8-bit only) must refuse it rather than mis-decode it.
    FrameInfo again = f.info;
    EXPECT_FALSE(jpeg::decode_libjpeg(f.stream, again));
  }
}

TEST(JpegDecoders, RejectStreamsThatDoNotMatchTheDataSet) {
  const base::Bytes image = synthetic_image(32, 32, 1);
  FrameInfo info = eight_bit(32, 32, 1, "MONOCHROME2");
  auto stream = jpeg::encode(image, info);
  ASSERT_TRUE(stream);
  for (auto decode : {&jpeg::decode_dct, &jpeg::decode_libjpeg}) {
    FrameInfo taller = info;
    taller.rows = 64;
    auto r = decode(*stream, taller);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("32x32"), std::string::npos) << r.error().message;
    FrameInfo colour = eight_bit(32, 32, 3, "RGB");
    EXPECT_FALSE(decode(*stream, colour));
    FrameInfo bad_bits = info;
    bad_bits.bits_allocated = 32;
    EXPECT_FALSE(decode(*stream, bad_bits));
    // Truncated in the middle of the entropy-coded data.
    FrameInfo same = info;
    auto cut = decode(base::ByteView(*stream).first(stream->size() / 2), same);
    ASSERT_FALSE(cut);
    FrameInfo again = info;
    EXPECT_FALSE(decode(base::ByteView(*stream).first(3), again));
  }
}

TEST(JpegOwnDecoder, RejectsHostileHeaders) {
  const base::Bytes image = synthetic_image(16, 16, 1);
  FrameInfo info = eight_bit(16, 16, 1, "MONOCHROME2");
  auto stream = jpeg::encode(image, info);
  ASSERT_TRUE(stream);
  auto find = [&](std::uint8_t marker) {
    for (std::size_t i = 0; i + 1 < stream->size(); ++i) if ((*stream)[i] == 0xFF && (*stream)[i + 1] == marker) return i;
    return std::size_t{0};
  };
  {  // no Huffman tables: DHT renamed to COM
    base::Bytes s = *stream;
    s[find(0xC4) + 1] = 0xFE;
    FrameInfo f = info;
    auto r = jpeg::decode_dct(s, f);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("never defined"), std::string::npos) << r.error().message;
  }
  {  // progressive frame: not ours to decode
    base::Bytes s = *stream;
    s[find(0xC0) + 1] = 0xC2;
    FrameInfo f = info;
    EXPECT_FALSE(jpeg::decode_dct(s, f));
  }
  {  // precision 12 in a baseline frame
    base::Bytes s = *stream;
    s[find(0xC0) + 4] = 12;
    FrameInfo f = info;
    f.bits_allocated = 16;
    EXPECT_FALSE(jpeg::decode_dct(s, f));
  }
  {  // sampling factor 0
    base::Bytes s = *stream;
    s[find(0xC0) + 11] = 0x01;
    FrameInfo f = info;
    EXPECT_FALSE(jpeg::decode_dct(s, f));
  }
}

TEST(JpegRegistry, RegistersBothSyntaxesAndTheBaselineEncoder) {
  const CodecRegistry r = all_codecs();
  EXPECT_NE(r.decoder("1.2.840.10008.1.2.4.50"), nullptr);
  EXPECT_NE(r.decoder("1.2.840.10008.1.2.4.51"), nullptr);
  EXPECT_NE(r.encoder("1.2.840.10008.1.2.4.50"), nullptr);
  EXPECT_EQ(r.encoder("1.2.840.10008.1.2.4.51"), nullptr);
}

}  // namespace
}  // namespace discus::codec
