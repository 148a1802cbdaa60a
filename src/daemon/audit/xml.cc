#include "daemon/audit/xml.h"

#include <cassert>
#include <cstdio>

#include "base/text.h"

namespace discus::daemon::audit {

std::string xml_escape(std::string_view text) {
  const std::string valid = base::to_valid_utf8(text);
  std::string out;
  out.reserve(valid.size() + 16);
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const auto c = static_cast<unsigned char>(valid[i]);
    switch (c) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += "&quot;"; continue;
      case '\'': out += "&apos;"; continue;
      // In an attribute a raw tab or line end would be normalised to a space by the reader.
      case '\t': out += "&#9;"; continue;
      case '\n': out += "&#10;"; continue;
      case '\r': out += "&#13;"; continue;
      default: break;
    }
    if (c < 0x20) {  // XML 1.0 2.2: no other C0 control is a character of a document
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
      continue;
    }
    // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters either.
    if (c == 0xEF && i + 2 < valid.size() && static_cast<unsigned char>(valid[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(valid[i + 2]) & 0xFE) == 0xBE) {
      out += static_cast<unsigned char>(valid[i + 2]) == 0xBE ? "\\u{FFFE}" : "\\u{FFFF}";
      i += 2;
      continue;
    }
    out += static_cast<char>(c);
  }
  return out;
}

void Xml::end_start_tag() {
  if (in_start_tag_) {
    out_ += '>';
    in_start_tag_ = false;
  }
}

Xml& Xml::open(std::string_view name) {
  end_start_tag();
  out_ += '<';
  out_ += name;
  open_.emplace_back(name);
  in_start_tag_ = true;
  return *this;
}

Xml& Xml::attr(std::string_view name, std::string_view value) {
  assert(in_start_tag_);
  out_ += ' ';
  out_ += name;
  out_ += "=\"";
  out_ += xml_escape(value);
  out_ += '"';
  return *this;
}

Xml& Xml::text(std::string_view value) {
  end_start_tag();
  out_ += xml_escape(value);
  return *this;
}

Xml& Xml::close() {
  assert(!open_.empty());
  if (in_start_tag_) {
    out_ += "/>";
    in_start_tag_ = false;
  } else {
    out_ += "</";
    out_ += open_.back();
    out_ += '>';
  }
  open_.pop_back();
  return *this;
}

Xml& Xml::coded(std::string_view name, const Code& code) {
  return open(name).attr("csd-code", code.value).attr("codeSystemName", code.scheme).attr("originalText", code.meaning).close();
}

std::string Xml::str() const {
  assert(open_.empty());
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + out_;
}

}  // namespace discus::daemon::audit
