// discus::base — Finding: one result of a validation (IOD, media profile, file-set), as data.
//
// Findings are not errors: a file with findings was read fine and something in it does not meet
// a rule. Each names the rule (a stable id), the severity, where (file, tag path), what, the
// PS3 section that sets the rule, and whether Discus repaired it while authoring.
//   Finding f{"iod.type1-missing", Severity::kError, "IM1", "(0010,0020)",
//             "Patient ID is Type 1 and absent", "PS3.3 C.7.1.1"};
#pragma once

#include <string>
#include <string_view>

namespace discus::base {

enum class Severity { kError, kWarning, kInfo };

inline std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "info";
  }
  return "unknown";
}

struct Finding {
  std::string rule;       // stable identifier, e.g. "iod.type1-missing", "profile.transfer-syntax"
  Severity severity = Severity::kError;
  std::string file;       // the instance concerned; empty for set-wide findings
  std::string tag_path;   // "(0008,1115)[0]/(0008,1150)"; empty when not about one attribute
  std::string message;    // for a person: what is wrong, what was found
  std::string reference;  // "PS3.3 C.7.1.1", "PS3.11 D.3.2"
  bool repaired = false;  // Discus fixed it while authoring (message says how)
};

}  // namespace discus::base
