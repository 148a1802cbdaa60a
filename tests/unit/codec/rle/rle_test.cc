// RLE Lossless (PS3.5 Annex G): round trips, the exact bitstream for known inputs, hostile input.
#include "codec/rle/rle.h"

#include <gtest/gtest.h>

#include <random>

#include "base/endian.h"
#include "codec/frames/transcode_pixels.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/dict/uids.h"

namespace discus::codec {
namespace {

using base::Bytes;

FrameInfo geometry(std::uint32_t rows, std::uint32_t cols, std::uint16_t spp, std::uint16_t bits, std::uint16_t signed_ = 0,
                   std::uint16_t planar = 0) {
  FrameInfo i;
  i.rows = rows;
  i.columns = cols;
  i.samples_per_pixel = spp;
  i.bits_allocated = bits;
  i.bits_stored = bits;
  i.pixel_representation = signed_;
  i.planar_configuration = planar;
  i.photometric_interpretation = spp == 3 ? "RGB" : "MONOCHROME2";
  return i;
}

// Pixels with runs, noise and extremes, so both run kinds and the 128-byte limits are exercised.
Bytes test_pixels(const FrameInfo& info, unsigned seed) {
  Bytes px(static_cast<std::size_t>(info.native_frame_size()));
  std::mt19937 rng(seed);
  for (std::size_t i = 0; i < px.size(); ++i) {
    const std::size_t region = (i / 300) % 3;
    px[i] = region == 0 ? static_cast<std::uint8_t>(rng()) : region == 1 ? 0x80 : static_cast<std::uint8_t>(i / 7);
  }
  if (px.size() >= 4) px[0] = 0xFF, px[1] = 0x7F, px[2] = 0x00, px[3] = 0x80;  // min/max signed values
  return px;
}

TEST(Rle, RoundTripsEveryGeometry) {
  CodecRegistry r;
  register_rle(r);
  const Decoder* dec = r.decoder(dicom::uids::RLELossless);
  const Encoder* enc = r.encoder(dicom::uids::RLELossless);
  ASSERT_NE(dec, nullptr);
  ASSERT_NE(enc, nullptr);
  unsigned seed = 1;
  for (std::uint16_t bits : {8, 16, 32})
    for (std::uint16_t spp : {1, 3})
      for (std::uint16_t sign : {0, 1})
        for (std::uint16_t planar : {0, 1})
          for (auto [rows, cols] : {std::pair{1u, 1u}, {7u, 13u}, {64u, 300u}, {3u, 129u}}) {
            FrameInfo info = geometry(rows, cols, spp, bits, sign, planar);
            const Bytes px = test_pixels(info, seed++);
            FrameInfo ei = info;
            auto encoded = enc->encode(px, ei);
            ASSERT_TRUE(encoded) << encoded.error().describe();
            EXPECT_EQ(encoded->size() % 2, 0u);
            EXPECT_EQ(base::load_le<std::uint32_t>(encoded->data()), spp * bits / 8u);
            FrameInfo di = info;
            auto decoded = dec->decode(*encoded, di);
            ASSERT_TRUE(decoded) << decoded.error().describe();
            EXPECT_EQ(*decoded, px) << bits << " bits, " << spp << " samples, planar " << planar << ", " << rows << "x" << cols;
          }
}

TEST(Rle, KnownBitstream) {
  // 1 row of 6 8-bit pixels: a run of 4 then 2 literals.
  const Bytes px = {5, 5, 5, 5, 1, 2};
  auto enc = rle_encode(px, geometry(1, 6, 1, 8));
  ASSERT_TRUE(enc);
  Bytes expect(64, 0);
  expect[0] = 1;
  expect[4] = 64;
  for (std::uint8_t b : {0xFD, 5, 0x01, 1, 2}) expect.push_back(b);
  expect.push_back(0);  // padded to even length
  EXPECT_EQ(*enc, expect);
}

TEST(Rle, SixteenBitPlanesAreMostSignificantFirst) {
  // Hand-made frame: 2 pixels 0x1234, 0xABCD -> segment 1 (high bytes) 12 AB, segment 2 34 CD.
  Bytes frame(64, 0);
  frame[0] = 2;
  frame[4] = 64;
  frame[8] = 68;
  for (std::uint8_t b : {0x01, 0x12, 0xAB, 0x80, 0x01, 0x34, 0xCD, 0x00}) frame.push_back(b);  // 0x80: no-op
  auto px = rle_decode(frame, geometry(1, 2, 1, 16));
  ASSERT_TRUE(px) << px.error().describe();
  EXPECT_EQ(*px, (Bytes{0x34, 0x12, 0xCD, 0xAB}));
}

TEST(Rle, ColourLayoutFollowsPlanarConfiguration) {
  // 2 RGB pixels: R plane 1 2, G plane 3 4, B plane 5 6.
  Bytes frame(64, 0);
  frame[0] = 3;
  frame[4] = 64;
  frame[8] = 68;
  frame[12] = 72;
  for (std::uint8_t b : {1, 1, 2, 0, 1, 3, 4, 0, 1, 5, 6, 0}) frame.push_back(b);
  EXPECT_EQ(*rle_decode(frame, geometry(1, 2, 3, 8, 0, 0)), (Bytes{1, 3, 5, 2, 4, 6}));
  EXPECT_EQ(*rle_decode(frame, geometry(1, 2, 3, 8, 0, 1)), (Bytes{1, 2, 3, 4, 5, 6}));
}

Bytes header(std::initializer_list<std::uint32_t> v) {
  Bytes h(64, 0);
  std::size_t i = 0;
  for (auto x : v) base::store_le<std::uint32_t>(h.data() + 4 * i++, x);
  return h;
}

std::string decode_error(const Bytes& frame, const FrameInfo& info) {
  auto r = rle_decode(frame, info);
  return r ? std::string("decoded") : r.error().message;
}

TEST(Rle, HostileSegmentsAreErrors) {
  const FrameInfo g = geometry(2, 2, 1, 8);
  EXPECT_NE(decode_error(Bytes(10, 0), g).find("64 bytes"), std::string::npos);
  EXPECT_NE(decode_error(header({2, 64, 66}), g).find("declares 2 segments"), std::string::npos);
  Bytes past = header({1, 500});
  past.insert(past.end(), {0x03, 1, 2, 3, 4});
  EXPECT_NE(decode_error(past, g).find("segment 1 of 1 starts at byte 500"), std::string::npos);
  EXPECT_NE(decode_error(header({1, 10}), g).find("starts at byte 10"), std::string::npos);  // inside the header
  // A run past the end of the plane fills it and the excess is dropped, as dcmdrle does (README
  // "Tolerated deviations in compressed pixel data"; tests/unit/codec/deviations).
  Bytes over = header({1, 64});
  over.insert(over.end(), {0xF0, 7});  // a run of 17 into a 4-byte plane
  auto filled = rle_decode(over, g);
  ASSERT_TRUE(filled);
  EXPECT_EQ(*filled, Bytes({7, 7, 7, 7}));
  Bytes lit_over = header({1, 64});
  lit_over.insert(lit_over.end(), {0x05, 1, 2, 3, 4, 5, 6});
  auto cut = rle_decode(lit_over, g);
  ASSERT_TRUE(cut);
  EXPECT_EQ(*cut, Bytes({1, 2, 3, 4}));
  Bytes short_lit = header({1, 64});
  short_lit.insert(short_lit.end(), {0x03, 1, 2});
  EXPECT_NE(decode_error(short_lit, g).find("passes the end of the segment"), std::string::npos);
  Bytes missing = header({1, 64});
  missing.insert(missing.end(), {0x01, 1, 2, 0x80});
  const std::string m = decode_error(missing, g);
  EXPECT_NE(m.find("RLE segment 1 of 1: data ends at byte 68"), std::string::npos) << m;
  EXPECT_NE(m.find("after 2 of 4"), std::string::npos) << m;
  Bytes order = header({3, 70, 66, 68});
  order.resize(80, 0);
  EXPECT_NE(decode_error(order, geometry(2, 2, 3, 8)).find("before segment"), std::string::npos);
  // Segment 1 ends where segment 2 begins: its run may not read segment 2's bytes.
  Bytes bleed = header({2, 64, 66});
  bleed.insert(bleed.end(), {0x03, 1, 0x03, 1, 2, 3, 4});
  EXPECT_NE(decode_error(bleed, geometry(1, 4, 1, 16)).find("segment 1 of 2: literal run passes the end of the segment"),
            std::string::npos);
  EXPECT_NE(decode_error(header({1, 64}), geometry(0, 4, 1, 8)).find("geometry"), std::string::npos);
  EXPECT_NE(decode_error(header({11, 64}), geometry(1, 1, 3, 32)).find("declares 11"), std::string::npos);
  EXPECT_NE(decode_error(header({1, 64}), geometry(1, 1, 5, 32)).find("at most 15"), std::string::npos);
}

TEST(Rle, EncoderRefusesShortInput) {
  EXPECT_FALSE(rle_encode(Bytes(3), geometry(2, 2, 1, 8)));
}

// The transcoder: native multi-frame -> RLE with a Basic Offset Table -> native, unchanged.
TEST(Rle, TranscodesMultiFrameDataSets) {
  CodecRegistry r;
  register_rle(r);
  for (std::uint16_t spp : {1, 3})
    for (std::uint16_t bits : {8, 16}) {
      dicom::DataSet ds;
      ds.set_uint16(dicom::tags::Rows, 5);
      ds.set_uint16(dicom::tags::Columns, 7);
      ds.set_uint16(dicom::tags::SamplesPerPixel, spp);
      ds.set_uint16(dicom::tags::BitsAllocated, bits);
      ds.set_uint16(dicom::tags::BitsStored, bits);
      ds.set_uint16(dicom::tags::PixelRepresentation, 0);
      ds.set_string(dicom::tags::NumberOfFrames, dicom::VR::IS, "3");
      if (spp == 3) ds.set_uint16(dicom::tags::PlanarConfiguration, 1);
      const FrameInfo info = geometry(5, 7, spp, bits);
      Bytes px = test_pixels(geometry(15, 7, spp, bits), 42);
      ds.set_bytes(dicom::tags::PixelData, bits > 8 ? dicom::VR::OW : dicom::VR::OB, px);
      const auto* rle = dicom::dict::find_transfer_syntax(dicom::uids::RLELossless);
      const auto& explicit_le = dicom::dict::explicit_vr_little_endian();
      ASSERT_TRUE(transcode_pixel_data(ds, explicit_le, *rle, r));
      const auto* e = ds.find(dicom::tags::PixelData);
      ASSERT_TRUE(e->is_encapsulated());
      EXPECT_EQ(e->fragments.size(), 4u);
      EXPECT_EQ(e->fragments[0].bytes.size(), 12u);  // BOT: 3 offsets
      EXPECT_EQ(ds.get_uint16(dicom::tags::PlanarConfiguration).value_or(0), 0);
      ASSERT_TRUE(transcode_pixel_data(ds, *rle, explicit_le, r));
      e = ds.find(dicom::tags::PixelData);
      ASSERT_FALSE(e->is_encapsulated());
      if (spp == 3) {
        // The source was colour-by-plane; the result is colour-by-pixel and says so.
        Bytes by_pixel(px.size());
        const std::size_t frame = static_cast<std::size_t>(info.native_frame_size()), plane = frame / 3, bps = bits / 8u;
        for (std::size_t f = 0; f < 3; ++f)
          for (std::size_t s = 0; s < 3; ++s)
            for (std::size_t p = 0; p < plane / bps; ++p)
              for (std::size_t b = 0; b < bps; ++b)
                by_pixel[f * frame + (p * 3 + s) * bps + b] = px[f * frame + s * plane + p * bps + b];
        px = by_pixel;
      }
      EXPECT_EQ(e->value.bytes, px);
    }
}

}  // namespace
}  // namespace discus::codec
