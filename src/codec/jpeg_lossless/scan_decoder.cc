#include "codec/jpeg_lossless/scan_decoder.h"

#include <algorithm>

#include <fmt/format.h>

namespace discus::codec::jpeg_lossless {
namespace {

// Samples x0 < x < x1 of one line, none of them first on its line or in its restart interval:
// prediction with selection value `kSelection` from the line itself and the one `above`, or from
// the left neighbour only (kSelection 0) on the first line of a scan or restart interval.
// Returns the first x not decoded (x1 unless the bits match no code).
template <unsigned kSelection>
std::uint32_t decode_span(BitReader& in, const HuffmanDecoder& table, std::uint16_t* line,
                          const std::uint16_t* above, std::uint32_t x, std::uint32_t x1) {
  for (; x < x1; ++x) {
    int diff;
    if (!table.decode_difference(in, diff)) return x;
    int px;
    if constexpr (kSelection == 0) {
      px = line[x - 1];
    } else {
      px = predict(kSelection, line[x - 1], above[x], above[x - 1]);
    }
    line[x] = static_cast<std::uint16_t>(px + diff);  // modulo 2^16 (H.1.2.2)
  }
  return x;
}

std::uint32_t decode_span(unsigned selection, BitReader& in, const HuffmanDecoder& table, std::uint16_t* line,
                          const std::uint16_t* above, std::uint32_t x, std::uint32_t x1) {
  switch (selection) {
    case 0: return decode_span<0>(in, table, line, above, x, x1);
    case 1: return decode_span<1>(in, table, line, above, x, x1);
    case 2: return decode_span<2>(in, table, line, above, x, x1);
    case 3: return decode_span<3>(in, table, line, above, x, x1);
    case 4: return decode_span<4>(in, table, line, above, x, x1);
    case 5: return decode_span<5>(in, table, line, above, x, x1);
    case 6: return decode_span<6>(in, table, line, above, x, x1);
    default: return decode_span<7>(in, table, line, above, x, x1);
  }
}

}  // namespace

base::Error ScanDecoder::corrupt(const BitReader& in, const char* what) const {
  return marker_error(base::ErrorCode::kBadStructure, kSOS, sos_offset_,
                      fmt::format("{} (entropy-coded data near byte {})", what, in.position()));
}

base::Status ScanDecoder::restart(BitReader& in, std::uint64_t mcus) const {
  const std::size_t at = in.position();
  const std::uint8_t marker = in.next_marker();
  const auto expected = static_cast<std::uint8_t>(kRST0 + (mcus / restart_interval_ - 1) % 8);
  if (marker == expected) return {};
  if (marker == 0) {
    return marker_error(base::ErrorCode::kTruncated, kSOS, sos_offset_, fmt::format("stream ends at byte {} where {} was due", at, marker_name(expected)));
  }
  return marker_error(base::ErrorCode::kBadStructure, kSOS, sos_offset_,
                      fmt::format("found {} near byte {} where {} was due", marker_name(marker), at, marker_name(expected)));
}


base::Status ScanDecoder::decode_row(BitReader& in, std::uint32_t y, const Planes& planes, std::uint64_t& mcus,
                                     IntervalOrigin& origin) const {
  const std::uint32_t width = frame_.columns;
  const int initial = 1 << (frame_.precision - scan_.point_transform - 1);
  for (std::uint32_t x = 0; x < width; ++x) {
    if (restart_interval_ != 0 && mcus != 0 && mcus % restart_interval_ == 0) {
      DISCUS_CHECK(restart(in, mcus));
      origin = IntervalOrigin{y, x};
    }
    for (const ScanComponent& c : scan_.components) {
      std::uint16_t* plane = planes[c.frame_index];
      const int px = predict_at(plane, width, y, x, origin, scan_.predictor, initial);
      int diff;
      if (!tables_[c.table]->decode_difference(in, diff)) return corrupt(in, "bits match no Huffman code");
      plane[static_cast<std::size_t>(y) * width + x] = static_cast<std::uint16_t>((px + diff) & 0xFFFF);
    }
    ++mcus;
  }
  if (in.overrun()) return corrupt(in, fmt::format("data ends before line {} of {} is complete", y + 1, frame_.rows).c_str());
  return {};
}

// The same samples, predictions and restart handling as decode_row for a one-component scan,
// cut into spans that contain no restart boundary and no line or interval start.
base::Status ScanDecoder::decode_row_single(BitReader& in, std::uint32_t y, std::uint16_t* plane, std::uint64_t& mcus,
                                            IntervalOrigin& origin) const {
  const std::uint32_t width = frame_.columns;
  const int initial = 1 << (frame_.precision - scan_.point_transform - 1);
  const HuffmanDecoder& table = *tables_[scan_.components[0].table];
  std::uint16_t* line = plane + static_cast<std::size_t>(y) * width;
  std::uint32_t x = 0;
  while (x < width) {
    std::uint32_t end = width;
    if (restart_interval_ != 0) {
      if (mcus != 0 && mcus % restart_interval_ == 0) {
        DISCUS_CHECK(restart(in, mcus));
        origin = IntervalOrigin{y, x};
      }
      const std::uint64_t left = restart_interval_ - mcus % restart_interval_;
      end = static_cast<std::uint32_t>(std::min<std::uint64_t>(width, x + left));
    }
    const std::uint32_t begin = x;
    int diff;
    if (!table.decode_difference(in, diff)) return corrupt(in, "bits match no Huffman code");
    const int px = predict_at(plane, width, y, x, origin, scan_.predictor, initial);
    line[x] = static_cast<std::uint16_t>(px + diff);
    const unsigned selection = y == origin.y ? 0 : scan_.predictor;
    x = decode_span(selection, in, table, line, y == origin.y ? nullptr : line - width, x + 1, end);
    if (x != end) return corrupt(in, "bits match no Huffman code");
    mcus += end - begin;
  }
  if (in.overrun()) return corrupt(in, fmt::format("data ends before line {} of {} is complete", y + 1, frame_.rows).c_str());
  return {};
}

base::Result<std::size_t> ScanDecoder::run(std::size_t start, const Planes& planes) const {
  for (const ScanComponent& c : scan_.components) {
    if (tables_[c.table] == nullptr) {
      return marker_error(base::ErrorCode::kBadStructure, kSOS, sos_offset_, fmt::format("Huffman table {} was never defined", c.table));
    }
  }
  BitReader in(stream_, start);
  std::uint64_t mcus = 0;
  IntervalOrigin origin;
  if (scan_.components.size() == 1) {
    std::uint16_t* plane = planes[scan_.components[0].frame_index];
    for (std::uint32_t y = 0; y < frame_.rows; ++y) DISCUS_CHECK(decode_row_single(in, y, plane, mcus, origin));
  } else {
    for (std::uint32_t y = 0; y < frame_.rows; ++y) DISCUS_CHECK(decode_row(in, y, planes, mcus, origin));
  }
  return in.end_of_segment();
}

}  // namespace discus::codec::jpeg_lossless
