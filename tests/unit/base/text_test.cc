// The UTF-8 boundary (base/text.h): outside text never aborts a report and never reaches a
// terminal as a control sequence. Regression tests for issue 12's "abort when a value or a file
// name is not valid UTF-8" and "control characters, ANSI escapes and bidi overrides".
#include "base/text.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace discus::base {
namespace {

TEST(Utf8, ValidTextIsUnchanged) {
  EXPECT_TRUE(is_valid_utf8("Müller^Hans"));
  EXPECT_EQ(to_valid_utf8("Müller^Hans 山田"), "Müller^Hans 山田");
}

TEST(Utf8, Latin1FileNameIsEscapedNotDropped) {
  const std::string latin1 = "M\xFCller.dcm";
  EXPECT_FALSE(is_valid_utf8(latin1));
  EXPECT_EQ(to_valid_utf8(latin1), "M\\xFCller.dcm");
}

TEST(Utf8, OverlongsSurrogatesAndCutSequencesAreInvalid) {
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_EQ(to_valid_utf8("ab\xE2\x82"), "ab\\xE2\\x82");  // cut at the end
}

TEST(Utf8, TerminalSeesEscapesAndBidiOverridesAsText) {
  EXPECT_EQ(for_terminal("\x1B[31mRED"), "\\x1B[31mRED");
  EXPECT_EQ(for_terminal("abc\xE2\x80\xAE" "fdp.exe"), "abc\\u{202E}fdp.exe");  // U+202E RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(for_terminal("a\x7F" "b\xC2\x9B" "c"), "a\\x7Fb\\x9Bc");            // DEL and C1 CSI
  EXPECT_EQ(for_terminal("line\n"), "line\n");
}

TEST(Utf8, JsonWithLatin1ValuesDumpsInsteadOfAborting) {
  nlohmann::ordered_json j;
  j["source"] = "/in/M\xFCller.dcm";
  j["findings"] = nlohmann::ordered_json::array({{{"message", "name \xE9"}}});
  j["k\xFF"] = 1;
  make_strings_valid_utf8(j);
  const std::string text = j.dump(2);  // would throw type_error 316 (and abort the CLI) before
  EXPECT_NE(text.find("M\\\\xFCller"), std::string::npos);
  EXPECT_TRUE(j.contains("k\\xFF"));
}

TEST(Utf8, JsonKeepsItsMeaningButShowsNoBidiOverride) {
  nlohmann::ordered_json j;
  j["name"] = "Evil\xE2\x80\xAEtxt.exe \xC2\x9B" "31m \x1B[2J";
  const std::string text = json_escape_misleading(j.dump());
  EXPECT_EQ(text.find("\xE2\x80\xAE"), std::string::npos);
  EXPECT_EQ(text.find('\x1B'), std::string::npos);
  EXPECT_NE(text.find("\\u202E"), std::string::npos);
  EXPECT_EQ(nlohmann::ordered_json::parse(text), j);  // the same document
}

}  // namespace
}  // namespace discus::base
