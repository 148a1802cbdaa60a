// discus::base — checked arithmetic for lengths and offsets read from untrusted input.
//
// Every length in a DICOM file comes from outside; sums of them must not wrap.
//   std::uint64_t end; if (!checked_add(offset, length, end)) return error;
#pragma once

#include <cstdint>

namespace discus::base {

template <typename T>
[[nodiscard]] inline bool checked_add(T a, T b, T& out) { return !__builtin_add_overflow(a, b, &out); }

template <typename T>
[[nodiscard]] inline bool checked_mul(T a, T b, T& out) { return !__builtin_mul_overflow(a, b, &out); }

}  // namespace discus::base
