#include "jobs/job_list_json.h"

#include <charconv>

#include <fmt/format.h>

#include "base/text.h"

namespace discus::jobs {
namespace {

// RFC 8259 section 7: quote, backslash and controls escaped; the rest is UTF-8 as is.
void append_string(std::string& out, std::string_view raw) {
  const std::string fixed = base::is_valid_utf8(raw) ? std::string() : base::to_valid_utf8(raw);
  const std::string_view s = fixed.empty() ? raw : std::string_view(fixed);
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
      }
    } else {
      out += ch;
    }
  }
  out += '"';
}

// Plain appends instead of fmt::format_to: a format string parsed 100,000 times is what showed.
void append_key(std::string& out, std::string_view key) {
  out += ",\"";
  out += key;  // our keys need no escaping
  out += "\":";
}

void append_member(std::string& out, std::string_view key, std::string_view value) {
  append_key(out, key);
  append_string(out, value);
}

void append_member(std::string& out, std::string_view key, std::int64_t value) {
  append_key(out, key);
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

void append_enum(std::string& out, std::string_view key, std::string_view value) {
  append_key(out, key);
  out += '"';
  out += value;  // our own state and kind names: nothing to escape
  out += '"';
}

void append_copy(std::string& out, const Copy& c) {
  out += "{\"n\":";
  out += std::to_string(c.n);
  append_member(out, "attempt", c.attempt);
  append_enum(out, "state", to_string(c.state));
  append_key(out, "verified");
  out += c.verified ? "true" : "false";
  append_member(out, "output", c.output);
  append_member(out, "reason", c.reason);
  out += '}';
}

}  // namespace

void append_job_list_json(std::string& out, std::span<const Job> jobs) {
  out.reserve(out.size() + jobs.size() * 160);
  out += '[';
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const Job& j = jobs[i];
    if (i) out += ',';
    out += "{\"id\":";
    out += std::to_string(j.id);
    append_enum(out, "kind", to_string(j.spec.kind));
    append_enum(out, "state", to_string(j.state));
    append_member(out, "priority", j.spec.priority);
    append_member(out, "submitted_by", j.spec.submitted_by);
    append_member(out, "created_ms", j.created_ms);
    append_member(out, "updated_ms", j.updated_ms);
    out += ",\"copies\":[";
    const auto copies = j.current_copies();
    for (std::size_t k = 0; k < copies.size(); ++k) {
      if (k) out += ',';
      append_copy(out, copies[k]);
    }
    out += ']';
    if (!j.hold_reason.empty()) append_member(out, "hold_reason", j.hold_reason);
    if (!j.error.empty()) append_member(out, "error", j.error);
    if (!j.lease_owner.empty()) append_member(out, "station", j.lease_owner);
    out += '}';
  }
  out += ']';
}

}  // namespace discus::jobs
