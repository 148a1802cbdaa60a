#include "output/verify/terminal_progress.h"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace discus::output {

TerminalProgress::TerminalProgress(std::string label) : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) == 1) {}

void TerminalProgress::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_ || total == 0) return;
  const int percent = static_cast<int>(done * 100 / total);
  if (percent == last_) return;
  last_ = percent;
  constexpr int kWidth = 30;
  const int filled = percent * kWidth / 100;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kWidth - filled), '.');
  std::fputs(fmt::format("\r{:<10} [{}] {:3}%  {}/{} MB", label_, bar, percent, done >> 20, total >> 20).c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

void TerminalProgress::finish() {
  if (drawn_) std::fputs("\n", stderr);
  drawn_ = false;
  last_ = -1;
}

}  // namespace discus::output
