// discus::codec — the structural check of an instance's Pixel Data, and optionally the decode of
// every compressed frame (issue 12: "verify means verified").
//
// Native Pixel Data (PS3.5 8.1.1) must hold Rows x Columns x Samples per Pixel x Bits Allocated x
// Number of Frames bits, padded to an even length (Float and Double Float Pixel Data: 32 and 64
// bits); encapsulated Pixel Data (PS3.5 A.4) is walked item by item inside the file: a Basic
// Offset Table item, fragments whose lengths stay inside the file, at least one per frame, and a
// Sequence Delimitation Item. Only the 8-byte item headers (and the offset table) are looked at
// unless frames are decoded. Every finding names the file, the tag and the byte offset.
//   PixelDataCheck check(header, file->size());  check.walk(*file);  auto found = check.finish();
//   // streaming (a medium read in order): check.feed(offset, chunk) for every chunk, then finish()
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/file.h"
#include "base/finding.h"
#include "codec/codec.h"
#include "dicom/core/tag.h"
#include "dicom/part10/reader.h"

namespace discus::codec {

// The header elements the check reads (Image Pixel module, PS3.3 C.7.6.3, and Number of Frames):
// a key-only read (ReadOptions::wanted) must keep these for the check to work.
std::vector<dicom::Tag> pixel_check_tags();

struct PixelCheckOptions {
  // Decode every compressed frame with this registry's decoder for the file's transfer syntax.
  // Null: structure only. A syntax without a decoder gets an info finding, not an error.
  const CodecRegistry* decode = nullptr;
  // A frame larger than this is not assembled in memory for decoding (an error finding).
  std::uint64_t max_frame_bytes = 1ull << 30;
  // At most this many decode failures are reported one by one; the rest are counted.
  std::size_t max_decode_findings = 8;
};

class PixelDataCheck {
 public:
  // `header`: a read stopped before the pixel data (ReadOptions::stop_before_pixels), so that
  // header.pixel_data says where it is; `file_size`: the whole file's size in bytes.
  PixelDataCheck(const dicom::part10::DicomFile& header, std::uint64_t file_size, PixelCheckOptions options = {});

  // Whether bytes of the file are still needed (false for native Pixel Data, or once the walk
  // ended); a streaming caller may stop feeding then.
  bool needs_bytes() const { return state_ == State::kWalking; }
  // Streaming: the file's bytes [offset, offset + chunk.size()), chunks in order and contiguous.
  // The first chunk may start anywhere up to the Pixel Data's value.
  void feed(std::uint64_t offset, base::ByteView chunk);
  // Random access: reads only what the check needs from `file` (8 bytes per item, the offset table,
  // and the fragments when decoding).
  void walk(const base::InputFile& file);
  // The findings; call once, after feeding or walking.
  std::vector<base::Finding> finish();

 private:
  enum class State { kIdle, kWalking, kDone };
  struct Fragment {
    std::uint64_t offset = 0;  // of the item tag
    std::uint32_t length = 0;
  };

  void check_native();
  void start_walk();
  void on_header(const std::uint8_t* h);
  void close_item();
  void check_offset_table();
  bool starts_frame(const Fragment& f) const;
  void flush_frame();
  void decode_frame(std::uint32_t index, base::ByteView frame, std::uint64_t fragment_offset);
  void decode_collected();
  void add(base::Severity s, std::string rule, std::string message, std::string reference);

  std::string path_;
  std::string tag_;  // "(7FE0,0010)"
  PixelCheckOptions options_;
  std::uint64_t file_size_ = 0;
  std::optional<dicom::part10::PixelDataInfo> pixel_;
  const dicom::DataSet* dataset_ = nullptr;  // the header's (Extended Offset Table for locate_frames)
  const dicom::dict::TransferSyntax* syntax_ = nullptr;
  std::optional<FrameInfo> info_;
  std::uint32_t frames_ = 1;
  const Decoder* decoder_ = nullptr;
  std::vector<base::Finding> findings_;
  State state_ = State::kIdle;

  // The walk: the next item header starts at next_ (have_ of its 8 bytes seen so far).
  std::uint64_t next_ = 0;
  std::uint8_t header_[8] = {};
  unsigned have_ = 0;
  std::size_t items_ = 0;                 // items seen, the offset table included
  bool collecting_ = false;               // the current item's value is kept (offset table, a frame)
  std::uint64_t content_begin_ = 0;       // first value byte of the current item
  base::Bytes content_;                   // the current item's value, when collecting_
  std::vector<std::uint32_t> offset_table_;
  base::Bytes offset_table_bytes_;
  bool offset_table_usable_ = false;
  // Several frames and no usable offset table: the fragments are kept whole and the frames found
  // by locate_frames (frames.h), as transcode and render find them.
  bool collect_all_ = false;
  std::vector<base::Bytes> collected_;
  std::uint64_t collected_bytes_ = 0;
  std::vector<Fragment> fragments_;
  // Decoding: the frame being assembled, and how many frames were decoded or failed.
  base::Bytes frame_;
  std::optional<Fragment> frame_start_;
  std::uint32_t frames_seen_ = 0;
  std::size_t decode_failures_ = 0;
  bool frame_too_large_ = false;
};

// Convenience for a file read from disk with stop_before_pixels: the structural check (and the
// decode, when options.decode is set) through the header's own InputFile. No findings when the
// file has no Pixel Data. `header` must outlive the check.
std::vector<base::Finding> check_pixel_data(const dicom::part10::DicomFile& header, PixelCheckOptions options = {});

}  // namespace discus::codec
