// discus::ui — how far a job is and how long it has left, from what the service tells: the copies
// already verified (GET /v1/jobs) and the latest ProgressEvent of the running step (openapi.yaml:
// step scan|validate|stage|image|burn|verify, done of total). Pure functions and a small
// estimator, so that the kiosk restarted mid-burn shows the same number the service would.
//   JobProgress p{.copies = 3, .copies_done = 1}; p.step = "burn"; p.step_done = 5; p.step_total = 10;
//   double f = p.fraction();   // (1 + 0.5 + 0.35 * 0.5) / 3
#pragma once

#include <QString>
#include <deque>

namespace discus::ui {

struct JobProgress {
  int copies = 0;
  int copies_done = 0;  // verified copies (state done)
  QString step;         // empty: no progress seen for the running copy
  qint64 step_done = 0;
  qint64 step_total = 0;
  // 0..1 over the whole job; each copy counts equally, a copy's steps by their usual share of time.
  double fraction() const;
};

// Where a step lies within one copy's work, as [begin, end) of 0..1.
struct StepSpan {
  double begin = 0;
  double end = 0;
};
StepSpan step_span(const QString& step);

// Seconds left from recent progress: the rate over the last `window_ms` of samples, -1 while unknown
// (fewer than 2 s of samples, or no movement).
class TimeLeftEstimator {
 public:
  explicit TimeLeftEstimator(qint64 window_ms = 30000) : window_ms_(window_ms) {}
  void add(qint64 now_ms, double fraction);
  int seconds_left() const;
  void reset() { samples_.clear(); }

 private:
  struct Sample {
    qint64 t;
    double f;
  };
  qint64 window_ms_;
  std::deque<Sample> samples_;
};

}  // namespace discus::ui
