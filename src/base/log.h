// discus::base — a small logging sink.
//
// A Logger is a value handed down from the composition root (no global logger). Library code
// that needs to report something non-fatal returns it in its result (warnings, Findings) instead;
// the Logger is for the programs themselves.
//
//   Logger log{LogLevel::kInfo};  log.warn("drive {} busy", name);
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <string_view>

namespace discus::base {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

class Logger {
 public:
  using Sink = std::function<void(LogLevel, std::string_view)>;
  explicit Logger(LogLevel min = LogLevel::kInfo, Sink sink = {}) : min_(min), sink_(std::move(sink)) {}

  template <typename... A> void debug(fmt::format_string<A...> f, A&&... a) { emit(LogLevel::kDebug, f, std::forward<A>(a)...); }
  template <typename... A> void info(fmt::format_string<A...> f, A&&... a) { emit(LogLevel::kInfo, f, std::forward<A>(a)...); }
  template <typename... A> void warn(fmt::format_string<A...> f, A&&... a) { emit(LogLevel::kWarn, f, std::forward<A>(a)...); }
  template <typename... A> void error(fmt::format_string<A...> f, A&&... a) { emit(LogLevel::kError, f, std::forward<A>(a)...); }

 private:
  template <typename... A>
  void emit(LogLevel level, fmt::format_string<A...> f, A&&... a) {
    if (level < min_) return;
    write(level, fmt::format(f, std::forward<A>(a)...));
  }
  void write(LogLevel level, std::string_view line);

  LogLevel min_;
  Sink sink_;  // empty: stderr
};

}  // namespace discus::base
