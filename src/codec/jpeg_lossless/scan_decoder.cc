#include "codec/jpeg_lossless/scan_decoder.h"

#include <fmt/format.h>

namespace discus::codec::jpeg_lossless {

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

base::Status ScanDecoder::decode_row(BitReader& in, std::uint32_t y, std::vector<Plane>& planes, std::uint64_t& mcus,
                                     IntervalOrigin& origin) const {
  const std::uint32_t width = frame_.columns;
  const int initial = 1 << (frame_.precision - scan_.point_transform - 1);
  for (std::uint32_t x = 0; x < width; ++x) {
    if (restart_interval_ != 0 && mcus != 0 && mcus % restart_interval_ == 0) {
      DISCUS_CHECK(restart(in, mcus));
      origin = IntervalOrigin{y, x};
    }
    for (const ScanComponent& c : scan_.components) {
      std::uint16_t* plane = planes[c.frame_index].data();
      const int px = predict_at(plane, width, y, x, origin, scan_.predictor, initial);
      const int ssss = tables_[c.table]->decode(in);
      if (ssss < 0) return corrupt(in, "bits match no Huffman code");
      int diff = 0;
      if (ssss == 16) {
        diff = 32768;
      } else if (ssss != 0) {
        const int v = static_cast<int>(in.bits(static_cast<unsigned>(ssss)));
        diff = v < (1 << (ssss - 1)) ? v - (1 << ssss) + 1 : v;  // T.81 F.2.2.1 EXTEND
      }
      plane[static_cast<std::size_t>(y) * width + x] = static_cast<std::uint16_t>((px + diff) & 0xFFFF);
    }
    ++mcus;
  }
  if (in.overrun()) return corrupt(in, fmt::format("data ends before line {} of {} is complete", y + 1, frame_.rows).c_str());
  return {};
}

base::Result<std::size_t> ScanDecoder::run(std::size_t start, std::vector<Plane>& planes) const {
  for (const ScanComponent& c : scan_.components) {
    if (tables_[c.table] == nullptr) {
      return marker_error(base::ErrorCode::kBadStructure, kSOS, sos_offset_, fmt::format("Huffman table {} was never defined", c.table));
    }
  }
  BitReader in(stream_, start);
  std::uint64_t mcus = 0;
  IntervalOrigin origin;
  for (std::uint32_t y = 0; y < frame_.rows; ++y) DISCUS_CHECK(decode_row(in, y, planes, mcus, origin));
  return in.end_of_segment();
}

}  // namespace discus::codec::jpeg_lossless
