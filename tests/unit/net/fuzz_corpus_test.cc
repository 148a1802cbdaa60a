// Replays the src/net fuzz corpora (tests/fuzz/corpus/net_pdu, net_association) through the
// harness bodies, so CI runs them under ASan/UBSan without clang or libFuzzer. Names carry
// expectations (tests/fuzz/make_net_corpus.py): hostile.<error-code>.<what> fails with that code;
// association.<kind>.<what>: "established" must reach an A-ASSOCIATE-AC, "refused" must not.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "net_pdu_body.h"

namespace discus {
namespace {

namespace fs = std::filesystem;

std::vector<std::pair<std::string, base::Bytes>> load(const std::string& folder) {
  std::vector<std::pair<std::string, base::Bytes>> out;
  for (const auto& e : fs::directory_iterator(fs::path(DISCUS_NET_CORPUS) / folder)) {
    std::ifstream in(e.path(), std::ios::binary);
    out.emplace_back(e.path().filename().string(), base::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(NetFuzzCorpus, PduDecoderCorpus) {
  const auto corpus = load("net_pdu");
  ASSERT_GE(corpus.size(), 10u);
  int hostile = 0;
  for (const auto& [name, bytes] : corpus) {
    SCOPED_TRACE(name);
    const auto o = fuzz::run_pdu_decoder_body(bytes);
    EXPECT_FALSE(o.roundtrip_failure) << *o.roundtrip_failure;
    if (name.rfind("hostile.", 0) == 0) {
      ++hostile;
      const auto first = name.find('.'), second = name.find('.', first + 1);
      ASSERT_TRUE(o.error_code) << "decoded";
      EXPECT_EQ(*o.error_code, name.substr(first + 1, second - first - 1));
    }
    if (name.rfind("good.", 0) == 0) {
      EXPECT_TRUE(o.decoded);
    }
  }
  EXPECT_GE(hostile, 5);
}

TEST(NetFuzzCorpus, AssociationCorpus) {
  const auto corpus = load("net_association");
  ASSERT_GE(corpus.size(), 5u);
  for (const auto& [name, bytes] : corpus) {
    SCOPED_TRACE(name);
    const auto o = fuzz::run_association_body(bytes);
    EXPECT_TRUE(o.final_state == "Sta1" || o.final_state == "Sta13") << o.final_state;
    if (name.rfind("association.established.", 0) == 0) {
      EXPECT_TRUE(o.established);
    }
    if (name.rfind("association.refused.", 0) == 0) {
      EXPECT_FALSE(o.established);
    }
    if (name.find("echo_release") != std::string::npos) {
      EXPECT_EQ(o.messages, 1);
      EXPECT_TRUE(o.released);
    }
  }
}

}  // namespace
}  // namespace discus
