#include "theme.h"

#include <algorithm>

namespace discus::ui {

Theme::Theme(QObject* parent) : QObject(parent) {}

void Theme::set_high_contrast(bool b) {
  if (b == high_contrast_) return;
  high_contrast_ = b;
  emit changed();
}

void Theme::set_dots_per_mm(qreal d) {
  if (d <= 0) return;
  dots_per_mm_ = d;
  emit changed();
}

qreal Theme::touch() const { return std::max<qreal>(44.0, 9.0 * dots_per_mm_ * 1.15); }  // 9 mm plus margin for the bevel

void Theme::fit(qreal width, qreal height) {
  const qreal s = std::clamp(std::min(width / 1280.0, height / 760.0), 0.8, 1.25);
  if (qFuzzyCompare(s, scale_)) return;
  scale_ = s;
  emit changed();
}

}  // namespace discus::ui
