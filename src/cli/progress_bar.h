// discus CLI — the progress bar on a terminal: an app::Progress that draws one line on stderr
// ("writing image [#######.......]  52%  355/682 MB  41.2 MB/s  0:08 left"), only when stderr is
// a terminal and --quiet is not given, at most ten times a second. A pipe or a log sees nothing
// but the final messages. Thread-safe (events come from worker threads).
//   ProgressBar bar(ctx);  output::iso::write_iso(dir, out, opt, bar.bytes(app::Stage::kImage));  bar.finish();
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "app/progress.h"

namespace discus::cli {

struct Context;

class ProgressBar final : public app::Progress {
 public:
  explicit ProgressBar(const Context& ctx);
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  ~ProgressBar() override { finish(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void on_stage(app::Stage stage, std::string_view detail) override;
  void on_progress(const app::ProgressEvent& event) override;

  // For the engine functions that report (done, total) bytes of one stage.
  std::function<void(std::uint64_t, std::uint64_t)> bytes(app::Stage stage);

  void finish();  // ends the line, if one was drawn

 private:
  using Clock = std::chrono::steady_clock;
  void draw(const app::ProgressEvent& e);

  std::mutex mutex_;
  bool enabled_ = false;
  bool drawn_ = false;
  bool stage_started_ = false;
  app::Stage stage_ = app::Stage::kScan;
  Clock::time_point stage_start_{}, last_draw_{};
  std::size_t last_width_ = 0;
};

// "355 MB", "1.2 GB", "812 KB", "17 B" (powers of 1024, as the bar and the summaries show sizes).
std::string human_bytes(std::uint64_t n);

}  // namespace discus::cli
