// libFuzzer harness for the Part 10 reader and its consumers (dump, JSON, writer round trip).
// Build: cmake --preset fuzz && cmake --build --preset fuzz -j1
// Run:   build/fuzz/tests/fuzz/part10_reader_fuzzer -rss_limit_mb=512 -max_len=65536 \
//          NEW_CORPUS_DIR tests/fuzz/corpus/part10_reader
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "part10_reader_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto outcome = discus::fuzz::run_part10_reader_body(discus::base::ByteView(data, size));
  if (outcome.roundtrip_failure) {
    std::fprintf(stderr, "part10_reader_fuzzer: %s\n", outcome.roundtrip_failure->c_str());
    __builtin_trap();  // a file we wrote that we cannot read is a bug
  }
  return 0;
}
