#include "job_progress.h"

#include <algorithm>
#include <cmath>

namespace discus::ui {

StepSpan step_span(const QString& step) {
  // Rough shares measured on the stdio: pseudo-drive with a CD-sized study: the image and the
  // burn dominate, the read-back is about a third of the burn. Only the shape matters for the bar.
  if (step == QLatin1String("scan")) return {0.00, 0.05};
  if (step == QLatin1String("validate")) return {0.05, 0.10};
  if (step == QLatin1String("stage")) return {0.10, 0.25};
  if (step == QLatin1String("image")) return {0.25, 0.45};
  if (step == QLatin1String("burn")) return {0.45, 0.85};
  if (step == QLatin1String("verify")) return {0.85, 1.00};
  return {0.0, 1.0};  // import, send: one step is the whole job
}

double JobProgress::fraction() const {
  if (copies <= 0) return 0.0;
  double current = 0.0;
  if (!step.isEmpty() && copies_done < copies) {
    const auto span = step_span(step);
    const double inside = step_total > 0 ? std::clamp(double(step_done) / double(step_total), 0.0, 1.0) : 0.0;
    current = span.begin + (span.end - span.begin) * inside;
  }
  return std::clamp((copies_done + current) / copies, 0.0, 1.0);
}

void TimeLeftEstimator::add(qint64 now_ms, double fraction) {
  if (!samples_.empty() && fraction < samples_.back().f) samples_.clear();  // a remake went back
  samples_.push_back({now_ms, fraction});
  while (samples_.size() > 2 && now_ms - samples_.front().t > window_ms_) samples_.pop_front();
}

int TimeLeftEstimator::seconds_left() const {
  if (samples_.size() < 2) return -1;
  const auto& a = samples_.front();
  const auto& b = samples_.back();
  const double dt = double(b.t - a.t) / 1000.0;
  const double df = b.f - a.f;
  if (dt < 2.0 || df <= 0.0) return -1;
  return int(std::ceil((1.0 - b.f) * dt / df));
}

}  // namespace discus::ui
