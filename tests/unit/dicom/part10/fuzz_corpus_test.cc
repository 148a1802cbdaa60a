// Replays the Part 10 reader fuzz corpus (tests/fuzz/corpus/part10_reader) through the same body
// as the libFuzzer harness, so CI runs it under ASan/UBSan without clang or libFuzzer.
// File names carry expectations (see tests/fuzz/make_hostile_corpus.py):
//   hostile.<error-code>.<what>.dcm  the default-options read fails with that code
//   tolerated.<what>.dcm             the read succeeds (odd but readable input)
//   anything else                    (real files, fuzzer finds) must only not crash or trap
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../../../fuzz/part10_reader_body.h"
#include "base/error.h"
#include "dicom/part10/reader.h"

namespace discus {
namespace {

namespace fs = std::filesystem;

struct CorpusFile {
  std::string name;
  base::Bytes bytes;
};

std::vector<CorpusFile> load_corpus() {
  std::vector<CorpusFile> files;
  for (const auto& entry : fs::directory_iterator(DISCUS_FUZZ_CORPUS)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    CorpusFile f{entry.path().filename().string(),
                 base::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())};
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(), [](const CorpusFile& a, const CorpusFile& b) { return a.name < b.name; });
  return files;
}

const std::vector<CorpusFile>& corpus() {
  static const std::vector<CorpusFile> files = load_corpus();
  return files;
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// "hostile.bad-length.4gb_element.dcm" -> "bad-length"
std::string expected_code(const std::string& name) {
  const auto first = name.find('.');
  const auto second = name.find('.', first + 1);
  return name.substr(first + 1, second - first - 1);
}

TEST(FuzzCorpus, IsNotEmptyAndHoldsTheHostileInputs) {
  ASSERT_GE(corpus().size(), 20u) << DISCUS_FUZZ_CORPUS;
  for (const char* must : {"hostile.bad-length.4gb_element.dcm", "hostile.too-deep.nested_10000_sequences_deflated.dcm",
                           "hostile.limit-exceeded.deflate_bomb.dcm", "hostile.bad-length.us_undefined_length.dcm"}) {
    EXPECT_TRUE(std::any_of(corpus().begin(), corpus().end(), [&](const CorpusFile& f) { return f.name == must; }))
        << must << " missing; regenerate with /usr/bin/python3 tests/fuzz/make_hostile_corpus.py";
  }
}

TEST(FuzzCorpus, EveryFileRunsThroughTheHarnessBody) {
  int roundtrips = 0;
  for (const CorpusFile& f : corpus()) {
    SCOPED_TRACE(f.name);
    const auto outcome = fuzz::run_part10_reader_body(f.bytes);
    EXPECT_FALSE(outcome.roundtrip_failure) << *outcome.roundtrip_failure;
    roundtrips += outcome.roundtrips;
  }
  EXPECT_GT(roundtrips, 0) << "no corpus file was written back and read again";
}

TEST(FuzzCorpus, HostileInputsFailWithTheNamedCode) {
  int hostile = 0;
  for (const CorpusFile& f : corpus()) {
    if (!starts_with(f.name, "hostile.")) continue;
    SCOPED_TRACE(f.name);
    ++hostile;
    const auto outcome = fuzz::run_part10_reader_body(f.bytes);
    ASSERT_TRUE(outcome.default_error) << "read succeeded";
    EXPECT_EQ(base::to_string(outcome.default_error->code), expected_code(f.name)) << outcome.default_error->describe();
    // The error says where: a file name and, past the header, an offset.
    EXPECT_EQ(outcome.default_error->file, "<fuzz>");
  }
  EXPECT_GE(hostile, 15);
}

TEST(FuzzCorpus, ToleratedInputsSucceed) {
  int tolerated = 0;
  for (const CorpusFile& f : corpus()) {
    if (!starts_with(f.name, "tolerated.")) continue;
    SCOPED_TRACE(f.name);
    ++tolerated;
    auto file = dicom::part10::read_memory(f.bytes, {}, f.name);
    ASSERT_TRUE(file) << file.error().describe();
    if (f.name == "tolerated.odd_lengths.dcm") {
      EXPECT_GE(file->warnings.size(), 4u);
      EXPECT_EQ(file->dataset.get_uint16(dicom::Tag{0x0028, 0x0010}), std::uint16_t{0x0200});
    }
    if (f.name == "tolerated.un_undefined_length_implicit_sequence.dcm") {
      const dicom::Element* un = file->dataset.find(dicom::Tag{0x0029, 0x1010});
      ASSERT_NE(un, nullptr);
      EXPECT_TRUE(un->is_sequence());
      EXPECT_EQ(un->items.size(), 2u);
      const dicom::Element* empty = file->dataset.find(dicom::Tag{0x0029, 0x1020});
      ASSERT_NE(empty, nullptr);
      EXPECT_TRUE(empty->is_sequence());
      EXPECT_EQ(empty->items.size(), 1u);
    }
  }
  EXPECT_GE(tolerated, 2);
}

TEST(FuzzCorpus, NestingIsCappedInBothReads) {
  for (const CorpusFile& f : corpus()) {
    if (!starts_with(f.name, "hostile.too-deep.")) continue;
    SCOPED_TRACE(f.name);
    const auto outcome = fuzz::run_part10_reader_body(f.bytes);
    ASSERT_TRUE(outcome.headers_error);
    EXPECT_EQ(outcome.headers_error->code, base::ErrorCode::kTooDeep) << outcome.headers_error->describe();
  }
}

}  // namespace
}  // namespace discus
