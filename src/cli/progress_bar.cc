#include "cli/progress_bar.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "cli/command.h"

namespace discus::cli {

ProgressBar::ProgressBar(const Context& ctx) : enabled_(!ctx.quiet && ::isatty(STDERR_FILENO) == 1) {}

std::string human_bytes(std::uint64_t n) {
  constexpr const char* kUnits[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(n);
  std::size_t u = 0;
  while (v >= 1024 && u + 1 < std::size(kUnits)) v /= 1024, ++u;
  return u == 0 || v >= 100 ? fmt::format("{:.0f} {}", v, kUnits[u]) : fmt::format("{:.1f} {}", v, kUnits[u]);
}

void ProgressBar::on_stage(app::Stage stage, std::string_view /*detail*/) {
  std::lock_guard lock(mutex_);
  if (drawn_ && stage != stage_) std::fputc('\n', stderr), drawn_ = false;
  stage_ = stage;
  stage_start_ = Clock::now();
  stage_started_ = true;
  last_width_ = 0;
}

void ProgressBar::on_progress(const app::ProgressEvent& e) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (!stage_started_ || e.stage != stage_) {
    if (drawn_) std::fputc('\n', stderr), drawn_ = false;
    stage_ = e.stage;
    stage_start_ = now;
    stage_started_ = true;
    last_width_ = 0;
  }
  // Throttled: the first event of a stage, the last, and then at most every 100 ms.
  const bool last = e.total != 0 && e.done >= e.total;
  if (drawn_ && !last && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(e);
}

std::function<void(std::uint64_t, std::uint64_t)> ProgressBar::bytes(app::Stage stage) {
  return [this, stage](std::uint64_t done, std::uint64_t total) {
    app::ProgressEvent e;
    e.stage = stage;
    e.unit = app::Unit::kBytes;
    e.done = done;
    e.total = total;
    on_progress(e);
  };
}

void ProgressBar::draw(const app::ProgressEvent& e) {
  const bool in_bytes = e.unit == app::Unit::kBytes;
  auto amount = [&](std::uint64_t n) { return in_bytes ? human_bytes(n) : fmt::format("{}", n); };
  std::string line = fmt::format("{:<13}", app::to_string(e.stage));
  const double seconds = std::chrono::duration<double>(Clock::now() - stage_start_).count();
  const double rate = seconds > 0.2 ? static_cast<double>(e.done) / seconds : 0;
  if (e.total > 0) {
    constexpr int kWidth = 24;
    const std::uint64_t done = std::min(e.done, e.total);
    const int percent = static_cast<int>(done * 100 / e.total);
    const int filled = static_cast<int>(done * kWidth / e.total);
    line += fmt::format(" [{}{}] {:3}%  {}/{}{}", std::string(static_cast<std::size_t>(filled), '#'),
                        std::string(static_cast<std::size_t>(kWidth - filled), '.'), percent, amount(done),
                        amount(e.total), in_bytes ? "" : " files");
    if (rate > 0) {
      line += in_bytes ? fmt::format("  {}/s", human_bytes(static_cast<std::uint64_t>(rate))) : fmt::format("  {:.0f} files/s", rate);
      const auto left = static_cast<std::uint64_t>(static_cast<double>(e.total - done) / rate);
      line += fmt::format("  {}:{:02} left", left / 60, left % 60);
    }
  } else {
    line += fmt::format("  {}{}", amount(e.done), in_bytes ? "" : " files");
  }
  const std::size_t width = line.size();
  if (width < last_width_) line.append(last_width_ - width, ' ');  // clears what a longer line left
  last_width_ = width;
  std::fputs(("\r" + line).c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  std::lock_guard lock(mutex_);
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
  stage_started_ = false;
}

}  // namespace discus::cli
