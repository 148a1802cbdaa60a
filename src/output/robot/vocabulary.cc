#include "output/robot/vocabulary.h"

#include <algorithm>
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "output/robot/spool.h"

namespace discus::output::robot {

namespace {

struct Row {
  std::string_view words;  // lower case
  Condition condition;
  bool operator_needed;
};

// robots.md §1.3 (PTBurn SystemStatus texts), §2.4 (TD Bridge), §4 (failure table). Order
// matters: "printer offline" before "offline".
constexpr Row kRows[] = {
    {"system ok", Condition::kOk, false},
    {"out of discs", Condition::kOutOfMedia, true},
    {"out of media", Condition::kOutOfMedia, true},
    {"no blank", Condition::kOutOfMedia, true},
    {"input bin empty", Condition::kOutOfMedia, true},
    {"stacker empty", Condition::kOutOfMedia, true},
    {"cover open", Condition::kLid, true},
    {"lid open", Condition::kLid, true},
    {"door open", Condition::kLid, true},
    {"ink low", Condition::kInk, false},
    {"ink out", Condition::kInk, true},
    {"cartridge", Condition::kInk, true},
    {"printer offline", Condition::kPrinter, true},
    {"printer error", Condition::kPrinter, true},
    {"waiting for printer", Condition::kPrinter, true},
    {"alignment", Condition::kPrinter, true},
    {"printer", Condition::kPrinter, true},
    {"verify error", Condition::kReject, false},
    {"reject", Condition::kReject, false},
    {"offline", Condition::kOffline, true},
    {"not responding", Condition::kOffline, true},
};

}  // namespace

std::optional<Alert> alert_from_words(std::string_view words) {
  const std::string w = lower(words);
  if (w.empty()) return std::nullopt;
  for (const Row& r : kRows) {
    if (w.find(r.words) == std::string::npos) continue;
    if (r.condition == Condition::kOk) return std::nullopt;
    return Alert{r.condition, std::string(words), r.operator_needed};
  }
  return std::nullopt;
}

Alert operator_alert(std::string_view words, Condition fallback) {
  Alert a = alert_from_words(words).value_or(Alert{fallback, std::string(words), true});
  a.operator_needed = true;
  return a;
}

std::optional<Alert> primera_system_error(int number, std::string_view text) {
  if (number == 0) return std::nullopt;
  const std::string words = text.empty() ? fmt::format("SysErrorNumber {}", number) : fmt::format("{} (SysErrorNumber {})", text, number);
  if (number == 5 || number == 6 || number == 7) return Alert{Condition::kInk, words, false};
  if (number == 22 || number == 31) return Alert{Condition::kPrinter, words, true};
  if (auto a = alert_from_words(text)) {
    a->vendor_words = words;
    return a;
  }
  // A number we have no table for: a person should look (Appendix C not fully seen).
  return Alert{Condition::kJobFailed, words, true};
}

}  // namespace discus::output::robot
