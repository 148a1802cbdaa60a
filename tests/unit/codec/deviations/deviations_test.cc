// Tolerated deviations in compressed pixel data (README section of that name; issue 11 item 4):
// each codec's parsing tolerance on streams made by our own encoders and then bent the way real
// archives bend them. tests/oracle/deviations_oracle.py checks the same cases against dcmtk and GDCM.
#include <gtest/gtest.h>

#include <chrono>

#include <fmt/format.h>

#include "base/endian.h"
#include "codec/frames/frames.h"
#include "codec/frames/transcode_pixels.h"
#include "codec/jpeg/jpeg.h"
#include "codec/jpeg2000/jpeg2000.h"
#include "codec/jpeg_lossless/jpeg_lossless.h"
#include "codec/jpeg_ls/jpeg_ls.h"
#include "codec/rle/rle.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "jpeg_ls/roundtrip_support.h"

namespace discus::codec {
namespace {

using base::Bytes;
using testing::image_info;
using testing::synthetic_frame;

Bytes with(Bytes stream, std::initializer_list<std::uint8_t> tail) {
  stream.insert(stream.end(), tail);
  return stream;
}

// The stream cut just before its final EOI (and any pad byte after it).
Bytes without_eoi(Bytes stream) {
  while (!stream.empty() && stream.back() == 0x00) stream.pop_back();
  EXPECT_GE(stream.size(), 2u);
  EXPECT_EQ(stream[stream.size() - 2], 0xFF);
  EXPECT_EQ(stream.back(), 0xD9);
  stream.resize(stream.size() - 2);
  return stream;
}

// 0xFF fill bytes (T.81 B.1.1.2) inserted before the final EOI.
Bytes fill_before_eoi(Bytes stream) {
  const Bytes body = without_eoi(stream);
  return with(body, {0xFF, 0xFF, 0xFF, 0xD9});
}

// ---- JPEG-LS: the case issue 11 names (a pad byte after EOI) and its relatives.

class JpegLsDeviation : public ::testing::Test {
 protected:
  FrameInfo info = image_info(12, 1, false, 31, 45);
  Bytes native = synthetic_frame(info, 3);
  Bytes stream = [this] {
    FrameInfo enc = info;
    auto s = jpeg_ls::encode(native, enc);
    EXPECT_TRUE(s);
    return s ? *s : Bytes{};
  }();

  void decodes_to_native(const Bytes& bent) {
    FrameInfo fi = info;
    auto got = jpeg_ls::decode(bent, fi);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(*got, native);
  }
};

TEST_F(JpegLsDeviation, PadByteFFAfterEoiDecodes) { decodes_to_native(with(stream, {0xFF})); }
TEST_F(JpegLsDeviation, SeveralPadBytesAfterEoiDecode) { decodes_to_native(with(stream, {0x00, 0xFF, 0x00, 0x00})); }
TEST_F(JpegLsDeviation, OtherBytesAfterEoiAreNotRead) { decodes_to_native(with(stream, {0x00, 0x11, 0x22, 0x33})); }
TEST_F(JpegLsDeviation, FillBytesBeforeEoiDecode) { decodes_to_native(fill_before_eoi(stream)); }
TEST_F(JpegLsDeviation, MissingEoiAfterACompleteScanDecodes) { decodes_to_native(without_eoi(stream)); }

TEST_F(JpegLsDeviation, CutScanIsRefusedAsTruncatedAndQuickly) {
  Bytes cut(stream.begin(), stream.begin() + static_cast<std::ptrdiff_t>(stream.size() * 2 / 3));
  FrameInfo fi = info;
  const auto start = std::chrono::steady_clock::now();
  auto got = jpeg_ls::decode(cut, fi);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, base::ErrorCode::kTruncated);
  EXPECT_NE(got.error().message.find("EOI"), std::string::npos) << got.error().message;
  // CharLS 2.4.1 spent tens of seconds on such a scan when nothing followed it.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// ---- JPEG (8-bit through libjpeg-turbo and through our DCT decoder; 12-bit; lossless SV1).

class JpegDeviation : public ::testing::Test {
 protected:
  FrameInfo info = image_info(8, 1, false, 31, 45);
  Bytes native = synthetic_frame(info, 5);
  Bytes encode(unsigned restart_interval) {
    FrameInfo enc = info;
    auto s = jpeg::encode(native, enc, {.quality = 90, .restart_interval = restart_interval});
    EXPECT_TRUE(s);
    return s ? *s : Bytes{};
  }
  Bytes stream = encode(0);
  Bytes reference = [this] {
    FrameInfo fi = info;
    auto r = jpeg::decode_libjpeg(stream, fi);
    EXPECT_TRUE(r);
    return r ? *r : Bytes{};
  }();

  // Both 8-bit decoders give the untouched stream's pixels (ours within 1: IDCT rounding).
  void decodes_as_untouched(const Bytes& bent) {
    FrameInfo a = info;
    auto lib = jpeg::decode_libjpeg(bent, a);
    ASSERT_TRUE(lib) << lib.error().message;
    EXPECT_EQ(*lib, reference);
    FrameInfo b = info;
    auto ours = jpeg::decode_dct(bent, b);
    ASSERT_TRUE(ours) << ours.error().message;
    FrameInfo c = info;
    auto ours_untouched = jpeg::decode_dct(stream, c);
    ASSERT_TRUE(ours_untouched);
    EXPECT_EQ(*ours, *ours_untouched);
  }
};

TEST_F(JpegDeviation, PadBytesAfterEoiDecode) {
  decodes_as_untouched(with(stream, {0x00}));
  decodes_as_untouched(with(stream, {0xFF}));
  decodes_as_untouched(with(stream, {0x00, 0x11, 0x22, 0x33}));
}

TEST_F(JpegDeviation, FillBytesBeforeEoiDecode) { decodes_as_untouched(fill_before_eoi(stream)); }

TEST_F(JpegDeviation, RestartMarkersDecodeToTheSamePixels) {
  // T.81 B.2.4.4: restart intervals reset the DC predictors; the coefficients, so the pixels, are
  // those of the stream without them.
  for (unsigned interval : {1u, 2u, 5u}) {
    const Bytes rst = encode(interval);
    ASSERT_NE(rst, stream);
    FrameInfo a = info;
    auto lib = jpeg::decode_libjpeg(rst, a);
    ASSERT_TRUE(lib) << lib.error().message;
    EXPECT_EQ(*lib, reference) << "interval " << interval;
    FrameInfo b = info, c = info;
    auto ours = jpeg::decode_dct(with(rst, {0xFF}), b);
    auto ours_plain = jpeg::decode_dct(stream, c);
    ASSERT_TRUE(ours) << ours.error().message;
    ASSERT_TRUE(ours_plain);
    EXPECT_EQ(*ours, *ours_plain) << "interval " << interval;
  }
}

TEST_F(JpegDeviation, MissingEoiIsRefusedByBothDecoders) {
  // dcmdjpeg and GDCM refuse it; libjpeg-turbo cannot tell it from a cut scan.
  const Bytes bent = without_eoi(stream);
  FrameInfo a = info;
  auto lib = jpeg::decode_libjpeg(bent, a);
  ASSERT_FALSE(lib);
  EXPECT_EQ(lib.error().code, base::ErrorCode::kTruncated);
  EXPECT_NE(lib.error().message.find("EOI"), std::string::npos) << lib.error().message;
  FrameInfo b = info;
  auto ours = jpeg::decode_dct(bent, b);
  ASSERT_FALSE(ours);
  EXPECT_EQ(ours.error().code, base::ErrorCode::kTruncated);
  EXPECT_NE(ours.error().message.find("EOI"), std::string::npos) << ours.error().message;
}

class JpegLosslessDeviation : public ::testing::Test {
 protected:
  FrameInfo info = image_info(16, 1, false, 31, 45);
  Bytes native = synthetic_frame(info, 7);
  Bytes stream = [this] {
    FrameInfo enc = info;
    auto s = jpeg_lossless::encode(native, enc);
    EXPECT_TRUE(s);
    return s ? *s : Bytes{};
  }();
  base::Result<Bytes> decode(const Bytes& s) {
    FrameInfo fi = info;
    return jpeg_lossless::decode(s, fi);
  }
};

TEST_F(JpegLosslessDeviation, PadAndOtherBytesAfterEoiDecode) {
  for (const Bytes& bent : {with(stream, {0x00}), with(stream, {0xFF}), with(stream, {0x00, 0x11, 0x22, 0x33}), fill_before_eoi(stream)}) {
    auto got = decode(bent);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(*got, native);
  }
}

TEST_F(JpegLosslessDeviation, MissingEoiIsRefused) {
  auto got = decode(without_eoi(stream));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, base::ErrorCode::kTruncated);
  EXPECT_NE(got.error().message.find("without EOI"), std::string::npos) << got.error().message;
  ASSERT_TRUE(got.error().offset);  // where the last scan ends
  EXPECT_EQ(*got.error().offset, without_eoi(stream).size());
}

// ---- RLE (PS3.5 Annex G).

class RleDeviation : public ::testing::Test {
 protected:
  FrameInfo info = image_info(16, 1, false, 31, 45);
  Bytes native = synthetic_frame(info, 9);
  Bytes stream = [this] {
    auto s = rle_encode(native, info);
    EXPECT_TRUE(s);
    return s ? *s : Bytes{};
  }();
  std::uint32_t offset(unsigned segment) const { return base::load_le<std::uint32_t>(stream.data() + 4 + 4 * segment); }
  std::size_t pixels() const { return std::size_t{info.rows} * info.columns; }
  // The low-byte plane (segment 2 of a 16-bit frame: G.2 puts the most significant byte first).
  Bytes low_plane() const {
    Bytes p(pixels());
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = native[2 * i];
    return p;
  }
  // Segment 2 recoded as literal runs of `plane`, its last run followed by `extra` bytes more.
  Bytes with_last_segment(const Bytes& plane, Bytes extra) const {
    Bytes out(stream.begin(), stream.begin() + offset(1));
    Bytes data(plane.begin(), plane.end());
    data.insert(data.end(), extra.begin(), extra.end());
    for (std::size_t at = 0; at < data.size(); at += 128) {
      const std::size_t n = std::min<std::size_t>(128, data.size() - at);
      out.push_back(static_cast<std::uint8_t>(n - 1));
      out.insert(out.end(), data.begin() + static_cast<std::ptrdiff_t>(at), data.begin() + static_cast<std::ptrdiff_t>(at + n));
    }
    if (out.size() % 2) out.push_back(0x80);  // -128: no operation
    return out;
  }
};

TEST_F(RleDeviation, LastRunPastThePlaneIsCutAtItsEnd) {
  // One byte too many (dcmdrle decodes it; GDCM refuses): the plane is filled, the excess dropped.
  for (std::size_t extra : {1u, 2u, 7u}) {
    auto got = rle_decode(with_last_segment(low_plane(), Bytes(extra, 0x55)), info);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(*got, native) << extra;
  }
  // The same with a replicate run: the plane's last byte then 2 copies of it.
  Bytes plane = low_plane();
  Bytes bent(stream.begin(), stream.begin() + offset(1));
  Bytes head(plane.begin(), plane.end() - 1);
  for (std::size_t at = 0; at < head.size(); at += 128) {
    const std::size_t n = std::min<std::size_t>(128, head.size() - at);
    bent.push_back(static_cast<std::uint8_t>(n - 1));
    bent.insert(bent.end(), head.begin() + static_cast<std::ptrdiff_t>(at), head.begin() + static_cast<std::ptrdiff_t>(at + n));
  }
  bent.insert(bent.end(), {static_cast<std::uint8_t>(-1), plane.back()});  // a run of 2 where 1 is left
  auto got = rle_decode(bent, info);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(*got, native);
}

TEST_F(RleDeviation, SegmentOneByteShortIsRefused) {
  // dcmdrle decodes it (inventing the byte); GDCM refuses; so do we.
  const Bytes plane = low_plane();
  auto got = rle_decode(with_last_segment(Bytes(plane.begin(), plane.end() - 1), {}), info);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, base::ErrorCode::kTruncated);
  EXPECT_NE(got.error().message.find("segment 2 of 2"), std::string::npos) << got.error().message;
  EXPECT_TRUE(got.error().offset);
}

TEST_F(RleDeviation, BytesAfterEachSegmentAreSkipped) {
  // Gaps the header's offsets step over, and bytes after the last segment.
  Bytes bent(64, 0);
  base::store_le<std::uint32_t>(bent.data(), 2);
  const Bytes s1(stream.begin() + offset(0), stream.begin() + offset(1));
  const Bytes s2(stream.begin() + offset(1), stream.end());
  base::store_le<std::uint32_t>(bent.data() + 4, 64);
  bent.insert(bent.end(), s1.begin(), s1.end());
  bent.insert(bent.end(), {0x80, 0x80, 0x00, 0x00});
  base::store_le<std::uint32_t>(bent.data() + 8, static_cast<std::uint32_t>(bent.size()));
  bent.insert(bent.end(), s2.begin(), s2.end());
  bent.insert(bent.end(), {0x00, 0x00, 0x12, 0x34});
  auto got = rle_decode(bent, info);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(*got, native);
}

// ---- JPEG 2000: pad bytes after EOC (GDCM decodes them).

TEST(Jpeg2000Deviation, PadBytesAfterEocDecode) {
  FrameInfo info = image_info(16, 1, false, 31, 45);
  const Bytes native = synthetic_frame(info, 11);
  FrameInfo enc = info;
  auto stream = jpeg2000::encode(native, enc);
  ASSERT_TRUE(stream) << stream.error().message;
  for (const Bytes& bent : {with(*stream, {0x00, 0x00}), with(*stream, {0xFF}), with(*stream, {0xFF, 0x00, 0x00, 0x00})}) {
    FrameInfo fi = info;
    auto got = jpeg2000::decode(bent, fi);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(*got, native);
  }
}

// ---- Fragments: a frame split anywhere, and errors that name the fragment.

dicom::Element encapsulated(std::vector<Bytes> fragments) {
  dicom::Element e;
  e.tag = dicom::tags::PixelData;
  e.vr = dicom::VR::OB;
  e.kind = dicom::Element::Kind::kEncapsulated;
  e.undefined_length = true;
  e.fragments.push_back(dicom::Value{});  // empty Basic Offset Table
  for (Bytes& f : fragments) e.fragments.push_back(dicom::Value{std::move(f), std::nullopt});
  return e;
}

std::vector<Bytes> split_at(const Bytes& s, std::initializer_list<std::size_t> cuts) {
  std::vector<Bytes> out;
  std::size_t prev = 0;
  for (std::size_t c : cuts) {
    out.emplace_back(s.begin() + static_cast<std::ptrdiff_t>(prev), s.begin() + static_cast<std::ptrdiff_t>(c));
    prev = c;
  }
  out.emplace_back(s.begin() + static_cast<std::ptrdiff_t>(prev), s.end());
  return out;
}

TEST(FragmentDeviation, FrameSplitInsideItsHeaderIsReassembled) {
  // PS3.5 A.4 puts no limit on where a frame's fragments split; dcmdjpeg and GDCM read the JPEG
  // header from the first fragment alone and refuse a split inside it. We concatenate.
  FrameInfo info = image_info(8, 1, false, 31, 45);
  const Bytes native = synthetic_frame(info, 13);
  FrameInfo enc = info;
  auto stream = jpeg::encode(native, enc);
  ASSERT_TRUE(stream);
  dicom::DataSet ds;
  const dicom::Element e = encapsulated(split_at(*stream, {4, 100, stream->size() - 1}));
  auto layout = locate_frames(e, 1, ds);
  ASSERT_TRUE(layout);
  ASSERT_EQ(layout->frames.size(), 1u);
  auto frame = load_frame(e, layout->frames[0]);
  ASSERT_TRUE(frame);
  EXPECT_EQ(*frame, *stream);
}

TEST(FragmentDeviation, EmptyOffsetTableFramesFoundByRleHeaderAndJp2Signature) {
  // Two frames, each split in two fragments, no offset table: dcmdrle finds RLE frames by their
  // header; JP2 files begin with the signature box.
  Bytes rle_frame(64, 0);
  base::store_le<std::uint32_t>(rle_frame.data(), 1);
  base::store_le<std::uint32_t>(rle_frame.data() + 4, 64);
  rle_frame.insert(rle_frame.end(), {0x01, 5, 6, 0x80});
  const Bytes jp2_frame = {0, 0, 0, 12, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A, 1, 2};
  for (const Bytes& frame : {rle_frame, jp2_frame}) {
    const dicom::Element e = encapsulated(
        {Bytes(frame.begin(), frame.begin() + 10), Bytes(frame.begin() + 10, frame.end()),
         Bytes(frame.begin(), frame.begin() + 10), Bytes(frame.begin() + 10, frame.end())});
    dicom::DataSet ds;
    auto layout = locate_frames(e, 2, ds);
    ASSERT_TRUE(layout) << layout.error().message;
    EXPECT_EQ(layout->source, FrameSource::kStartMarkers);
    ASSERT_EQ(layout->frames.size(), 2u);
    EXPECT_EQ(layout->frames[0].first_fragment, 1u);
    EXPECT_EQ(layout->frames[1].first_fragment, 3u);
    auto second = load_frame(e, layout->frames[1]);
    ASSERT_TRUE(second);
    EXPECT_EQ(*second, frame);
  }
}

TEST(FragmentDeviation, PositionInFrameNamesTheFragment) {
  const dicom::Element e = encapsulated({Bytes(10), Bytes(6), Bytes(4)});
  const FrameSpan span{1, 4, std::nullopt};
  FramePosition p = position_in_frame(e, span, 0);
  EXPECT_EQ(p.fragment, 1u);
  EXPECT_EQ(p.offset_in_fragment, 0u);
  p = position_in_frame(e, span, 12);
  EXPECT_EQ(p.fragment, 2u);
  EXPECT_EQ(p.offset_in_fragment, 2u);
  EXPECT_FALSE(p.file_offset);  // in memory: no file offset
  p = position_in_frame(e, span, 19);
  EXPECT_EQ(p.fragment, 3u);
  EXPECT_EQ(p.offset_in_fragment, 3u);
  p = position_in_frame(e, span, 20);  // the frame's end: the end of its last fragment
  EXPECT_EQ(p.fragment, 3u);
  EXPECT_EQ(p.offset_in_fragment, 4u);
  EXPECT_EQ(position_in_frame(e, span, 21).fragment, 0u);  // past the frame
}

TEST(FragmentDeviation, RefusalNamesFrameFragmentAndByte) {
  // A JPEG lossless stream without EOI split over two fragments: the error points into the second.
  FrameInfo info = image_info(16, 1, false, 31, 45);
  const Bytes native = synthetic_frame(info, 15);
  FrameInfo enc = info;
  auto stream = jpeg_lossless::encode(native, enc);
  ASSERT_TRUE(stream);
  Bytes cut = *stream;
  while (cut.back() == 0) cut.pop_back();
  cut.resize(cut.size() - 2);  // no EOI
  dicom::DataSet ds = testing::native_dataset(info, 1);
  const std::size_t half = cut.size() / 2 / 2 * 2;
  ds.insert(encapsulated(split_at(cut, {half})));
  auto ts_from = dicom::dict::find_transfer_syntax("1.2.840.10008.1.2.4.70");
  auto ts_to = dicom::dict::find_transfer_syntax("1.2.840.10008.1.2.1");
  ASSERT_TRUE(ts_from && ts_to);
  CodecRegistry registry = all_codecs();
  auto status = transcode_pixel_data(ds, *ts_from, *ts_to, registry);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().tag_path, "(7FE0,0010) frame 1 (fragments 1-2)");
  EXPECT_NE(status.error().message.find("without EOI"), std::string::npos) << status.error().message;
  EXPECT_NE(status.error().message.find(fmt::format("fragment 2, byte {}", cut.size() - half)), std::string::npos)
      << status.error().message;
  EXPECT_FALSE(status.error().offset);  // fragments held in memory: no file offset to give
}

}  // namespace
}  // namespace discus::codec
