// The lossless JPEG encoder: one interleaved scan, Huffman tables fitted to the frame (two
// passes: categories are counted, then coded), T.81 B.2 headers.
#include <array>
#include <vector>

#include <fmt/format.h>

#include "codec/jpeg_lossless/bit_writer.h"
#include "codec/jpeg_lossless/huffman.h"
#include "codec/jpeg_lossless/jpeg_lossless.h"
#include "codec/jpeg_lossless/markers.h"
#include "codec/jpeg_lossless/predictor.h"

namespace discus::codec::jpeg_lossless {
namespace {

using base::ErrorCode;

base::Error invalid(const std::string& what) { return base::Error{ErrorCode::kInvalidArgument, "JPEG lossless encoder: " + what}; }

base::Status check_input(base::ByteView native, const FrameInfo& info, const EncodeOptions& o) {
  if (info.samples_per_pixel != 1 && info.samples_per_pixel != 3) return invalid(fmt::format("{} samples per pixel; 1 or 3 are supported", info.samples_per_pixel));
  if (info.bits_allocated != 8 && info.bits_allocated != 16) return invalid(fmt::format("Bits Allocated {} is not 8 or 16", info.bits_allocated));
  if (info.bits_stored < 2 || info.bits_stored > info.bits_allocated) return invalid(fmt::format("Bits Stored {} is outside 2-{}", info.bits_stored, info.bits_allocated));
  if (info.rows == 0 || info.columns == 0 || info.rows > 0xFFFF || info.columns > 0xFFFF) return invalid(fmt::format("{}x{} does not fit a JPEG frame header", info.rows, info.columns));
  if (native.size() < info.native_frame_size()) return invalid(fmt::format("{} bytes of pixels for a frame of {}", native.size(), info.native_frame_size()));
  if (o.predictor < 1 || o.predictor > 7) return invalid(fmt::format("predictor {} is outside 1-7", o.predictor));
  if (o.point_transform >= info.bits_stored) return invalid("point transform must be below Bits Stored");
  if (o.restart_interval > 0xFFFF) return invalid("restart interval above 65535");
  return {};
}

// T.81 precision for this frame: Bits Stored when every sample fits in it, otherwise (signed
// data sign-extended into its container, or bits above High Bit in use) Bits Allocated, so the
// native bytes always come back exactly (dcmtk's true lossless encoder does the same).
std::uint16_t coded_precision(base::ByteView native, const FrameInfo& info) {
  if (info.bits_stored == info.bits_allocated) return info.bits_stored;
  const std::uint64_t size = info.native_frame_size();
  if (info.bits_allocated == 8) {
    const auto high = static_cast<std::uint8_t>(0xFFu << info.bits_stored);
    for (std::uint64_t i = 0; i < size; ++i) if (native[i] & high) return info.bits_allocated;
    return info.bits_stored;
  }
  const auto high = static_cast<std::uint8_t>(0xFFu << (info.bits_stored - 8));
  for (std::uint64_t i = 1; i < size; i += 2) if (native[i] & high) return info.bits_allocated;
  return info.bits_stored;
}

// The native samples as planes of Bits Stored-bit patterns shifted right by Pt.
std::vector<std::vector<std::uint16_t>> load_planes(base::ByteView native, const FrameInfo& info, unsigned pt) {
  const std::size_t pixels = static_cast<std::size_t>(info.rows) * info.columns;
  const std::size_t n = info.samples_per_pixel;
  const unsigned bytes = info.bits_allocated / 8u;
  const std::uint32_t mask = (1u << info.bits_stored) - 1u;
  std::vector<std::vector<std::uint16_t>> planes(n, std::vector<std::uint16_t>(pixels));
  for (std::size_t c = 0; c < n; ++c) {
    for (std::size_t i = 0; i < pixels; ++i) {
      const std::size_t index = (info.planar_configuration == 1 ? c * pixels + i : i * n + c) * bytes;
      std::uint32_t v = native[index];
      if (bytes == 2) v |= static_cast<std::uint32_t>(native[index + 1]) << 8;
      planes[c][i] = static_cast<std::uint16_t>((v & mask) >> pt);
    }
  }
  return planes;
}

// Every sample's difference, in coding order (MCU by MCU, component by component).
std::vector<int> differences(const std::vector<std::vector<std::uint16_t>>& planes, const FrameInfo& info,
                             const EncodeOptions& o) {
  const int initial = 1 << (info.bits_stored - o.point_transform - 1);
  std::vector<int> diffs;
  diffs.reserve(planes.size() * planes[0].size());
  IntervalOrigin origin;
  std::uint64_t mcus = 0;
  for (std::uint32_t y = 0; y < info.rows; ++y) {
    for (std::uint32_t x = 0; x < info.columns; ++x, ++mcus) {
      if (o.restart_interval != 0 && mcus != 0 && mcus % o.restart_interval == 0) origin = IntervalOrigin{y, x};
      for (const auto& plane : planes) {
        const int px = predict_at(plane.data(), info.columns, y, x, origin, o.predictor, initial);
        diffs.push_back(wrap_difference(plane[static_cast<std::size_t>(y) * info.columns + x] - px));
      }
    }
  }
  return diffs;
}

void put16(base::Bytes& out, unsigned v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put_marker(base::Bytes& out, std::uint8_t code) {
  out.push_back(0xFF);
  out.push_back(code);
}

void write_headers(base::Bytes& out, const FrameInfo& info, const EncodeOptions& o, const std::vector<HuffmanSpec>& specs) {
  const unsigned n = info.samples_per_pixel;
  put_marker(out, kSOI);
  put_marker(out, kSOF3);  // T.81 B.2.2
  put16(out, 8 + 3 * n);
  out.push_back(static_cast<std::uint8_t>(info.bits_stored));
  put16(out, info.rows);
  put16(out, info.columns);
  out.push_back(static_cast<std::uint8_t>(n));
  for (unsigned c = 0; c < n; ++c) out.insert(out.end(), {static_cast<std::uint8_t>(c + 1), 0x11, 0x00});
  put_marker(out, kDHT);  // B.2.4.2: all tables in one segment
  std::size_t length = 2;
  for (const HuffmanSpec& s : specs) length += 17 + s.values.size();
  put16(out, static_cast<unsigned>(length));
  for (unsigned t = 0; t < specs.size(); ++t) {
    out.push_back(static_cast<std::uint8_t>(t));  // Tc 0, Th t
    out.insert(out.end(), specs[t].bits.begin() + 1, specs[t].bits.end());
    out.insert(out.end(), specs[t].values.begin(), specs[t].values.end());
  }
  if (o.restart_interval != 0) {
    put_marker(out, kDRI);
    put16(out, 4);
    put16(out, o.restart_interval);
  }
  put_marker(out, kSOS);  // B.2.3
  put16(out, 6 + 2 * n);
  out.push_back(static_cast<std::uint8_t>(n));
  for (unsigned c = 0; c < n; ++c) out.insert(out.end(), {static_cast<std::uint8_t>(c + 1), static_cast<std::uint8_t>(c << 4)});
  out.insert(out.end(), {static_cast<std::uint8_t>(o.predictor), 0x00, static_cast<std::uint8_t>(o.point_transform)});
}

void write_scan(base::Bytes& out, const std::vector<int>& diffs, const std::vector<HuffmanEncoder>& coders,
                unsigned restart_interval) {
  const std::size_t n = coders.size();
  const std::size_t per_interval = restart_interval == 0 ? diffs.size() : restart_interval * n;
  BitWriter w(out);
  for (std::size_t i = 0; i < diffs.size(); ++i) {
    if (i != 0 && i % per_interval == 0) {
      w.flush();
      put_marker(out, static_cast<std::uint8_t>(kRST0 + (i / per_interval - 1) % 8));
    }
    const int d = diffs[i];
    const unsigned s = category_of(d);
    coders[i % n].put(w, s);
    if (s != 0 && s != 16) w.put(static_cast<std::uint32_t>(d < 0 ? d - 1 : d), s);  // F.1.2.1.1
  }
  w.flush();
}

}  // namespace

base::Result<base::Bytes> encode(base::ByteView native, FrameInfo& info, const EncodeOptions& options) {
  DISCUS_CHECK(check_input(native, info, options));
  FrameInfo coded = info;  // bits_stored: the precision P of the frame header
  coded.bits_stored = coded_precision(native, info);
  const auto planes = load_planes(native, coded, options.point_transform);
  const std::vector<int> diffs = differences(planes, coded, options);
  const std::size_t n = planes.size();
  std::vector<std::array<std::uint64_t, kCategories>> freq(n, std::array<std::uint64_t, kCategories>{});
  for (std::size_t i = 0; i < diffs.size(); ++i) ++freq[i % n][category_of(diffs[i])];
  std::vector<HuffmanSpec> specs;
  std::vector<HuffmanEncoder> coders;
  for (const auto& f : freq) {
    specs.push_back(optimal_spec(f));
    coders.emplace_back(specs.back());
  }
  base::Bytes out;
  out.reserve(diffs.size() + 1024);
  write_headers(out, coded, options, specs);
  write_scan(out, diffs, coders, options.restart_interval);
  put_marker(out, kEOI);
  info.planar_configuration = 0;  // PS3.5 8.2.1: JPEG frames are colour-by-pixel once decoded
  return out;
}

}  // namespace discus::codec::jpeg_lossless
