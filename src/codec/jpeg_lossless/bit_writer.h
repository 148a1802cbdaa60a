// discus::codec::jpeg_lossless — writes an entropy-coded segment: codes most significant bit
// first, a 0x00 stuffed after every 0xFF (T.81 F.1.2.3), the last byte padded with 1-bits.
//
//   BitWriter w(out);  w.put(code, length);  w.flush();
#pragma once

#include <cstdint>

#include "base/bytes.h"

namespace discus::codec::jpeg_lossless {

class BitWriter {
 public:
  explicit BitWriter(base::Bytes& out) : out_(out) {}

  // Appends the low `n` bits of `value`, 0 <= n <= 24.
  void put(std::uint32_t value, unsigned n) {
    acc_ = (acc_ << n) | (value & ((1u << n) - 1u));
    count_ += n;
    while (count_ >= 8) {
      count_ -= 8;
      emit(static_cast<std::uint8_t>(acc_ >> count_));
    }
    acc_ &= (1u << count_) - 1u;
  }
  // Pads the last byte with 1-bits (F.1.2.3) and writes it.
  void flush() {
    if (count_ > 0) put(0xFFu, 8 - count_);
  }

 private:
  void emit(std::uint8_t byte) {
    out_.push_back(byte);
    if (byte == 0xFF) out_.push_back(0x00);
  }

  base::Bytes& out_;
  std::uint32_t acc_ = 0;
  unsigned count_ = 0;
};

}  // namespace discus::codec::jpeg_lossless
