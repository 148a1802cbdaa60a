// discus::output::robot — vendor words to the one vocabulary, as a table (vocabulary.cc).
//
// PTBurn reports robot trouble as SystemStatus text and numbers (robots.md §1.3-1.4: SysErrorNumber
// 5/6/7 ink low, 22/31 printer alignment), TD Bridge as STATUS 3 and INFO codes, and both keep the
// words we show beside our condition. Matching is by case-insensitive substring, first row wins.
//   std::optional<Alert> a = alert_from_words("Out of Discs");  // out-of-media, operator needed
#pragma once

#include <optional>
#include <string_view>

#include "output/robot/robot.h"

namespace discus::output::robot {

// The condition vendor text names, or nullopt for text that says all is well ("System OK").
std::optional<Alert> alert_from_words(std::string_view words);

// A job the robot holds for a person (PTBurn CurrentStatusState 6/7/11, TD Bridge STP): the
// condition its words name, else `fallback`; operator-needed either way.
Alert operator_alert(std::string_view words, Condition fallback);

// PTBurn SysErrorNumber (Appendix C as far as it was seen: 5, 6, 7 ink low; 22 printer needs
// alignment; 31 alignment failed) with the text beside it.
std::optional<Alert> primera_system_error(int number, std::string_view text);

}  // namespace discus::output::robot
