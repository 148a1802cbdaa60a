#include "dicom/charset/specific_character_set.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include <fmt/format.h>

#include "dicom/charset/coded_sets.h"
#include "dicom/charset/value_decoder.h"

namespace discus::dicom::charset {
namespace {

struct Part {
  std::string_view text;
  std::size_t offset;
};

// CS values: leading and trailing spaces are insignificant (PS3.5 6.2), and the whole value may be
// padded to even length with a space (writers also use NUL).
std::vector<Part> split_terms(std::string_view value) {
  while (!value.empty() && (value.back() == ' ' || value.back() == '\0')) value.remove_suffix(1);
  std::vector<Part> parts;
  if (value.empty()) return parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = std::min(value.find('\\', start), value.size());
    std::size_t b = start, e = end;
    while (b < e && value[b] == ' ') ++b;
    while (e > b && value[e - 1] == ' ') --e;
    parts.push_back({value.substr(b, e - b), b});
    if (end == value.size()) break;
    start = end + 1;
  }
  return parts;
}

base::Error unknown_term(std::string_view term) {
  return {base::ErrorCode::kCharset,
          fmt::format("(0008,0005) term '{}' is not a Defined Term of PS3.3 C.12.1.1.2", term)};
}

// "iso-ir 100", "ISO_IR100" and "ISO IR 100" all become "ISOIR100".
std::string loose_key(std::string_view s) {
  std::string k;
  for (char c : s)
    if (c != ' ' && c != '_' && c != '-') k += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return k;
}

const DefinedTerm* find_loosely(std::string_view text) {
  const std::string key = loose_key(text);
  for (const DefinedTerm& t : defined_terms())
    if (loose_key(t.term) == key) return &t;
  return nullptr;
}

std::uint32_t bit(CodedSet s) { return s == CodedSet::kNone ? 0 : 1u << static_cast<unsigned>(s); }

DecodePlan plan_for(const std::vector<const DefinedTerm*>& terms, std::string_view name) {
  const DefinedTerm& first = *terms.front();
  DecodePlan plan;
  plan.kind = first.kind;
  plan.name = name;
  plan.code_extensions = first.kind == TermKind::kIso2022;
  plan.whole_value_iconv = first.iconv_name;
  // PS3.5 6.1.2.5.3 makes value 1's sets active at the start and after each delimiter. If value 1
  // is a two-byte G0 set (IR 87, IR 159), G0 still starts as ASCII: delimiters must be readable
  // as single bytes, and this is how ISO-2022-JP text is written anyway.
  const bool single_byte_g0 = first.g0 != CodedSet::kNone && coded_set_info(first.g0).bytes_per_char == 1;
  plan.initial_g0 = single_byte_g0 ? first.g0 : CodedSet::kIsoIr6;
  plan.initial_g1 = first.g1;
  // ESC ( B back to ASCII is always accepted: PS3.5 6.1.2.5.1 builds every ISO 2022 term on it.
  plan.declared = bit(CodedSet::kIsoIr6);
  for (const DefinedTerm* t : terms) plan.declared |= bit(t->g0) | bit(t->g1);
  return plan;
}

DecodePlan default_plan(std::string_view name) {
  static const std::vector<const DefinedTerm*> kDefault{find_defined_term("ISO_IR 6")};
  return plan_for(kDefault, name);
}

}  // namespace

SpecificCharacterSet::SpecificCharacterSet()
    : terms_{find_defined_term("ISO_IR 6")}, description_("ISO_IR 6") {}

base::Result<SpecificCharacterSet> SpecificCharacterSet::build(std::vector<const DefinedTerm*> terms) {
  SpecificCharacterSet cs;
  if (terms.empty()) return cs;
  if (terms.size() > 1) {
    for (const DefinedTerm* t : terms)
      if (t->kind != TermKind::kIso2022)
        return base::Error{base::ErrorCode::kCharset,
                           fmt::format("(0008,0005) term '{}' cannot be combined with other terms: only "
                                       "ISO 2022 terms may be multi-valued (PS3.3 C.12.1.1.2)", t->term)};
  }
  cs.description_.clear();
  for (const DefinedTerm* t : terms) cs.description_ += fmt::format("{}{}", cs.description_.empty() ? "" : "\\", t->term);
  cs.terms_ = std::move(terms);
  return cs;
}

base::Result<SpecificCharacterSet> SpecificCharacterSet::parse(std::string_view value) {
  const std::vector<Part> parts = split_terms(value);
  std::vector<const DefinedTerm*> terms;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (parts[k].text.empty()) {
      if (k == 0 && parts.size() > 1) {  // PS3.3 C.12.1.1.2: empty value 1 means ISO 2022 IR 6
        terms.push_back(find_defined_term("ISO 2022 IR 6"));
        continue;
      }
      if (parts.size() == 1) break;
      return base::Error{base::ErrorCode::kCharset, fmt::format("(0008,0005) value {} is empty", k + 1)};
    }
    const DefinedTerm* t = find_defined_term(parts[k].text);
    if (t == nullptr) return unknown_term(parts[k].text);
    terms.push_back(t);
  }
  return build(std::move(terms));
}

base::Result<SpecificCharacterSet> SpecificCharacterSet::parse_lenient(std::string_view value,
                                                                       std::vector<CharsetIssue>* issues) {
  auto note = [&](std::size_t offset, std::string message) {
    if (issues) issues->push_back({offset, std::move(message)});
  };
  const std::vector<Part> parts = split_terms(value);
  std::vector<const DefinedTerm*> terms;
  std::vector<std::size_t> offsets;  // of each term, for the notes
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const Part& p = parts[k];
    if (p.text.empty()) {
      if (k == 0 && parts.size() > 1) {
        terms.push_back(find_defined_term("ISO 2022 IR 6"));
        offsets.push_back(p.offset);
      } else if (parts.size() > 1) note(p.offset, fmt::format("empty value {} of (0008,0005) ignored", k + 1));
      continue;
    }
    const DefinedTerm* t = find_defined_term(p.text);
    if (t == nullptr && (t = find_loosely(p.text)) != nullptr)
      note(p.offset, fmt::format("'{}' read as the Defined Term '{}'", p.text, t->term));
    if (t == nullptr) return unknown_term(p.text);
    terms.push_back(t);
    offsets.push_back(p.offset);
  }
  if (terms.size() > 1) {
    for (std::size_t k = 0; k < terms.size(); ++k) {
      const DefinedTerm*& t = terms[k];
      if (t->kind != TermKind::kSingleByte && t->kind != TermKind::kDefault) continue;
      // "ISO_IR 100" -> "ISO 2022 IR 100": the same sets, with extensions allowed.
      const DefinedTerm* upgraded = find_defined_term(fmt::format("ISO 2022 IR {}", t->term.substr(7)));
      if (upgraded == nullptr) continue;
      note(offsets[k], fmt::format("'{}' in a multi-valued (0008,0005) read as '{}'", t->term, upgraded->term));
      t = upgraded;
    }
  }
  return build(std::move(terms));
}

base::Result<std::string> SpecificCharacterSet::decode(base::ByteView value, VR vr) const {
  IssueSink sink;
  sink.stop_at_first = true;
  const bool sensitive = is_charset_sensitive(vr);
  const DecodePlan plan = sensitive ? plan_for(terms_, description_) : default_plan("ISO_IR 6");
  std::string text = decode_value(plan, value, vr, sink);
  if (sink.issues.empty()) return text;
  const DecodeIssue& first = sink.issues.front();
  return base::Error{first.code, fmt::format("byte offset {} of a {} value decoded as {}: {}", first.offset,
                                             to_string(vr), plan.name, first.message)};
}

std::string SpecificCharacterSet::decode_lossy(base::ByteView value, VR vr,
                                               std::vector<CharsetIssue>* issues) const {
  IssueSink sink;
  const DecodePlan plan = is_charset_sensitive(vr) ? plan_for(terms_, description_) : default_plan("ISO_IR 6");
  std::string text = decode_value(plan, value, vr, sink);
  if (issues)
    for (DecodeIssue& i : sink.issues) issues->push_back({i.offset, std::move(i.message)});
  return text;
}

bool SpecificCharacterSet::is_default() const {
  return terms_.size() == 1 && terms_.front()->kind == TermKind::kDefault;
}

bool SpecificCharacterSet::is_utf8() const { return terms_.front()->kind == TermKind::kUtf8; }

}  // namespace discus::dicom::charset
