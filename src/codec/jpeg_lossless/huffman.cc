#include "codec/jpeg_lossless/huffman.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace discus::codec::jpeg_lossless {
namespace {

base::Error bad_table(std::string message) { return base::Error{base::ErrorCode::kBadStructure, std::move(message)}; }

// The canonical code of every symbol in HUFFVAL order (T.81 C.2, Figures C.1 and C.2).
std::vector<std::uint16_t> canonical_codes(const HuffmanSpec& spec) {
  std::vector<std::uint16_t> codes;
  std::uint32_t code = 0;
  for (unsigned length = 1; length <= 16; ++length) {
    for (unsigned i = 0; i < spec.bits[length]; ++i) codes.push_back(static_cast<std::uint16_t>(code++));
    code <<= 1;
  }
  return codes;
}

}  // namespace

base::Status validate(const HuffmanSpec& spec, unsigned max_symbol) {
  const unsigned total = std::accumulate(spec.bits.begin() + 1, spec.bits.end(), 0u);
  if (total == 0) return bad_table("Huffman table defines no codes");
  if (total != spec.values.size()) return bad_table(fmt::format("Huffman table counts {} codes but lists {} symbols", total, spec.values.size()));
  std::uint32_t code = 0;
  for (unsigned length = 1; length <= 16; ++length) {
    code += spec.bits[length];
    if (code > (1u << length)) return bad_table(fmt::format("Huffman table over-subscribes codes of length {}", length));
    code <<= 1;
  }
  for (std::uint8_t v : spec.values) {
    if (v > max_symbol) {
      return bad_table(max_symbol == kCategories - 1 ? fmt::format("Huffman symbol {} is not a lossless difference category (0-16)", v)
                                                     : fmt::format("Huffman symbol {} is above {}", v, max_symbol));
    }
  }
  return {};
}

base::Result<HuffmanDecoder> HuffmanDecoder::build(const HuffmanSpec& spec, unsigned max_symbol) {
  DISCUS_CHECK(validate(spec, max_symbol));
  HuffmanDecoder d;
  d.values_ = spec.values;
  const std::vector<std::uint16_t> codes = canonical_codes(spec);
  unsigned k = 0;
  for (unsigned length = 1; length <= 16; ++length) {
    d.max_code_[length] = -1;
    if (spec.bits[length] == 0) continue;
    d.first_index_[length] = static_cast<std::int32_t>(k) - codes[k];
    for (unsigned i = 0; i < spec.bits[length]; ++i, ++k) {
      d.max_code_[length] = codes[k];
      if (length > kFastBits) continue;
      // Every window whose first `length` bits are this code decodes to it.
      const unsigned shift = kFastBits - length;
      const unsigned first = static_cast<unsigned>(codes[k]) << shift;
      for (unsigned w = first; w < first + (1u << shift); ++w) {
        d.fast_[w] = static_cast<std::uint16_t>((length << 8) | spec.values[k]);
      }
    }
  }
  d.max_code_[17] = 0x7FFFFFFF;
  if (max_symbol < kCategories) d.build_difference_table(spec, codes);
  return d;
}

namespace {

// T.81 F.2.2.1 EXTEND: the `ssss` bits `v` as a signed difference; category 16 is 32768 (H.1.2.2).
int extend(std::uint32_t v, unsigned ssss) {
  if (ssss == 0) return 0;
  if (ssss == 16) return 32768;
  const int value = static_cast<int>(v);
  return value < (1 << (ssss - 1)) ? value - (1 << ssss) + 1 : value;
}

}  // namespace

void HuffmanDecoder::build_difference_table(const HuffmanSpec& spec, const std::vector<std::uint16_t>& codes) {
  diff_.assign(std::size_t{1} << kDiffBits, 0);
  unsigned k = 0;
  for (unsigned length = 1; length <= 16; ++length) {
    for (unsigned i = 0; i < spec.bits[length]; ++i, ++k) {
      const unsigned ssss = spec.values[k];
      const unsigned extra = ssss == 16 ? 0 : ssss;  // category 16 carries no bits (H.1.2.2)
      const unsigned total = length + extra;
      if (total > kDiffBits) continue;  // left to decode_difference_slow
      // Every window starting with this code and these `extra` bits decodes to the same value.
      const unsigned free_bits = kDiffBits - total;
      for (std::uint32_t v = 0; v < (1u << extra); ++v) {
        const std::uint32_t first = ((static_cast<std::uint32_t>(codes[k]) << extra) | v) << free_bits;
        const std::uint32_t entry = (static_cast<std::uint32_t>(extend(v, ssss)) << 8) | total;
        std::fill(diff_.begin() + first, diff_.begin() + first + (1u << free_bits), entry);
      }
    }
  }
}

bool HuffmanDecoder::decode_difference_slow(BitReader& in, int& diff) const {
  const int ssss = decode(in);
  if (ssss < 0) return false;
  const unsigned extra = ssss == 16 ? 0u : static_cast<unsigned>(ssss);
  diff = extend(in.bits(extra), static_cast<unsigned>(ssss));
  return true;
}

int HuffmanDecoder::decode_slow(BitReader& in, std::uint32_t window) const {
  for (unsigned length = kFastBits + 1; length <= 16; ++length) {
    const std::int32_t code = static_cast<std::int32_t>(window >> (16 - length));
    if (code <= max_code_[length]) {
      in.skip(length);
      return values_[static_cast<std::size_t>(first_index_[length] + code)];
    }
  }
  return -1;
}

HuffmanEncoder::HuffmanEncoder(const HuffmanSpec& spec) {
  const std::vector<std::uint16_t> codes = canonical_codes(spec);
  unsigned k = 0;
  for (unsigned length = 1; length <= 16; ++length) {
    for (unsigned i = 0; i < spec.bits[length]; ++i, ++k) {
      code_[spec.values[k]] = codes[k];
      length_[spec.values[k]] = static_cast<std::uint8_t>(length);
    }
  }
}

namespace {

// Huffman code lengths for the symbols with nonzero weight (index kCategories is the reserved
// code point). Small alphabet: repeatedly merge the two lightest subtrees.
std::array<unsigned, kCategories + 1> code_lengths(const std::array<std::uint64_t, kCategories + 1>& weight) {
  struct Node { std::uint64_t weight; std::vector<unsigned> symbols; };
  std::vector<Node> nodes;
  for (unsigned s = 0; s <= kCategories; ++s) {
    if (weight[s] != 0) nodes.push_back(Node{weight[s], {s}});
  }
  std::array<unsigned, kCategories + 1> length{};
  while (nodes.size() > 1) {
    // Lightest first; on ties the reserved point (highest index) sorts as lighter so it ends deep.
    std::sort(nodes.begin(), nodes.end(), [](const Node& a, const Node& b) {
      return a.weight != b.weight ? a.weight < b.weight : a.symbols.back() > b.symbols.back();
    });
    Node merged{nodes[0].weight + nodes[1].weight, nodes[0].symbols};
    merged.symbols.insert(merged.symbols.end(), nodes[1].symbols.begin(), nodes[1].symbols.end());
    for (unsigned s : merged.symbols) ++length[s];
    nodes.erase(nodes.begin(), nodes.begin() + 2);
    nodes.push_back(std::move(merged));
  }
  return length;
}

}  // namespace

HuffmanSpec optimal_spec(const std::array<std::uint64_t, kCategories>& frequencies) {
  std::array<std::uint64_t, kCategories + 1> weight{};
  std::copy(frequencies.begin(), frequencies.end(), weight.begin());
  weight[kCategories] = 1;  // T.81 K.2: a reserved code point keeps any code from being all 1-bits
  if (std::all_of(frequencies.begin(), frequencies.end(), [](std::uint64_t f) { return f == 0; })) weight[0] = 1;
  const std::array<unsigned, kCategories + 1> length = code_lengths(weight);

  std::array<unsigned, 40> count{};
  for (unsigned s = 0; s <= kCategories; ++s) if (weight[s] != 0) ++count[length[s]];
  // T.81 K.3 (Figure K.3): fold lengths above 16 back, two codes at a time.
  for (unsigned i = 39; i > 16; --i) {
    while (count[i] > 0) {
      unsigned j = i - 2;
      while (count[j] == 0) --j;
      count[i] -= 2;
      count[i - 1] += 1;
      count[j + 1] += 2;
      count[j] -= 1;
    }
  }
  unsigned longest = 16;
  while (count[longest] == 0) --longest;
  --count[longest];  // drop the reserved point: it is the last (all 1-bits) code of that length

  // Symbols by decreasing frequency take the lengths in increasing order.
  std::vector<unsigned> order;
  for (unsigned s = 0; s < kCategories; ++s) if (weight[s] != 0) order.push_back(s);
  std::stable_sort(order.begin(), order.end(), [&](unsigned a, unsigned b) { return weight[a] > weight[b]; });
  HuffmanSpec spec;
  for (unsigned l = 1; l <= 16; ++l) spec.bits[l] = static_cast<std::uint8_t>(count[l]);
  for (unsigned s : order) spec.values.push_back(static_cast<std::uint8_t>(s));
  return spec;
}

}  // namespace discus::codec::jpeg_lossless
