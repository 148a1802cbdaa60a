// Our sequential DCT decoder driver (T.81 Annex F, Huffman; SOF0 and SOF1, 8 or 12-bit): walks
// the markers, checks the frame against FrameInfo before allocating, runs each scan, then
// upsamples the component planes (T.81 A.1.1), converts YCbCr to RGB where
// the Photometric Interpretation says the stream is YCbCr, and lays out native pixels.
#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "codec/jpeg/dct_headers.h"
#include "codec/jpeg/dct_scan.h"
#include "codec/jpeg/jpeg.h"
#include "codec/jpeg/native_layout.h"

namespace discus::codec::jpeg {
namespace {

using base::Error;
using base::ErrorCode;
namespace jl = jpeg_lossless;

// Errors from the shared lossless parsers name the codec; here the stream is a DCT one.
Error relabel(Error e) {
  const std::string old = "JPEG lossless:";
  if (e.message.rfind(old, 0) == 0) e.message.replace(0, old.size(), "JPEG:");
  return e;
}

template <typename T>
base::Result<T> relabel(base::Result<T> r) {
  if (!r) return relabel(std::move(r.error()));
  return r;
}

base::Status relabel(base::Status s) {
  if (!s) return relabel(std::move(s.error()));
  return s;
}

Error at_marker(ErrorCode code, const Segment& s, const std::string& what) {
  return relabel(jl::marker_error(code, s.marker, s.offset, what));
}

// T.871 (JFIF) YCbCr -> RGB with the chroma centre at 2^(P-1), rounded and clamped.
void ycbcr_to_rgb(std::vector<std::uint16_t>& samples, unsigned precision) {
  const double center = static_cast<double>(1u << (precision - 1));
  const long max = (1L << precision) - 1;
  auto clamp = [&](double v) { return static_cast<std::uint16_t>(std::clamp(std::lround(v), 0L, max)); };
  for (std::size_t i = 0; i + 2 < samples.size(); i += 3) {
    const double y = samples[i], cb = samples[i + 1] - center, cr = samples[i + 2] - center;
    samples[i] = clamp(y + 1.402 * cr);
    samples[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    samples[i + 2] = clamp(y + 1.772 * cb);
  }
}

class DctStreamDecoder {
 public:
  DctStreamDecoder(base::ByteView stream, const FrameInfo& info) : stream_(stream), info_(info), markers_(stream) {}

  base::Result<std::vector<std::uint16_t>> run() {
    DISCUS_TRY(Segment soi, relabel(markers_.next()));
    if (soi.marker != jl::kSOI) return at_marker(ErrorCode::kBadStructure, soi, "the stream does not start with SOI");
    while (true) {
      const std::size_t at = markers_.position();
      if (all_decoded() && (markers_.at_end() || stream_[at] != 0xFF)) {
        // Every scan is decoded: what follows up to EOI is padding; no EOI at all is refused.
        if (!jl::eoi_follows(stream_, at))
          return base::Error{ErrorCode::kTruncated, fmt::format("JPEG: the {}-byte stream has no EOI (FFD9) after its last scan, which ends at byte {} (T.81 B.2.1): stream without EOI, or truncated", stream_.size(), at)}.at_offset(at);
        break;
      }
      if (markers_.at_end()) break;
      DISCUS_TRY(Segment s, relabel(markers_.next()));
      if (s.marker == jl::kEOI) break;
      DISCUS_CHECK(handle(s));
    }
    return finish();
  }

  const DctFrame& frame() const { return *frame_; }

 private:
  base::Status handle(const Segment& s) {
    if (s.marker == kSOF0 || s.marker == kSOF1) return on_frame(s);
    if (s.marker == jl::kDHT) return relabel(jl::parse_tables(s, dc_, &ac_));
    if (s.marker == jl::kDQT) return parse_quant_tables(s, quant_);
    if (s.marker == jl::kDRI) {
      DISCUS_TRY(restart_interval_, relabel(jl::parse_restart_interval(s)));
      return {};
    }
    if (s.marker == jl::kSOS) return on_scan(s);
    if (s.marker == jl::kDNL) return at_marker(ErrorCode::kUnsupported, s, "DNL is not supported");
    if (s.marker == jl::kDAC) return at_marker(ErrorCode::kUnsupported, s, "arithmetic coding is not supported");
    if (s.marker >= 0xC0 && s.marker <= 0xCF) return at_marker(ErrorCode::kUnsupported, s, "not a sequential Huffman DCT (SOF0/SOF1) frame");
    if (s.marker == jl::kSOI || (s.marker >= jl::kRST0 && s.marker <= jl::kRST0 + 7)) return at_marker(ErrorCode::kBadStructure, s, "marker out of place");
    return {};  // APPn, COM...: nothing decoding needs
  }

  base::Status on_frame(const Segment& s) {
    if (frame_) return at_marker(ErrorCode::kBadStructure, s, "second frame header");
    DISCUS_TRY(DctFrame f, parse_dct_frame(s));
    base::Status fits = check_frame(f.precision, f.rows, f.columns, static_cast<unsigned>(f.components.size()), info_);
    if (!fits) return at_marker(fits.error().code, s, fits.error().message.substr(6));  // drop "JPEG: "
    for (const DctComponent& c : f.components) planes_.emplace_back(static_cast<std::size_t>(c.plane_width) * c.plane_height);
    decoded_.assign(f.components.size(), false);
    frame_ = std::move(f);
    return {};
  }

  base::Status on_scan(const Segment& s) {
    if (!frame_) return at_marker(ErrorCode::kBadStructure, s, "scan before the frame header");
    DISCUS_TRY(DctScan scan, parse_dct_scan(s, *frame_));
    for (const DctScanComponent& c : scan.components) {
      if (decoded_[c.index]) return at_marker(ErrorCode::kBadStructure, s, fmt::format("component {} is coded twice", frame_->components[c.index].id));
      decoded_[c.index] = true;
    }
    DctTables tables;
    for (std::size_t i = 0; i < 4; ++i) {
      tables.dc[i] = dc_[i] ? &*dc_[i] : nullptr;
      tables.ac[i] = ac_[i] ? &*ac_[i] : nullptr;
      tables.quant[i] = quant_[i] ? &*quant_[i] : nullptr;
    }
    const DctScanDecoder decoder(stream_, *frame_, scan, tables, restart_interval_, s.offset);
    DISCUS_TRY(std::size_t end, decoder.run(s.end, planes_));
    markers_.seek(end);
    return {};
  }

  bool all_decoded() const { return frame_ && std::find(decoded_.begin(), decoded_.end(), false) == decoded_.end(); }

  // Full-resolution samples, colour-by-pixel.
  base::Result<std::vector<std::uint16_t>> finish() {
    if (!frame_) return Error{ErrorCode::kBadStructure, "JPEG: no SOF0/SOF1 frame header in the stream"};
    for (std::size_t c = 0; c < decoded_.size(); ++c) {
      if (!decoded_[c]) {
        return Error{ErrorCode::kTruncated, fmt::format("JPEG: component {} has no scan (stream ends at byte {})", frame_->components[c].id, markers_.position())}
            .at_offset(markers_.position());
      }
    }
    const DctFrame& f = *frame_;
    std::vector<std::uint16_t> out(static_cast<std::size_t>(f.rows) * f.columns * f.components.size());
    for (std::size_t c = 0; c < f.components.size(); ++c) upsample(f, c, out);
    return out;
  }

  // Chroma at half the horizontal (and possibly vertical) rate is interpolated with the
  // triangle filter JPEG decoders commonly use (3:1 weights of the nearer and farther sample),
  // so 12-bit colour agrees with dcmtk's and libjpeg's output; other ratios replicate samples
  // (T.81 A.1.1 leaves upsampling to the application).
  void upsample(const DctFrame& f, std::size_t c, std::vector<std::uint16_t>& out) const {
    const DctComponent& comp = f.components[c];
    const std::size_t n = f.components.size();
    const std::uint16_t* plane = planes_[c].data();
    const bool h2 = f.h_max == 2 * comp.h;
    const bool v1 = f.v_max == comp.v, v2 = f.v_max == 2 * comp.v;
    const std::size_t last_column = comp.width - 1, last_row = comp.height - 1;
    auto sample = [&](std::size_t row, std::size_t col) { return static_cast<int>(plane[row * comp.plane_width + col]); };
    for (std::uint32_t y = 0; y < f.rows; ++y) {
      std::uint16_t* dst = out.data() + static_cast<std::size_t>(y) * f.columns * n + c;
      if (h2 && (v1 || v2)) {
        const std::size_t near = v1 ? y : y / 2;
        const std::size_t far = v1 ? y : (y % 2 == 0 ? (near == 0 ? 0 : near - 1) : std::min(near + 1, last_row));
        // v2: vertical 3:1 sums (weight 4), then horizontal 3:1 (weight 16); v1: weight 4 only.
        auto column_sum = [&](std::size_t col) { return v1 ? sample(near, col) : 3 * sample(near, col) + sample(far, col); };
        const int shift = v1 ? 2 : 4;
        const int round_left = v1 ? 1 : 8, round_right = v1 ? 2 : 7;
        for (std::uint32_t x = 0; x < f.columns; ++x) {
          const std::size_t i = x / 2;
          const std::size_t neighbour = x % 2 == 0 ? (i == 0 ? 0 : i - 1) : std::min(i + 1, last_column);
          const int value = 3 * column_sum(i) + column_sum(neighbour) + (x % 2 == 0 ? round_left : round_right);
          dst[static_cast<std::size_t>(x) * n] = static_cast<std::uint16_t>(value >> shift);
        }
        continue;
      }
      const std::uint16_t* row = plane + static_cast<std::size_t>(y * comp.v / f.v_max) * comp.plane_width;
      for (std::uint32_t x = 0; x < f.columns; ++x) dst[static_cast<std::size_t>(x) * n] = row[x * comp.h / f.h_max];
    }
  }

  base::ByteView stream_;
  const FrameInfo& info_;
  jl::MarkerReader markers_;
  std::array<std::optional<jl::HuffmanDecoder>, 4> dc_, ac_;
  std::array<std::optional<QuantTable>, 4> quant_;
  unsigned restart_interval_ = 0;
  std::optional<DctFrame> frame_;
  std::vector<Plane> planes_;
  std::vector<bool> decoded_;
};

}  // namespace

base::Result<base::Bytes> decode_dct(base::ByteView stream, FrameInfo& info) {
  DctStreamDecoder d(stream, info);
  DISCUS_TRY(std::vector<std::uint16_t> samples, d.run());
  const ColourPlan plan = colour_plan(info);
  if (plan.ycbcr_to_rgb) ycbcr_to_rgb(samples, d.frame().precision);
  info.photometric_interpretation = plan.photometric_after;
  return to_native(samples, info);
}

}  // namespace discus::codec::jpeg
