// discus::codec — finding frames in Pixel Data (PS3.5 A.4, PS3.3 C.7.6.3.1.8) and writing offset tables.
//
// Encapsulated Pixel Data is a Basic Offset Table item followed by fragments; a frame is one or
// more consecutive fragments. Frames are located, in order of trust, through the Extended Offset
// Table (7FE0,0001)/(7FE0,0002), the Basic Offset Table, and when both are empty or wrong by
// walking the fragments: one fragment per frame when the counts match, a single frame made of
// all fragments, or the fragments that begin a stream: JPEG / JPEG-LS SOI (FFD8), JPEG 2000 SOC
// (FF4F) or JP2 signature, RLE header (PS3.5 G.5). Every offset a
// table declares is checked against the fragment boundaries before it is believed.
//
//   DISCUS_TRY(auto spans, locate_frames(*pixel, n, ds));     // cheap: nothing loaded
//   DISCUS_TRY(base::Bytes f0, load_frame(*pixel, spans[0]));  // one frame's bytes
//   DISCUS_TRY(auto frames, encapsulated_frames(*pixel, n, ds)); // all of them
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "dicom/core/dataset.h"

namespace discus::codec {

// Where one frame is: fragments [first_fragment, end_fragment) of Element::fragments (index 0 is
// the Basic Offset Table, so frames start at 1), trimmed to `length` bytes when a table said so.
struct FrameSpan {
  std::size_t first_fragment = 1;
  std::size_t end_fragment = 1;
  std::optional<std::uint64_t> length;  // from (7FE0,0002); otherwise all fragment bytes
};

// How the frames were found (for diagnostics and tests).
enum class FrameSource { kExtendedOffsetTable, kBasicOffsetTable, kOneFragmentPerFrame, kSingleFrame, kStartMarkers };

struct FrameLayout {
  std::vector<FrameSpan> frames;
  FrameSource source = FrameSource::kBasicOffsetTable;
};

// Finds `number_of_frames` frames in encapsulated `pixel_data`; `ds` supplies the Extended Offset
// Table when present. Loads only the offset tables and (when walking by markers) the first eight
// bytes of each fragment.
base::Result<FrameLayout> locate_frames(const dicom::Element& pixel_data, std::uint32_t number_of_frames,
                                        const dicom::DataSet& ds);

// The bytes of one frame: its fragments concatenated (each loaded, deferred or not).
base::Result<base::Bytes> load_frame(const dicom::Element& pixel_data, const FrameSpan& span,
                                     std::uint64_t max_size = 1ull << 31);

// Where byte `offset` of a frame (its fragments concatenated, as load_frame returns them) lies:
// the fragment (1-based, as in the file) and the byte within it, and the offset in the file when
// the fragment was read from one (deferred). For errors that must name file, fragment and offset.
struct FramePosition {
  std::size_t fragment = 0;            // 0: past the frame's last fragment
  std::uint64_t offset_in_fragment = 0;
  std::optional<std::uint64_t> file_offset;
};
FramePosition position_in_frame(const dicom::Element& pixel_data, const FrameSpan& span, std::uint64_t offset);

// A decoder's error about frame `index` (0-based) of `span`: the tag path becomes "(7FE0,0010)
// frame N (fragments a-b)"; an offset, which a decoder gives as a byte of the frame's stream, is
// told as fragment and byte in the message and kept as an offset only when it is one in the file
// (README "Tolerated deviations in compressed pixel data": refusals name file, tag, fragment, byte).
base::Error frame_error(base::Error e, const dicom::Element& pixel_data, const FrameSpan& span, std::size_t index);

// Every frame, in order.
base::Result<std::vector<base::Bytes>> encapsulated_frames(const dicom::Element& pixel_data,
                                                           std::uint32_t number_of_frames, const dicom::DataSet& ds);

// Frame `index` of a native Pixel Data value whose frames are `frame_size` bytes each (see
// FrameInfo::native_frame_size). A deferred value has only that frame's bytes read.
base::Result<base::Bytes> native_frame(const dicom::Element& pixel_data, std::uint32_t index, std::uint64_t frame_size);

// Offset tables for frames written one fragment each, the fragments being `fragment_sizes`
// bytes (odd sizes are padded by the writer; the table accounts for that). Below 4 GiB of
// fragments a Basic Offset Table (uint32 LE offsets) and nothing else; from 4 GiB an empty Basic
// Offset Table with the Extended Offset Table (uint64 LE offsets of each fragment's item tag)
// and its Lengths (uint64 LE fragment lengths), PS3.3 C.7.6.3.1.8.
struct OffsetTables {
  base::Bytes basic;
  base::Bytes extended;          // empty: not needed
  base::Bytes extended_lengths;  // empty: not needed
};
OffsetTables build_offset_table(std::span<const std::uint64_t> fragment_sizes);

// Puts `frames` (already encoded, one fragment each) into `ds` as encapsulated Pixel Data with
// the right offset table(s); removes stale (7FE0,0001)/(7FE0,0002) when not needed.
void set_encapsulated_pixel_data(dicom::DataSet& ds, std::vector<base::Bytes> frames);

}  // namespace discus::codec
