// discus::codec::jpeg_lossless — Huffman tables for lossless difference categories.
//
// A table is what a DHT segment carries (T.81 B.2.4.2): BITS, the count of codes of each length
// 1-16, and HUFFVAL, the symbols in code order. Codes are assigned canonically (T.81 C.2). In
// lossless mode the symbols are difference categories SSSS 0-16 (T.81 H.1.2.2, Table H.2).
//
//   DISCUS_TRY(HuffmanDecoder d, HuffmanDecoder::build(spec));   int ssss = d.decode(reader);
//   HuffmanSpec s = optimal_spec(frequencies);  HuffmanEncoder e(s);  e.put(writer, ssss);
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "codec/jpeg_lossless/bit_reader.h"
#include "codec/jpeg_lossless/bit_writer.h"

namespace discus::codec::jpeg_lossless {

inline constexpr unsigned kCategories = 17;  // SSSS 0..16

struct HuffmanSpec {
  std::array<std::uint8_t, 17> bits{};  // bits[l]: codes of length l (index 0 unused)
  std::vector<std::uint8_t> values;     // HUFFVAL
};

// Checks a table from the stream: symbol count matches BITS, codes fit their lengths (no
// over-subscribed code space), every symbol is at most `max_symbol` (by default a lossless
// category; DCT AC tables, T.81 F.1.2.2, use the whole byte). The message says what's wrong.
base::Status validate(const HuffmanSpec& spec, unsigned max_symbol = kCategories - 1);

class HuffmanDecoder {
 public:
  static base::Result<HuffmanDecoder> build(const HuffmanSpec& spec, unsigned max_symbol = kCategories - 1);

  // The next symbol, or -1 when the bits match no code.
  int decode(BitReader& in) const {
    const std::uint32_t window = in.peek16();
    const std::uint16_t fast = fast_[window >> (16 - kFastBits)];
    if (fast != 0) {
      in.skip(fast >> 8);
      return fast & 0xFF;
    }
    return decode_slow(in, window);
  }

  // The next difference (T.81 H.2: a category code, then SSSS bits through F.2.2.1 EXTEND) into
  // `diff`; false when the bits match no code. One table look-up when code and bits fit in
  // kDiffBits, which is nearly always. Only for tables built for lossless categories.
  bool decode_difference(BitReader& in, int& diff) const {
    in.refill();
    const std::uint32_t entry = diff_[in.peek(kDiffBits)];
    if (entry != 0) {
      in.consume(entry & 0xFFu);
      diff = static_cast<std::int32_t>(entry) >> 8;
      return true;
    }
    return decode_difference_slow(in, diff);
  }

 private:
  static constexpr unsigned kFastBits = 9;
  static constexpr unsigned kDiffBits = 12;
  int decode_slow(BitReader& in, std::uint32_t window) const;
  bool decode_difference_slow(BitReader& in, int& diff) const;
  void build_difference_table(const HuffmanSpec& spec, const std::vector<std::uint16_t>& codes);

  std::array<std::uint16_t, 1u << kFastBits> fast_{};  // (length << 8) | symbol; 0: not short
  std::array<std::int32_t, 18> max_code_{};             // T.81 F.2.2.3 MAXCODE, -1: none
  std::array<std::int32_t, 17> first_index_{};          // VALPTR - MINCODE
  std::vector<std::uint8_t> values_;
  // Indexed by the next kDiffBits bits: (difference << 8) | bits used; 0: take the slow path.
  std::vector<std::uint32_t> diff_;
};

class HuffmanEncoder {
 public:
  explicit HuffmanEncoder(const HuffmanSpec& spec);
  void put(BitWriter& out, unsigned category) const { out.put(code_[category], length_[category]); }
  bool has(unsigned category) const { return length_[category] != 0; }

 private:
  std::array<std::uint16_t, kCategories> code_{};
  std::array<std::uint8_t, kCategories> length_{};
};

// A table with code lengths of at most 16 fitted to `frequencies` (T.81 K.2 procedure in
// outline: Huffman lengths, one code point reserved so no code is all 1-bits, then lengths over
// 16 folded back). Categories with frequency 0 get no code.
HuffmanSpec optimal_spec(const std::array<std::uint64_t, kCategories>& frequencies);

}  // namespace discus::codec::jpeg_lossless
