#include "codec/frames/frames.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/endian.h"
#include "dicom/dict/tags.h"

namespace discus::codec {

using base::Bytes;
using base::Error;
using base::ErrorCode;
using base::Result;
using dicom::Element;
using dicom::Value;

namespace {

constexpr std::uint64_t kItemHeader = 8;  // (FFFE,E000) tag + 32-bit length, PS3.5 A.4

// Offsets of each fragment's item tag, counted from the first byte of the first fragment item
// after the Basic Offset Table (the origin both tables use); one more entry for the end.
std::vector<std::uint64_t> item_positions(const Element& e) {
  std::vector<std::uint64_t> pos;
  pos.reserve(e.fragments.size());
  std::uint64_t at = 0;
  for (std::size_t k = 1; k < e.fragments.size(); ++k) {
    pos.push_back(at);
    at += kItemHeader + e.fragments[k].size();
  }
  pos.push_back(at);
  return pos;
}

// Fragment index (1-based) whose item starts at `offset`, or 0 when no item starts there.
std::size_t fragment_at(const std::vector<std::uint64_t>& pos, std::uint64_t offset) {
  auto it = std::lower_bound(pos.begin(), pos.end() - 1, offset);
  if (it == pos.end() - 1 || *it != offset) return 0;
  return static_cast<std::size_t>(it - pos.begin()) + 1;
}

// Up to `n` leading bytes of a fragment without loading all of it.
Result<Bytes> prefix(const Value& v, std::size_t n) {
  n = static_cast<std::size_t>(std::min<std::uint64_t>(n, v.size()));
  if (!v.is_deferred()) return Bytes(v.bytes.begin(), v.bytes.begin() + static_cast<std::ptrdiff_t>(n));
  if (!v.deferred->file)
    return Error{ErrorCode::kUnsupported, "fragment was left unread by a headers-only read"}.at_offset(v.deferred->offset);
  Bytes out(n);
  DISCUS_CHECK(v.deferred->file->read_at(v.deferred->offset, out));
  return out;
}

// A table of `count` little-endian words of `width` bytes, or nullopt when absent or the wrong size.
std::optional<std::vector<std::uint64_t>> read_table(const Value& v, std::uint32_t count, unsigned width) {
  if (v.size() != static_cast<std::uint64_t>(count) * width) return std::nullopt;
  auto bytes = v.load(static_cast<std::uint64_t>(count) * width);
  if (!bytes) return std::nullopt;
  std::vector<std::uint64_t> out(count);
  for (std::uint32_t i = 0; i < count; ++i)
    out[i] = width == 8 ? base::load_le<std::uint64_t>(bytes->data() + 8ull * i)
                        : base::load_le<std::uint32_t>(bytes->data() + 4ull * i);
  return out;
}

// PS3.3 C.7.6.3.1.8: one fragment per frame, offsets to its item tag, lengths of its data.
std::optional<FrameLayout> from_extended_table(const Element& e, std::uint32_t n, const dicom::DataSet& ds,
                                               const std::vector<std::uint64_t>& pos) {
  const Element* eot = ds.find(dicom::tags::ExtendedOffsetTable);
  if (eot == nullptr || eot->kind != Element::Kind::kPrimitive) return std::nullopt;
  auto offsets = read_table(eot->value, n, 8);
  if (!offsets) return std::nullopt;
  std::optional<std::vector<std::uint64_t>> lengths;
  if (const Element* len = ds.find(dicom::tags::ExtendedOffsetTableLengths); len != nullptr && len->kind == Element::Kind::kPrimitive) {
    lengths = read_table(len->value, n, 8);
    if (!lengths) return std::nullopt;  // present but the wrong size: the table is not trustworthy
  }
  FrameLayout layout{{}, FrameSource::kExtendedOffsetTable};
  std::size_t previous = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::size_t k = fragment_at(pos, (*offsets)[i]);
    if (k == 0 || k <= previous) return std::nullopt;
    FrameSpan span{k, k + 1, std::nullopt};
    if (lengths) {
      if ((*lengths)[i] > e.fragments[k].size()) return std::nullopt;
      span.length = (*lengths)[i];
    }
    layout.frames.push_back(span);
    previous = k;
  }
  return layout;
}

// PS3.5 A.4: the Basic Offset Table has one uint32 per frame, the first 0, each the offset of the
// frame's first fragment item.
std::optional<FrameLayout> from_basic_table(const Element& e, std::uint32_t n, const std::vector<std::uint64_t>& pos) {
  auto offsets = read_table(e.fragments[0], n, 4);
  if (!offsets || (*offsets)[0] != 0) return std::nullopt;
  FrameLayout layout{{}, FrameSource::kBasicOffsetTable};
  std::vector<std::size_t> starts;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::size_t k = fragment_at(pos, (*offsets)[i]);
    if (k == 0 || (!starts.empty() && k <= starts.back())) return std::nullopt;
    starts.push_back(k);
  }
  for (std::uint32_t i = 0; i < n; ++i)
    layout.frames.push_back({starts[i], i + 1 < n ? starts[i + 1] : e.fragments.size(), std::nullopt});
  return layout;
}

// The first bytes of a frame's stream, as found when walking fragments (README "Tolerated
// deviations in compressed pixel data": multi-frame data with an empty or wrong offset table and
// frames split over several fragments). dcmdrle finds RLE frames by their header, so we do too.
bool is_start_marker(const Bytes& p) {
  // FFD8: JPEG and JPEG-LS Start Of Image; FF4F: JPEG 2000 Start Of Codestream.
  if (p.size() >= 2 && p[0] == 0xFF && (p[1] == 0xD8 || p[1] == 0x4F)) return true;
  if (p.size() < 8) return false;
  // A JP2 file (15444-1 I.5.1: the 12-byte signature box begins 0000000C 'jP  ').
  static constexpr std::uint8_t kJp2[8] = {0, 0, 0, 12, 'j', 'P', ' ', ' '};
  if (std::equal(p.begin(), p.begin() + 8, kJp2)) return true;
  // An RLE header (PS3.5 G.5): 1-15 segments, the first at byte 64.
  const std::uint32_t segments = base::load_le<std::uint32_t>(p.data());
  return segments >= 1 && segments <= 15 && base::load_le<std::uint32_t>(p.data() + 4) == 64;
}

Result<FrameLayout> by_walking(const Element& e, std::uint32_t n) {
  const std::size_t m = e.fragments.size() - 1;
  if (m == n) {
    FrameLayout layout{{}, FrameSource::kOneFragmentPerFrame};
    for (std::size_t k = 1; k <= m; ++k) layout.frames.push_back({k, k + 1, std::nullopt});
    return layout;
  }
  if (n == 1) return FrameLayout{{FrameSpan{1, e.fragments.size(), std::nullopt}}, FrameSource::kSingleFrame};
  if (m < n)
    return Error{ErrorCode::kBadStructure,
                 fmt::format("Number of Frames is {} but the pixel data holds only {} fragments", n, m)};
  std::vector<std::size_t> starts;
  for (std::size_t k = 1; k <= m; ++k) {
    DISCUS_TRY(Bytes p, prefix(e.fragments[k], 8));
    if (is_start_marker(p)) starts.push_back(k);
  }
  if (starts.size() != n || starts[0] != 1)
    return Error{ErrorCode::kBadStructure,
                 fmt::format("cannot find {} frames in {} fragments: the offset tables are empty or wrong and {} "
                             "fragments begin like a frame (SOI, SOC, JP2 signature or RLE header){}",
                             n, m, starts.size(), !starts.empty() && starts[0] != 1 ? " (not the first)" : "")};
  FrameLayout layout{{}, FrameSource::kStartMarkers};
  for (std::size_t i = 0; i < starts.size(); ++i)
    layout.frames.push_back({starts[i], i + 1 < starts.size() ? starts[i + 1] : e.fragments.size(), std::nullopt});
  return layout;
}

}  // namespace

Result<FrameLayout> locate_frames(const Element& pixel_data, std::uint32_t number_of_frames, const dicom::DataSet& ds) {
  if (!pixel_data.is_encapsulated())
    return Error{ErrorCode::kInvalidArgument, "pixel data is not encapsulated"}.at_tag(to_string(pixel_data.tag));
  if (number_of_frames == 0) return Error{ErrorCode::kInvalidArgument, "Number of Frames is 0"};
  if (pixel_data.fragments.size() < 2)
    return Error{ErrorCode::kBadStructure, "encapsulated pixel data has no fragments"}.at_tag(to_string(pixel_data.tag));
  const auto pos = item_positions(pixel_data);
  if (auto l = from_extended_table(pixel_data, number_of_frames, ds, pos)) return std::move(*l);
  if (auto l = from_basic_table(pixel_data, number_of_frames, pos)) return std::move(*l);
  auto walked = by_walking(pixel_data, number_of_frames);
  if (!walked) return std::move(walked.error().at_tag(to_string(pixel_data.tag)));
  return walked;
}

Result<Bytes> load_frame(const Element& pixel_data, const FrameSpan& span, std::uint64_t max_size) {
  if (span.first_fragment == 0 || span.first_fragment >= span.end_fragment || span.end_fragment > pixel_data.fragments.size())
    return Error{ErrorCode::kInvalidArgument, "frame span outside the fragments"};
  std::uint64_t total = 0;
  for (std::size_t k = span.first_fragment; k < span.end_fragment; ++k) total += pixel_data.fragments[k].size();
  if (span.length) total = std::min(total, *span.length);
  if (total > max_size)
    return Error{ErrorCode::kLimitExceeded, fmt::format("frame of {} bytes exceeds the limit of {}", total, max_size)};
  Bytes out;
  out.reserve(static_cast<std::size_t>(total));
  for (std::size_t k = span.first_fragment; k < span.end_fragment && out.size() < total; ++k) {
    DISCUS_TRY(Bytes f, pixel_data.fragments[k].load(max_size));
    const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(f.size(), total - out.size()));
    out.insert(out.end(), f.begin(), f.begin() + static_cast<std::ptrdiff_t>(take));
  }
  return out;
}

FramePosition position_in_frame(const Element& pixel_data, const FrameSpan& span, std::uint64_t offset) {
  const std::size_t end = std::min(span.end_fragment, pixel_data.fragments.size());
  for (std::size_t k = span.first_fragment; k < end; ++k) {
    const Value& v = pixel_data.fragments[k];
    // The frame's end (where "stream ends" errors point) is the end of its last fragment.
    if (offset < v.size() || (offset == v.size() && k + 1 == end)) {
      FramePosition p{k, offset, std::nullopt};
      if (v.is_deferred()) p.file_offset = v.deferred->offset + offset;
      return p;
    }
    offset -= v.size();
  }
  return {};
}

Error frame_error(Error e, const Element& pixel, const FrameSpan& span, std::size_t index) {
  const std::string fragments = span.end_fragment - span.first_fragment == 1
                                    ? fmt::format("fragment {}", span.first_fragment)
                                    : fmt::format("fragments {}-{}", span.first_fragment, span.end_fragment - 1);
  std::string where = fmt::format("(7FE0,0010) frame {} ({})", index + 1, fragments);
  if (e.offset) {
    const FramePosition p = position_in_frame(pixel, span, *e.offset);
    if (p.fragment != 0) e.message += fmt::format(" (byte {} of the frame: fragment {}, byte {})", *e.offset, p.fragment, p.offset_in_fragment);
    e.offset = p.file_offset;  // a stream offset is not a file offset: kept only when translated
  }
  return std::move(e.at_tag(std::move(where)));
}

Result<std::vector<Bytes>> encapsulated_frames(const Element& pixel_data, std::uint32_t number_of_frames,
                                               const dicom::DataSet& ds) {
  DISCUS_TRY(FrameLayout layout, locate_frames(pixel_data, number_of_frames, ds));
  std::vector<Bytes> frames;
  frames.reserve(layout.frames.size());
  for (const FrameSpan& span : layout.frames) {
    DISCUS_TRY(Bytes f, load_frame(pixel_data, span));
    frames.push_back(std::move(f));
  }
  return frames;
}

Result<Bytes> native_frame(const Element& pixel_data, std::uint32_t index, std::uint64_t frame_size) {
  if (pixel_data.kind != Element::Kind::kPrimitive)
    return Error{ErrorCode::kInvalidArgument, "pixel data is not native"}.at_tag(to_string(pixel_data.tag));
  if (frame_size == 0 || frame_size > (1ull << 40)) return Error{ErrorCode::kInvalidArgument, "frame size is 0 or absurd"};
  const Value& v = pixel_data.value;
  if (index >= v.size() / frame_size)  // division first: index x frame_size may not fit 64 bits
    return Error{ErrorCode::kTruncated,
                 fmt::format("frame {} of {} bytes is past the end of the {}-byte pixel data", index, frame_size, v.size())}
        .at_tag(to_string(pixel_data.tag));
  const std::uint64_t start = frame_size * index;
  if (!v.is_deferred())
    return Bytes(v.bytes.begin() + static_cast<std::ptrdiff_t>(start),
                 v.bytes.begin() + static_cast<std::ptrdiff_t>(start + frame_size));
  if (!v.deferred->file)
    return Error{ErrorCode::kUnsupported, "pixel data was left unread by a headers-only read"}.at_offset(v.deferred->offset);
  Bytes out(static_cast<std::size_t>(frame_size));
  DISCUS_CHECK(v.deferred->file->read_at(v.deferred->offset + start, out));
  base::swap_words(out.data(), out.size(), v.deferred->swap_width);
  return out;
}

OffsetTables build_offset_table(std::span<const std::uint64_t> fragment_sizes) {
  OffsetTables t;
  std::vector<std::uint64_t> offsets;
  std::uint64_t at = 0;
  for (std::uint64_t size : fragment_sizes) {
    offsets.push_back(at);
    at += kItemHeader + size + (size % 2);  // the writer pads odd fragments (PS3.5 A.4)
  }
  if (at <= 0xFFFFFFFFull) {
    t.basic.resize(4 * offsets.size());
    for (std::size_t i = 0; i < offsets.size(); ++i)
      base::store_le<std::uint32_t>(t.basic.data() + 4 * i, static_cast<std::uint32_t>(offsets[i]));
    return t;
  }
  // PS3.3 C.7.6.3.1.8: the Basic Offset Table is then empty and the Extended one has every frame.
  t.extended.resize(8 * offsets.size());
  t.extended_lengths.resize(8 * offsets.size());
  for (std::size_t i = 0; i < offsets.size(); ++i) {
    base::store_le<std::uint64_t>(t.extended.data() + 8 * i, offsets[i]);
    base::store_le<std::uint64_t>(t.extended_lengths.data() + 8 * i, fragment_sizes[i]);
  }
  return t;
}

void set_encapsulated_pixel_data(dicom::DataSet& ds, std::vector<Bytes> frames) {
  std::vector<std::uint64_t> sizes;
  for (const Bytes& f : frames) sizes.push_back(f.size());
  OffsetTables t = build_offset_table(sizes);
  Element e;
  e.tag = dicom::tags::PixelData;
  e.vr = dicom::VR::OB;
  e.kind = Element::Kind::kEncapsulated;
  e.undefined_length = true;
  e.fragments.reserve(frames.size() + 1);
  e.fragments.push_back(Value{std::move(t.basic), std::nullopt});
  for (Bytes& f : frames) e.fragments.push_back(Value{std::move(f), std::nullopt});
  if (t.extended.empty()) {
    ds.erase(dicom::tags::ExtendedOffsetTable);
    ds.erase(dicom::tags::ExtendedOffsetTableLengths);
  } else {
    ds.set_bytes(dicom::tags::ExtendedOffsetTable, dicom::VR::OV, std::move(t.extended));
    ds.set_bytes(dicom::tags::ExtendedOffsetTableLengths, dicom::VR::OV, std::move(t.extended_lengths));
  }
  ds.insert(std::move(e));
}

}  // namespace discus::codec
