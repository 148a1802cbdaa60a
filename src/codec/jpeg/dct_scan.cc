#include "codec/jpeg/dct_scan.h"

#include <fmt/format.h>

#include "codec/jpeg/idct.h"

namespace discus::codec::jpeg {

using base::ErrorCode;
using jpeg_lossless::BitReader;

struct DctScanDecoder::State {
  BitReader in;
  std::array<std::int32_t, 4> prediction{};  // DC predictions per scan component (F.2.2.1)
  std::uint64_t mcus = 0;
};

namespace {

// T.81 F.2.2.1 EXTEND: the `size`-bit value as a signed difference.
std::int32_t extend(std::uint32_t bits, unsigned size) {
  return bits < (1u << (size - 1)) ? static_cast<std::int32_t>(bits) - static_cast<std::int32_t>((1u << size) - 1u) : static_cast<std::int32_t>(bits);
}

// Valid DC predictions stay within 2^(P+3) (F.1.2.1.1); clamping keeps a hostile stream's running
// sum from overflowing without changing any valid one.
std::int32_t clamp_prediction(std::int64_t value) {
  constexpr std::int64_t kLimit = 1 << 20;
  return static_cast<std::int32_t>(value < -kLimit ? -kLimit : value > kLimit ? kLimit : value);
}

}  // namespace

base::Error DctScanDecoder::corrupt(const BitReader& in, const std::string& what) const {
  return base::Error{ErrorCode::kBadStructure, fmt::format("JPEG: SOS at byte {}: {} (entropy-coded data near byte {})", sos_offset_, what, in.position())}
      .at_offset(in.position());
}

base::Status DctScanDecoder::decode_block(State& state, unsigned scan_index, std::uint16_t* out, std::size_t stride) const {
  const DctScanComponent& sc = scan_.components[scan_index];
  const DctComponent& fc = frame_.components[sc.index];
  BitReader& in = state.in;
  std::array<std::int32_t, 64> coef{};
  const int dc_size = tables_.dc[sc.dc_table]->decode(in);
  if (dc_size < 0 || dc_size > static_cast<int>(frame_.precision) + 3) return corrupt(in, "bits match no DC code, or a DC category too large");
  std::int32_t diff = dc_size == 0 ? 0 : extend(in.bits(static_cast<unsigned>(dc_size)), static_cast<unsigned>(dc_size));
  state.prediction[scan_index] = clamp_prediction(static_cast<std::int64_t>(state.prediction[scan_index]) + diff);
  coef[0] = state.prediction[scan_index];
  const jpeg_lossless::HuffmanDecoder& ac = *tables_.ac[sc.ac_table];
  for (unsigned k = 1; k < 64;) {  // T.81 F.2.2.2 (Figure F.13)
    const int rs = ac.decode(in);
    if (rs < 0) return corrupt(in, "bits match no AC code");
    const unsigned run = static_cast<unsigned>(rs) >> 4, size = static_cast<unsigned>(rs) & 0x0F;
    if (size == 0) {
      if (run != 15) break;  // EOB
      k += 16;               // ZRL
      continue;
    }
    k += run;
    if (k > 63) return corrupt(in, "AC coefficients run past the end of the block");
    coef[kZigZag[k]] = extend(in.bits(size), size);
    ++k;
  }
  inverse_dct(coef.data(), *tables_.quant[fc.tq], frame_.precision, out, stride);
  return {};
}

base::Status DctScanDecoder::decode_mcu(State& state, std::uint32_t mcu_x, std::uint32_t mcu_y, std::vector<Plane>& planes) const {
  if (scan_.components.size() == 1) {  // A.2.2: one block per MCU, in the component's own grid
    const DctComponent& c = frame_.components[scan_.components[0].index];
    std::uint16_t* out = planes[scan_.components[0].index].data() + (static_cast<std::size_t>(mcu_y) * 8 * c.plane_width + mcu_x * 8u);
    return decode_block(state, 0, out, c.plane_width);
  }
  for (unsigned i = 0; i < scan_.components.size(); ++i) {  // A.2.3: H x V blocks of each component
    const DctComponent& c = frame_.components[scan_.components[i].index];
    for (unsigned v = 0; v < c.v; ++v) {
      for (unsigned h = 0; h < c.h; ++h) {
        const std::size_t row = (static_cast<std::size_t>(mcu_y) * c.v + v) * 8;
        const std::size_t col = (static_cast<std::size_t>(mcu_x) * c.h + h) * 8;
        DISCUS_CHECK(decode_block(state, i, planes[scan_.components[i].index].data() + row * c.plane_width + col, c.plane_width));
      }
    }
  }
  return {};
}

base::Status DctScanDecoder::restart(State& state) const {
  const std::size_t at = state.in.position();
  const std::uint8_t marker = state.in.next_marker();
  const auto expected = static_cast<std::uint8_t>(jpeg_lossless::kRST0 + (state.mcus / restart_interval_ - 1) % 8);
  if (marker != expected) {
    return base::Error{marker == 0 ? ErrorCode::kTruncated : ErrorCode::kBadStructure,
                       fmt::format("JPEG: SOS at byte {}: found {} near byte {} where {} was due", sos_offset_,
                                   marker == 0 ? std::string("the end of the data") : jpeg_lossless::marker_name(marker), at,
                                   jpeg_lossless::marker_name(expected))}
        .at_offset(at);
  }
  state.prediction = {};
  return {};
}

base::Status DctScanDecoder::check_tables() const {
  for (const DctScanComponent& c : scan_.components) {
    auto missing = [&](const char* what, unsigned n) {
      return base::Error{ErrorCode::kBadStructure, fmt::format("JPEG: SOS at byte {}: {} table {} was never defined", sos_offset_, what, n)}.at_offset(sos_offset_);
    };
    if (tables_.dc[c.dc_table] == nullptr) return missing("DC Huffman", c.dc_table);
    if (tables_.ac[c.ac_table] == nullptr) return missing("AC Huffman", c.ac_table);
    if (tables_.quant[frame_.components[c.index].tq] == nullptr) return missing("quantization", frame_.components[c.index].tq);
  }
  return {};
}

base::Result<std::size_t> DctScanDecoder::run(std::size_t start, std::vector<Plane>& planes) const {
  DISCUS_CHECK(check_tables());
  State state{BitReader(stream_, start)};
  std::uint32_t wide = frame_.mcus_wide, high = frame_.mcus_high;
  if (scan_.components.size() == 1) {
    wide = frame_.components[scan_.components[0].index].blocks_wide;
    high = frame_.components[scan_.components[0].index].blocks_high;
  }
  for (std::uint32_t y = 0; y < high; ++y) {
    for (std::uint32_t x = 0; x < wide; ++x) {
      if (restart_interval_ != 0 && state.mcus != 0 && state.mcus % restart_interval_ == 0) DISCUS_CHECK(restart(state));
      DISCUS_CHECK(decode_mcu(state, x, y, planes));
      ++state.mcus;
    }
    if (state.in.overrun()) return corrupt(state.in, fmt::format("data ends before MCU row {} of {} is complete", y + 1, high));
  }
  return state.in.end_of_segment();
}

}  // namespace discus::codec::jpeg
