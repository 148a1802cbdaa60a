#include "base/endian.h"

#include <algorithm>

namespace discus::base {

void swap_words(std::uint8_t* buf, std::size_t size, unsigned width) {
  if (width < 2) return;
  for (std::size_t i = 0; i + width <= size; i += width) std::reverse(buf + i, buf + i + width);
}

}  // namespace discus::base
