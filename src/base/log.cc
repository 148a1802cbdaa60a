#include "base/log.h"

namespace discus::base {

void Logger::write(LogLevel level, std::string_view line) {
  if (sink_) {
    sink_(level, line);
    return;
  }
  static constexpr std::string_view kNames[] = {"debug", "info", "warning", "error"};
  fmt::print(stderr, "discus: {}: {}\n", kNames[static_cast<int>(level)], line);
}

}  // namespace discus::base
