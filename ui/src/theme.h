// discus::ui — colours and sizes every QML view reads (`theme.*`): touch targets of at least 9 mm at
// the screen's physical DPI (issue 20: gloved hands), text sizes, a normal and a high-contrast
// palette (black on white with 7:1 contrast or better, WCAG 2.1 1.4.6), switched at run time.
//   Rectangle { height: theme.touch; color: theme.accent }
#pragma once

#include <QColor>
#include <QObject>

namespace discus::ui {

class Theme : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool highContrast READ high_contrast WRITE set_high_contrast NOTIFY changed)
  Q_PROPERTY(qreal touch READ touch NOTIFY changed)          // 9 mm in pixels, at least 44
  Q_PROPERTY(qreal spacing READ spacing NOTIFY changed)
  Q_PROPERTY(qreal fontBody READ font_body NOTIFY changed)
  Q_PROPERTY(qreal fontTitle READ font_title NOTIFY changed)
  Q_PROPERTY(qreal fontHuge READ font_huge NOTIFY changed)
  Q_PROPERTY(QColor background READ background NOTIFY changed)
  Q_PROPERTY(QColor surface READ surface NOTIFY changed)
  Q_PROPERTY(QColor text READ text NOTIFY changed)
  Q_PROPERTY(QColor muted READ muted NOTIFY changed)
  Q_PROPERTY(QColor accent READ accent NOTIFY changed)
  Q_PROPERTY(QColor onAccent READ on_accent NOTIFY changed)
  Q_PROPERTY(QColor danger READ danger NOTIFY changed)
  Q_PROPERTY(QColor warning READ warning NOTIFY changed)
  Q_PROPERTY(QColor ok READ ok NOTIFY changed)
  Q_PROPERTY(QColor border READ border NOTIFY changed)
 public:
  explicit Theme(QObject* parent = nullptr);
  bool high_contrast() const { return high_contrast_; }
  void set_high_contrast(bool b);
  // Pixels per millimetre of the screen the window is on (offscreen and Xvfb report 96 dpi).
  void set_dots_per_mm(qreal d);
  // Shrinks text and spacing (never touch targets) on a short screen such as 1024x600.
  Q_INVOKABLE void fit(qreal width, qreal height);
  qreal touch() const;
  qreal spacing() const { return 12 * scale_; }
  qreal font_body() const { return 20 * scale_; }
  qreal font_title() const { return 28 * scale_; }
  qreal font_huge() const { return 44 * scale_; }
  QColor background() const { return high_contrast_ ? QColor("#ffffff") : QColor("#eef2f5"); }
  QColor surface() const { return high_contrast_ ? QColor("#ffffff") : QColor("#ffffff"); }
  QColor text() const { return high_contrast_ ? QColor("#000000") : QColor("#1b2631"); }
  QColor muted() const { return high_contrast_ ? QColor("#000000") : QColor("#4a5a68"); }
  QColor accent() const { return high_contrast_ ? QColor("#00007a") : QColor("#0b5cad"); }
  QColor on_accent() const { return QColor("#ffffff"); }
  QColor danger() const { return high_contrast_ ? QColor("#8b0000") : QColor("#b3261e"); }
  QColor warning() const { return high_contrast_ ? QColor("#5c3b00") : QColor("#8a5a00"); }
  QColor ok() const { return high_contrast_ ? QColor("#004d00") : QColor("#1e7b34"); }
  QColor border() const { return high_contrast_ ? QColor("#000000") : QColor("#b8c4ce"); }

 signals:
  void changed();

 private:
  bool high_contrast_ = false;
  qreal dots_per_mm_ = 96.0 / 25.4;
  qreal scale_ = 1.0;
};

}  // namespace discus::ui
