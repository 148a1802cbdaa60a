// JPEG lossless (Process 14) round trips, predictors, restart intervals, multi-scan streams and
// hostile input. The oracle against dcmdjpeg lives in tests/oracle/jpeg_lossless_oracle.py.
#include "codec/jpeg_lossless/jpeg_lossless.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "codec/jpeg_lossless/huffman.h"

namespace discus::codec {
namespace {

namespace jl = jpeg_lossless;

FrameInfo make_info(std::uint32_t rows, std::uint32_t cols, std::uint16_t spp, std::uint16_t bits_stored, std::uint16_t signed_ = 0) {
  FrameInfo f;
  f.rows = rows;
  f.columns = cols;
  f.samples_per_pixel = spp;
  f.bits_allocated = bits_stored <= 8 ? 8 : 16;
  f.bits_stored = bits_stored;
  f.pixel_representation = signed_;
  f.photometric_interpretation = spp == 3 ? "RGB" : "MONOCHROME2";
  return f;
}

void put_sample(base::Bytes& out, std::size_t index, std::uint32_t v, unsigned bytes) {
  out[index * bytes] = static_cast<std::uint8_t>(v);
  if (bytes == 2) out[index * bytes + 1] = static_cast<std::uint8_t>(v >> 8);
}

enum class Pattern { kRandom, kSmooth, kConstant, kExtremes };

// Native pixels whose values use exactly Bits Stored bits (signed: sign-extended two's
// complement patterns, masked to Bits Stored as JPEG codes them).
base::Bytes make_image(const FrameInfo& f, Pattern p, unsigned seed = 1) {
  const unsigned bytes = f.bits_allocated / 8u;
  const std::uint32_t mask = (1u << f.bits_stored) - 1u;
  base::Bytes out(f.native_frame_size());
  std::mt19937 rng(seed);
  const std::size_t n = static_cast<std::size_t>(f.rows) * f.columns * f.samples_per_pixel;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t px = i / f.samples_per_pixel, c = i % f.samples_per_pixel;
    const std::uint32_t y = static_cast<std::uint32_t>(px / f.columns), x = static_cast<std::uint32_t>(px % f.columns);
    std::uint32_t v = 0;
    switch (p) {
      case Pattern::kRandom: v = rng(); break;
      case Pattern::kSmooth: v = static_cast<std::uint32_t>((x * 7 + y * 3 + c * 50) * (mask / 512 + 1) + rng() % 3); break;
      case Pattern::kConstant: v = 0x5A5A; break;
      case Pattern::kExtremes: v = (x + y) % 2 ? mask : 0; break;
    }
    put_sample(out, i, v & mask, bytes);
  }
  return out;
}

void expect_round_trip(FrameInfo info, Pattern p, const jl::EncodeOptions& o = {}) {
  const base::Bytes native = make_image(info, p);
  FrameInfo enc_info = info;
  auto stream = jl::encode(native, enc_info, o);
  ASSERT_TRUE(stream) << stream.error().describe();
  FrameInfo dec_info = info;
  auto decoded = jl::decode(*stream, dec_info);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  EXPECT_EQ(*decoded, native) << "rows " << info.rows << " cols " << info.columns << " spp " << info.samples_per_pixel
                              << " bits " << info.bits_stored << " predictor " << o.predictor;
}

TEST(JpegLossless, RoundTripsOverBitsComponentsAndPatterns) {
  for (std::uint16_t bits : {2, 7, 8, 10, 12, 15, 16}) {
    for (std::uint16_t spp : {1, 3}) {
      for (Pattern p : {Pattern::kRandom, Pattern::kSmooth, Pattern::kConstant, Pattern::kExtremes}) {
        expect_round_trip(make_info(17, 23, spp, bits), p);
      }
    }
  }
}

TEST(JpegLossless, RoundTripsSignedBitPatterns) {
  // Signed data: JPEG codes bit patterns. Samples kept within Bits Stored come back byte for byte
  // at P = Bits Stored.
  for (std::uint16_t bits : {8, 12, 16}) expect_round_trip(make_info(16, 16, 1, bits, 1), Pattern::kRandom);
  FrameInfo info = make_info(2, 2, 1, 12, 1);
  info.bits_allocated = 16;
  base::Bytes native = {0xFB, 0xFF, 0x05, 0x00, 0x00, 0xF8, 0xFF, 0x07};  // -5, 5, -2048, 2047 sign-extended
  FrameInfo e = info;
  auto stream = jl::encode(native, e);
  ASSERT_TRUE(stream);
  auto decoded = jl::decode(*stream, info);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, native);  // sign extension kept: coded at P = 16
  EXPECT_EQ((*stream)[6], 16);  // SOF3 P

  // The same values as 12-bit patterns (high bits zero) are coded at P = 12 and come back as such.
  base::Bytes patterns = {0xFB, 0x0F, 0x05, 0x00, 0x00, 0x08, 0xFF, 0x07};
  FrameInfo p = info;
  auto narrow = jl::encode(patterns, p);
  ASSERT_TRUE(narrow);
  EXPECT_EQ((*narrow)[6], 12);
  auto back = jl::decode(*narrow, info);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, patterns);
}

TEST(JpegLossless, OddAndDegenerateSizes) {
  expect_round_trip(make_info(1, 1, 1, 16), Pattern::kRandom);
  expect_round_trip(make_info(1, 97, 3, 8), Pattern::kRandom);
  expect_round_trip(make_info(97, 1, 1, 12), Pattern::kSmooth);
  expect_round_trip(make_info(33, 65, 3, 16), Pattern::kSmooth);
}

TEST(JpegLossless, AllPredictorsDecode) {
  for (unsigned sv = 1; sv <= 7; ++sv) {
    jl::EncodeOptions o;
    o.predictor = sv;
    for (std::uint16_t bits : {8, 12, 16}) {
      expect_round_trip(make_info(19, 21, 1, bits), Pattern::kRandom, o);
      expect_round_trip(make_info(19, 21, 3, bits), Pattern::kSmooth, o);
      expect_round_trip(make_info(8, 8, 1, bits), Pattern::kExtremes, o);
    }
  }
}

TEST(JpegLossless, RestartIntervals) {
  for (unsigned ri : {1u, 7u, 21u, 42u, 100u}) {
    for (unsigned sv : {1u, 4u, 7u}) {
      jl::EncodeOptions o;
      o.restart_interval = ri;
      o.predictor = sv;
      expect_round_trip(make_info(13, 21, 1, 12), Pattern::kRandom, o);
      expect_round_trip(make_info(13, 21, 3, 8), Pattern::kSmooth, o);
    }
  }
}

TEST(JpegLossless, PointTransformKeepsHighBits) {
  FrameInfo info = make_info(9, 9, 1, 12);
  const base::Bytes native = make_image(info, Pattern::kRandom);
  jl::EncodeOptions o;
  o.point_transform = 3;
  FrameInfo e = info;
  auto stream = jl::encode(native, e, o);
  ASSERT_TRUE(stream);
  auto decoded = jl::decode(*stream, info);
  ASSERT_TRUE(decoded);
  for (std::size_t i = 0; i < native.size(); i += 2) {
    const unsigned want = (native[i] | (native[i + 1] << 8)) & ~7u;
    EXPECT_EQ(static_cast<unsigned>((*decoded)[i] | ((*decoded)[i + 1] << 8)), want);
  }
}

TEST(JpegLossless, PlanarInputAndOutput) {
  FrameInfo info = make_info(5, 7, 3, 8);
  info.planar_configuration = 1;
  const base::Bytes planar = make_image(info, Pattern::kRandom);
  FrameInfo e = info;
  auto stream = jl::encode(planar, e);
  ASSERT_TRUE(stream);
  EXPECT_EQ(e.planar_configuration, 0);  // JPEG frames decode colour-by-pixel
  FrameInfo by_plane = info;
  auto back = jl::decode(*stream, by_plane);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, planar);
  FrameInfo by_pixel = e;
  auto interleaved = jl::decode(*stream, by_pixel);
  ASSERT_TRUE(interleaved);
  const std::size_t pixels = 35;
  for (std::size_t i = 0; i < pixels; ++i) {
    for (std::size_t c = 0; c < 3; ++c) EXPECT_EQ((*interleaved)[i * 3 + c], planar[c * pixels + i]);
  }
}

// --- streams built by hand --------------------------------------------------------------------

struct Parsed {
  base::Bytes sof, dht, sos_header, scan_data;
};

// Splits one of our single-scan streams into its segments.
Parsed split(const base::Bytes& s) {
  Parsed p;
  std::size_t at = 2;
  while (at + 4 <= s.size()) {
    const std::uint8_t m = s[at + 1];
    const std::size_t len = static_cast<std::size_t>(s[at + 2] << 8 | s[at + 3]);
    base::Bytes seg(s.begin() + static_cast<std::ptrdiff_t>(at), s.begin() + static_cast<std::ptrdiff_t>(at + 2 + len));
    at += 2 + len;
    if (m == 0xC3) p.sof = seg;
    if (m == 0xC4) p.dht = seg;
    if (m == 0xDA) {
      p.sos_header = seg;
      p.scan_data.assign(s.begin() + static_cast<std::ptrdiff_t>(at), s.end() - 2);  // up to EOI
      break;
    }
  }
  return p;
}

void append(base::Bytes& out, const base::Bytes& b) { out.insert(out.end(), b.begin(), b.end()); }

TEST(JpegLossless, NonInterleavedScansOnePerComponent) {
  // Each plane encoded alone, then spliced: one SOF3 with three components, and per component
  // its own DHT (destination = component index) and a one-component SOS.
  FrameInfo rgb = make_info(11, 13, 3, 12);
  const base::Bytes native = make_image(rgb, Pattern::kSmooth);
  base::Bytes stream = {0xFF, 0xD8};
  for (unsigned c = 0; c < 3; ++c) {
    FrameInfo mono = make_info(11, 13, 1, 12);
    base::Bytes plane(mono.native_frame_size());
    for (std::size_t i = 0; i < 11 * 13; ++i) {
      plane[2 * i] = native[(3 * i + c) * 2];
      plane[2 * i + 1] = native[(3 * i + c) * 2 + 1];
    }
    jl::EncodeOptions o;
    o.predictor = 1 + 3 * c;  // different selection values per scan: 1, 4, 7
    auto one = jl::encode(plane, mono, o);
    ASSERT_TRUE(one);
    Parsed p = split(*one);
    if (c == 0) {
      base::Bytes sof = {0xFF, 0xC3, 0x00, 17, 12, 0, 11, 0, 13, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0};
      append(stream, sof);
    }
    p.dht[4] = static_cast<std::uint8_t>(c);          // Th = c
    p.sos_header[5] = static_cast<std::uint8_t>(c + 1);  // Cs
    p.sos_header[6] = static_cast<std::uint8_t>(c << 4);  // Td = c
    append(stream, p.dht);
    append(stream, p.sos_header);
    append(stream, p.scan_data);
  }
  append(stream, {0xFF, 0xD9});
  auto decoded = jl::decode(stream, rgb);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  EXPECT_EQ(*decoded, native);
}

TEST(JpegLossless, OptimalTablesNeverExceedSixteenBitsOrUseAllOnes) {
  std::array<std::uint64_t, jl::kCategories> freq{};
  std::uint64_t a = 1, b = 1;
  for (unsigned s = 0; s < jl::kCategories; ++s) {  // Fibonacci weights: the deepest Huffman tree
    freq[s] = a;
    const std::uint64_t next = a + b;
    a = b;
    b = next;
  }
  const jl::HuffmanSpec spec = jl::optimal_spec(freq);
  EXPECT_TRUE(jl::validate(spec));
  EXPECT_EQ(spec.values.size(), jl::kCategories);
  // Kraft sum strictly below 1: the all-ones code point is left free.
  double kraft = 0;
  for (unsigned l = 1; l <= 16; ++l) kraft += spec.bits[l] / static_cast<double>(1u << l);
  EXPECT_LT(kraft, 1.0);
}

TEST(JpegLossless, EncodedStreamHasExpectedHeaders) {
  FrameInfo info = make_info(3, 5, 3, 16);
  const base::Bytes native = make_image(info, Pattern::kRandom);
  auto s = jl::encode(native, info);
  ASSERT_TRUE(s);
  Parsed p = split(*s);
  EXPECT_EQ(p.sof, (base::Bytes{0xFF, 0xC3, 0, 17, 16, 0, 3, 0, 5, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0}));
  ASSERT_EQ(p.sos_header.size(), 14u);
  EXPECT_EQ(p.sos_header[11], 1);  // Ss: selection value 1 (.4.70)
  EXPECT_EQ(p.sos_header[12], 0);
  EXPECT_EQ(p.sos_header[13], 0);
  EXPECT_EQ((*s)[s->size() - 1], 0xD9);
}

// --- hostile input ------------------------------------------------------------------------------

class JpegLosslessHostile : public ::testing::Test {
 protected:
  void SetUp() override {
    info_ = make_info(16, 16, 1, 12);
    auto s = jl::encode(make_image(info_, Pattern::kRandom), info_);
    ASSERT_TRUE(s);
    good_ = *s;
  }
  std::string error_of(const base::Bytes& stream, FrameInfo info) {
    auto r = jl::decode(stream, info);
    return r ? std::string() : r.error().describe();
  }
  std::size_t find_marker(std::uint8_t m) const {
    for (std::size_t i = 0; i + 1 < good_.size(); ++i) if (good_[i] == 0xFF && good_[i + 1] == m) return i;
    return good_.size();
  }
  FrameInfo info_;
  base::Bytes good_;
};

TEST_F(JpegLosslessHostile, EveryTruncationFailsCleanly) {
  for (std::size_t n = 0; n + 2 < good_.size(); ++n) {
    base::Bytes cut(good_.begin(), good_.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(error_of(cut, info_).empty()) << "length " << n;
  }
}

TEST_F(JpegLosslessHostile, SegmentLengthPastTheEnd) {
  base::Bytes bad = good_;
  const std::size_t dht = find_marker(0xC4);
  bad[dht + 2] = 0xFF;
  const std::string e = error_of(bad, info_);
  EXPECT_NE(e.find("DHT at byte " + std::to_string(dht)), std::string::npos) << e;
  EXPECT_NE(e.find("past the end"), std::string::npos) << e;
}

TEST_F(JpegLosslessHostile, FrameLengthNotMatchingComponents) {
  base::Bytes bad = good_;
  bad[find_marker(0xC3) + 3] = 12;
  EXPECT_NE(error_of(bad, info_).find("SOF3 at byte 2"), std::string::npos);
}

TEST_F(JpegLosslessHostile, FrameLargerThanFrameInfo) {
  base::Bytes bad = good_;
  const std::size_t sof = find_marker(0xC3);
  bad[sof + 5] = 0xFF;  // Y = 0xFF10 lines
  const std::string e = error_of(bad, info_);
  EXPECT_NE(e.find("data set says 16x16"), std::string::npos) << e;
  FrameInfo other = info_;
  other.samples_per_pixel = 3;
  EXPECT_NE(error_of(good_, other).find("Samples per Pixel"), std::string::npos);
  FrameInfo narrow = info_;
  narrow.bits_allocated = 8;
  EXPECT_NE(error_of(good_, narrow).find("precision 12"), std::string::npos);
}

TEST_F(JpegLosslessHostile, OversubscribedHuffmanTable) {
  base::Bytes bad = good_;
  const std::size_t dht = find_marker(0xC4);
  // Three codes of length 1, the symbol count kept by taking codes from the longer lengths.
  unsigned surplus = 3u - bad[dht + 5];
  bad[dht + 5] = 3;
  for (std::size_t l = 16; l >= 2 && surplus > 0; --l) {
    const unsigned take = std::min<unsigned>(surplus, bad[dht + 4 + l]);
    bad[dht + 4 + l] = static_cast<std::uint8_t>(bad[dht + 4 + l] - take);
    surplus -= take;
  }
  EXPECT_NE(error_of(bad, info_).find("over-subscribes"), std::string::npos);
}

TEST_F(JpegLosslessHostile, HuffmanSymbolOutOfRange) {
  base::Bytes bad = good_;
  const std::size_t dht = find_marker(0xC4);
  bad[dht + 5 + 16] = 17;  // first HUFFVAL
  EXPECT_NE(error_of(bad, info_).find("not a lossless difference category"), std::string::npos);
}

TEST_F(JpegLosslessHostile, CodesThatOverrunTheData) {
  // Scan data replaced by a short run of bytes and EOI: decoding must stop, not read on.
  const std::size_t sos = find_marker(0xDA);
  const std::size_t data = sos + 2 + 8;
  for (std::uint8_t fill : {0x00, 0xFE, 0x55}) {
    base::Bytes bad(good_.begin(), good_.begin() + static_cast<std::ptrdiff_t>(data));
    bad.insert(bad.end(), {fill, fill, fill, 0xFF, 0xD9});
    EXPECT_FALSE(error_of(bad, info_).empty());
  }
}

TEST_F(JpegLosslessHostile, UnsupportedAndMisplacedMarkers) {
  base::Bytes bad = good_;
  bad[find_marker(0xC3) + 1] = 0xC0;  // baseline frame
  EXPECT_NE(error_of(bad, info_).find("SOF0"), std::string::npos);
  base::Bytes no_soi(good_.begin() + 2, good_.end());
  EXPECT_FALSE(error_of(no_soi, info_).empty());
  base::Bytes bad_predictor = good_;
  bad_predictor[find_marker(0xDA) + 7] = 0;  // Ss 0: hierarchical only
  EXPECT_NE(error_of(bad_predictor, info_).find("predictor selection value 0"), std::string::npos);
  base::Bytes bad_table = good_;
  bad_table[find_marker(0xDA) + 6] = 0x20;  // Td 2: never defined
  EXPECT_NE(error_of(bad_table, info_).find("never defined"), std::string::npos);
}

TEST_F(JpegLosslessHostile, RandomCorruptionNeverCrashes) {
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    base::Bytes bad = good_;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) bad[rng() % bad.size()] = static_cast<std::uint8_t>(rng());
    FrameInfo info = info_;
    (void)jl::decode(bad, info);  // any outcome but a crash or an overread (ASan) is fine
  }
}

TEST(JpegLosslessRegistry, RegistersBothSyntaxes) {
  CodecRegistry r;
  register_jpeg_lossless(r);
  EXPECT_NE(r.decoder("1.2.840.10008.1.2.4.57"), nullptr);
  EXPECT_NE(r.decoder("1.2.840.10008.1.2.4.70"), nullptr);
  EXPECT_NE(r.encoder("1.2.840.10008.1.2.4.70"), nullptr);
  EXPECT_EQ(r.encoder("1.2.840.10008.1.2.4.57"), nullptr);
}

}  // namespace
}  // namespace discus::codec
