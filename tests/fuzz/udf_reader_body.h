// The body of the UDF reader fuzz harness (issue 21 item 3), shared by the libFuzzer target
// (udf_reader_fuzzer.cc) and the corpus replay (tests/unit/output/udf/udf_test.cc).
//
// An input is a sparse image, so a seed of a real volume stays small: u32 sector count N (capped),
// then records of u32 first sector, u16 length in 64-byte units, the bytes, laid over N zero sectors. The reader opens it,
// lists every file and reads each one; any error is fine, a crash, a hang or a trap is not.
//   auto outcome = discus::fuzz::run_udf_reader_body(base::ByteView(data, size));
#pragma once

#include <cstddef>

#include "base/bytes.h"

namespace discus::fuzz {

struct UdfOutcome {
  bool opened = false;
  std::size_t files = 0;
  std::size_t read_ok = 0;
};

UdfOutcome run_udf_reader_body(base::ByteView input);

}  // namespace discus::fuzz
