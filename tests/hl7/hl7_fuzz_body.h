// The HL7 v2 / MLLP / PDQ-answer fuzz body (issue 17): shared by the libFuzzer harness
// (tests/hl7/hl7_fuzzer.cc, preset "fuzz") and the corpus replay in hl7_test.cc (under ASan in CI).
// Beyond "no crash, no hang": escape() then unescape() gives the text back, and a parsed message
// encoded and parsed again has the same segments and fields.
//   if (auto why = discus::fuzz::run_hl7_body(bytes)) report(*why);
#pragma once

#include <optional>
#include <string>

#include "base/bytes.h"

namespace discus::fuzz {

// A broken invariant, said in words; nullopt when the input was handled as it must be.
std::optional<std::string> run_hl7_body(base::ByteView data);

}  // namespace discus::fuzz
