#include "dicom/charset/coded_sets.h"

#include <array>

namespace discus::dicom::charset {
namespace {

using C = CodedSet;

// PS3.3 Tables C.12-3 and C.12-4. The escape column is ISO 2022: intermediate 02/08 '(' designates
// a 94-set to G0, 02/09 ')' a 94-set to G1, 02/13 '-' a 96-set to G1, and 02/04 '$' a multi-byte
// set. The iconv column names the glibc charset that contains each set: the ISO 8859 parts for
// the 96-sets, and the EUC forms for the Asian sets (EUC puts G1 bytes with bit 8 set, reaches
// JIS X 0201 Katakana with SS2 8EH and JIS X 0212 with SS3 8FH).
constexpr std::array<CodedSetInfo, kCodedSetCount> kCodedSets = {{
    {C::kNone, "no set", 1, 94, 0, "", nullptr, "", false},
    {C::kIsoIr6, "ISO-IR 6 (ASCII)", 1, 94, 0, "(B", nullptr, "", false},
    {C::kIsoIr14, "ISO-IR 14 (JIS X 0201 Romaji)", 1, 94, 0, "(J", "JIS_C6220-1969-RO", "", false},
    {C::kIsoIr13, "ISO-IR 13 (JIS X 0201 Katakana)", 1, 94, 1, ")I", "EUC-JP", "\x8E", false},
    {C::kIsoIr100, "ISO-IR 100 (Latin-1)", 1, 96, 1, "-A", "ISO-8859-1", "", false},
    {C::kIsoIr101, "ISO-IR 101 (Latin-2)", 1, 96, 1, "-B", "ISO-8859-2", "", false},
    {C::kIsoIr109, "ISO-IR 109 (Latin-3)", 1, 96, 1, "-C", "ISO-8859-3", "", false},
    {C::kIsoIr110, "ISO-IR 110 (Latin-4)", 1, 96, 1, "-D", "ISO-8859-4", "", false},
    {C::kIsoIr144, "ISO-IR 144 (Cyrillic)", 1, 96, 1, "-L", "ISO-8859-5", "", false},
    {C::kIsoIr127, "ISO-IR 127 (Arabic)", 1, 96, 1, "-G", "ISO-8859-6", "", false},
    {C::kIsoIr126, "ISO-IR 126 (Greek)", 1, 96, 1, "-F", "ISO-8859-7", "", false},
    {C::kIsoIr138, "ISO-IR 138 (Hebrew)", 1, 96, 1, "-H", "ISO-8859-8", "", false},
    {C::kIsoIr148, "ISO-IR 148 (Latin-5)", 1, 96, 1, "-M", "ISO-8859-9", "", false},
    {C::kIsoIr203, "ISO-IR 203 (Latin-9)", 1, 96, 1, "-b", "ISO-8859-15", "", false},
    // TIS 620-2533 is registered as a 96-set ('-' intermediate), so A0H is NBSP as in ISO 8859-11;
    // glibc's "TIS-620" leaves A0H undefined, hence ISO-8859-11.
    {C::kIsoIr166, "ISO-IR 166 (Thai)", 1, 96, 1, "-T", "ISO-8859-11", "", false},
    {C::kIsoIr87, "ISO-IR 87 (JIS X 0208)", 2, 94, 0, "$B", "EUC-JP", "", true},
    {C::kIsoIr159, "ISO-IR 159 (JIS X 0212)", 2, 94, 0, "$(D", "EUC-JP", "\x8F", true},
    {C::kIsoIr149, "ISO-IR 149 (KS X 1001)", 2, 94, 1, "$)C", "EUC-KR", "", false},
    {C::kIsoIr58, "ISO-IR 58 (GB 2312)", 2, 94, 1, "$)A", "GB2312", "", false},
}};

// PS3.3 Tables C.12-2 (single-byte, no extensions), C.12-3 (single-byte with extensions),
// C.12-4 (multi-byte with extensions) and C.12-5 (multi-byte without extensions).
// "ISO_IR 6" is not a Defined Term (the default is an empty value), but it is what most writers
// put there and it cannot mean anything else.
constexpr std::array kTerms = {
    DefinedTerm{"ISO_IR 6", TermKind::kDefault, C::kIsoIr6, C::kNone, nullptr},
    DefinedTerm{"ISO_IR 100", TermKind::kSingleByte, C::kIsoIr6, C::kIsoIr100, nullptr},
    DefinedTerm{"ISO_IR 101", TermKind::kSingleByte, C::kIsoIr6, C::kIsoIr101, nullptr},
    DefinedTerm{"ISO_IR 109", TermKind::kSingleByte, C::kIsoIr6, C::kIsoIr109, nullptr},
    DefinedTerm{"ISO_IR 110", TermKind::kSingleByte, C::kIsoIr6, C::kIsoIr110, nullptr},
    DefinedTerm{"ISO_IR 144", TermKind::kSingleByte, C::kIsoIr6, C::kIsoIr144, nullptr},
    DefinedTerm{"ISO_IR 127", TermKind::kSingleByte, C::kIsoIr6, C::kIsoIr127, nullptr},
    DefinedTerm{"ISO_IR 126", TermKind::kSingleByte, C::kIsoIr6, C::kIsoIr126, nullptr},
    DefinedTerm{"ISO_IR 138", TermKind::kSingleByte, C::kIsoIr6, C::kIsoIr138, nullptr},
    DefinedTerm{"ISO_IR 148", TermKind::kSingleByte, C::kIsoIr6, C::kIsoIr148, nullptr},
    DefinedTerm{"ISO_IR 203", TermKind::kSingleByte, C::kIsoIr6, C::kIsoIr203, nullptr},
    DefinedTerm{"ISO_IR 13", TermKind::kSingleByte, C::kIsoIr14, C::kIsoIr13, nullptr},
    DefinedTerm{"ISO_IR 166", TermKind::kSingleByte, C::kIsoIr6, C::kIsoIr166, nullptr},
    DefinedTerm{"ISO 2022 IR 6", TermKind::kIso2022, C::kIsoIr6, C::kNone, nullptr},
    DefinedTerm{"ISO 2022 IR 100", TermKind::kIso2022, C::kIsoIr6, C::kIsoIr100, nullptr},
    DefinedTerm{"ISO 2022 IR 101", TermKind::kIso2022, C::kIsoIr6, C::kIsoIr101, nullptr},
    DefinedTerm{"ISO 2022 IR 109", TermKind::kIso2022, C::kIsoIr6, C::kIsoIr109, nullptr},
    DefinedTerm{"ISO 2022 IR 110", TermKind::kIso2022, C::kIsoIr6, C::kIsoIr110, nullptr},
    DefinedTerm{"ISO 2022 IR 144", TermKind::kIso2022, C::kIsoIr6, C::kIsoIr144, nullptr},
    DefinedTerm{"ISO 2022 IR 127", TermKind::kIso2022, C::kIsoIr6, C::kIsoIr127, nullptr},
    DefinedTerm{"ISO 2022 IR 126", TermKind::kIso2022, C::kIsoIr6, C::kIsoIr126, nullptr},
    DefinedTerm{"ISO 2022 IR 138", TermKind::kIso2022, C::kIsoIr6, C::kIsoIr138, nullptr},
    DefinedTerm{"ISO 2022 IR 148", TermKind::kIso2022, C::kIsoIr6, C::kIsoIr148, nullptr},
    DefinedTerm{"ISO 2022 IR 203", TermKind::kIso2022, C::kIsoIr6, C::kIsoIr203, nullptr},
    DefinedTerm{"ISO 2022 IR 13", TermKind::kIso2022, C::kIsoIr14, C::kIsoIr13, nullptr},
    DefinedTerm{"ISO 2022 IR 166", TermKind::kIso2022, C::kIsoIr6, C::kIsoIr166, nullptr},
    DefinedTerm{"ISO 2022 IR 87", TermKind::kIso2022, C::kIsoIr87, C::kNone, nullptr},
    DefinedTerm{"ISO 2022 IR 159", TermKind::kIso2022, C::kIsoIr159, C::kNone, nullptr},
    DefinedTerm{"ISO 2022 IR 149", TermKind::kIso2022, C::kNone, C::kIsoIr149, nullptr},
    DefinedTerm{"ISO 2022 IR 58", TermKind::kIso2022, C::kNone, C::kIsoIr58, nullptr},
    DefinedTerm{"ISO_IR 192", TermKind::kUtf8, C::kNone, C::kNone, nullptr},
    DefinedTerm{"GB18030", TermKind::kWholeValue, C::kNone, C::kNone, "GB18030"},
    DefinedTerm{"GBK", TermKind::kWholeValue, C::kNone, C::kNone, "GBK"},
};

}  // namespace

std::span<const DefinedTerm> defined_terms() { return kTerms; }

const DefinedTerm* find_defined_term(std::string_view term) {
  for (const DefinedTerm& t : kTerms)
    if (t.term == term) return &t;
  return nullptr;
}

const CodedSetInfo& coded_set_info(CodedSet set) {
  return kCodedSets[static_cast<std::size_t>(set)];
}

const CodedSetInfo* find_by_escape(std::string_view after_esc) {
  for (const CodedSetInfo& s : kCodedSets)
    if (!s.escape.empty() && s.escape == after_esc) return &s;
  return nullptr;
}

}  // namespace discus::dicom::charset
