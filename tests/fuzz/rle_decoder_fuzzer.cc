// libFuzzer harness for the RLE Lossless decoder (PS3.5 Annex G), with a re-encode round trip.
// Build: cmake --preset fuzz && cmake --build --preset fuzz -j1
// Run:   build/fuzz/tests/fuzz/rle_decoder_fuzzer -rss_limit_mb=512 -max_len=65536 \
//          NEW_CORPUS_DIR tests/fuzz/corpus/rle_decoder
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "rle_decoder_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto outcome = discus::fuzz::run_rle_decoder_body(discus::base::ByteView(data, size));
  if (outcome.roundtrip_failure) {
    std::fprintf(stderr, "rle_decoder_fuzzer: %s\n", outcome.roundtrip_failure->c_str());
    __builtin_trap();  // what we decode we must encode back exactly
  }
  return 0;
}
