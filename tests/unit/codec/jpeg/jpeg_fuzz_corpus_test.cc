// Replays the JPEG extended fuzz corpus (tests/fuzz/corpus/jpeg_extended) through the harness
// body, so the seeds and anything the fuzzer finds run under ASan/UBSan as ordinary tests.
//   good.*.jpg     must decode      hostile.*.jpg  must fail with an error
//   anything else  must only not crash or break the harness's invariants
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::fuzz {

struct JpegExtendedOutcome {
  bool had_frame_header = false;
  std::optional<base::Error> decode_error;
  std::optional<std::string> failure;
};
JpegExtendedOutcome run_jpeg_extended_decoder_body(base::ByteView data);  // tests/fuzz/jpeg_extended_decoder.cc

namespace {

TEST(JpegExtendedFuzzCorpus, Replays) {
  int files = 0, good = 0;
  for (const auto& entry : std::filesystem::directory_iterator(DISCUS_JPEG_EXTENDED_CORPUS)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    std::ifstream in(entry.path(), std::ios::binary);
    const base::Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const JpegExtendedOutcome outcome = run_jpeg_extended_decoder_body(bytes);
    ++files;
    EXPECT_FALSE(outcome.failure) << name << ": " << *outcome.failure;
    if (name.rfind("good.", 0) == 0) {
      ++good;
      EXPECT_TRUE(outcome.had_frame_header) << name;
      EXPECT_FALSE(outcome.decode_error) << name << ": " << outcome.decode_error->describe();
    }
    if (name.rfind("hostile.", 0) == 0) {
      EXPECT_TRUE(outcome.decode_error) << name;
    }
  }
  EXPECT_GE(files, 4);
  EXPECT_GE(good, 2);
}

}  // namespace
}  // namespace discus::fuzz
