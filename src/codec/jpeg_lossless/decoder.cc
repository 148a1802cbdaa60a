// The lossless JPEG decoder driver: walks the markers, checks the frame against FrameInfo
// before anything is allocated, runs each scan and packs the planes into native pixels.
#include <algorithm>
#include <array>
#include <bit>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "codec/jpeg_lossless/jpeg_lossless.h"
#include "codec/jpeg_lossless/markers.h"
#include "codec/jpeg_lossless/scan_decoder.h"

namespace discus::codec::jpeg_lossless {
namespace {

using base::ErrorCode;

base::Status check_against_info(const Segment& s, const FrameHeader& f, const FrameInfo& info) {
  auto mismatch = [&](const std::string& what) { return marker_error(ErrorCode::kBadStructure, s.marker, s.offset, what); };
  if (f.rows != info.rows || f.columns != info.columns) {
    return mismatch(fmt::format("frame is {}x{} but the data set says {}x{} (rows x columns)", f.rows, f.columns, info.rows, info.columns));
  }
  if (f.components.size() != info.samples_per_pixel) {
    return mismatch(fmt::format("frame has {} components but Samples per Pixel is {}", f.components.size(), info.samples_per_pixel));
  }
  if (info.bits_allocated != 8 && info.bits_allocated != 16) {
    return mismatch(fmt::format("Bits Allocated {} cannot hold JPEG lossless samples", info.bits_allocated));
  }
  if (f.precision > info.bits_allocated) {
    return mismatch(fmt::format("precision {} does not fit Bits Allocated {}", f.precision, info.bits_allocated));
  }
  if (info.native_frame_size() == 0) return mismatch("the data set's image dimensions are not usable");
  return {};
}

// Native pixels from the planes: samples shifted back by Pt (H.1.2.1), masked to P bits,
// colour-by-pixel unless FrameInfo asks for colour-by-plane.
base::Bytes pack(const std::vector<std::vector<std::uint16_t>>& planes, const FrameHeader& f, unsigned pt, const FrameInfo& info) {
  const std::size_t pixels = static_cast<std::size_t>(f.rows) * f.columns;
  const std::size_t n = planes.size();
  const unsigned bytes = info.bits_allocated / 8u;
  const std::uint32_t mask = (1u << f.precision) - 1u;
  base::Bytes out(pixels * n * bytes);
  for (std::size_t c = 0; c < n; ++c) {
    const std::uint16_t* src = planes[c].data();
    for (std::size_t i = 0; i < pixels; ++i) {
      const std::size_t index = info.planar_configuration == 1 ? c * pixels + i : i * n + c;
      const std::uint32_t v = (static_cast<std::uint32_t>(src[i]) << pt) & mask;
      out[index * bytes] = static_cast<std::uint8_t>(v);
      if (bytes == 2) out[index * bytes + 1] = static_cast<std::uint8_t>(v >> 8);
    }
  }
  return out;
}

// One 16-bit component on a little-endian machine: the native frame is the plane itself, so it
// is decoded in place and only shifted back by Pt and masked to P bits afterwards (as pack()).
bool decodes_in_place(const FrameHeader& f, const FrameInfo& info) {
  return std::endian::native == std::endian::little && f.components.size() == 1 && info.bits_allocated == 16;
}

void finish_in_place(std::uint16_t* samples, std::size_t count, unsigned precision, unsigned pt) {
  const auto mask = static_cast<std::uint16_t>((1u << precision) - 1u);
  if (pt == 0 && mask == 0xFFFF) return;
  for (std::size_t i = 0; i < count; ++i) samples[i] = static_cast<std::uint16_t>((samples[i] << pt) & mask);
}

class StreamDecoder {
 public:
  StreamDecoder(base::ByteView stream, const FrameInfo& info) : stream_(stream), info_(info), markers_(stream) {}

  base::Result<base::Bytes> run() {
    DISCUS_TRY(Segment soi, markers_.next());
    if (soi.marker != kSOI) return marker_error(ErrorCode::kBadStructure, soi.marker, soi.offset, "the stream does not start with SOI");
    while (true) {
      const std::size_t at = markers_.position();
      if (all_decoded() && (markers_.at_end() || stream_[at] != 0xFF)) {
        // Every scan is decoded: what follows up to EOI is padding; no EOI at all is refused.
        if (!eoi_follows(stream_, at))
          return base::Error{ErrorCode::kTruncated, fmt::format("JPEG lossless: the {}-byte stream has no EOI (FFD9) after its last scan, which ends at byte {} (T.81 B.2.1): stream without EOI, or truncated", stream_.size(), at)}.at_offset(at);
        break;
      }
      if (markers_.at_end()) break;
      DISCUS_TRY(Segment s, markers_.next());
      if (s.marker == kEOI) break;
      DISCUS_CHECK(handle(s));
    }
    return finish();
  }

 private:
  base::Status handle(const Segment& s) {
    if (s.marker == kSOF3) return on_frame(s);
    if (s.marker == kDHT) return parse_tables(s, tables_);
    if (s.marker == kDRI) {
      DISCUS_TRY(restart_interval_, parse_restart_interval(s));
      return {};
    }
    if (s.marker == kSOS) return on_scan(s);
    if (s.marker == kDNL) return marker_error(ErrorCode::kUnsupported, s.marker, s.offset, "DNL is not supported");
    if (s.marker == kDAC) return marker_error(ErrorCode::kUnsupported, s.marker, s.offset, "arithmetic coding is not supported");
    if (s.marker >= 0xC0 && s.marker <= 0xCF) {
      return marker_error(ErrorCode::kUnsupported, s.marker, s.offset, "not a lossless Huffman (SOF3) frame");
    }
    if (s.marker == kSOI || (s.marker >= kRST0 && s.marker <= kRST0 + 7)) {
      return marker_error(ErrorCode::kBadStructure, s.marker, s.offset, "marker out of place");
    }
    return {};  // APPn, COM, DQT, EXP...: nothing lossless decoding needs
  }

  base::Status on_frame(const Segment& s) {
    if (frame_) return marker_error(ErrorCode::kBadStructure, s.marker, s.offset, "second frame header");
    DISCUS_TRY(FrameHeader f, parse_frame(s));
    DISCUS_CHECK(check_against_info(s, f, info_));
    const std::size_t samples = static_cast<std::size_t>(f.rows) * f.columns;
    if (decodes_in_place(f, info_)) {
      native_.assign(samples * 2, 0);
      planes_[0] = reinterpret_cast<std::uint16_t*>(native_.data());
    } else {
      storage_.assign(f.components.size(), std::vector<std::uint16_t>(samples));
      for (std::size_t c = 0; c < storage_.size(); ++c) planes_[c] = storage_[c].data();
    }
    decoded_.assign(f.components.size(), false);
    frame_ = std::move(f);
    return {};
  }

  base::Status on_scan(const Segment& s) {
    if (!frame_) return marker_error(ErrorCode::kBadStructure, s.marker, s.offset, "scan before the frame header (SOF3)");
    DISCUS_TRY(ScanHeader scan, parse_scan(s, *frame_));
    if (point_transform_ && *point_transform_ != scan.point_transform) {
      return marker_error(ErrorCode::kUnsupported, s.marker, s.offset, "scans with different point transforms");
    }
    point_transform_ = scan.point_transform;
    for (const ScanComponent& c : scan.components) {
      if (decoded_[c.frame_index]) return marker_error(ErrorCode::kBadStructure, s.marker, s.offset, fmt::format("component {} is coded twice", frame_->components[c.frame_index].id));
      decoded_[c.frame_index] = true;
    }
    std::array<const HuffmanDecoder*, 4> tables{};
    for (std::size_t i = 0; i < 4; ++i) tables[i] = tables_[i] ? &*tables_[i] : nullptr;
    const ScanDecoder decoder(stream_, *frame_, scan, tables, restart_interval_, s.offset);
    DISCUS_TRY(std::size_t end, decoder.run(s.end, planes_));
    markers_.seek(end);
    return {};
  }

  bool all_decoded() const {
    return frame_ && std::find(decoded_.begin(), decoded_.end(), false) == decoded_.end();
  }

  base::Result<base::Bytes> finish() {
    if (!frame_) return base::Error{ErrorCode::kBadStructure, "JPEG lossless: no SOF3 frame header in the stream"};
    for (std::size_t c = 0; c < decoded_.size(); ++c) {
      if (!decoded_[c]) {
        return base::Error{ErrorCode::kTruncated, fmt::format("JPEG lossless: component {} has no scan (stream ends at byte {})", frame_->components[c].id, markers_.position())}.at_offset(markers_.position());
      }
    }
    if (!decodes_in_place(*frame_, info_)) return pack(storage_, *frame_, *point_transform_, info_);
    finish_in_place(planes_[0], native_.size() / 2, frame_->precision, *point_transform_);
    return std::move(native_);
  }

  base::ByteView stream_;
  const FrameInfo& info_;
  MarkerReader markers_;
  std::array<std::optional<HuffmanDecoder>, 4> tables_;
  unsigned restart_interval_ = 0;
  std::optional<FrameHeader> frame_;
  std::optional<unsigned> point_transform_;
  base::Bytes native_;                                // the frame, when decoded in place
  std::vector<std::vector<std::uint16_t>> storage_;   // the planes otherwise
  Planes planes_{};
  std::vector<bool> decoded_;
};

}  // namespace

base::Result<base::Bytes> decode(base::ByteView stream, FrameInfo& info) {
  StreamDecoder d(stream, info);
  return d.run();
}

}  // namespace discus::codec::jpeg_lossless
