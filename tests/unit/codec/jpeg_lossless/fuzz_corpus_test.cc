// Replays the JPEG lossless fuzz corpus (tests/fuzz/corpus/jpeg_lossless_decoder) through the
// harness body, so the seeds and any fuzzer finds run under ASan/UBSan as ordinary tests.
//   good.*.jpg     must decode (and survive the encoder round trip)
//   hostile.*.jpg  must fail to decode with an error
//   anything else  must only not crash or trap
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz/jpeg_lossless_decoder_body.h"

namespace discus {
namespace {

TEST(JpegLosslessFuzzCorpus, Replays) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(DISCUS_JPEG_LOSSLESS_CORPUS)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    std::ifstream in(entry.path(), std::ios::binary);
    const base::Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto outcome = fuzz::run_jpeg_lossless_decoder_body(bytes);
    ++files;
    EXPECT_FALSE(outcome.roundtrip_failure) << name << ": " << *outcome.roundtrip_failure;
    if (name.rfind("good.", 0) == 0) {
      EXPECT_FALSE(outcome.decode_error) << name << ": " << outcome.decode_error->describe();
    }
    if (name.rfind("hostile.", 0) == 0) {
      EXPECT_TRUE(outcome.decode_error) << name;
    }
  }
  EXPECT_GE(files, 4);
}

}  // namespace
}  // namespace discus
