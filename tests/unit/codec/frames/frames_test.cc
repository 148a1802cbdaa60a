// Frame location in encapsulated and native Pixel Data (PS3.5 A.4, PS3.3 C.7.6.3.1.8).
#include "codec/frames/frames.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "base/endian.h"
#include "dicom/dict/tags.h"

namespace discus::codec {
namespace {

using base::Bytes;
using dicom::DataSet;
using dicom::Element;
using dicom::Value;

Bytes bytes_of(std::initializer_list<std::uint8_t> b) { return Bytes(b); }

Element encapsulated(Bytes bot, std::vector<Bytes> fragments) {
  Element e;
  e.tag = dicom::tags::PixelData;
  e.vr = dicom::VR::OB;
  e.kind = Element::Kind::kEncapsulated;
  e.fragments.push_back(Value{std::move(bot), std::nullopt});
  for (auto& f : fragments) e.fragments.push_back(Value{std::move(f), std::nullopt});
  return e;
}

Bytes u32s(std::initializer_list<std::uint32_t> v) {
  Bytes out(4 * v.size());
  std::size_t i = 0;
  for (auto x : v) base::store_le<std::uint32_t>(out.data() + 4 * i++, x);
  return out;
}
Bytes u64s(std::initializer_list<std::uint64_t> v) {
  Bytes out(8 * v.size());
  std::size_t i = 0;
  for (auto x : v) base::store_le<std::uint64_t>(out.data() + 8 * i++, x);
  return out;
}

// Three frames: frame 1 = fragments a+b, frame 2 = c, frame 3 = d (fragment sizes 4, 2, 6, 2).
const Bytes kA = bytes_of({0xFF, 0xD8, 1, 2}), kB = bytes_of({3, 4}), kC = bytes_of({0xFF, 0xD8, 5, 6, 7, 8}),
            kD = bytes_of({0xFF, 0x4F});
std::vector<Bytes> four() { return {kA, kB, kC, kD}; }
Bytes cat(Bytes x, const Bytes& y) { x.insert(x.end(), y.begin(), y.end()); return x; }

TEST(FrameLocation, BasicOffsetTableWithMultiFragmentFrame) {
  // Items: a at 0 (8+4), b at 12 (8+2), c at 22 (8+6), d at 36.
  const Element e = encapsulated(u32s({0, 22, 36}), four());
  auto frames = encapsulated_frames(e, 3, DataSet{});
  ASSERT_TRUE(frames) << frames.error().describe();
  ASSERT_EQ(frames->size(), 3u);
  EXPECT_EQ((*frames)[0], cat(kA, kB));
  EXPECT_EQ((*frames)[1], kC);
  EXPECT_EQ((*frames)[2], kD);
  EXPECT_EQ(locate_frames(e, 3, DataSet{})->source, FrameSource::kBasicOffsetTable);
}

TEST(FrameLocation, ExtendedOffsetTableWinsAndTrimsToLengths) {
  DataSet ds;
  // One fragment per frame; the BOT is empty as PS3.3 C.7.6.3.1.8 requires.
  ds.set_bytes(dicom::tags::ExtendedOffsetTable, dicom::VR::OV, u64s({0, 12, 22, 36}));
  ds.set_bytes(dicom::tags::ExtendedOffsetTableLengths, dicom::VR::OV, u64s({3, 2, 6, 1}));
  const Element e = encapsulated({}, four());
  auto layout = locate_frames(e, 4, ds);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->source, FrameSource::kExtendedOffsetTable);
  auto frames = encapsulated_frames(e, 4, ds);
  ASSERT_TRUE(frames);
  EXPECT_EQ((*frames)[0], bytes_of({0xFF, 0xD8, 1}));
  EXPECT_EQ((*frames)[3], bytes_of({0xFF}));
}

TEST(FrameLocation, WrongExtendedOffsetTableFallsBack) {
  DataSet ds;
  ds.set_bytes(dicom::tags::ExtendedOffsetTable, dicom::VR::OV, u64s({0, 13, 22, 36}));  // 13: not an item
  auto layout = locate_frames(encapsulated({}, four()), 4, ds);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->source, FrameSource::kOneFragmentPerFrame);
  DataSet lengths_too_long;
  lengths_too_long.set_bytes(dicom::tags::ExtendedOffsetTable, dicom::VR::OV, u64s({0, 12, 22, 36}));
  lengths_too_long.set_bytes(dicom::tags::ExtendedOffsetTableLengths, dicom::VR::OV, u64s({4, 2, 7, 2}));
  EXPECT_EQ(locate_frames(encapsulated({}, four()), 4, lengths_too_long)->source, FrameSource::kOneFragmentPerFrame);
}

TEST(FrameLocation, EmptyBasicOffsetTable) {
  EXPECT_EQ(locate_frames(encapsulated({}, four()), 4, DataSet{})->source, FrameSource::kOneFragmentPerFrame);
  auto single = encapsulated_frames(encapsulated({}, four()), 1, DataSet{});
  ASSERT_TRUE(single);
  EXPECT_EQ((*single)[0], cat(cat(cat(kA, kB), kC), kD));
  // Three frames in four fragments: found by their FFD8 / FF4F start markers.
  auto by_marker = locate_frames(encapsulated({}, four()), 3, DataSet{});
  ASSERT_TRUE(by_marker);
  EXPECT_EQ(by_marker->source, FrameSource::kStartMarkers);
  EXPECT_EQ(by_marker->frames[0].end_fragment, 3u);
}

TEST(FrameLocation, BrokenBasicOffsetTablesFallBackOrFail) {
  // Offsets not on an item, not starting at 0, decreasing, past the end, the wrong count.
  for (const Bytes& bot : {u32s({0, 21, 36}), u32s({4, 22, 36}), u32s({0, 36, 22}), u32s({0, 22, 9999}), u32s({0, 22}),
                           bytes_of({1, 2, 3})}) {
    auto layout = locate_frames(encapsulated(bot, four()), 3, DataSet{});
    ASSERT_TRUE(layout);
    EXPECT_EQ(layout->source, FrameSource::kStartMarkers);
  }
  // No markers to fall back on: an error naming the problem, never a guess.
  auto no_markers = locate_frames(encapsulated(u32s({0, 21, 36}), {kB, kB, kB, kB}), 3, DataSet{});
  ASSERT_FALSE(no_markers);
  EXPECT_NE(no_markers.error().message.find("cannot find 3 frames"), std::string::npos);
  EXPECT_FALSE(locate_frames(encapsulated({}, {kA}), 2, DataSet{}));
  EXPECT_FALSE(locate_frames(encapsulated({}, {}), 1, DataSet{}));
  EXPECT_FALSE(locate_frames(encapsulated({}, four()), 0, DataSet{}));
}

TEST(FrameLocation, DeferredFragmentsAreLoaded) {
  const auto path = std::filesystem::temp_directory_path() / "discus_frames_test.bin";
  {
    std::ofstream f(path, std::ios::binary);
    const Bytes all = cat(cat(kA, kB), kC);
    f.write(reinterpret_cast<const char*>(all.data()), static_cast<std::streamsize>(all.size()));
  }
  auto file = base::InputFile::open(path.string());
  ASSERT_TRUE(file);
  Element e = encapsulated({}, {});
  e.fragments.push_back(Value{{}, dicom::DeferredValue{*file, 0, 4, 1}});
  e.fragments.push_back(Value{{}, dicom::DeferredValue{*file, 4, 2, 1}});
  e.fragments.push_back(Value{{}, dicom::DeferredValue{*file, 6, 6, 1}});
  auto frames = encapsulated_frames(e, 2, DataSet{});
  ASSERT_TRUE(frames) << frames.error().describe();
  EXPECT_EQ((*frames)[0], cat(kA, kB));
  EXPECT_EQ((*frames)[1], kC);

  Element native;
  native.tag = dicom::tags::PixelData;
  native.value.deferred = dicom::DeferredValue{*file, 2, 10, 1};
  auto f1 = native_frame(native, 1, 4);
  ASSERT_TRUE(f1);
  EXPECT_EQ(*f1, bytes_of({0xFF, 0xD8, 5, 6}));
  EXPECT_FALSE(native_frame(native, 2, 4));  // bytes 8..12 of a 10-byte value
  std::filesystem::remove(path);
}

TEST(NativeFrame, BoundsChecked) {
  Element e;
  e.tag = dicom::tags::PixelData;
  e.value.bytes = bytes_of({1, 2, 3, 4, 5, 6, 7});
  EXPECT_EQ(*native_frame(e, 0, 3), bytes_of({1, 2, 3}));
  EXPECT_EQ(*native_frame(e, 1, 3), bytes_of({4, 5, 6}));
  EXPECT_FALSE(native_frame(e, 2, 3));
  EXPECT_FALSE(native_frame(e, 0xFFFFFFFF, 1ull << 39));  // no overflow into a small offset
  EXPECT_FALSE(native_frame(e, 0, 0));
}

TEST(OffsetTables, BasicBelowFourGiBExtendedAbove) {
  const std::uint64_t small[] = {10, 3, 4};
  auto t = build_offset_table(small);
  EXPECT_EQ(t.basic, u32s({0, 18, 30}));  // 3 is padded to 4 by the writer
  EXPECT_TRUE(t.extended.empty());
  const std::uint64_t big[] = {3ull << 30, 3ull << 30, 5};
  auto b = build_offset_table(big);
  EXPECT_TRUE(b.basic.empty());
  EXPECT_EQ(b.extended, u64s({0, (3ull << 30) + 8, (6ull << 30) + 16}));
  EXPECT_EQ(b.extended_lengths, u64s({3ull << 30, 3ull << 30, 5}));
}

TEST(OffsetTables, WrittenTablesAreReadBack) {
  DataSet ds;
  set_encapsulated_pixel_data(ds, {kA, bytes_of({9, 9, 9}), kC});
  const Element* e = ds.find(dicom::tags::PixelData);
  ASSERT_NE(e, nullptr);
  auto layout = locate_frames(*e, 3, ds);
  ASSERT_TRUE(layout);
  // The in-memory odd fragment is padded on write; offsets count the padded size, so reading the
  // written file finds the same frames. Here (unpadded in memory) the BOT is off by one for frame 3
  // and the walker takes over: still one fragment per frame.
  EXPECT_EQ(layout->frames.size(), 3u);
  EXPECT_EQ(*load_frame(*e, layout->frames[1]), bytes_of({9, 9, 9}));
}

}  // namespace
}  // namespace discus::codec
