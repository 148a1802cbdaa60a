// Replays the RLE decoder fuzz corpus (tests/fuzz/corpus/rle_decoder) as an ordinary test, so
// every input that once crashed or was interesting stays checked under ASan/UBSan builds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "rle_decoder_body.h"

namespace discus::fuzz {
namespace {

TEST(RleFuzzCorpus, ReplaysWithoutFailures) {
  std::size_t inputs = 0, decoded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(DISCUS_RLE_CORPUS)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const base::Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const RleOutcome outcome = run_rle_decoder_body(data);
    EXPECT_FALSE(outcome.roundtrip_failure) << entry.path() << ": " << *outcome.roundtrip_failure;
    ++inputs;
    decoded += outcome.decoded ? 1 : 0;
  }
  EXPECT_GE(inputs, 5u);
  EXPECT_GE(decoded, 2u);  // the corpus keeps some valid frames, not only rejects
}

}  // namespace
}  // namespace discus::fuzz
