// discus::dicom::charset — the standard's character set facts as data (internal to charset/).
//
// PS3.3 C.12.1.1.2 Tables C.12-2..C.12-5 list the Defined Terms of Specific Character Set
// (0008,0005); Tables C.12-3/C.12-4 give, for each ISO 2022 term, the coded character sets it
// designates into G0/G1 and their escape sequences. Both tables live here, nowhere else.
//   const DefinedTerm* t = find_defined_term("ISO 2022 IR 87");  // t->g0 == CodedSet::kIsoIr87
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace discus::dicom::charset {

// A graphic character set that an ISO 2022 escape sequence can designate (ISO-IR registry numbers).
enum class CodedSet : std::uint8_t {
  kNone,
  kIsoIr6,    // ASCII
  kIsoIr14,   // JIS X 0201 Romaji
  kIsoIr13,   // JIS X 0201 Katakana
  kIsoIr100, kIsoIr101, kIsoIr109, kIsoIr110, kIsoIr144, kIsoIr127, kIsoIr126, kIsoIr138,
  kIsoIr148, kIsoIr203, kIsoIr166,
  kIsoIr87,   // JIS X 0208
  kIsoIr159,  // JIS X 0212
  kIsoIr149,  // KS X 1001
  kIsoIr58,   // GB 2312
  kCount
};
inline constexpr std::size_t kCodedSetCount = static_cast<std::size_t>(CodedSet::kCount);

struct CodedSetInfo {
  CodedSet set;
  std::string_view name;         // for messages: "ISO-IR 87 (JIS X 0208)"
  std::uint8_t bytes_per_char;   // 1 or 2
  std::uint8_t chars_per_row;    // 94 or 96 (a 96-set uses 0xA0 and 0xFF too)
  std::uint8_t element;          // 0 = G0, 1 = G1
  std::string_view escape;       // bytes after ESC that designate this set
  const char* iconv_name;        // glibc encoding that holds the set; nullptr for ASCII
  std::string_view iconv_prefix; // EUC single-shift byte put before the character, if any
  bool iconv_high_bit;           // G0 (GL) bytes go to the EUC converter with bit 8 set
};

// How a whole Defined Term is decoded.
enum class TermKind : std::uint8_t {
  kDefault,     // ISO_IR 6 / empty: the default repertoire
  kSingleByte,  // ISO_IR nnn: one fixed set, no code extensions (Table C.12-2)
  kIso2022,     // ISO 2022 IR nnn: designations by escape sequence (Tables C.12-3, C.12-4)
  kUtf8,        // ISO_IR 192 (Table C.12-5)
  kWholeValue,  // GB18030, GBK: stateless multi-byte, converted by iconv in one go (Table C.12-5)
};

struct DefinedTerm {
  std::string_view term;   // "ISO 2022 IR 100", exactly as PS3.3 spells it
  TermKind kind;
  CodedSet g0;             // what the term designates to G0 (kNone: leaves G0 alone)
  CodedSet g1;             // what the term designates to G1 (kNone: none)
  const char* iconv_name;  // kWholeValue only
};

std::span<const DefinedTerm> defined_terms();
// Exact match on the Defined Term (no case folding: PS3.3 spells them in upper case).
const DefinedTerm* find_defined_term(std::string_view term);
const CodedSetInfo& coded_set_info(CodedSet set);
// The set designated by an escape sequence; `after_esc` excludes the ESC byte. nullptr if unknown.
const CodedSetInfo* find_by_escape(std::string_view after_esc);

}  // namespace discus::dicom::charset
