// discus::base — byte buffers and views.
//
// Bytes is the owning buffer every layer passes around; ByteView a non-owning view. Kept as
// plain std types so they interoperate with C libraries (zlib, OpenSSL) without copies.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace discus::base {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline std::string_view as_chars(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline Bytes to_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

}  // namespace discus::base
