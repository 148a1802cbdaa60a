// discus::codec::jpeg_lossless — reads the entropy-coded segment of a JPEG scan bit by bit.
//
// T.81 F.1.2.3 / B.1.1.5: a 0xFF data byte is followed by a stuffed 0x00; any other byte after
// 0xFF starts a marker (RSTn, or whatever follows the scan), optionally preceded by fill 0xFFs.
// The reader never looks past its segment: at a marker or at the end of the data it supplies
// zero bits and remembers that it did, so a caller asks overrun() instead of trusting lengths.
// Bits are kept left-aligned in a 64-bit buffer, refilled eight bytes at a time where no 0xFF
// is among them (the usual case), byte by byte otherwise.
//
//   BitReader r(stream, scan_start);  r.refill();  unsigned b = r.peek(9);  r.consume(3);
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/bytes.h"

namespace discus::codec::jpeg_lossless {

class BitReader {
 public:
  BitReader(base::ByteView data, std::size_t position) : data_(data), pos_(position) {}

  // Makes at least 32 bits available to peek() (zeros past the segment, counted as padding).
  void refill() {
    if (count_ < 32) fill();
  }
  // The next `n` bits (1 <= n <= 32), most significant first; only after refill() covers them.
  std::uint32_t peek(unsigned n) const { return static_cast<std::uint32_t>(acc_ >> (64 - n)); }
  // Drops `n` bits (n <= the bits refill() made available).
  void consume(unsigned n) {
    acc_ <<= n;
    count_ -= static_cast<int>(n);
  }

  // The next 16 bits, most significant first, without consuming them.
  std::uint32_t peek16() {
    refill();
    return peek(16);
  }
  void skip(unsigned n) {
    refill();
    consume(n);
  }
  // Consumes and returns `n` bits, 0 <= n <= 16.
  std::uint32_t bits(unsigned n) {
    if (n == 0) return 0;
    refill();
    const std::uint32_t v = peek(n);
    consume(n);
    return v;
  }
  // True once a bit that is not in the segment (padding supplied past a marker or the end of
  // the data) has been consumed: the scan is truncated or its codes are corrupt.
  bool overrun() const { return count_ < padded_; }

  // At a restart boundary (T.81 F.1.2.3): drops the bits left in the current byte, skips to the
  // next marker and returns its code (0 when the data ended first). `position()` is then just
  // past that marker.
  std::uint8_t next_marker();
  // Where the first marker after the scan starts (the 0xFF), or the end of the data.
  std::size_t end_of_segment();
  std::size_t position() const { return pos_; }

 private:
  void fill();

  base::ByteView data_;
  std::size_t pos_;
  std::uint64_t acc_ = 0;   // the next `count_` bits, left-aligned; the rest are zero
  int count_ = 0;           // valid bits in acc_
  int padded_ = 0;          // of those, how many (at the bottom) are padding, not data
  bool at_marker_ = false;  // pos_ is at a marker (or the end): supply zeros
};

}  // namespace discus::codec::jpeg_lossless
