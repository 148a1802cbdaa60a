// libFuzzer harness for the JPEG lossless (Process 14) decoder and its encoder round trip.
// Build: cmake --preset fuzz && cmake --build --preset fuzz -j1
// Run:   build/fuzz/tests/fuzz/jpeg_lossless_decoder_fuzzer -rss_limit_mb=512 -max_len=16384 \
//          NEW_CORPUS_DIR tests/fuzz/corpus/jpeg_lossless_decoder
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "jpeg_lossless_decoder_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto outcome = discus::fuzz::run_jpeg_lossless_decoder_body(discus::base::ByteView(data, size));
  if (outcome.roundtrip_failure) {
    std::fprintf(stderr, "jpeg_lossless_decoder_fuzzer: %s\n", outcome.roundtrip_failure->c_str());
    __builtin_trap();  // a frame we decoded that does not survive our own encoder is a bug
  }
  return 0;
}
