#include "base/text.h"

#include <cstdint>

#include <fmt/format.h>

namespace discus::base {
namespace {

// Length of the valid UTF-8 sequence at text[i] (RFC 3629: no overlongs, no surrogates, nothing
// above U+10FFFF), or 0 when the bytes there are not one. `cp` receives the code point.
std::size_t sequence_at(std::string_view text, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(text[i + k]); };
  const std::size_t left = text.size() - i;
  const std::uint8_t c = b(0);
  if (c < 0x80) return cp = c, 1;
  std::size_t n = 0;
  char32_t min = 0;
  if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07, min = 0x10000;
  else return 0;
  if (left < n) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool misleading_on_terminal(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||  // C0, DEL, C1 (ESC starts ANSI sequences)
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||  // bidi embeddings, overrides, isolates
         cp == 0x200E || cp == 0x200F || cp == 0x061C;  // bidi marks
}

template <class Escape>
std::string rewrite(std::string_view text, Escape escape) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = sequence_at(text, i, cp);
    if (n == 0) {
      out += fmt::format("\\x{:02X}", static_cast<std::uint8_t>(text[i]));
      ++i;
      continue;
    }
    if (!escape(cp, out)) out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = sequence_at(text, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string to_valid_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  return rewrite(text, [](char32_t, std::string&) { return false; });
}

std::string for_terminal(std::string_view text) {
  return rewrite(text, [](char32_t cp, std::string& out) {
    if (!misleading_on_terminal(cp)) return false;
    if (cp == '\n' || cp == '\t') return false;  // layout a report uses itself
    out += cp < 0x100 ? fmt::format("\\x{:02X}", static_cast<unsigned>(cp)) : fmt::format("\\u{{{:04X}}}", static_cast<unsigned>(cp));
    return true;
  });
}

std::string json_escape_misleading(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size();) {
    char32_t cp = 0;
    const std::size_t n = sequence_at(json, i, cp);
    if (n > 1 && misleading_on_terminal(cp)) out += fmt::format("\\u{:04X}", static_cast<unsigned>(cp));
    else out.append(json.substr(i, n == 0 ? 1 : n));  // ASCII (JSON escaped its controls) and the rest as is
    i += n == 0 ? 1 : n;
  }
  return out;
}

}  // namespace discus::base
