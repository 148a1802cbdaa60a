// libFuzzer harness for the Upper Layer PDU decoder (and the DIMSE command decoder inside P-DATA).
// Build: cmake --preset fuzz && cmake --build --preset fuzz -j1 --target net_pdu_fuzzer
// Run:   build/fuzz/tests/fuzz/net_pdu_fuzzer -max_len=65536 NEW_CORPUS_DIR tests/fuzz/corpus/net_pdu
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "net_pdu_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto o = discus::fuzz::run_pdu_decoder_body(discus::base::ByteView(data, size));
  if (o.roundtrip_failure) {
    std::fprintf(stderr, "net_pdu_fuzzer: %s\n", o.roundtrip_failure->c_str());
    __builtin_trap();
  }
  return 0;
}
