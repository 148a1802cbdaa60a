// libFuzzer harness for the UDF reader (src/output/udf/udf_reader.h): sparse images (see
// udf_reader_body.h) opened, listed and read.
// Build: cmake --preset fuzz && cmake --build --preset fuzz -j1
// Run:   build/fuzz/tests/fuzz/udf_reader_fuzzer -rss_limit_mb=512 -max_len=131072 NEW_CORPUS_DIR tests/fuzz/corpus/udf_reader
#include <cstddef>
#include <cstdint>

#include "udf_reader_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)discus::fuzz::run_udf_reader_body(discus::base::ByteView(data, size));
  return 0;
}
