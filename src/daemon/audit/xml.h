// discus::daemon::audit — a small XML writer for audit messages (PS3.15 A.5.1).
//
// Elements are opened and closed in order; attributes go on the element last opened, before its
// first child. Text from outside (patient names, user ids, paths) is made valid UTF-8 through
// base::to_valid_utf8, characters XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE,
// U+FFFF) become visible "\xNN" text, and markup characters are escaped, so no value can break
// the document or inject an element.
//   Xml x; x.open("AuditMessage").open("EventIdentification").attr("EventActionCode", "R");
//   x.coded("EventID", codes::kExport).close().close();  std::string doc = x.str();
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/audit/codes.h"

namespace discus::daemon::audit {

class Xml {
 public:
  Xml& open(std::string_view name);
  Xml& attr(std::string_view name, std::string_view value);
  Xml& attr_if(std::string_view name, std::string_view value) {  // only when not empty
    return value.empty() ? *this : attr(name, value);
  }
  Xml& text(std::string_view value);
  Xml& close();
  // <NAME csd-code=".." codeSystemName=".." originalText=".."/> (PS3.15 A.5.1 CodedValueType).
  Xml& coded(std::string_view name, const Code& code);
  // The document so far (every element must be closed), with its XML declaration.
  std::string str() const;

 private:
  void end_start_tag();
  std::string out_;
  std::vector<std::string> open_;
  bool in_start_tag_ = false;
};

// Text made safe for XML 1.0 character data or attribute values (quotes escaped too).
std::string xml_escape(std::string_view text);

}  // namespace discus::daemon::audit
