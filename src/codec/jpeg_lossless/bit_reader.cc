#include "codec/jpeg_lossless/bit_reader.h"

#include "base/endian.h"

namespace discus::codec::jpeg_lossless {

void BitReader::fill() {
  // Fast path: take as many whole bytes as fit from the next eight, if none of them is 0xFF.
  if (!at_marker_ && pos_ + 8 <= data_.size()) {
    const std::uint64_t word = base::load_be<std::uint64_t>(data_.data() + pos_);
    const unsigned take = static_cast<unsigned>(64 - count_) / 8u;  // >= 4: count_ < 32 here
    const std::uint64_t taken = take == 8 ? ~0ull : ~(~0ull >> (8 * take));
    // A 0xFF byte is a zero byte of ~word (the test may also flag bytes above a zero byte,
    // which only sends those words down the byte-by-byte path).
    const std::uint64_t inverted = ~word;
    const std::uint64_t zero_bytes = (inverted - 0x0101010101010101ull) & ~inverted & 0x8080808080808080ull;
    if ((zero_bytes & taken) == 0) {
      acc_ |= (word & taken) >> count_;
      count_ += static_cast<int>(8 * take);
      pos_ += take;
      return;
    }
  }
  while (count_ <= 56) {
    std::uint8_t byte = 0;
    if (!at_marker_ && pos_ < data_.size()) {
      byte = data_[pos_];
      if (byte == 0xFF) {
        // B.1.1.5: 0xFF 0x00 is a data byte; 0xFF then anything else begins a marker.
        if (pos_ + 1 < data_.size() && data_[pos_ + 1] == 0x00) {
          pos_ += 2;
        } else {
          at_marker_ = true;
        }
      } else {
        ++pos_;
      }
    } else {
      at_marker_ = true;
    }
    if (at_marker_) {
      byte = 0;
      padded_ += 8;
    }
    acc_ |= static_cast<std::uint64_t>(byte) << (56 - count_);
    count_ += 8;
  }
}

std::size_t BitReader::end_of_segment() {
  // Skip whatever data bytes were not consumed (a lenient reader resynchronises at the marker).
  while (pos_ < data_.size()) {
    if (data_[pos_] == 0xFF && pos_ + 1 < data_.size() && data_[pos_ + 1] != 0x00) return pos_;
    ++pos_;
  }
  return pos_;
}

std::uint8_t BitReader::next_marker() {
  end_of_segment();
  acc_ = 0;
  count_ = 0;
  padded_ = 0;
  at_marker_ = false;
  // B.1.1.2: any number of fill 0xFF bytes may precede a marker.
  while (pos_ + 1 < data_.size() && data_[pos_ + 1] == 0xFF) ++pos_;
  if (pos_ + 1 >= data_.size()) {
    pos_ = data_.size();
    return 0;
  }
  const std::uint8_t code = data_[pos_ + 1];
  pos_ += 2;
  return code;
}

}  // namespace discus::codec::jpeg_lossless
