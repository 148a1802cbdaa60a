// discus::codec::jpeg_ls — the P-bit sample patterns a JPEG-LS stream codes, and back.
//
// PS3.5 A.4.3 and 8.2.3: the codestream carries the stored bits. precision_for() picks P (Bits
// Stored when the bits above High Bit are redundant, else Bits Allocated); to_pattern() and
// from_pattern() move one sample between the native word and the P-bit pattern.
//   unsigned p = precision_for(native, info);
#pragma once

#include <cstdint>

#include "base/bytes.h"
#include "codec/codec.h"

namespace discus::codec::jpeg_ls {

// The native word the decoder rebuilds from a P-bit pattern: zero- or sign-extended.
inline std::uint32_t from_pattern(std::uint32_t pattern, unsigned p, bool is_signed) {
  if (is_signed && p < 32 && (pattern >> (p - 1)) & 1u) return pattern | ~((1u << p) - 1u);
  return pattern;
}

inline std::uint32_t to_pattern(std::uint32_t word, unsigned p) { return p >= 32 ? word : word & ((1u << p) - 1u); }

inline std::uint32_t load_sample(const std::uint8_t* s, unsigned bytes) {
  return bytes == 1 ? s[0] : static_cast<std::uint32_t>(s[0] | (s[1] << 8));
}

// P for encoding `native`: Bits Stored if every word equals from_pattern(to_pattern(word)).
inline unsigned precision_for(base::ByteView native, const FrameInfo& info) {
  const unsigned bytes = info.bits_allocated / 8u;
  const unsigned stored = info.bits_stored;
  const std::uint32_t word_mask = bytes == 1 ? 0xFFu : 0xFFFFu;
  const bool is_signed = info.pixel_representation == 1;
  if (stored >= info.bits_allocated) return info.bits_allocated;
  for (std::size_t i = 0; i + bytes <= native.size(); i += bytes) {
    const std::uint32_t w = load_sample(native.data() + i, bytes);
    if ((from_pattern(to_pattern(w, stored), stored, is_signed) & word_mask) != w) return info.bits_allocated;
  }
  return stored;
}

}  // namespace discus::codec::jpeg_ls
