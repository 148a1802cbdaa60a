// discus::output — a one-line progress bar on stderr, drawn only when stderr is a terminal.
//
// The writers (ISO, burn, verify) report bytes done and total; the CLI hands them this so a
// person at a terminal sees "writing  [#####.....]  52%  355/682 MB" and a pipe or log sees
// nothing but the final messages. Redraws are throttled to whole percents.
//   TerminalProgress bar("writing");  write_iso(dir, out, opt, bar.callback());  bar.finish();
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace discus::output {

class TerminalProgress {
 public:
  explicit TerminalProgress(std::string label);
  ~TerminalProgress() { finish(); }
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;

  void update(std::uint64_t done, std::uint64_t total);
  std::function<void(std::uint64_t, std::uint64_t)> callback() {
    return [this](std::uint64_t d, std::uint64_t t) { update(d, t); };
  }
  void set_label(std::string label) { label_ = std::move(label); last_ = -1; }
  void finish();  // ends the line, if one was drawn

 private:
  std::string label_;
  bool enabled_ = false;
  bool drawn_ = false;
  int last_ = -1;
};

}  // namespace discus::output
