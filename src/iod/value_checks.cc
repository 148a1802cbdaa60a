// discus::iod — dictionary and value-format checks (see value_checks.h).
#include "iod/value_checks.h"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

#include "dicom/dict/dictionary.h"

namespace discus::iod {
namespace {

using dicom::VR;

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.remove_suffix(1);
  return s;
}

unsigned binary_width(VR vr) {
  switch (vr) {
    case VR::US: case VR::SS: return 2;
    case VR::UL: case VR::SL: case VR::FL: case VR::AT: return 4;
    case VR::FD: case VR::SV: case VR::UV: return 8;
    default: return 0;
  }
}

bool single_valued_text(VR vr) { return vr == VR::LT || vr == VR::ST || vr == VR::UT || vr == VR::UR; }

bool all_of(std::string_view s, const char* allowed) {
  for (char c : s)
    if (std::strchr(allowed, c) == nullptr || c == '\0') return false;
  return true;
}

std::string_view text_of(const dicom::Element& e) {
  const auto& b = e.value.bytes;
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// PS3.5 6.1.3 and 6.2: string values hold no control characters but ESC (code extensions), and
// the texts (LT ST UT) also CR LF FF TAB; only UI is padded with NUL (PS3.5 6.2, 9.1).
std::string control_character_problem(VR vr, std::string_view text) {
  if (!dicom::is_string(vr) || vr == VR::UR) return {};
  if (vr == VR::UI) {
    while (!text.empty() && text.back() == '\0') text.remove_suffix(1);
  }
  const bool texts = vr == VR::LT || vr == VR::ST || vr == VR::UT;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 || c == 0x1B) continue;
    if (texts && (c == '\r' || c == '\n' || c == '\f' || c == '\t')) continue;
    return fmt::format("has control character 0x{:02X} at byte {}, not allowed in {}", c, i, to_string(vr));
  }
  return {};
}

std::string path_join(const std::string& prefix, dicom::Tag tag) { return prefix + dicom::to_string(tag); }

void walk(const dicom::DataSet& ds, const std::string& prefix, const std::string& file,
          std::vector<base::Finding>& out);

void check_element(const dicom::Element& e, const std::string& path, const std::string& file,
                   std::vector<base::Finding>& out) {
  const auto* entry = dicom::dict::find(e.tag);
  if (entry == nullptr || e.tag.is_private() || e.tag.is_group_length()) return;
  const std::string name(entry->name);
  auto add = [&](std::string rule, std::string message, std::string reference) {
    out.push_back({std::move(rule), base::Severity::kError, file, path, std::move(message), std::move(reference)});
  };
  if (e.vr != VR::UN && entry->vr != VR::None) {
    const bool ok = e.vr == entry->vr || (entry->vr_count > 1 && e.vr == entry->vr2) ||
                    (entry->vr_count > 2 && e.vr == entry->vr3);
    if (!ok) {
      add("iod.vr-mismatch",
          fmt::format("{} has VR {}, the dictionary says {}", name, to_string(e.vr), to_string(entry->vr)),
          "PS3.6 6");
      return;  // the value checks below would only repeat the mismatch
    }
  }
  if (e.kind != dicom::Element::Kind::kPrimitive || e.value.is_deferred()) return;
  const std::size_t n = value_count(e);
  if (n > 0 && !entry->vm.empty() && !vm_allows(entry->vm, n))
    add("iod.vm-mismatch", fmt::format("{} has {} value{}, the dictionary's VM is {}", name, n, n == 1 ? "" : "s",
                                       entry->vm),
        "PS3.6 6");
  if (const std::string problem = control_character_problem(e.vr, text_of(e)); !problem.empty()) {
    add("iod.value-invalid", fmt::format("{} {}", name, problem), "PS3.5 6.1.3");
    return;
  }
  switch (e.vr) {
    case VR::DA: case VR::TM: case VR::UI: case VR::CS: case VR::AS: case VR::IS: case VR::DS: break;
    default: return;
  }
  std::string_view text = dicom::trim_padding(text_of(e));
  std::size_t index = 0;
  while (true) {
    const auto cut = text.find('\\');
    const std::string_view v = text.substr(0, cut);
    ++index;
    if (!v.empty()) {
      const std::string problem = value_format_problem(e.vr, v);
      if (!problem.empty())
        add("iod.value-invalid",
            fmt::format("{} value {} \"{}\" is not valid for VR {}: {}", name, index, v, to_string(e.vr), problem),
            "PS3.5 6.2");
    }
    if (cut == std::string_view::npos) break;
    text.remove_prefix(cut + 1);
  }
}

void walk(const dicom::DataSet& ds, const std::string& prefix, const std::string& file,
          std::vector<base::Finding>& out) {
  for (const auto& e : ds) {
    const std::string path = path_join(prefix, e.tag);
    check_element(e, path, file, out);
    if (!e.is_sequence()) continue;
    for (std::size_t i = 0; i < e.items.size(); ++i)
      walk(e.items[i], fmt::format("{}[{}]/", path, i), file, out);
  }
}

bool is_digits(std::string_view s) { return !s.empty() && all_of(s, "0123456789"); }

}  // namespace

std::vector<std::string> value_strings(const dicom::Element& e) {
  std::vector<std::string> out;
  if (e.kind != dicom::Element::Kind::kPrimitive || e.value.is_deferred() || e.value.size() == 0) return out;
  const auto& b = e.value.bytes;
  if (const unsigned w = binary_width(e.vr); w != 0 && e.vr != VR::AT) {
    for (std::size_t off = 0; off + w <= b.size(); off += w) {
      std::uint64_t raw = 0;
      for (unsigned i = 0; i < w; ++i) raw |= static_cast<std::uint64_t>(b[off + i]) << (8 * i);
      switch (e.vr) {
        case VR::US: case VR::UL: case VR::UV: out.push_back(std::to_string(raw)); break;
        case VR::SS: out.push_back(std::to_string(static_cast<std::int16_t>(raw))); break;
        case VR::SL: out.push_back(std::to_string(static_cast<std::int32_t>(raw))); break;
        case VR::SV: out.push_back(std::to_string(static_cast<std::int64_t>(raw))); break;
        case VR::FL: {
          float f;
          auto u = static_cast<std::uint32_t>(raw);
          std::memcpy(&f, &u, 4);
          out.push_back(fmt::format("{}", f));
          break;
        }
        default: {
          double d;
          std::memcpy(&d, &raw, 8);
          out.push_back(fmt::format("{}", d));
        }
      }
    }
    return out;
  }
  if (!dicom::is_string(e.vr)) return out;
  std::string_view text = dicom::trim_padding(text_of(e));
  if (single_valued_text(e.vr)) {
    out.emplace_back(text);
    return out;
  }
  while (true) {
    const auto cut = text.find('\\');
    out.emplace_back(trim_spaces(text.substr(0, cut)));
    if (cut == std::string_view::npos) break;
    text.remove_prefix(cut + 1);
  }
  return out;
}

std::size_t value_count(const dicom::Element& e) {
  if (e.kind != dicom::Element::Kind::kPrimitive || e.value.size() == 0) return 0;
  if (const unsigned w = binary_width(e.vr); w != 0) return static_cast<std::size_t>(e.value.size() / w);
  if (!dicom::is_string(e.vr) || e.value.is_deferred()) return 1;
  if (single_valued_text(e.vr)) return 1;
  const std::string_view text = dicom::trim_padding(text_of(e));
  std::size_t n = 1;
  for (char c : text) n += c == '\\' ? 1 : 0;
  return n;
}

bool vm_allows(std::string_view vm, std::size_t count) {
  auto number = [](std::string_view s, std::size_t& v) {
    return std::from_chars(s.data(), s.data() + s.size(), v).ec == std::errc{};
  };
  const auto dash = vm.find('-');
  std::size_t lo = 0;
  if (dash == std::string_view::npos) return number(vm, lo) ? count == lo : true;
  if (!number(vm.substr(0, dash), lo)) return true;
  const std::string_view hi = vm.substr(dash + 1);
  if (hi == "n") return count >= lo;
  if (hi.size() > 1 && hi.back() == 'n') {  // "2-2n", "3-3n": multiples of lo
    return count >= lo && count % lo == 0;
  }
  std::size_t h = 0;
  return number(hi, h) ? count >= lo && count <= h : true;
}

std::string value_format_problem(VR vr, std::string_view v) {
  switch (vr) {
    case VR::DA:
      if (v.size() != 8 || !is_digits(v)) return "a date is 8 digits YYYYMMDD";
      return {};
    case VR::TM: {
      if (v.size() > 14) return "longer than 14 characters";
      if (!all_of(v, "0123456789.")) return "a time is HHMMSS.FFFFFF (digits and '.')";
      const auto dot = v.find('.');
      const auto hms = v.substr(0, dot);
      if (hms.size() < 2 || hms.size() % 2 != 0 || hms.size() > 6 || !is_digits(hms))
        return "a time is HH, HHMM or HHMMSS, then optionally .FFFFFF";
      if (dot != std::string_view::npos && hms.size() != 6) return "fractional seconds need HHMMSS";
      return {};
    }
    case VR::UI: {
      if (v.size() > 64) return "longer than 64 characters";
      if (!all_of(v, "0123456789.")) return "a UID has digits and '.' only";
      bool all_zero = true;
      std::size_t start = 0;
      while (start <= v.size()) {
        const auto dot = std::min(v.find('.', start), v.size());
        const auto comp = v.substr(start, dot - start);
        if (comp.empty()) return "empty component";
        if (comp.size() > 1 && comp[0] == '0') return "component with a leading zero";
        if (comp != "0") all_zero = false;
        start = dot + 1;
      }
      if (all_zero) return "nothing but zero components";
      // PS3.5 9.1: UIDs are ISO/IEC 8824 object identifiers, whose root arc is 0, 1 or 2 and
      // whose second arc under 0 or 1 is at most 39 (ITU-T X.660).
      const auto first = v.substr(0, v.find('.'));
      if (first != "0" && first != "1" && first != "2") return "root arc is not 0, 1 or 2";
      if (first != "2" && v.size() > 2) {
        const auto second = v.substr(2, v.find('.', 2) - 2);
        if (second.size() > 2 || (second.size() == 2 && second > "39")) return "second arc under 0 or 1 is above 39";
      }
      return {};
    }
    case VR::CS: {
      if (v.size() > 16) return "longer than 16 characters";
      if (!all_of(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _")) return "a code string has A-Z 0-9 space and '_' only";
      return {};
    }
    case VR::AS:
      if (v.size() != 4 || !is_digits(v.substr(0, 3)) || std::strchr("DWMY", v[3]) == nullptr)
        return "an age string is nnnD, nnnW, nnnM or nnnY";
      return {};
    case VR::IS: {
      if (v.size() > 12) return "longer than 12 characters";
      std::string_view s = trim_spaces(v);
      if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
      if (!is_digits(s)) return "an integer string has an optional sign and digits";
      long long n = 0;
      std::from_chars(s.data(), s.data() + s.size(), n);
      if (s.size() > 10 || n > 2147483647LL + (v.find('-') != std::string_view::npos ? 1 : 0))
        return "outside -2^31..2^31-1";
      return {};
    }
    case VR::DS: {
      if (v.size() > 16) return "longer than 16 characters";
      const std::string_view s = trim_spaces(v);
      if (s.empty() || !all_of(s, "0123456789+-eE.")) return "a decimal string has digits, sign, '.', 'E' only";
      double d = 0;
      const auto r = std::from_chars(s.data() + (s[0] == '+' ? 1 : 0), s.data() + s.size(), d);
      if (r.ec != std::errc{} || r.ptr != s.data() + s.size()) return "not a decimal number";
      return {};
    }
    default: return {};
  }
}

std::optional<double> as_number(std::string_view text) {
  while (!text.empty() && (text.front() == ' ')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return std::nullopt;
  double d = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), d);
  if (r.ec != std::errc{} || r.ptr != text.data() + text.size()) return std::nullopt;
  return d;
}

void check_values(const dicom::DataSet& ds, const std::string& file, std::vector<base::Finding>& out) {
  walk(ds, "", file, out);
}

}  // namespace discus::iod
