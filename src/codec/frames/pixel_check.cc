// The structural Pixel Data check (pixel_check.h): native lengths against the Image Pixel module,
// encapsulated items walked in the file, and (optionally) every frame decoded.
#include "codec/frames/pixel_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "codec/frames/frames.h"
#include "codec/frames/transcode_pixels.h"
#include "dicom/dict/tags.h"

namespace discus::codec {

using base::Finding;
using base::Severity;
namespace tags = dicom::tags;

namespace {

constexpr std::uint32_t kUndefinedLength = 0xFFFFFFFFu;
constexpr std::string_view kNativeRef = "PS3.5 8.1.1, PS3.3 C.7.6.3";
constexpr std::string_view kEncapsulatedRef = "PS3.5 A.4";

std::uint32_t le32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 | static_cast<std::uint32_t>(p[2]) << 16 |
         static_cast<std::uint32_t>(p[3]) << 24;
}
std::uint16_t le16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }

// The start marker of a frame's bitstream where the syntax has one: SOI (FFD8) for JPEG, JPEG
// Lossless and JPEG-LS (ITU-T T.81, T.87), SOC (FF4F) for JPEG 2000 and HTJ2K (ITU-T T.800).
std::optional<std::uint16_t> start_marker(std::string_view ts) {
  constexpr std::string_view jpeg_family = "1.2.840.10008.1.2.4.";
  if (!ts.starts_with(jpeg_family)) return std::nullopt;
  const std::string_view rest = ts.substr(jpeg_family.size());
  if (rest == "90" || rest == "91" || rest == "92" || rest == "93" || rest.starts_with("20")) return 0xFF4F;
  if (rest == "50" || rest == "51" || rest == "57" || rest == "70" || rest == "80" || rest == "81") return 0xFFD8;
  return std::nullopt;
}

bool is_rle(std::string_view ts) { return ts == "1.2.840.10008.1.2.5"; }

}  // namespace

std::vector<dicom::Tag> pixel_check_tags() {
  return {tags::SamplesPerPixel, tags::PhotometricInterpretation, tags::NumberOfFrames, tags::Rows, tags::Columns,
          tags::BitsAllocated,   tags::BitsStored,                tags::PixelRepresentation, tags::PlanarConfiguration};
}

PixelDataCheck::PixelDataCheck(const dicom::part10::DicomFile& header, std::uint64_t file_size, PixelCheckOptions options)
    : path_(header.path),
      options_(options),
      file_size_(file_size),
      pixel_(header.pixel_data),
      dataset_(&header.dataset),
      syntax_(header.transfer_syntax) {
  if (!pixel_) return;
  tag_ = dicom::to_string(pixel_->tag);
  const bool is_float = pixel_->tag != tags::PixelData;
  if (auto info = frame_info_from(header.dataset)) {
    info_ = *info;
    if (is_float) info_->bits_allocated = pixel_->tag == tags::FloatPixelData ? 32 : 64;
  } else {
    // A warning: the IOD validator reports the absent Type 1 attributes where the IOD needs them.
    add(Severity::kWarning, "pixel.module",
        fmt::format("Pixel Data at offset {} is present but Rows (0028,0010), Columns (0028,0011) or Bits Allocated "
                    "(0028,0100) is absent: its length cannot be checked",
                    pixel_->element_offset),
        std::string(kNativeRef));
  }
  if (auto n = number_of_frames(header.dataset)) frames_ = *n;
  else
    add(Severity::kError, "pixel.module", fmt::format("{} (Pixel Data at offset {})", n.error().message, pixel_->element_offset),
        std::string(kNativeRef));
  const bool encapsulated = syntax_ != nullptr && syntax_->encapsulated();
  if (encapsulated && pixel_->length) {
    add(Severity::kError, "pixel.not-encapsulated",
        fmt::format("the transfer syntax {} is encapsulated but the Pixel Data at offset {} has the defined length {} "
                    "instead of undefined length with items",
                    syntax_->uid, pixel_->element_offset, *pixel_->length),
        std::string(kEncapsulatedRef));
    return;
  }
  if (!encapsulated && !pixel_->length) {
    add(Severity::kError, "pixel.undefined-length",
        fmt::format("the transfer syntax {} is native but the Pixel Data at offset {} has undefined length",
                    syntax_ ? syntax_->uid : "(unknown)", pixel_->element_offset),
        std::string(kNativeRef));
    return;
  }
  if (!encapsulated) {
    check_native();
    return;
  }
  if (options_.decode != nullptr && info_) {
    decoder_ = options_.decode->decoder(syntax_->uid);
    if (decoder_ == nullptr)
      add(Severity::kInfo, "pixel.not-decoded", fmt::format("no decoder for {}: the frames of the Pixel Data at offset {} are checked for structure only",
                      syntax_->name, pixel_->element_offset),
          "PS3.5 8.2");
  }
  // Offsets of a deflated data set are in the inflated stream, not the file.
  if (!pixel_->offsets_in_inflated_stream) start_walk();
}

void PixelDataCheck::add(Severity s, std::string rule, std::string message, std::string reference) {
  findings_.push_back(Finding{std::move(rule), s, path_, tag_, std::move(message), std::move(reference), false});
}

void PixelDataCheck::check_native() {
  const std::uint64_t length = *pixel_->length;
  if (!pixel_->offsets_in_inflated_stream && pixel_->value_offset + length > file_size_)
    add(Severity::kError, "pixel.truncated",
        fmt::format("Pixel Data declares {} bytes from offset {} but the file ends after {} bytes ({} missing)", length,
                    pixel_->value_offset, file_size_, pixel_->value_offset + length - file_size_),
        std::string(kNativeRef));
  if (length % 2 != 0)
    add(Severity::kWarning, "pixel.odd-length",
        fmt::format("Pixel Data at offset {} has the odd length {} (values are padded to even length)", pixel_->element_offset,
                    length),
        "PS3.5 7.1.1");
  if (!info_) return;
  const FrameInfo& fi = *info_;
  // YBR_FULL_422 stores two samples per pixel where it says three (PS3.3 C.7.6.3.1.2).
  const std::uint64_t samples = fi.photometric_interpretation == "YBR_FULL_422" && fi.samples_per_pixel == 3 ? 2 : fi.samples_per_pixel;
  __extension__ typedef unsigned __int128 u128;
  const u128 bits = static_cast<u128>(fi.rows) * fi.columns * samples * fi.bits_allocated * frames_;
  const u128 expected = (bits + 7) / 8;  // 1-bit frames are packed without padding between them (PS3.5 8.1.1)
  const u128 padded = expected + (expected % 2);
  if (fi.bits_allocated == 0 || fi.rows == 0 || fi.columns == 0 || fi.samples_per_pixel == 0) {
    add(Severity::kError, "pixel.module",
        fmt::format("Rows {}, Columns {}, Samples per Pixel {}, Bits Allocated {}: no pixel can be stored in the Pixel "
                    "Data at offset {}",
                    fi.rows, fi.columns, fi.samples_per_pixel, fi.bits_allocated, pixel_->element_offset),
        std::string(kNativeRef));
    return;
  }
  const std::string dims = fmt::format("{} x {} x {} samples x {} bits x {} frames", fi.rows, fi.columns, samples,
                                       fi.bits_allocated, frames_);
  if (length < expected)
    add(Severity::kError, "pixel.length-short",
        fmt::format("Pixel Data at offset {} has {} bytes; the Image Pixel module ({}) needs {}", pixel_->element_offset,
                    length, dims, static_cast<std::uint64_t>(expected)),
        std::string(kNativeRef));
  else if (length > padded)
    add(Severity::kWarning, "pixel.length-long",
        fmt::format("Pixel Data at offset {} has {} bytes; the Image Pixel module ({}) needs {} ({} extra bytes)",
                    pixel_->element_offset, length, dims, static_cast<std::uint64_t>(padded),
                    length - static_cast<std::uint64_t>(padded)),
        std::string(kNativeRef));
}

void PixelDataCheck::start_walk() {
  state_ = State::kWalking;
  next_ = pixel_->value_offset;
}

void PixelDataCheck::feed(std::uint64_t offset, base::ByteView chunk) {
  std::uint64_t pos = offset;
  const std::uint64_t end = offset + chunk.size();
  while (state_ == State::kWalking && pos < end) {
    if (pos < next_) {  // inside the current item's value (or before the Pixel Data)
      const std::uint64_t stop = std::min(end, next_);
      if (collecting_ && pos >= content_begin_ && !frame_too_large_)
        content_.insert(content_.end(), chunk.begin() + static_cast<std::ptrdiff_t>(pos - offset),
                        chunk.begin() + static_cast<std::ptrdiff_t>(stop - offset));
      pos = stop;
      continue;
    }
    if (pos != next_ + have_) return;  // not contiguous: a caller's mistake; nothing sensible to do
    const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(8 - have_, end - pos));
    std::copy_n(chunk.begin() + static_cast<std::ptrdiff_t>(pos - offset), take, header_ + have_);
    have_ += static_cast<unsigned>(take);
    pos += take;
    if (have_ == 8) on_header(header_);
  }
}

void PixelDataCheck::walk(const base::InputFile& file) {
  std::array<std::uint8_t, 8> h{};
  base::Bytes buffer;
  while (state_ == State::kWalking) {
    if (next_ + 8 > file_size_) break;  // finish() reports the missing delimiter
    if (auto st = file.read_at(next_, h); !st) {
      add(Severity::kError, "pixel.unreadable", fmt::format("cannot read offset {}: {}", next_, st.error().message),
          std::string(kEncapsulatedRef));
      state_ = State::kDone;
      return;
    }
    feed(next_, base::ByteView(h.data(), h.size()));
    if (state_ != State::kWalking || !collecting_ || frame_too_large_) continue;
    // The value is needed (the offset table, a frame to decode): read it in bounded chunks.
    for (std::uint64_t at = content_begin_; at < next_ && state_ == State::kWalking;) {
      buffer.resize(static_cast<std::size_t>(std::min<std::uint64_t>(next_ - at, 1u << 20)));
      if (auto st = file.read_at(at, buffer); !st) {
        add(Severity::kError, "pixel.unreadable", fmt::format("cannot read offset {}: {}", at, st.error().message),
            std::string(kEncapsulatedRef));
        state_ = State::kDone;
        return;
      }
      feed(at, buffer);
      at += buffer.size();
    }
  }
}

void PixelDataCheck::on_header(const std::uint8_t* h) {
  const std::uint64_t at = next_;
  have_ = 0;
  close_item();
  const std::uint16_t group = le16(h), element = le16(h + 2);
  const std::uint32_t length = le32(h + 4);
  if (group == 0xFFFE && element == 0xE0DD) {  // Sequence Delimitation Item: the end
    if (length != 0)
      add(Severity::kWarning, "pixel.delimiter-length",
          fmt::format("the Sequence Delimitation Item at offset {} has length {} (should be 0)", at, length),
          std::string(kEncapsulatedRef));
    state_ = State::kDone;
    return;
  }
  if (group != 0xFFFE || element != 0xE000) {
    add(Severity::kError, "pixel.item-tag",
        fmt::format("({:04X},{:04X}) at offset {} where an Item or the Sequence Delimitation Item of encapsulated Pixel Data "
                    "was expected",
                    group, element, at),
        std::string(kEncapsulatedRef));
    state_ = State::kDone;
    return;
  }
  const std::string what = items_ == 0 ? "the Basic Offset Table item" : fmt::format("fragment {}", items_);
  if (length == kUndefinedLength) {
    add(Severity::kError, "pixel.item-length",
        fmt::format("{} at offset {} has undefined length; items of encapsulated Pixel Data have defined lengths", what, at),
        std::string(kEncapsulatedRef));
    state_ = State::kDone;
    return;
  }
  if (at + 8 + length > file_size_) {
    add(Severity::kError, "pixel.item-length",
        fmt::format("{} at offset {} declares {} bytes but the file ends after {} bytes ({} missing)", what, at, length,
                    file_size_, at + 8 + length - file_size_),
        std::string(kEncapsulatedRef));
    state_ = State::kDone;
    return;
  }
  if (length % 2 != 0)
    add(Severity::kWarning, "pixel.odd-length", fmt::format("{} at offset {} has the odd length {}", what, at, length),
        std::string(kEncapsulatedRef));
  if (items_ == 0 && length % 4 != 0)
    add(Severity::kError, "pixel.offset-table",
        fmt::format("the Basic Offset Table at offset {} has {} bytes, not a multiple of 4", at, length),
        std::string(kEncapsulatedRef));
  content_begin_ = at + 8;
  next_ = content_begin_ + length;
  content_.clear();
  if (items_ > 0) fragments_.push_back({at, length});
  collecting_ = items_ == 0 || decoder_ != nullptr;
  ++items_;
}

// The item whose value has just been seen whole: the offset table is parsed; a fragment joins
// the frame being assembled (or starts the next one).
void PixelDataCheck::close_item() {
  if (!collecting_) return;
  collecting_ = false;
  if (items_ == 1) {
    for (std::size_t i = 0; i + 4 <= content_.size(); i += 4) offset_table_.push_back(le32(content_.data() + i));
    offset_table_usable_ = offset_table_.size() == frames_ &&
                           std::adjacent_find(offset_table_.begin(), offset_table_.end(),
                                              [](std::uint32_t a, std::uint32_t b) { return a >= b; }) == offset_table_.end() &&
                           !offset_table_.empty() && offset_table_.front() == 0;
    offset_table_bytes_ = std::move(content_);
    content_.clear();
    collect_all_ = decoder_ != nullptr && frames_ > 1 && !offset_table_usable_;
    return;
  }
  if (collect_all_) {
    collected_bytes_ += content_.size();
    if (collected_bytes_ > options_.max_frame_bytes) frame_too_large_ = true;
    if (!frame_too_large_) collected_.push_back(std::move(content_));
    content_.clear();
    return;
  }
  const Fragment& f = fragments_.back();
  if (starts_frame(f)) flush_frame();
  if (!frame_start_) frame_start_ = f;
  if (frame_.size() + content_.size() > options_.max_frame_bytes) {
    frame_too_large_ = true;
    return;
  }
  frame_.insert(frame_.end(), content_.begin(), content_.end());
}

// Which fragments begin a frame (as locate_frames finds them, PS3.5 A.4): by the offset table when
// it is usable, all fragments for a single frame, else one frame per fragment for RLE (A.4.2) and
// at each start marker for the JPEG family and JPEG 2000.
bool PixelDataCheck::starts_frame(const Fragment& f) const {
  if (!frame_start_) return false;  // the first fragment starts the first frame anyway
  if (frames_ == 1) return false;
  if (offset_table_usable_) {
    const std::uint64_t relative = f.offset - fragments_.front().offset;
    return std::binary_search(offset_table_.begin(), offset_table_.end(), relative);
  }
  if (is_rle(syntax_->uid)) return true;
  const auto marker = start_marker(syntax_->uid);
  if (!marker) return true;
  return content_.size() >= 2 && (content_[0] << 8 | content_[1]) == *marker;
}

void PixelDataCheck::flush_frame() {
  if (!frame_start_) return;
  const std::uint32_t index = frames_seen_++;
  const Fragment start = *frame_start_;
  frame_start_.reset();
  if (frame_too_large_) {
    add(Severity::kError, "pixel.decode",
        fmt::format("frame {} (fragment at offset {}) is larger than {} bytes: not decoded", index + 1, start.offset,
                    options_.max_frame_bytes),
        "PS3.5 8.2");
  } else if (decoder_ != nullptr && index < frames_) {
    decode_frame(index, frame_, start.offset);
  }
  frame_.clear();
  frame_too_large_ = false;
}

void PixelDataCheck::decode_frame(std::uint32_t index, base::ByteView frame, std::uint64_t fragment_offset) {
  FrameInfo fi = *info_;
  fi.planar_configuration = 0;
  auto decoded = decoder_->decode(frame, fi);
  std::string why;
  if (!decoded) why = decoded.error().message;
  else if (decoded->size() != info_->native_frame_size())
    why = fmt::format("it decoded to {} bytes, the Image Pixel module needs {}", decoded->size(), info_->native_frame_size());
  if (!why.empty() && ++decode_failures_ <= options_.max_decode_findings)
    add(Severity::kError, "pixel.decode",
        fmt::format("frame {} (from the fragment at offset {}) does not decode as {}: {}", index + 1, fragment_offset,
                    syntax_->name, why),
        "PS3.5 8.2");
}

// Several frames without a usable Basic Offset Table: the frames are located among the kept
// fragments exactly as transcode and render locate them (Extended Offset Table, one fragment per
// frame, start markers, RLE headers, ...), then each is decoded.
void PixelDataCheck::decode_collected() {
  if (frame_too_large_) {
    add(Severity::kError, "pixel.decode",
        fmt::format("the fragments of the Pixel Data at offset {} hold more than {} bytes without a usable offset "
                    "table: frames not decoded",
                    pixel_->element_offset, options_.max_frame_bytes),
        "PS3.5 8.2");
    return;
  }
  dicom::Element e;
  e.tag = pixel_->tag;
  e.vr = dicom::VR::OB;
  e.kind = dicom::Element::Kind::kEncapsulated;
  e.fragments.push_back(dicom::Value{std::move(offset_table_bytes_), std::nullopt});
  for (base::Bytes& b : collected_) e.fragments.push_back(dicom::Value{std::move(b), std::nullopt});
  collected_.clear();
  auto layout = locate_frames(e, frames_, *dataset_);
  if (!layout) {
    add(Severity::kError, "pixel.frames",
        fmt::format("the {} frames of the Pixel Data at offset {} cannot be found among its {} fragments: {}", frames_,
                    pixel_->element_offset, fragments_.size(), layout.error().message),
        std::string(kEncapsulatedRef));
    return;
  }
  frames_seen_ = static_cast<std::uint32_t>(layout->frames.size());
  for (std::size_t i = 0; i < layout->frames.size(); ++i) {
    const FrameSpan& span = layout->frames[i];
    auto bytes = load_frame(e, span, options_.max_frame_bytes);
    const std::uint64_t at = span.first_fragment - 1 < fragments_.size() ? fragments_[span.first_fragment - 1].offset : 0;
    if (!bytes) {
      add(Severity::kError, "pixel.decode",
          fmt::format("frame {} (from the fragment at offset {}): {}", i + 1, at, bytes.error().message), "PS3.5 8.2");
      continue;
    }
    decode_frame(static_cast<std::uint32_t>(i), *bytes, at);
  }
}

void PixelDataCheck::check_offset_table() {
  if (offset_table_.empty() || fragments_.empty()) return;
  if (offset_table_.size() != frames_)
    add(Severity::kWarning, "pixel.offset-table",
        fmt::format("the Basic Offset Table at offset {} has {} entries for {} frames", pixel_->value_offset,
                    offset_table_.size(), frames_),
        std::string(kEncapsulatedRef));
  const std::uint64_t first = fragments_.front().offset;
  for (std::size_t i = 0; i < offset_table_.size(); ++i) {
    const std::uint64_t target = first + offset_table_[i];
    // Fragments are in file order: a binary search keeps a 10,000-frame table cheap.
    const auto it = std::lower_bound(fragments_.begin(), fragments_.end(), target,
                                     [](const Fragment& f, std::uint64_t t) { return f.offset < t; });
    const bool on_item = it != fragments_.end() && it->offset == target;
    const bool ascending = i == 0 || offset_table_[i] > offset_table_[i - 1];
    if (!on_item || !ascending || (i == 0 && offset_table_[0] != 0)) {
      add(Severity::kError, "pixel.offset-table",
          fmt::format("entry {} of the Basic Offset Table at offset {} ({}) {}", i + 1, pixel_->value_offset, offset_table_[i],
                      !on_item ? fmt::format("does not point at a fragment's Item tag (offset {} in the file)", target)
                               : "is out of ascending order"),
          std::string(kEncapsulatedRef));
      return;  // one lying table, one finding
    }
  }
}

std::vector<Finding> PixelDataCheck::finish() {
  if (state_ == State::kIdle) return std::move(findings_);
  if (state_ == State::kWalking) {
    // The file ended inside the items (the last value may still be whole).
    if (next_ <= file_size_ && have_ == 0) close_item();
    add(Severity::kError, "pixel.no-delimiter",
        fmt::format("encapsulated Pixel Data from offset {} has no Sequence Delimitation Item before the end of the file "
                    "({} bytes)",
                    pixel_->element_offset, file_size_),
        std::string(kEncapsulatedRef));
    state_ = State::kDone;
  }
  const bool walked_to_end = std::none_of(findings_.begin(), findings_.end(), [](const Finding& f) {
    return f.rule == "pixel.item-tag" || f.rule == "pixel.item-length" || f.rule == "pixel.unreadable";
  });
  if (!walked_to_end) {
    // Nothing more to say about items the walk never reached.
  } else if (items_ == 0)
    add(Severity::kError, "pixel.no-offset-table",
        fmt::format("encapsulated Pixel Data at offset {} has no Basic Offset Table item", pixel_->element_offset),
        std::string(kEncapsulatedRef));
  else if (fragments_.empty())
    add(Severity::kError, "pixel.no-fragments",
        fmt::format("encapsulated Pixel Data at offset {} has no fragment", pixel_->element_offset), std::string(kEncapsulatedRef));
  else if (fragments_.size() < frames_)
    add(Severity::kError, "pixel.fragments",
        fmt::format("encapsulated Pixel Data at offset {} has {} fragments for {} frames (at least one per frame)",
                    pixel_->element_offset, fragments_.size(), frames_),
        std::string(kEncapsulatedRef));
  check_offset_table();
  if (decoder_ != nullptr && walked_to_end) {
    if (collect_all_ && !fragments_.empty()) decode_collected();
    else flush_frame();
    if (frames_seen_ != frames_ && !fragments_.empty())
      add(Severity::kError, "pixel.frames",
          fmt::format("{} frames found in the fragments of the Pixel Data at offset {}, Number of Frames says {}", frames_seen_,
                      pixel_->element_offset, frames_), "PS3.5 A.4");
    if (decode_failures_ > options_.max_decode_findings)
      add(Severity::kError, "pixel.decode",
          fmt::format("{} more frames of the Pixel Data at offset {} do not decode", decode_failures_ - options_.max_decode_findings,
                      pixel_->element_offset), "PS3.5 8.2");
  }
  return std::move(findings_);
}

std::vector<Finding> check_pixel_data(const dicom::part10::DicomFile& header, PixelCheckOptions options) {
  if (!header.pixel_data) return {};
  if (!header.source) {
    return {Finding{"pixel.unreadable", Severity::kError, header.path, dicom::to_string(header.pixel_data->tag),
                    "the file was let go of before its Pixel Data could be checked", std::string(kEncapsulatedRef), false}};
  }
  PixelDataCheck check(header, header.source->size(), options);
  check.walk(*header.source);
  return check.finish();
}

}  // namespace discus::codec
