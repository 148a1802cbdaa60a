#include "net/hl7/message.h"

#include <cctype>

#include <fmt/format.h>

namespace discus::net::hl7 {
namespace {

using base::Error;
using base::ErrorCode;

bool valid_delimiter(char c) {
  const auto u = static_cast<unsigned char>(c);
  // Printable, not a letter or digit (HL7 2.5.4: any non-alphanumeric; CR never).
  return u > 0x20 && u < 0x7f && std::isalnum(u) == 0;
}

bool valid_segment_id(std::string_view id) {
  if (id.size() != 3) return false;
  for (char c : id)
    if (std::isupper(static_cast<unsigned char>(c)) == 0 && std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::vector<const Segment*> Message::segments_named(std::string_view id) const {
  std::vector<const Segment*> out;
  for (const Segment& s : segments)
    if (s.id == id) out.push_back(&s);
  return out;
}

const Segment* Message::first(std::string_view id) const {
  for (const Segment& s : segments)
    if (s.id == id) return &s;
  return nullptr;
}

std::vector<std::string_view> split(std::string_view value, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = value.find(sep, start);
    if (end == std::string_view::npos) {
      out.push_back(value.substr(start));
      return out;
    }
    out.push_back(value.substr(start, end - start));
    start = end + 1;
  }
}

std::string_view part(std::string_view value, char sep, std::size_t k) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t end = value.find(sep, start);
    if (end == std::string_view::npos) return {};
    start = end + 1;
  }
  const std::size_t end = value.find(sep, start);
  return value.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::string_view field(const Segment& s, std::size_t n) { return n < s.fields.size() ? std::string_view(s.fields[n]) : std::string_view(); }
std::string_view repetition(std::string_view v, std::size_t k, const Delimiters& d) { return part(v, d.repetition, k); }
std::string_view component(std::string_view v, std::size_t n, const Delimiters& d) { return n == 0 ? std::string_view() : part(v, d.component, n - 1); }
std::string_view subcomponent(std::string_view v, std::size_t n, const Delimiters& d) { return n == 0 ? std::string_view() : part(v, d.subcomponent, n - 1); }

base::Result<Message> parse(std::string_view text, const ParseLimits& limits) {
  if (text.size() > limits.max_bytes)
    return Error{ErrorCode::kLimitExceeded, fmt::format("HL7 message of {} bytes (at most {})", text.size(), limits.max_bytes)};
  // HL7 2.5.4: "MSH" then MSH-1 (the field separator) then MSH-2 (component, repetition,
  // escape, subcomponent), then MSH-1 again.
  if (text.size() < 8 || text.substr(0, 3) != "MSH")
    return Error{ErrorCode::kBadStructure, "not an HL7 v2 message: it does not begin with an MSH segment"};
  Message m;
  Delimiters& d = m.delimiters;
  d.field = text[3];
  const std::size_t msh2_end = text.find(d.field, 4);
  if (msh2_end == std::string_view::npos || msh2_end < 8)
    return Error{ErrorCode::kBadStructure, "MSH-2 (encoding characters) is shorter than four characters"};
  d.component = text[4], d.repetition = text[5], d.escape = text[6], d.subcomponent = text[7];
  const char all[] = {d.field, d.component, d.repetition, d.escape, d.subcomponent};
  for (std::size_t i = 0; i < 5; ++i) {
    if (!valid_delimiter(all[i])) return Error{ErrorCode::kBadStructure, fmt::format("MSH delimiter {:#04x} is not a printable non-alphanumeric character", static_cast<unsigned char>(all[i]))};
    for (std::size_t j = 0; j < i; ++j)
      if (all[i] == all[j]) return Error{ErrorCode::kBadStructure, "two MSH delimiters are the same character"};
  }
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) continue;
    if (m.segments.size() >= limits.max_segments)
      return Error{ErrorCode::kLimitExceeded, fmt::format("HL7 message with more than {} segments", limits.max_segments)};
    Segment s;
    s.id = std::string(line.substr(0, std::min<std::size_t>(3, line.size())));
    if (!valid_segment_id(s.id) || (line.size() > 3 && line[3] != d.field))
      return Error{ErrorCode::kBadStructure, fmt::format("segment {} of the HL7 message has no valid segment ID", m.segments.size() + 1)};
    if (m.segments.empty() != (s.id == "MSH"))
      return Error{ErrorCode::kBadStructure, m.segments.empty() ? "the first segment is not MSH" : "a second MSH segment in one message"};
    const auto parts = split(line, d.field);
    if (parts.size() > limits.max_fields + 1)
      return Error{ErrorCode::kLimitExceeded, fmt::format("{} segment with more than {} fields", s.id, limits.max_fields)};
    s.fields.reserve(parts.size() + 1);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      // MSH-1 is the separator itself: put it in its place so MSH-n is fields[n] as elsewhere.
      if (s.id == "MSH" && i == 1) s.fields.emplace_back(1, d.field);
      s.fields.emplace_back(parts[i]);
    }
    m.segments.push_back(std::move(s));
  }
  return m;
}

std::string encode(const Message& message) {
  const Delimiters& d = message.delimiters;
  std::string out;
  for (const Segment& s : message.segments) {
    if (!out.empty()) out.push_back('\r');
    out += s.id;
    for (std::size_t i = 1; i < s.fields.size(); ++i) {
      if (s.id == "MSH" && i == 1) continue;  // MSH-1 is the separator written before MSH-2
      out.push_back(d.field);
      out += s.fields[i];
    }
  }
  out.push_back('\r');
  return out;
}

std::string unescape(std::string_view v, const Delimiters& d) {
  std::string out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != d.escape) {
      out.push_back(v[i]);
      continue;
    }
    const std::size_t close = v.find(d.escape, i + 1);
    if (close == std::string_view::npos) {  // unterminated: the rest is data
      out.append(v.substr(i));
      break;
    }
    const std::string_view seq = v.substr(i + 1, close - i - 1);
    bool known = true;
    if (seq == "F") out.push_back(d.field);
    else if (seq == "S") out.push_back(d.component);
    else if (seq == "T") out.push_back(d.subcomponent);
    else if (seq == "R") out.push_back(d.repetition);
    else if (seq == "E") out.push_back(d.escape);
    else if (seq == "H" || seq == "N") {  // start/end highlighting: formatting, not text
    } else if (seq.size() >= 3 && seq[0] == 'X' && (seq.size() - 1) % 2 == 0) {
      std::string bytes;
      for (std::size_t k = 1; k + 1 < seq.size() && known; k += 2) {
        const int hi = hex_value(seq[k]), lo = hex_value(seq[k + 1]);
        if (hi < 0 || lo < 0) known = false;
        else bytes.push_back(static_cast<char>(hi * 16 + lo));
      }
      if (known) out += bytes;
    } else {
      known = false;
    }
    if (!known) out.append(v.substr(i, close - i + 1));
    i = close;
  }
  return out;
}

std::string escape(std::string_view text, const Delimiters& d) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == d.escape) out += std::string{d.escape, 'E', d.escape};
    else if (c == d.field) out += std::string{d.escape, 'F', d.escape};
    else if (c == d.component) out += std::string{d.escape, 'S', d.escape};
    else if (c == d.subcomponent) out += std::string{d.escape, 'T', d.escape};
    else if (c == d.repetition) out += std::string{d.escape, 'R', d.escape};
    else if (c == '\r') out += std::string{d.escape} + "X0D" + d.escape;
    else if (c == '\n') out += std::string{d.escape} + "X0A" + d.escape;
    else out.push_back(c);
  }
  return out;
}

}  // namespace discus::net::hl7
