// discus::ui — `discus-kiosk --screenshots DIR`: every screen x language x size as PNG, and a
// geometry check of each one through the item tree: a text item whose content is wider or taller
// than its box (implicitWidth vs width, truncated or elided), text that leaves its parent's
// rectangle, two visible texts whose painted rectangles overlap, a control under 9 mm, off the
// screen or without an accessible name. Problems go to
// DIR/geometry.json and the exit status; the RTL check records where the back button sits.
//   ScreenshotRunner r(window, app, dir); return r.run();
#pragma once

#include <QJsonArray>
#include <QQuickWindow>
#include <QString>

namespace discus::ui {

class KioskApp;

struct ScreenSize {
  int width;
  int height;
  QString name;
};

class ScreenshotRunner {
 public:
  ScreenshotRunner(QQuickWindow* window, KioskApp* app, QString dir) : window_(window), app_(app), dir_(std::move(dir)) {}
  int run();
  static QStringList screens();
  static QList<ScreenSize> sizes();
  // The geometry problems of what the window shows now, each a sentence naming the item.
  static QJsonArray check_geometry(QQuickItem* root);
  // The first shown item of that objectName in the visual tree (a StackView's screens included).
  static QQuickItem* find_shown(QQuickItem* root, const QString& name);

 private:
  void settle();
  QQuickWindow* window_;
  KioskApp* app_;
  QString dir_;
};

}  // namespace discus::ui
