// The structural Pixel Data check (pixel_check.h) on made-up files: native lengths against the
// Image Pixel module, and cut, lying and undecodable fragments in every compressed syntax this
// build encodes. Each case runs both ways the check is fed: streamed in chunks and walked in the
// file.
#include "codec/frames/pixel_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

#include "base/endian.h"
#include "dicom/part10/reader.h"

namespace discus::codec {
namespace {

using base::Bytes;

// A Part 10 file written by hand, explicit VR little endian elements in order.
class FileBuilder {
 public:
  explicit FileBuilder(std::string_view ts) {
    out_.assign(128, 0);
    out_.insert(out_.end(), {'D', 'I', 'C', 'M'});
    std::string uid(ts);
    if (uid.size() % 2) uid.push_back('\0');
    element(0x0002, 0x0010, "UI", Bytes(uid.begin(), uid.end()));
  }
  FileBuilder& us(std::uint16_t g, std::uint16_t e, std::uint16_t v) {
    return element(g, e, "US", Bytes{static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8)});
  }
  FileBuilder& text(std::uint16_t g, std::uint16_t e, const char* vr, std::string v) {
    if (v.size() % 2) v.push_back(' ');
    return element(g, e, vr, Bytes(v.begin(), v.end()));
  }
  FileBuilder& element(std::uint16_t g, std::uint16_t e, const char* vr, const Bytes& value) {
    tag(g, e);
    out_.insert(out_.end(), vr, vr + 2);
    const bool long_form = std::string_view(vr) == "OB" || std::string_view(vr) == "OW" || std::string_view(vr) == "OF" ||
                           std::string_view(vr) == "OD";
    if (long_form) {
      out_.insert(out_.end(), {0, 0});
      u32(static_cast<std::uint32_t>(value.size()));
    } else {
      u16(static_cast<std::uint16_t>(value.size()));
    }
    out_.insert(out_.end(), value.begin(), value.end());
    return *this;
  }
  // Rows x Columns, 8 bits, monochrome, `frames` frames.
  FileBuilder& image(std::uint16_t rows, std::uint16_t columns, int frames, std::uint16_t bits = 8) {
    us(0x0028, 0x0002, 1);
    text(0x0028, 0x0004, "CS", "MONOCHROME2");
    if (frames != 1) text(0x0028, 0x0008, "IS", std::to_string(frames));
    us(0x0028, 0x0010, rows);
    us(0x0028, 0x0011, columns);
    us(0x0028, 0x0100, bits);
    us(0x0028, 0x0101, bits);
    us(0x0028, 0x0103, 0);
    return *this;
  }
  FileBuilder& encapsulated_start() {
    tag(0x7FE0, 0x0010);
    out_.insert(out_.end(), {'O', 'B', 0, 0});
    u32(0xFFFFFFFFu);
    return *this;
  }
  FileBuilder& item(const Bytes& value, std::optional<std::uint32_t> lying_length = std::nullopt) {
    tag(0xFFFE, 0xE000);
    u32(lying_length.value_or(static_cast<std::uint32_t>(value.size())));
    out_.insert(out_.end(), value.begin(), value.end());
    return *this;
  }
  FileBuilder& delimiter() {
    tag(0xFFFE, 0xE0DD);
    u32(0);
    return *this;
  }
  Bytes bytes() const { return out_; }

 private:
  void tag(std::uint16_t g, std::uint16_t e) {
    u16(g);
    u16(e);
  }
  void u16(std::uint16_t v) { out_.insert(out_.end(), {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8)}); }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v));
    u16(static_cast<std::uint16_t>(v >> 16));
  }
  Bytes out_;
};

Bytes offsets(std::initializer_list<std::uint32_t> v) {
  Bytes out(4 * v.size());
  std::size_t i = 0;
  for (auto x : v) base::store_le<std::uint32_t>(out.data() + 4 * i++, x);
  return out;
}

const CodecRegistry& registry() {
  static const CodecRegistry r = all_codecs();
  return r;
}

// The rules found, checked the same by streaming (in 7-byte chunks, so item headers straddle
// chunks) and by walking the file on disk.
std::set<std::string> rules_of(const Bytes& file, bool decode = false) {
  dicom::part10::ReadOptions ro;
  ro.stop_before_pixels = true;
  auto header = dicom::part10::read_memory(file, ro, "test.dcm");
  EXPECT_TRUE(header) << header.error().describe();
  if (!header) return {"(unreadable)"};
  PixelCheckOptions options;
  if (decode) options.decode = &registry();
  PixelDataCheck streamed(*header, file.size(), options);
  for (std::size_t at = 0; at < file.size() && streamed.needs_bytes(); at += 7)
    streamed.feed(at, base::ByteView(file.data() + at, std::min<std::size_t>(7, file.size() - at)));
  std::set<std::string> by_stream;
  for (const base::Finding& f : streamed.finish()) {
    EXPECT_EQ(f.file, "test.dcm");
    EXPECT_FALSE(f.tag_path.empty());
    by_stream.insert(f.rule);
  }
  const auto path = std::filesystem::temp_directory_path() / ("pixel_check_" + std::to_string(::getpid()) + ".dcm");
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));
  auto on_disk = dicom::part10::read_file(path.string(), ro);
  EXPECT_TRUE(on_disk);
  std::set<std::string> by_walk;
  if (on_disk)
    for (const base::Finding& f : check_pixel_data(*on_disk, options)) {
      EXPECT_NE(f.message.find("offset"), std::string::npos) << f.message;
      by_walk.insert(f.rule);
    }
  std::filesystem::remove(path);
  EXPECT_EQ(by_stream, by_walk);
  return by_stream;
}

using Rules = std::set<std::string>;

Bytes native(std::uint16_t rows, std::uint16_t columns, int frames, std::size_t value_bytes, std::uint16_t bits = 8) {
  return FileBuilder("1.2.840.10008.1.2.1").image(rows, columns, frames, bits).element(0x7FE0, 0x0010, "OB", Bytes(value_bytes, 7)).bytes();
}

TEST(PixelCheckNative, LengthMatchingTheModuleIsClean) {
  EXPECT_EQ(rules_of(native(8, 8, 1, 64)), Rules{});
  EXPECT_EQ(rules_of(native(8, 8, 3, 192)), Rules{});
  EXPECT_EQ(rules_of(native(3, 3, 1, 10)), Rules{});          // 9 bytes padded to even
  EXPECT_EQ(rules_of(native(8, 8, 3, 24, 1)), Rules{});       // 1-bit frames packed
  EXPECT_EQ(rules_of(native(4, 4, 1, 32, 16)), Rules{});
}

TEST(PixelCheckNative, ShortLongAndOddLengthsAreFound) {
  EXPECT_EQ(rules_of(native(8, 8, 2, 64)), Rules{"pixel.length-short"});  // one frame's worth for two
  EXPECT_EQ(rules_of(native(8, 8, 1, 80)), Rules{"pixel.length-long"});
  EXPECT_EQ(rules_of(native(3, 3, 1, 9)), Rules{"pixel.odd-length"});
}

TEST(PixelCheckNative, TruncatedFileIsFound) {
  Bytes file = native(8, 8, 1, 64);
  file.resize(file.size() - 30);
  EXPECT_EQ(rules_of(file), Rules{"pixel.truncated"});
}

TEST(PixelCheckNative, FloatAndDoublePixelDataUseTheirOwnSampleSize) {
  auto floats = [](std::uint16_t element, const char* vr, std::size_t n) {
    return FileBuilder("1.2.840.10008.1.2.1").image(2, 2, 1, 32).element(0x7FE0, element, vr, Bytes(n, 0)).bytes();
  };
  EXPECT_EQ(rules_of(floats(0x0008, "OF", 16)), Rules{});
  EXPECT_EQ(rules_of(floats(0x0008, "OF", 8)), Rules{"pixel.length-short"});
  EXPECT_EQ(rules_of(floats(0x0009, "OD", 32)), Rules{});
  EXPECT_EQ(rules_of(floats(0x0009, "OD", 16)), Rules{"pixel.length-short"});
}

TEST(PixelCheckNative, MissingImagePixelModuleIsFound) {
  const Bytes file = FileBuilder("1.2.840.10008.1.2.1").element(0x7FE0, 0x0010, "OB", Bytes(4, 0)).bytes();
  EXPECT_EQ(rules_of(file), Rules{"pixel.module"});
}

// Two 16x16 frames encoded in `ts` by this build's encoder.
std::vector<Bytes> encoded_frames(const std::string& ts) {
  const Encoder* encoder = registry().encoder(ts);
  EXPECT_NE(encoder, nullptr) << ts;
  std::vector<Bytes> out;
  for (int k = 0; k < 2 && encoder; ++k) {
    Bytes native(16 * 16);
    for (std::size_t i = 0; i < native.size(); ++i) native[i] = static_cast<std::uint8_t>((i * (k + 3)) & 0xFF);
    FrameInfo fi;
    fi.rows = fi.columns = 16;
    fi.bits_allocated = fi.bits_stored = 8;
    fi.photometric_interpretation = "MONOCHROME2";
    auto e = encoder->encode(native, fi);
    EXPECT_TRUE(e) << ts << ": " << e.error().describe();
    if (!e) return {};
    if (e->size() % 2) e->push_back(0);
    out.push_back(std::move(*e));
  }
  return out;
}

struct Syntax {
  const char* uid;
  const char* name;
};
class PixelCheckEncapsulated : public ::testing::TestWithParam<Syntax> {};

FileBuilder two_frames(const std::string& ts) { return std::move(FileBuilder(ts).image(16, 16, 2).encapsulated_start()); }

TEST_P(PixelCheckEncapsulated, WellFormedFramesAreCleanAndDecode) {
  const auto f = encoded_frames(GetParam().uid);
  ASSERT_EQ(f.size(), 2u);
  const auto bot = offsets({0, static_cast<std::uint32_t>(8 + f[0].size())});
  EXPECT_EQ(rules_of(two_frames(GetParam().uid).item(bot).item(f[0]).item(f[1]).delimiter().bytes(), true), Rules{});
  EXPECT_EQ(rules_of(two_frames(GetParam().uid).item({}).item(f[0]).item(f[1]).delimiter().bytes(), true), Rules{});
}

TEST_P(PixelCheckEncapsulated, CutFragmentIsFound) {
  const auto f = encoded_frames(GetParam().uid);
  ASSERT_EQ(f.size(), 2u);
  Bytes file = two_frames(GetParam().uid).item({}).item(f[0]).item(f[1]).delimiter().bytes();
  file.resize(file.size() - 8 - f[1].size() / 2);
  EXPECT_EQ(rules_of(file), Rules{"pixel.item-length"});
}

TEST_P(PixelCheckEncapsulated, FragmentWithImpossibleLengthIsFound) {
  const auto f = encoded_frames(GetParam().uid);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(rules_of(two_frames(GetParam().uid).item({}).item(f[0], 0x7FFFFFF0u).item(f[1]).delimiter().bytes()),
            Rules{"pixel.item-length"});
  EXPECT_EQ(rules_of(two_frames(GetParam().uid).item({}).item(f[0]).item(f[1], 0xFFFFFFFFu).delimiter().bytes()),
            Rules{"pixel.item-length"});
}

TEST_P(PixelCheckEncapsulated, FragmentLyingShortLandsOnSomethingThatIsNoItem) {
  const auto f = encoded_frames(GetParam().uid);
  ASSERT_EQ(f.size(), 2u);
  // The length says 2 bytes: the next "item tag" is read from inside the bitstream.
  Bytes frame = f[0];
  frame[2] = 0x12;  // whatever the codec wrote there, not FFFE
  EXPECT_EQ(rules_of(two_frames(GetParam().uid).item({}).item(frame, 2).item(f[1]).delimiter().bytes()), Rules{"pixel.item-tag"});
}

TEST_P(PixelCheckEncapsulated, MissingDelimiterAndMissingFragmentsAreFound) {
  const auto f = encoded_frames(GetParam().uid);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(rules_of(two_frames(GetParam().uid).item({}).item(f[0]).item(f[1]).bytes()), Rules{"pixel.no-delimiter"});
  EXPECT_EQ(rules_of(two_frames(GetParam().uid).item({}).item(f[0]).delimiter().bytes()), Rules{"pixel.fragments"});
  EXPECT_EQ(rules_of(two_frames(GetParam().uid).item({}).delimiter().bytes()), Rules{"pixel.no-fragments"});
}

TEST_P(PixelCheckEncapsulated, LyingOffsetTableIsFound) {
  const auto f = encoded_frames(GetParam().uid);
  ASSERT_EQ(f.size(), 2u);
  const auto bot = offsets({0, static_cast<std::uint32_t>(8 + f[0].size() - 2)});
  EXPECT_EQ(rules_of(two_frames(GetParam().uid).item(bot).item(f[0]).item(f[1]).delimiter().bytes()), Rules{"pixel.offset-table"});
}

TEST_P(PixelCheckEncapsulated, UndecodableFrameWithSoundStructureIsFoundOnlyWhenDecoding) {
  const auto f = encoded_frames(GetParam().uid);
  ASSERT_EQ(f.size(), 2u);
  // The start marker kept (so the frames are still found), the rest of the bitstream cut short.
  Bytes broken(f[1].begin(), f[1].begin() + 4);
  const Bytes file = two_frames(GetParam().uid).item({}).item(f[0]).item(broken).delimiter().bytes();
  EXPECT_EQ(rules_of(file, false), Rules{});
  EXPECT_EQ(rules_of(file, true), Rules{"pixel.decode"});
}

TEST_P(PixelCheckEncapsulated, FrameSplitOverFragmentsWithoutOffsetTableDecodesAsTranscodeFindsIt) {
  const auto f = encoded_frames(GetParam().uid);
  ASSERT_EQ(f.size(), 2u);
  // Frame 1 in two fragments, no Basic Offset Table: the frames are found as locate_frames finds
  // them (start markers, RLE headers), never guessed one per fragment.
  const std::size_t half = (f[0].size() / 2) & ~std::size_t{1};
  const Bytes a(f[0].begin(), f[0].begin() + static_cast<std::ptrdiff_t>(half)), b(f[0].begin() + static_cast<std::ptrdiff_t>(half), f[0].end());
  EXPECT_EQ(rules_of(two_frames(GetParam().uid).item({}).item(a).item(b).item(f[1]).delimiter().bytes(), true), Rules{});
}

INSTANTIATE_TEST_SUITE_P(EveryCompressedSyntax, PixelCheckEncapsulated,
                         ::testing::Values(Syntax{"1.2.840.10008.1.2.5", "RLE"}, Syntax{"1.2.840.10008.1.2.4.50", "JPEGBaseline"},
                                           Syntax{"1.2.840.10008.1.2.4.70", "JPEGLossless"},
                                           Syntax{"1.2.840.10008.1.2.4.80", "JPEGLS"},
                                           Syntax{"1.2.840.10008.1.2.4.81", "JPEGLSNearLossless"},
                                           Syntax{"1.2.840.10008.1.2.4.90", "JPEG2000Lossless"},
                                           Syntax{"1.2.840.10008.1.2.4.91", "JPEG2000"}),
                         [](const ::testing::TestParamInfo<Syntax>& i) { return std::string(i.param.name); });

TEST(PixelCheckEncapsulatedStructure, DefinedLengthInAnEncapsulatedSyntaxIsFound) {
  const Bytes file = FileBuilder("1.2.840.10008.1.2.5").image(4, 4, 1).element(0x7FE0, 0x0010, "OB", Bytes(16, 0)).bytes();
  EXPECT_EQ(rules_of(file), Rules{"pixel.not-encapsulated"});
}

TEST(PixelCheckEncapsulatedStructure, NoPixelDataNoFindings) {
  const Bytes file = FileBuilder("1.2.840.10008.1.2.1").text(0x0010, 0x0020, "LO", "ID").bytes();
  EXPECT_EQ(rules_of(file), Rules{});
}

}  // namespace
}  // namespace discus::codec
