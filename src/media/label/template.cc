// Label templates: loading and checking one, escaping values, merging fields and QR codes.
// Plain text operations over the SVG: the template is the site's own trusted file, the values
// are the untrusted part, and they only ever enter as escaped character data.
#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>

#include "base/file.h"
#include "base/text.h"
#include "media/label/label.h"
#include "media/label/qr.h"
#include "media/profile/profile_registry.h"

namespace discus::media::label {
namespace {

using base::Error;
using base::ErrorCode;

constexpr std::uint64_t kMaxTemplateSize = 16u << 20;  // a label with an embedded logo, not a film

// The next code point of valid UTF-8 at `i` (advanced past it).
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
  for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  i += n;
  return cp;
}

// Characters that have no business on a label: those XML 1.0 forbids (2.2 Char), C1 controls, and
// the bidi embeddings, overrides and isolates that could make a printed name read other than it is
// (Arabic and Hebrew need none of them: the renderer applies the Unicode bidi algorithm).
bool dropped(char32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n';
  if (cp >= 0x7F && cp <= 0x9F) return true;
  if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return true;
  return cp == 0xFFFE || cp == 0xFFFF;
}

// At most `max` code points; a cut value ends with "…".
std::string truncate(const std::string& s, std::size_t max) {
  std::size_t i = 0, count = 0, cut = 0;
  while (i < s.size()) {
    if (count == (max == 0 ? 0 : max - 1)) cut = i;
    next_code_point(s, i);
    ++count;
  }
  if (count <= max) return s;
  return s.substr(0, cut) + "\u2026";
}

// The root element's start tag: after the XML declaration, comments, a DOCTYPE.
base::Result<std::string_view> root_start_tag(std::string_view svg, const std::string& path) {
  std::size_t at = 0;
  for (;;) {
    at = svg.find('<', at);
    if (at == std::string_view::npos) break;
    if (svg.compare(at, 4, "<!--") == 0) {
      at = svg.find("-->", at);
      if (at == std::string_view::npos) break;
      continue;
    }
    if (svg.compare(at, 2, "<?") == 0 || svg.compare(at, 2, "<!") == 0) {
      ++at;
      continue;
    }
    const auto end = svg.find('>', at);
    if (end == std::string_view::npos) break;
    std::string_view tag = svg.substr(at, end - at + 1);
    if (tag.compare(0, 4, "<svg") != 0 || (tag.size() > 4 && !std::isspace(static_cast<unsigned char>(tag[4])) && tag[4] != '>'))
      return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not an SVG document (its root is not <svg>)", path)};
    return tag;
  }
  return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' has no <svg> root element", path)};
}

// The value of attribute `name` in a start tag ("" when absent).
std::optional<std::string> attribute(std::string_view tag, std::string_view name) {
  for (std::size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    if (at == 0 || !std::isspace(static_cast<unsigned char>(tag[at - 1]))) continue;
    std::size_t p = at + name.size();
    while (p < tag.size() && std::isspace(static_cast<unsigned char>(tag[p]))) ++p;
    if (p >= tag.size() || tag[p] != '=') continue;
    ++p;
    while (p < tag.size() && std::isspace(static_cast<unsigned char>(tag[p]))) ++p;
    if (p >= tag.size() || (tag[p] != '"' && tag[p] != '\'')) continue;
    const char quote = tag[p];
    const auto end = tag.find(quote, p + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return std::string(tag.substr(p + 1, end - p - 1));
  }
  return std::nullopt;
}

// Each <discus:qr x=".." y=".." width=".." height=".."/> becomes the QR code of `text`.
base::Result<std::string> place_qr_codes(const std::string& svg, const std::string& text) {
  std::string out;
  std::size_t from = 0;
  std::optional<QrCode> code;
  for (std::size_t at; (at = svg.find("<discus:qr", from)) != std::string::npos;) {
    const auto end = svg.find("/>", at);
    if (end == std::string::npos)
      return Error{ErrorCode::kInvalidArgument, "the template's <discus:qr> element is not closed with '/>'"};
    const std::string_view tag(svg.data() + at, end - at);
    out.append(svg, from, at - from);
    from = end + 2;
    const auto x = attribute(tag, "x"), y = attribute(tag, "y"), w = attribute(tag, "width"), h = attribute(tag, "height");
    if (!x || !y || !w || !h)
      return Error{ErrorCode::kInvalidArgument, "the template's <discus:qr> needs x, y, width and height"};
    if (text.empty()) continue;  // nothing to encode: no code, not an empty one
    if (!code) {
      DISCUS_TRY(QrCode c, encode_qr(text));
      code = std::move(c);
    }
    out += qr_svg(*code, xml_escape(*x), xml_escape(*y), xml_escape(*w), xml_escape(*h));
  }
  out.append(svg, from);
  return out;
}

// Each element carrying discus:if="field" is removed (start tag to its matching end tag) when the
// field's value is empty, and kept without the attribute otherwise: "Born {{patient_birth_date}}"
// then disappears with the date instead of printing "Born" alone.
base::Result<std::string> apply_conditions(const std::string& svg, const std::map<std::string, std::string>& fields) {
  constexpr std::string_view kAttr = "discus:if=";
  std::string out;
  std::size_t from = 0;
  for (std::size_t attr; (attr = svg.find(kAttr, from)) != std::string::npos;) {
    const auto start = svg.rfind('<', attr);
    const auto tag_end = svg.find('>', attr);
    if (start == std::string::npos || start < from || tag_end == std::string::npos)
      return Error{ErrorCode::kInvalidArgument, "discus:if outside a start tag"};
    const std::string_view tag(svg.data() + start, tag_end - start + 1);
    const auto name_end = tag.find_first_of(" \t\r\n/>");
    const std::string name(tag.substr(1, name_end - 1));
    const auto field = attribute(tag, "discus:if");
    if (!field || name.empty() || name[0] == '/')
      return Error{ErrorCode::kInvalidArgument, "discus:if needs a quoted field name on an element"};
    const auto value = fields.find(*field);
    if (value == fields.end())
      return Error{ErrorCode::kInvalidArgument, fmt::format("discus:if names an unknown merge field '{}'", base::to_valid_utf8(*field))};
    out.append(svg, from, start - from);
    if (!value->second.empty()) {  // keep the element, drop the attribute
      const auto q = svg.find_first_of("\"'", attr + kAttr.size());
      const auto q_end = svg.find(svg[q], q + 1);
      out.append(svg, start, attr - start);
      from = q_end + 1;
      continue;
    }
    if (tag.size() >= 2 && tag[tag.size() - 2] == '/') {  // <x discus:if=".."/>
      from = tag_end + 1;
      continue;
    }
    // Skip to the matching </name>, counting nested elements of the same name.
    std::size_t depth = 1, at = tag_end + 1;
    while (depth > 0) {
      const auto next = svg.find('<', at);
      if (next == std::string::npos)
        return Error{ErrorCode::kInvalidArgument, fmt::format("<{} discus:if=...> is never closed", name)};
      const bool closing = svg.compare(next + 1, name.size() + 1, "/" + name) == 0;
      const bool opening = svg.compare(next + 1, name.size(), name) == 0 &&
                           (next + 1 + name.size() < svg.size() && std::string_view(" \t\r\n/>").find(svg[next + 1 + name.size()]) != std::string_view::npos);
      const auto close = svg.find('>', next);
      if (close == std::string::npos) return Error{ErrorCode::kInvalidArgument, "a tag is never closed"};
      if (closing) --depth;
      else if (opening && svg[close - 1] != '/') ++depth;
      at = close + 1;
    }
    from = at;
  }
  out.append(svg, from);
  return out;
}

bool field_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

}  // namespace

std::string xml_escape(std::string_view text) {
  const std::string valid = base::to_valid_utf8(text);
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(valid, i);
    if (dropped(cp)) continue;
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.append(valid, start, i - start);
    }
  }
  return out;
}

base::Result<Template> parse_template(std::string svg, std::string path) {
  DISCUS_TRY(std::string_view root, root_start_tag(svg, path));
  const auto version = attribute(root, "discus:label-version");
  if (!version)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("'{}' is not a Discus label template: its <svg> has no discus:label-version attribute", path)};
  if (*version != std::to_string(kTemplateVersion))
    return Error{ErrorCode::kUnsupported, fmt::format("'{}' is a version {} label template; this Discus reads version {}",
                                                      path, base::to_valid_utf8(*version), kTemplateVersion)};
  if (root.find("xmlns:discus") == std::string_view::npos)
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' does not declare the discus: namespace (xmlns:discus) on its <svg>", path)};
  return Template{std::move(path), std::move(svg)};
}

base::Result<Template> load_template(const std::string& path) {
  DISCUS_TRY(base::Bytes bytes, base::read_whole_file(path, kMaxTemplateSize));
  return parse_template(std::string(bytes.begin(), bytes.end()), path);
}

std::string default_template_path(Medium medium) {
  return profile::default_profile_directory() + (medium == Medium::kDvd ? "/labels/dvd.svg" : "/labels/cd.svg");
}

base::Result<std::string> merge(const Template& tmpl, const LabelData& data) { return merge(tmpl, merge_fields(data)); }

base::Result<std::string> merge(const Template& tmpl, const std::map<std::string, std::string>& fields) {
  const auto qr = fields.find("qr_text");
  DISCUS_TRY(std::string conditioned, apply_conditions(tmpl.svg, fields));
  DISCUS_TRY(std::string svg, place_qr_codes(conditioned, qr == fields.end() ? std::string() : qr->second));
  std::string out;
  out.reserve(svg.size() + 1024);
  std::size_t from = 0;
  for (std::size_t at; (at = svg.find("{{", from)) != std::string::npos;) {
    out.append(svg, from, at - from);
    const auto end = svg.find("}}", at + 2);
    if (end == std::string::npos)
      return Error{ErrorCode::kInvalidArgument, fmt::format("'{}': a merge field opened with '{{{{' is never closed", tmpl.path)};
    const std::string spec = svg.substr(at + 2, end - at - 2);
    const auto colon = spec.find(':');
    const std::string name = spec.substr(0, colon);
    std::size_t max = 0;
    if (colon != std::string::npos) {
      const std::string n = spec.substr(colon + 1);
      char* stop = nullptr;
      const unsigned long v = std::strtoul(n.c_str(), &stop, 10);
      if (n.empty() || *stop != '\0' || v == 0 || v > 10000)
        return Error{ErrorCode::kInvalidArgument, fmt::format("'{}': '{{{{{}}}}}' needs a length from 1 to 10000 after ':'",
                                                              tmpl.path, base::to_valid_utf8(spec))};
      max = v;
    }
    if (name.empty() || !std::all_of(name.begin(), name.end(), field_char))
      return Error{ErrorCode::kInvalidArgument, fmt::format("'{}': '{{{{{}}}}}' is not a merge field (names are a-z, 0-9, _)",
                                                            tmpl.path, base::to_valid_utf8(spec))};
    const auto value = fields.find(name);
    if (value == fields.end())
      return Error{ErrorCode::kInvalidArgument, fmt::format("'{}': unknown merge field '{{{{{}}}}}'", tmpl.path, name)};
    out += xml_escape(max == 0 ? value->second : truncate(base::to_valid_utf8(value->second), max));
    from = end + 2;
  }
  out.append(svg, from);
  return out;
}

base::Result<Format> parse_format(std::string_view name) {
  std::string n(name);
  for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (n == "pdf") return Format::kPdf;
  if (n == "png") return Format::kPng;
  if (n == "jpg" || n == "jpeg") return Format::kJpeg;
  if (n == "bmp") return Format::kBmp;
  return Error{ErrorCode::kInvalidArgument, fmt::format("unknown label format '{}' (pdf, png, jpg, bmp)", base::to_valid_utf8(name))};
}

std::string_view extension(Format format) {
  switch (format) {
    case Format::kPdf: return "pdf";
    case Format::kPng: return "png";
    case Format::kJpeg: return "jpg";
    case Format::kBmp: return "bmp";
  }
  return "pdf";
}

}  // namespace discus::media::label
