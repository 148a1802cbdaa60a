// libFuzzer harness for the association state machine: the input is a byte stream from a peer
// to our acceptor (tests/fuzz/net_pdu_body.cc). It must end in Sta1 or Sta13, never crash or hang.
// Build: cmake --preset fuzz && cmake --build --preset fuzz -j1 --target net_association_fuzzer
// Run:   build/fuzz/tests/fuzz/net_association_fuzzer -max_len=65536 NEW_DIR tests/fuzz/corpus/net_association
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "net_pdu_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto o = discus::fuzz::run_association_body(discus::base::ByteView(data, size));
  if (o.final_state != "Sta1" && o.final_state != "Sta13") {
    std::fprintf(stderr, "net_association_fuzzer: association left in %s\n", o.final_state.c_str());
    __builtin_trap();
  }
  return 0;
}
