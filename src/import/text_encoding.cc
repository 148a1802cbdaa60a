#include "import/text_encoding.h"

#include <algorithm>
#include <optional>

#include "dicom/charset/specific_character_set.h"
#include "dicom/dict/tags.h"

namespace discus::import {
namespace tags = dicom::tags;
using dicom::charset::SpecificCharacterSet;
using dicom::DataSet;
using dicom::VR;

namespace {

constexpr std::string_view kUtf8Term = "ISO_IR 192";
constexpr std::string_view kLatin1Term = "ISO_IR 100";

bool ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The code points of valid UTF-8 (our values are: from to_valid_utf8 or a decoder), or none.
std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + static_cast<std::size_t>(n) > s.size()) return {};
    char32_t cp = n == 1 ? b : b & (0x7F >> n);
    for (int k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((c & 0xC0) != 0x80) return {};  // not a continuation byte: not UTF-8 (Latin-1 "ÜL" looks like a lead byte)
      cp = (cp << 6) | (c & 0x3F);
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(n);
  }
  return out;
}

bool latin1(std::string_view s) {
  const auto cps = code_points(s);
  return (s.empty() || !cps.empty()) && std::all_of(cps.begin(), cps.end(), [](char32_t c) { return c <= 0xFF; });
}

// PS3.5 6.1.2.3: the VRs whose values (0008,0005) governs.
bool text_vr(VR vr) {
  return vr == VR::SH || vr == VR::LO || vr == VR::ST || vr == VR::LT || vr == VR::UT || vr == VR::PN || vr == VR::UC;
}

// A primitive value's raw bytes, whole (every value of a multi-valued one), or none.
std::optional<std::string_view> raw_value(const DataSet& ds, dicom::Tag t) {
  const dicom::Element* e = ds.find(t);
  if (e == nullptr || e->kind != dicom::Element::Kind::kPrimitive || e->value.is_deferred()) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(e->value.bytes.data()), e->value.bytes.size());
}

// The declaration, all of its values ("\ISO 2022 IR 87" has two); an unknown one reads as the
// default repertoire (its non-ASCII bytes then decode as U+FFFD: nothing is guessed).
SpecificCharacterSet declared(const DataSet& ds) {
  auto v = raw_value(ds, tags::SpecificCharacterSet);
  if (!v) return SpecificCharacterSet();
  auto cs = SpecificCharacterSet::parse_lenient(*v, nullptr);
  return cs ? *cs : SpecificCharacterSet();
}

std::vector<std::string_view> terms(std::string_view d) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t end = std::min(d.find('\\', start), d.size());
    out.push_back(d.substr(start, end - start));
    if (end == d.size()) return out;
    start = end + 1;
  }
}

bool romaji_g0(const SpecificCharacterSet& cs) {
  const auto t = terms(cs.describe());
  return std::any_of(t.begin(), t.end(), [](std::string_view x) { return x == "ISO_IR 13" || x == "ISO 2022 IR 13"; });
}

// Whether `cs` holds `v` as it is (ASCII bytes) or through the Latin-1 encoder.
bool holds(const SpecificCharacterSet& cs, std::string_view v, bool& needs_latin1) {
  if (cs.is_utf8()) return true;
  const auto t = terms(cs.describe());
  if (ascii(v)) {
    // JIS X 0201 Romaji (ISO-IR 14) is G0 of ISO_IR 13: its 5CH and 7EH are not ASCII's.
    return !romaji_g0(cs) || v.find_first_of("\\~") == std::string_view::npos;
  }
  if (t.size() == 1 && (t[0] == kLatin1Term || t[0] == "ISO 2022 IR 100") && latin1(v)) {
    needs_latin1 = true;
    return true;
  }
  return false;
}

void to_utf8(DataSet& ds, const SpecificCharacterSet& from, bool romaji) {
  for (dicom::Element& e : ds) {
    if (e.is_sequence()) {
      for (DataSet& item : e.items)
        if (!item.contains(tags::SpecificCharacterSet)) to_utf8(item, from, romaji);  // one with its own is self-describing
      continue;
    }
    if (e.kind != dicom::Element::Kind::kPrimitive || !text_vr(e.vr) || e.value.is_deferred()) continue;
    // ASCII without escape sequences is the same in UTF-8 (ISO 2022 multi-byte text is 7-bit
    // too, but always starts with an ESC; JIS X 0201 Romaji differs from ASCII at 5CH and 7EH).
    const std::string_view bytes(reinterpret_cast<const char*>(e.value.bytes.data()), e.value.bytes.size());
    if (!romaji && ascii(bytes) && bytes.find('\x1b') == std::string_view::npos) continue;
    const std::string utf8 = from.decode_lossy(e.value.bytes, e.vr, nullptr);
    e.value.bytes.assign(utf8.begin(), utf8.end());
  }
}

}  // namespace

std::string TextEncoder::operator()(std::string_view utf8) const {
  if (target_ == Target::kAsIs || ascii(utf8)) return std::string(utf8);
  std::string out;
  for (char32_t c : code_points(utf8)) out.push_back(static_cast<char>(c <= 0xFF ? c : '?'));
  return out;
}

TextEncoder prepare_text(DataSet& ds, const std::vector<std::string>& values) {
  const SpecificCharacterSet cs = declared(ds);
  bool needs_latin1 = false;
  if (std::all_of(values.begin(), values.end(), [&](const std::string& v) { return holds(cs, v, needs_latin1); }))
    return TextEncoder(needs_latin1 ? TextEncoder::Target::kLatin1 : TextEncoder::Target::kAsIs);
  if (cs.is_default() && std::all_of(values.begin(), values.end(), [](const std::string& v) { return latin1(v); })) {
    // The default repertoire's bytes are ISO-IR 100's too: only the declaration changes.
    ds.set_string(tags::SpecificCharacterSet, VR::CS, std::string(kLatin1Term));
    return TextEncoder(TextEncoder::Target::kLatin1);
  }
  to_utf8(ds, cs, romaji_g0(cs));
  ds.set_string(tags::SpecificCharacterSet, VR::CS, std::string(kUtf8Term));
  return TextEncoder(TextEncoder::Target::kAsIs);
}

std::string decoded_text(const DataSet& ds, dicom::Tag tag) {
  auto v = raw_value(ds, tag);
  if (!v) return {};
  // Decoded whole, then cut at the first delimiter: in an ISO 2022 value a 5CH byte inside a
  // two-byte character is not one (PS3.5 6.1.2.5.3).
  std::string s = declared(ds).decode_lossy(base::as_bytes(*v), ds.find(tag)->vr, nullptr);
  s = s.substr(0, s.find('\\'));
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

std::string answer_text(const DataSet& ds, dicom::Tag tag) {
  const auto raw = raw_value(ds, tag);
  if (ds.contains(tags::SpecificCharacterSet) || !raw || ascii(*raw)) return decoded_text(ds, tag);
  std::string v(raw->substr(0, raw->find('\\')));
  while (!v.empty() && (v.back() == ' ' || v.back() == '\0')) v.pop_back();
  if (!code_points(v).empty()) return v;  // valid UTF-8
  std::string out;
  for (char c : v) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) out.push_back(c);
    else out.push_back(static_cast<char>(0xC0 | (b >> 6))), out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
  }
  return out;
}

}  // namespace discus::import
