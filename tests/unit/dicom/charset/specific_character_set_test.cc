#include "dicom/charset/specific_character_set.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

using namespace std::literals;

namespace discus::dicom::charset {
namespace {

const char* const kPydicomCharsetDir = "/usr/lib/python3/dist-packages/pydicom/data/charset_files";
constexpr std::string_view kFffd = "\xEF\xBF\xBD";

base::ByteView bytes(std::string_view s) { return base::as_bytes(s); }

SpecificCharacterSet must_parse(std::string_view value) {
  auto cs = SpecificCharacterSet::parse(value);
  EXPECT_TRUE(cs) << value << ": " << (cs ? "" : cs.error().message);
  return cs ? *cs : SpecificCharacterSet();
}

std::string decoded(std::string_view charset, std::string_view value, VR vr) {
  auto r = must_parse(charset).decode(bytes(value), vr);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : std::string();
}

// ---------------------------------------------------------------------------------------------
// The oracle: tests/data/charset_expectations.tsv, written by tests/oracle/make_charset_expectations.py
// with Debian's pydicom from pydicom's real character set test files.

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

struct OracleRow {
  std::string file, tag_path, vr, charset, value, expected;
};

std::vector<OracleRow> load_oracle() {
  std::ifstream in(std::string(DISCUS_TEST_DATA) + "/charset_expectations.tsv");
  std::vector<OracleRow> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string field; std::getline(ss, field, '\t');) f.push_back(field);
    if (f.size() < 6) continue;
    rows.push_back({f[0], f[1], f[2], from_hex(f[3]), from_hex(f[4]), from_hex(f[5])});
  }
  return rows;
}

// pydicom hands back values without their trailing padding; decode() keeps every byte.
std::string without_padding(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

TEST(CharsetOracle, DecodesPydicomCharsetFilesLikePydicom) {
  const auto rows = load_oracle();
  ASSERT_GE(rows.size(), 100u) << "tests/data/charset_expectations.tsv missing or short";
  std::size_t non_ascii = 0;
  for (const OracleRow& row : rows) {
    SCOPED_TRACE(row.file + " " + row.tag_path);
    auto cs = SpecificCharacterSet::parse(row.charset);
    ASSERT_TRUE(cs) << cs.error().message;
    const auto vr = vr_from_string(row.vr);
    ASSERT_TRUE(vr);
    auto text = cs->decode(bytes(row.value), *vr);
    ASSERT_TRUE(text) << text.error().message;
    std::string ours = without_padding(*text);
    // pydicom's PersonName drops an empty trailing component group ("...=" -> "..."); PS3.5
    // 6.2.1 lets trailing empty groups go, so that is representation, not decoding.
    if (*vr == VR::PN && ours.ends_with('=') && !row.expected.ends_with('=')) ours.pop_back();
    EXPECT_EQ(ours, row.expected);
    std::vector<CharsetIssue> issues;
    EXPECT_EQ(cs->decode_lossy(bytes(row.value), *vr, &issues), *text);
    EXPECT_TRUE(issues.empty());
    for (char c : row.expected) non_ascii += static_cast<unsigned char>(c) >= 0x80;
  }
  EXPECT_GT(non_ascii, 200u);  // the files' point is their non-ASCII names
}

// Our own minimal walk of an explicit VR little endian file (all pydicom charset files are), to
// show that the oracle's input bytes are the files' bytes, not something the script made up.
class ExplicitLittleWalker {
 public:
  struct Found {
    std::string value, charset;
  };
  explicit ExplicitLittleWalker(std::string data) : d_(std::move(data)) {}
  std::map<std::string, Found> walk() {
    if (d_.size() >= 132 && d_.compare(128, 4, "DICM") == 0) dataset(132, d_.size(), "", "");
    return found_;
  }

 private:
  static constexpr std::uint32_t kUndefined = 0xFFFFFFFF;
  std::uint32_t u16(std::size_t p) const {
    return static_cast<std::uint8_t>(d_[p]) | static_cast<std::uint8_t>(d_[p + 1]) << 8;
  }
  std::uint32_t u32(std::size_t p) const { return u16(p) | u16(p + 2) << 16; }

  std::size_t dataset(std::size_t pos, std::size_t end, const std::string& prefix, std::string charset) {
    while (pos + 8 <= end) {
      const std::uint32_t group = u16(pos), element = u16(pos + 2);
      if (group == 0xFFFE) return pos + 8;  // item delimitation
      const std::string vr = d_.substr(pos + 4, 2);
      const bool long_header = vr == "OB" || vr == "OW" || vr == "SQ" || vr == "UN" || vr == "UT" || vr == "UC";
      const std::uint32_t length = long_header ? u32(pos + 8) : u16(pos + 6);
      pos += long_header ? 12 : 8;
      const std::string path = prefix + fmt::format("({:04X},{:04X})", group, element);
      if (vr == "SQ") {
        pos = sequence(pos, length, path, charset);
        continue;
      }
      if (length == kUndefined || pos + length > d_.size()) return d_.size();
      std::string value = d_.substr(pos, length);
      if (group == 0x0008 && element == 0x0005) charset = without_padding(value);
      found_[path] = {value, charset};
      pos += length;
    }
    return pos;
  }

  std::size_t sequence(std::size_t pos, std::uint32_t length, const std::string& path, const std::string& charset) {
    const std::size_t end = length == kUndefined ? d_.size() : pos + length;
    for (int index = 0; pos + 8 <= end; ++index) {
      const std::uint32_t element = u16(pos + 2), item_length = u32(pos + 4);
      pos += 8;
      if (element == 0xE0DD) break;  // sequence delimitation
      const std::string prefix = fmt::format("{}[{}]/", path, index);
      if (item_length == kUndefined) {
        pos = dataset(pos, d_.size(), prefix, charset);
      } else {
        dataset(pos, pos + item_length, prefix, charset);
        pos += item_length;
      }
    }
    return pos;
  }

  std::string d_;
  std::map<std::string, Found> found_;
};

TEST(CharsetOracle, OracleBytesAreTheFilesBytes) {
  std::map<std::string, std::map<std::string, ExplicitLittleWalker::Found>> files;
  for (const OracleRow& row : load_oracle()) {
    SCOPED_TRACE(row.file + " " + row.tag_path);
    if (!files.count(row.file)) {
      std::ifstream in(std::string(kPydicomCharsetDir) + "/" + row.file, std::ios::binary);
      ASSERT_TRUE(in) << "python3-pydicom's charset_files are needed";
      files[row.file] = ExplicitLittleWalker({std::istreambuf_iterator<char>(in), {}}).walk();
    }
    const auto& elements = files[row.file];
    const auto it = elements.find(row.tag_path);
    ASSERT_NE(it, elements.end());
    EXPECT_EQ(it->second.value, row.value);
    EXPECT_EQ(it->second.charset, without_padding(row.charset));
  }
}

// ---------------------------------------------------------------------------------------------
// (0008,0005) parsing.

TEST(CharsetParse, AcceptsEveryDefinedTerm) {
  for (std::string_view term :
       {"ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 144", "ISO_IR 127", "ISO_IR 126",
        "ISO_IR 138", "ISO_IR 148", "ISO_IR 203", "ISO_IR 13", "ISO_IR 166", "ISO 2022 IR 6", "ISO 2022 IR 100",
        "ISO 2022 IR 101", "ISO 2022 IR 109", "ISO 2022 IR 110", "ISO 2022 IR 144", "ISO 2022 IR 127",
        "ISO 2022 IR 126", "ISO 2022 IR 138", "ISO 2022 IR 148", "ISO 2022 IR 203", "ISO 2022 IR 13",
        "ISO 2022 IR 166", "ISO 2022 IR 87", "ISO 2022 IR 159", "ISO 2022 IR 149", "ISO 2022 IR 58",
        "ISO_IR 192", "GB18030", "GBK"}) {
    auto cs = SpecificCharacterSet::parse(term);
    ASSERT_TRUE(cs) << term;
    EXPECT_EQ(cs->describe(), term);
  }
}

TEST(CharsetParse, EmptyAndDefault) {
  EXPECT_TRUE(SpecificCharacterSet().is_default());
  EXPECT_EQ(SpecificCharacterSet().describe(), "ISO_IR 6");
  EXPECT_TRUE(must_parse("").is_default());
  EXPECT_TRUE(must_parse("  ").is_default());
  EXPECT_TRUE(must_parse("ISO_IR 6").is_default());
  EXPECT_TRUE(must_parse("ISO_IR 192").is_utf8());
  EXPECT_FALSE(must_parse("ISO_IR 100").is_default());
}

TEST(CharsetParse, EmptyFirstValueMeansIso2022Ir6AndPaddingIsIgnored) {
  EXPECT_EQ(must_parse("\\ISO 2022 IR 87 ").describe(), "ISO 2022 IR 6\\ISO 2022 IR 87");
  EXPECT_EQ(must_parse("ISO 2022 IR 13\\ISO 2022 IR 87\0"sv).describe(), "ISO 2022 IR 13\\ISO 2022 IR 87");
}

TEST(CharsetParse, UnknownOrMisspeltTermIsAnErrorNamingIt) {
  for (std::string_view bad : {"ISO_IR 999", "iso_ir 100", "ISO-IR 100", "ISO_IR100", "UTF-8"}) {
    auto cs = SpecificCharacterSet::parse(bad);
    ASSERT_FALSE(cs) << bad;
    EXPECT_EQ(cs.error().code, base::ErrorCode::kCharset);
    EXPECT_NE(cs.error().message.find(std::string(bad)), std::string::npos) << cs.error().message;
  }
}

TEST(CharsetParse, OnlyIso2022TermsMayBeCombined) {
  EXPECT_FALSE(SpecificCharacterSet::parse("ISO_IR 192\\ISO 2022 IR 87"));
  EXPECT_FALSE(SpecificCharacterSet::parse("ISO_IR 100\\ISO 2022 IR 87"));
  EXPECT_FALSE(SpecificCharacterSet::parse("ISO 2022 IR 100\\\\ISO 2022 IR 87"));  // empty value 2
}

TEST(CharsetParse, LenientRepairsCommonMisspellingsWithANote) {
  for (std::string_view sloppy : {"ISO_IR 100 ", "ISO-IR 100", "ISO_IR100", "iso_ir 100", "ISO IR 100"}) {
    std::vector<CharsetIssue> notes;
    auto cs = SpecificCharacterSet::parse_lenient(sloppy, &notes);
    ASSERT_TRUE(cs) << sloppy;
    EXPECT_EQ(cs->describe(), "ISO_IR 100");
    EXPECT_EQ(notes.size(), sloppy == "ISO_IR 100 " ? 0u : 1u) << sloppy;
  }
  std::vector<CharsetIssue> notes;
  auto cs = SpecificCharacterSet::parse_lenient("ISO_IR 13\\ISO 2022 IR 87", &notes);
  ASSERT_TRUE(cs);
  EXPECT_EQ(cs->describe(), "ISO 2022 IR 13\\ISO 2022 IR 87");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_FALSE(SpecificCharacterSet::parse_lenient("ISO_IR 999", nullptr));
}

// ---------------------------------------------------------------------------------------------
// Decoding, one fact per set (code points from the ISO 8859 parts and JIS/GB tables).

TEST(CharsetDecode, SingleByteSetsWithoutExtensions) {
  EXPECT_EQ(decoded("ISO_IR 100", "\xC0", VR::LO), "\u00C0");
  EXPECT_EQ(decoded("ISO_IR 101", "\xC0", VR::LO), "\u0154");
  EXPECT_EQ(decoded("ISO_IR 109", "\xC0", VR::LO), "\u00C0");
  EXPECT_EQ(decoded("ISO_IR 110", "\xC0", VR::LO), "\u0100");
  EXPECT_EQ(decoded("ISO_IR 144", "\xC0", VR::LO), "\u0420");
  EXPECT_EQ(decoded("ISO_IR 127", "\xC7", VR::LO), "\u0627");
  EXPECT_EQ(decoded("ISO_IR 126", "\xC1", VR::LO), "\u0391");
  EXPECT_EQ(decoded("ISO_IR 138", "\xE0", VR::LO), "\u05D0");
  EXPECT_EQ(decoded("ISO_IR 148", "\xD0", VR::LO), "\u011E");
  EXPECT_EQ(decoded("ISO_IR 203", "\xA4", VR::LO), "\u20AC");
  EXPECT_EQ(decoded("ISO_IR 166", "\xA1", VR::LO), "\u0E01");
  EXPECT_EQ(decoded("ISO_IR 100", "caf\xE9", VR::LO), "caf\u00E9");
}

TEST(CharsetDecode, JisX0201KatakanaInG1AndRomajiInG0) {
  EXPECT_EQ(decoded("ISO_IR 13", "\xD4\xCF\xC0\xDE", VR::PN), "\uFF94\uFF8F\uFF80\uFF9E");
  // Romaji 5CH is YEN SIGN and 7EH OVERLINE where 5CH is text (LT) ...
  EXPECT_EQ(decoded("ISO_IR 13", "1\x5C~", VR::LT), "1\u00A5\u203E");
  // ... but stays the value delimiter in multi-valued VRs (PS3.5 6.1.2.5.3 names it for IR 14).
  EXPECT_EQ(decoded("ISO_IR 13", "A\x5C" "B", VR::LO), "A\\B");
  EXPECT_EQ(decoded("ISO 2022 IR 13", "\x1B)I\xB1\x1B(J~", VR::LO), "\uFF71\u203E");
}

TEST(CharsetDecode, MultiByteIso2022Sets) {
  EXPECT_EQ(decoded("\\ISO 2022 IR 87", "\x1B$B;3ED\x1B(B", VR::PN), "\u5C71\u7530");
  EXPECT_EQ(decoded("\\ISO 2022 IR 159", "\x1B$(D\x30\x21\x1B(B", VR::LO), "\u4E02");
  EXPECT_EQ(decoded("\\ISO 2022 IR 149", "\x1B$)C\xC8\xAB", VR::PN), "\uD64D");
  EXPECT_EQ(decoded("\\ISO 2022 IR 58", "\x1B$)A\xCD\xF5", VR::PN), "\u738B");
  // A lone G1 term designates its set from the start (value 1 is active without an escape).
  EXPECT_EQ(decoded("ISO 2022 IR 149", "\xC8\xAB", VR::PN), "\uD64D");
}

TEST(CharsetDecode, StatelessMultiByteSets) {
  EXPECT_EQ(decoded("GB18030", "\xCD\xF5^\xD0\xA1\xB6\xAB", VR::PN), "\u738B^\u5C0F\u4E1C");
  EXPECT_EQ(decoded("GBK", "\xCD\xF5", VR::PN), "\u738B");
  // 5CH as a GBK trail byte is half of a character, not a value delimiter.
  EXPECT_EQ(decoded("GBK", "\x81\x5C", VR::LO), "\u4E57");
  EXPECT_EQ(decoded("ISO_IR 192", "\xE7\x8E\x8B", VR::PN), "\u738B");
}

TEST(CharsetDecode, SwitchesG1BetweenSingleByteSets) {
  EXPECT_EQ(decoded("ISO 2022 IR 100\\ISO 2022 IR 126", "\x1B-F\xC1\x1B-A\xE9", VR::LO), "\u0391\u00E9");
}

// PS3.5 6.1.2.5.3: value 1's sets are active again after each delimiter; which bytes delimit
// depends on the VR.
TEST(CharsetDecode, ResetsAtValueDelimiterButNotInsideLtStUt) {
  const std::string_view cs = "ISO 2022 IR 100\\ISO 2022 IR 126";
  EXPECT_EQ(decoded(cs, "\x1B-F\xC1\\\xC1", VR::LO), "\u0391\\\u00C1");
  EXPECT_EQ(decoded(cs, "\x1B-F\xC1\\\xC1", VR::LT), "\u0391\\\u0391");
  EXPECT_EQ(decoded(cs, "\x1B-F\xC1\\\xC1", VR::ST), "\u0391\\\u0391");
  EXPECT_EQ(decoded(cs, "\x1B-F\xC1\\\xC1", VR::UT), "\u0391\\\u0391");
  EXPECT_EQ(decoded(cs, "\x1B-F\xC1\\\xC1", VR::UC), "\u0391\\\u00C1");
}

TEST(CharsetDecode, ResetsAtPersonNameComponentAndGroupDelimiters) {
  const std::string_view cs = "ISO 2022 IR 100\\ISO 2022 IR 126";
  EXPECT_EQ(decoded(cs, "\x1B-F\xC1^\xC1=\x1B-F\xC1", VR::PN), "\u0391^\u00C1=\u0391");
  EXPECT_EQ(decoded(cs, "\x1B-F\xC1^\xC1", VR::LO), "\u0391^\u0391");  // '^' is text outside PN
}

TEST(CharsetDecode, ResetsAtControlCharacters) {
  // Without the reset at CR, "AB" would be read as the JIS X 0208 character 4142H.
  EXPECT_EQ(decoded("\\ISO 2022 IR 87", "\x1B$B;3\rAB", VR::LT), "\u5C71\rAB");
  EXPECT_EQ(decoded("\\ISO 2022 IR 87", "\x1B$B;3\nAB\tC", VR::UT), "\u5C71\nAB\tC");
}

TEST(CharsetDecode, DelimiterBytesInsideTwoByteCharactersAreNotDelimiters) {
  // 215CH and 215EH are JIS X 0208 characters; their second bytes are '\' and '^'.
  EXPECT_EQ(decoded("\\ISO 2022 IR 87", "\x1B$B!\\!^\x1B(B", VR::PN), "\uFF0B\u00B1");
}

TEST(CharsetDecode, VrsNotAffectedBySpecificCharacterSetUseTheDefault) {
  auto r = must_parse("ISO_IR 100").decode(bytes("\xE9"), VR::CS);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kCharset);
}

// ---------------------------------------------------------------------------------------------
// Invalid input: strict names the offset, tolerant replaces and reports, nothing vanishes.

struct BadCase {
  const char* name;
  std::string_view charset;
  std::string_view value;
  VR vr;
  std::size_t offset;       // of the first problem
  std::size_t replacements; // U+FFFD expected from decode_lossy
  std::string_view lossy;   // expected decode_lossy output
};

const BadCase kBadCases[] = {
    {"truncated JIS X 0208", "\\ISO 2022 IR 87", "A\x1B$B;3E", VR::PN, 6, 1, "A\u5C71\uFFFD"},
    {"JIS X 0208 cut by control", "\\ISO 2022 IR 87", "\x1B$B;\rX", VR::LT, 3, 1, "\uFFFD\rX"},
    {"unassigned JIS X 0208 row", "\\ISO 2022 IR 87", "\x1B$B\x7E\x7E", VR::LO, 3, 1, "\uFFFD"},
    {"invalid UTF-8", "ISO_IR 192", "ab\xFF" "c", VR::PN, 2, 1, "ab\uFFFDc"},
    {"truncated UTF-8", "ISO_IR 192", "ab\xE7\x8E", VR::PN, 2, 1, "ab\uFFFD"},
    {"overlong UTF-8", "ISO_IR 192", "\xC0\xAFx", VR::LO, 0, 2, "\uFFFD\uFFFDx"},
    {"UTF-8 surrogate", "ISO_IR 192", "\xED\xA0\x80", VR::LO, 0, 3, "\uFFFD\uFFFD\uFFFD"},
    {"unknown escape", "\\ISO 2022 IR 87", "a\x1B(Zb", VR::LO, 1, 1, "a\uFFFDb"},
    {"escape cut off", "\\ISO 2022 IR 87", "a\x1B$", VR::LO, 1, 1, "a\uFFFD"},
    {"high byte, no G1", "", "a\xE9", VR::LO, 1, 1, "a\uFFFD"},
    {"C1 control", "ISO_IR 100", "a\x85", VR::LO, 1, 1, "a\uFFFD"},
    {"hole in ISO 8859-3", "ISO_IR 109", "\xA5", VR::LO, 0, 1, "\uFFFD"},
    {"katakana outside JIS X 0201", "ISO_IR 13", "\xE0", VR::LO, 0, 1, "\uFFFD"},
    {"truncated KS X 1001", "\\ISO 2022 IR 149", "\x1B$)C\xC8", VR::PN, 4, 1, "\uFFFD"},
    {"truncated GB18030", "GB18030", "a\xCD", VR::PN, 1, 1, "a\uFFFD"},
    {"invalid GBK", "GBK", "\x81\x20x", VR::PN, 0, 1, "\uFFFD x"},
    {"G1 reset after PN delimiter", "\\ISO 2022 IR 13", "\x1B)I\xB1^\xB1", VR::PN, 5, 1, "\uFF71^\uFFFD"},
};

std::size_t count_fffd(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t p = s.find(kFffd); p != std::string_view::npos; p = s.find(kFffd, p + 1)) ++n;
  return n;
}

TEST(CharsetInvalid, StrictNamesTheByteOffsetAndLossyReportsEveryReplacement) {
  for (const BadCase& c : kBadCases) {
    SCOPED_TRACE(c.name);
    const SpecificCharacterSet cs = must_parse(c.charset);
    auto strict = cs.decode(bytes(c.value), c.vr);
    ASSERT_FALSE(strict);
    EXPECT_EQ(strict.error().code, base::ErrorCode::kCharset);
    EXPECT_NE(strict.error().message.find(fmt::format("byte offset {} ", c.offset)), std::string::npos)
        << strict.error().message;

    std::vector<CharsetIssue> issues;
    const std::string lossy = cs.decode_lossy(bytes(c.value), c.vr, &issues);
    EXPECT_EQ(lossy, c.lossy);
    EXPECT_EQ(count_fffd(lossy), c.replacements);
    ASSERT_EQ(issues.size(), c.replacements);  // one report per replacement, none silent
    EXPECT_EQ(issues.front().byte_offset, c.offset);
    EXPECT_FALSE(issues.front().message.empty());
  }
}

TEST(CharsetInvalid, EscapesTheDeclarationDoesNotAllowFailStrictButDecodeTolerantly) {
  // ESC $ B (JIS X 0208) under a Korean-only declaration.
  const SpecificCharacterSet korean = must_parse("\\ISO 2022 IR 149");
  const std::string_view value = "\x1B$B;3\x1B(B";
  auto strict = korean.decode(bytes(value), VR::PN);
  ASSERT_FALSE(strict);
  EXPECT_NE(strict.error().message.find("ESC $ B"), std::string::npos) << strict.error().message;
  std::vector<CharsetIssue> issues;
  EXPECT_EQ(korean.decode_lossy(bytes(value), VR::PN, &issues), "\u5C71");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].byte_offset, 0u);

  // Any escape under a term without code extensions.
  auto latin = must_parse("ISO_IR 100").decode(bytes("\x1B-F\xC1"), VR::LO);
  ASSERT_FALSE(latin);
  EXPECT_NE(latin.error().message.find("byte offset 0 "), std::string::npos);
}

// Strict and tolerant decoding must agree on what is wrong, for every term and arbitrary bytes
// (the same bytes ASan/UBSan builds run through).
TEST(CharsetInvalid, StrictFailsExactlyWhenLossyReports) {
  std::uint32_t seed = 12345;
  std::string noise;
  for (int i = 0; i < 4096; ++i) {
    seed = seed * 1664525u + 1013904223u;  // fixed LCG: the same bytes every run
    const auto b = static_cast<char>(seed >> 24);
    noise += (i % 7 == 0) ? '\x1B' : b;  // plenty of escape sequences, known and unknown
  }
  for (std::string_view term : {"", "ISO_IR 100", "ISO_IR 13", "ISO_IR 192", "GB18030", "GBK",
                                "ISO 2022 IR 13\\ISO 2022 IR 87\\ISO 2022 IR 159", "\\ISO 2022 IR 149\\ISO 2022 IR 58",
                                "ISO 2022 IR 100\\ISO 2022 IR 126\\ISO 2022 IR 166"}) {
    const SpecificCharacterSet cs = must_parse(term);
    for (VR vr : {VR::PN, VR::LO, VR::LT}) {
      for (std::size_t start = 0; start < noise.size(); start += 64) {
        const std::string_view chunk = std::string_view(noise).substr(start, 64);
        std::vector<CharsetIssue> issues;
        (void)cs.decode_lossy(bytes(chunk), vr, &issues);
        EXPECT_EQ(static_cast<bool>(cs.decode(bytes(chunk), vr)), issues.empty()) << term;
        for (const CharsetIssue& i : issues) EXPECT_LT(i.byte_offset, chunk.size());
      }
    }
  }
}

}  // namespace
}  // namespace discus::dicom::charset
