// JPEG 2000 codec (OpenJPEG): lossless round trips over 8/12/16 bits, signed and unsigned, 1 and 3
// samples, single and multi-frame (through transcode_pixel_data, where RGB becomes YBR_RCT and
// comes back RGB), the lossy 9-7 path, JP2-wrapped input, threads, and refusal of streams that
// disagree with the data set.
#include "codec/jpeg2000/jpeg2000.h"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

#include "codec/frames/transcode_pixels.h"
#include "dicom/dict/transfer_syntax.h"
#include "jpeg_ls/roundtrip_support.h"

namespace discus::codec {
namespace {

using base::Bytes;
using testing::image_info;
using testing::synthetic_frame;

class Jpeg2000RoundTrip : public ::testing::TestWithParam<std::tuple<unsigned, unsigned, bool>> {};

TEST_P(Jpeg2000RoundTrip, DecodesToTheSameBytes) {
  const auto [bits, spp, is_signed] = GetParam();
  const FrameInfo info = image_info(bits, spp, is_signed);
  const Bytes native = synthetic_frame(info, bits * 5 + spp);
  FrameInfo enc = info;
  auto stream = jpeg2000::encode(native, enc, {.threads = 1});
  ASSERT_TRUE(stream) << stream.error().message;
  ASSERT_GE(stream->size(), 4u);
  EXPECT_EQ((*stream)[0], 0xFF);
  EXPECT_EQ((*stream)[1], 0x4F);  // SOC: a raw codestream
  EXPECT_EQ(enc.photometric_interpretation, spp == 3 ? "YBR_RCT" : "MONOCHROME2");
  FrameInfo dec = enc;
  auto back = jpeg2000::decode(*stream, dec, {.threads = 2});
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, native);
  EXPECT_EQ(dec.photometric_interpretation, info.photometric_interpretation);
}

INSTANTIATE_TEST_SUITE_P(BitsSamplesSign, Jpeg2000RoundTrip,
                         ::testing::Combine(::testing::Values(8u, 12u, 16u), ::testing::Values(1u, 3u), ::testing::Bool()));

TEST(Jpeg2000, TinyAndOddSizedImagesRoundTrip) {
  for (auto [rows, cols] : {std::pair{1u, 1u}, {1u, 7u}, {5u, 3u}, {33u, 65u}}) {
    const FrameInfo info = image_info(16, 1, true, rows, cols);
    const Bytes native = synthetic_frame(info, rows + cols);
    FrameInfo enc = info;
    auto stream = jpeg2000::encode(native, enc);
    ASSERT_TRUE(stream) << rows << "x" << cols << ": " << stream.error().message;
    FrameInfo dec = info;
    auto back = jpeg2000::decode(*stream, dec);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, native) << rows << "x" << cols;
  }
}

TEST(Jpeg2000, NonRedundantHighBitsSurvive) {
  FrameInfo info = image_info(12, 1, true);
  Bytes native = synthetic_frame(info, 2);
  native[1] = static_cast<std::uint8_t>((native[1] & 0x0F) | 0x50);  // neither zeros nor a sign extension
  FrameInfo enc = info;
  auto stream = jpeg2000::encode(native, enc);
  ASSERT_TRUE(stream) << stream.error().message;
  FrameInfo dec = info;
  auto back = jpeg2000::decode(*stream, dec);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, native);
}

// 9-7 with ICT: smaller than lossless, close to the original, labelled YBR_ICT.
TEST(Jpeg2000, LossyIsSmallerAndClose) {
  const FrameInfo info = image_info(8, 3, false, 64, 64);
  Bytes native(info.native_frame_size());
  for (std::size_t i = 0; i < native.size(); ++i) native[i] = static_cast<std::uint8_t>(128 + 100 * std::sin(static_cast<double>(i % 192) / 20.0));
  FrameInfo lossless_info = info, lossy_info = info;
  auto lossless = jpeg2000::encode(native, lossless_info);
  auto lossy = jpeg2000::encode(native, lossy_info, {.irreversible = true, .ratio = 20});
  ASSERT_TRUE(lossless && lossy);
  EXPECT_LT(lossy->size(), lossless->size());
  EXPECT_EQ(lossy_info.photometric_interpretation, "YBR_ICT");
  FrameInfo dec = lossy_info;
  auto back = jpeg2000::decode(*lossy, dec);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->size(), native.size());
  double error = 0;
  for (std::size_t i = 0; i < native.size(); ++i) error += std::abs(int{native[i]} - int{(*back)[i]});
  EXPECT_LT(error / static_cast<double>(native.size()), 8.0);
  EXPECT_EQ(dec.photometric_interpretation, "RGB");
  FrameInfo quality_info = info;
  auto by_quality = jpeg2000::encode(native, quality_info, {.irreversible = true, .psnr = 40});
  ASSERT_TRUE(by_quality) << by_quality.error().message;
  EXPECT_LT(by_quality->size(), lossless->size());
}

// A JP2 file (signature box, header boxes, then the codestream box) decodes like the bare codestream.
TEST(Jpeg2000, Jp2WrappedStreamDecodes) {
  const FrameInfo info = image_info(8, 1, false, 16, 16);
  const Bytes native = synthetic_frame(info, 4);
  FrameInfo enc = info;
  auto j2k = jpeg2000::encode(native, enc);
  ASSERT_TRUE(j2k);
  auto box = [](const char* type, const Bytes& body) {
    const std::size_t n = body.size() + 8;
    Bytes b(n);
    for (int i = 0; i < 4; ++i) {
      b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (24 - 8 * i));
      b[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(type[i]);
    }
    std::copy(body.begin(), body.end(), b.begin() + 8);
    return b;
  };
  // 15444-1 I.5: jP, ftyp, jp2h (ihdr, colr), jp2c.
  Bytes jp2 = box("jP  ", {0x0D, 0x0A, 0x87, 0x0A});
  const Bytes ftyp = box("ftyp", {'j', 'p', '2', ' ', 0, 0, 0, 0, 'j', 'p', '2', ' '});
  const Bytes ihdr = box("ihdr", {0, 0, 0, 16, 0, 0, 0, 16, 0, 1, 7, 7, 0, 0});
  const Bytes colr = box("colr", {1, 0, 0, 0, 0, 0, 17});
  Bytes header = ihdr;
  header.insert(header.end(), colr.begin(), colr.end());
  for (const Bytes& b : {ftyp, box("jp2h", header), box("jp2c", *j2k)}) jp2.insert(jp2.end(), b.begin(), b.end());
  FrameInfo dec = info;
  auto back = jpeg2000::decode(jp2, dec);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, native);
}

TEST(Jpeg2000, StreamThatDisagreesWithTheDataSetIsRefused) {
  const FrameInfo info = image_info(16, 1, false);
  const Bytes native = synthetic_frame(info, 1);
  FrameInfo enc = info;
  auto stream = jpeg2000::encode(native, enc);
  ASSERT_TRUE(stream);
  FrameInfo wider = info;
  wider.columns += 1;
  EXPECT_FALSE(jpeg2000::decode(*stream, wider));
  FrameInfo colour = info;
  colour.samples_per_pixel = 3;
  EXPECT_FALSE(jpeg2000::decode(*stream, colour));
  FrameInfo narrow = info;
  narrow.bits_allocated = narrow.bits_stored = 8;
  auto refused = jpeg2000::decode(*stream, narrow);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("Bits Allocated"), std::string::npos);
  FrameInfo same = info;
  Bytes truncated(stream->begin(), stream->begin() + static_cast<std::ptrdiff_t>(stream->size() / 3));
  auto cut = jpeg2000::decode(truncated, same);
  if (cut) {
    EXPECT_NE(*cut, native);  // OpenJPEG may decode what is there; it cannot be the whole image
  }
  EXPECT_FALSE(jpeg2000::decode(Bytes{0xFF, 0x4F, 0xFF, 0x51, 0, 4}, same));
  EXPECT_FALSE(jpeg2000::decode(Bytes{1, 2, 3, 4, 5}, same));
}

TEST(Jpeg2000, EncodeRefusesWhatItCannotCode) {
  FrameInfo info = image_info(8, 3, false);
  const Bytes native = synthetic_frame(info, 1);
  FrameInfo subsampled = info;
  subsampled.photometric_interpretation = "YBR_FULL_422";
  EXPECT_FALSE(jpeg2000::encode(native, subsampled));
  FrameInfo short_frame = info;
  short_frame.rows = 3;
  EXPECT_FALSE(jpeg2000::encode(native, short_frame));
  // YBR_FULL keeps its label: no component transform.
  FrameInfo ybr = info;
  ybr.photometric_interpretation = "YBR_FULL";
  auto s = jpeg2000::encode(native, ybr);
  ASSERT_TRUE(s);
  EXPECT_EQ(ybr.photometric_interpretation, "YBR_FULL");
}

class Jpeg2000Transcode : public ::testing::TestWithParam<std::tuple<unsigned, unsigned, bool, unsigned>> {};

TEST_P(Jpeg2000Transcode, NativeToJpeg2000AndBack) {
  const auto [bits, spp, is_signed, frames] = GetParam();
  const FrameInfo info = image_info(bits, spp, is_signed, 8, 11);
  dicom::DataSet ds = testing::native_dataset(info, frames);
  const Bytes original = ds.find(dicom::tags::PixelData)->value.bytes;
  CodecRegistry registry;
  register_jpeg2000(registry);
  const auto* native_ts = dicom::dict::find_transfer_syntax("1.2.840.10008.1.2.1");
  const auto* j2k = dicom::dict::find_transfer_syntax("1.2.840.10008.1.2.4.90");
  ASSERT_TRUE(native_ts && j2k);
  auto st = transcode_pixel_data(ds, *native_ts, *j2k, registry);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(ds.get_string(dicom::tags::PhotometricInterpretation).value_or(""), spp == 3 ? "YBR_RCT" : "MONOCHROME2");
  st = transcode_pixel_data(ds, *j2k, *native_ts, registry);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(ds.find(dicom::tags::PixelData)->value.bytes, original);
  EXPECT_EQ(ds.get_string(dicom::tags::PhotometricInterpretation).value_or(""), info.photometric_interpretation);
}

INSTANTIATE_TEST_SUITE_P(Frames, Jpeg2000Transcode,
                         ::testing::Combine(::testing::Values(8u, 12u, 16u), ::testing::Values(1u, 3u), ::testing::Bool(),
                                            ::testing::Values(1u, 3u)));

TEST(Jpeg2000, RegistryHasEverySyntax) {
  CodecRegistry registry;
  register_jpeg2000(registry);
  for (const char* ts : {"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
                         "1.2.840.10008.1.2.4.203"})
    EXPECT_NE(registry.decoder(ts), nullptr) << ts;
  EXPECT_NE(registry.encoder("1.2.840.10008.1.2.4.90"), nullptr);
  EXPECT_NE(registry.encoder("1.2.840.10008.1.2.4.91"), nullptr);
  EXPECT_EQ(registry.encoder("1.2.840.10008.1.2.4.201"), nullptr);  // OpenJPEG 2.5 has no HT encoder
}

}  // namespace
}  // namespace discus::codec
