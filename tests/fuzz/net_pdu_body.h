// The bodies of the src/net fuzz harnesses, shared by the libFuzzer targets (net_pdu_fuzzer.cc,
// net_association_fuzzer.cc) and the corpus replay test (tests/unit/net/fuzz_corpus_test.cc).
//
// PDU decoder: one input is decoded as a PDU (limit 64 KiB); a decoded PDU is encoded again and
// must decode to the same bytes (else a bug). Association: the input is what a peer sends to our
// acceptor over an in-memory transport, driven through the state machine, negotiation and DIMSE
// reassembly (C-ECHO answered, data sets swallowed), until the stream ends.
//   auto o = discus::fuzz::run_pdu_decoder_body(bytes);   if (o.roundtrip_failure) __builtin_trap();
#pragma once

#include <optional>
#include <string>

#include "base/bytes.h"

namespace discus::fuzz {

struct PduDecoderOutcome {
  bool decoded = false;
  std::optional<std::string> error_code;  // base::to_string of the decode error
  std::optional<std::string> roundtrip_failure;
};
PduDecoderOutcome run_pdu_decoder_body(base::ByteView data);

struct AssociationOutcome {
  bool established = false;       // an A-ASSOCIATE-AC was sent
  int messages = 0;               // DIMSE messages completed
  bool released = false;
  std::string final_state;        // "Sta1", "Sta13", ...
  std::size_t bytes_written = 0;  // what we answered
};
AssociationOutcome run_association_body(base::ByteView data);

}  // namespace discus::fuzz
