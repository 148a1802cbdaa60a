// The RLE decoder fuzz body, shared by the libFuzzer harness and the corpus replay unit test.
// The first 8 bytes choose the frame geometry (rows, columns, samples, bits); the rest is the
// frame. Whatever decodes must re-encode and decode to the same pixels.
#pragma once

#include <optional>
#include <string>

#include "base/bytes.h"

namespace discus::fuzz {

struct RleOutcome {
  bool decoded = false;
  std::optional<std::string> roundtrip_failure;
};

RleOutcome run_rle_decoder_body(base::ByteView data);

}  // namespace discus::fuzz
