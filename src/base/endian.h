// discus::base — little/big endian loads and stores on unaligned bytes.
//
// DICOM data is little endian except the retired Explicit VR Big Endian transfer syntax
// (PS3.5 A.3). memcpy keeps these free of alignment and aliasing traps; compilers fold it.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace discus::base {

template <typename T>
inline T byteswap(T v) {
  static_assert(std::is_integral_v<T>);
  if constexpr (sizeof(T) == 1) return v;
  else if constexpr (sizeof(T) == 2) return static_cast<T>(__builtin_bswap16(static_cast<std::uint16_t>(v)));
  else if constexpr (sizeof(T) == 4) return static_cast<T>(__builtin_bswap32(static_cast<std::uint32_t>(v)));
  else return static_cast<T>(__builtin_bswap64(static_cast<std::uint64_t>(v)));
}

template <typename T>
inline T load_le(const std::uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = byteswap(v);
  return v;
}

template <typename T>
inline T load_be(const std::uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::little) v = byteswap(v);
  return v;
}

template <typename T>
inline void store_le(std::uint8_t* p, T v) {
  if constexpr (std::endian::native == std::endian::big) v = byteswap(v);
  std::memcpy(p, &v, sizeof v);
}

// Reverse each `width`-byte word of buf in place (width 2, 4 or 8): big <-> little endian values.
void swap_words(std::uint8_t* buf, std::size_t size, unsigned width);

}  // namespace discus::base
