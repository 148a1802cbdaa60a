// The body of the JPEG lossless decoder fuzz harness, shared by the libFuzzer target
// (jpeg_lossless_decoder_fuzzer.cc) and the corpus replay test
// (tests/unit/codec/jpeg_lossless/fuzz_corpus_test.cc).
//
// The input is a raw JPEG stream. FrameInfo is taken from its first SOF3 (capped at 2^22
// samples), so the fuzzer reaches the scan decoder instead of stopping at the size check. A
// decoded frame is encoded again at its own precision and must decode to the same bytes.
//
//   auto outcome = discus::fuzz::run_jpeg_lossless_decoder_body(base::ByteView(data, size));
//   if (outcome.roundtrip_failure) __builtin_trap();
#pragma once

#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::fuzz {

struct JpegLosslessOutcome {
  bool had_frame_header = false;       // a plausible SOF3 gave the FrameInfo
  std::optional<base::Error> decode_error;
  std::optional<std::string> roundtrip_failure;  // always a bug
};

JpegLosslessOutcome run_jpeg_lossless_decoder_body(base::ByteView data);

}  // namespace discus::fuzz
