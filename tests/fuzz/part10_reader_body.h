// The body of the Part 10 reader fuzz harness, shared by the libFuzzer target
// (part10_reader_fuzzer.cc) and the corpus replay test (tests/unit/dicom/part10/fuzz_corpus_test.cc).
//
// One input is read twice: with the default ReadOptions, and with stop_before_pixels and a small
// max_depth. Each successful read is fed to the consumers (text dump, PS3.18 JSON, JSON text) and
// written back as explicit VR little endian; a file we wrote must read back, else that is a bug.
//
//   auto outcome = discus::fuzz::run_part10_reader_body(base::ByteView(data, size));
//   if (outcome.roundtrip_failure) __builtin_trap();
#pragma once

#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::fuzz {

// Nesting cap of the second read: small, so kTooDeep is reached by short inputs too.
inline constexpr unsigned kSmallMaxDepth = 8;

struct Part10ReaderOutcome {
  // The default-options read: empty when it succeeded, else its error.
  std::optional<base::Error> default_error;
  // The stop_before_pixels + small max_depth read.
  std::optional<base::Error> headers_error;
  // Set when a file write_memory produced could not be read back: always a bug.
  std::optional<std::string> roundtrip_failure;
  // How many round trips were written and read back (write errors are allowed and not counted).
  int roundtrips = 0;
};

Part10ReaderOutcome run_part10_reader_body(base::ByteView data);

}  // namespace discus::fuzz
