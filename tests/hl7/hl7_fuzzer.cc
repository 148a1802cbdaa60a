// libFuzzer harness for the HL7 v2 parser, the MLLP deframer and the PDQ answer reader (issue 17).
// Build: cmake --preset fuzz && cmake --build --preset fuzz -j1 --target hl7_fuzzer
// Run:   build/fuzz/tests/fuzz/hl7_fuzzer -max_len=65536 NEW_CORPUS_DIR tests/hl7/corpus
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "hl7_fuzz_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (auto why = discus::fuzz::run_hl7_body(discus::base::ByteView(data, size))) {
    std::fprintf(stderr, "hl7_fuzzer: %s\n", why->c_str());
    __builtin_trap();
  }
  return 0;
}
