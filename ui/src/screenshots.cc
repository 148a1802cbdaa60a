#include "screenshots.h"

#include <QAccessible>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QGuiApplication>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQuickItem>
#include <QRegularExpression>
#include <QScreen>
#include <QTimer>

#include "burn_flow.h"
#include "kiosk_app.h"

namespace discus::ui {

QStringList ScreenshotRunner::screens() {
  return {"home", "burn-find", "burn-pacs", "burn-options", "burn-confirm", "burn-progress", "burn-password", "burn-done", "burn-failed",
          "queue", "devices", "import", "import-inventory", "admin-pin", "admin", "admin-settings"};
}

QList<ScreenSize> ScreenshotRunner::sizes() {
  return {{1024, 600, "1024x600"}, {1920, 1080, "1920x1080"}, {600, 1024, "600x1024"}};
}

namespace {

QString describe(QQuickItem* item) {
  QString name = item->objectName();
  const QString text = item->property("text").toString().left(40);
  return QStringLiteral("%1%2 \"%3\"").arg(QString::fromLatin1(item->metaObject()->className()),
                                           name.isEmpty() ? QString() : QLatin1Char('#') + name, text);
}

bool shown(QQuickItem* item) {
  for (auto* i = item; i; i = i->parentItem())
    if (!i->isVisible() || i->opacity() < 0.01) return false;
  return true;
}

// The painted text's rectangle in scene coordinates (alignment and RTL mirroring applied).
QRectF content_rect(QQuickItem* t) {
  const qreal w = t->width(), h = t->height();
  const qreal cw = std::min(t->property("contentWidth").toReal(), std::max(w, t->property("contentWidth").toReal()));
  const qreal ch = t->property("contentHeight").toReal();
  const int ha = t->property("effectiveHorizontalAlignment").toInt();
  const int va = t->property("verticalAlignment").toInt();
  qreal x = 0, y = 0;
  if (ha & Qt::AlignRight) x = w - cw;
  else if (ha & Qt::AlignHCenter) x = (w - cw) / 2;
  if (va & Qt::AlignBottom) y = h - ch;
  else if (va & Qt::AlignVCenter) y = (h - ch) / 2;
  return t->mapRectToScene(QRectF(x, y, cw, ch));
}

// The rectangle a clipping ancestor (a ListView, a Flickable) lets through, in scene coordinates.
QRectF visible_area(QQuickItem* item, const QRectF& window) {
  QRectF area = window;
  for (auto* i = item->parentItem(); i; i = i->parentItem())
    if (i->clip()) area &= i->mapRectToScene(QRectF(0, 0, i->width(), i->height()));
  return area;
}

void collect(QQuickItem* item, QList<QQuickItem*>& texts, QList<QQuickItem*>& controls) {
  if (!item->isVisible() || item->opacity() < 0.01) return;
  if (item->inherits("QQuickText") && !item->property("text").toString().trimmed().isEmpty()) texts.append(item);
  if (item->inherits("QQuickAbstractButton") || item->inherits("QQuickTextInput") || item->inherits("QQuickTextField")) controls.append(item);
  for (auto* c : item->childItems()) collect(c, texts, controls);
}

bool ancestor(QQuickItem* a, QQuickItem* b) {
  for (auto* i = b->parentItem(); i; i = i->parentItem())
    if (i == a) return true;
  return false;
}

}  // namespace

QQuickItem* ScreenshotRunner::find_shown(QQuickItem* item, const QString& name) {
  if (!item->isVisible() || item->opacity() < 0.01) return nullptr;
  if (item->objectName() == name) return item;
  for (auto* c : item->childItems())
    if (auto* f = find_shown(c, name)) return f;
  return nullptr;
}

QJsonArray ScreenshotRunner::check_geometry(QQuickItem* root) {
  QJsonArray problems;
  QList<QQuickItem*> texts;
  QList<QQuickItem*> controls;
  collect(root, texts, controls);
  const QRectF window(0, 0, root->width(), root->height());
  // Touch targets: at least 9 mm (issue 20) at the window's DPI, wholly on screen unless scrolled.
  const qreal dpmm = root->window() && root->window()->screen() ? root->window()->screen()->physicalDotsPerInch() / 25.4 : 96 / 25.4;
  for (auto* c : controls) {
    if (!shown(c)) continue;
    const QRectF rect = c->mapRectToScene(QRectF(0, 0, c->width(), c->height()));
    const QRectF area = visible_area(c, window);
    if (!area.intersects(rect)) continue;
    // Screen readers: every control has a name (Accessible.name, or the label Qt Quick derives it from)
    if (QAccessibleInterface* a = QAccessible::queryAccessibleInterface(c); !a || a->text(QAccessible::Name).trimmed().isEmpty())
      problems.append(QStringLiteral("no accessible name: %1").arg(describe(c)));
    if (c->width() < 9 * dpmm - 0.5 || c->height() < 9 * dpmm - 0.5)
      problems.append(QStringLiteral("touch target smaller than 9 mm (%2 x %3 px): %1").arg(describe(c)).arg(c->width()).arg(c->height()));
    if (rect.left() < area.left() - 1 || rect.right() > area.right() + 1)
      problems.append(QStringLiteral("sideways off the screen: %1").arg(describe(c)));
  }
  QList<QPair<QQuickItem*, QRectF>> painted;
  for (auto* t : texts) {
    if (!shown(t)) continue;
    const QRectF rect = content_rect(t);
    const QRectF area = visible_area(t, window);
    if (!area.contains(rect.adjusted(1, 1, -1, -1))) {
      if (!area.intersects(rect)) continue;  // scrolled out of its list: not shown, not a problem
      // partly scrolled into a list's edge is normal; anything else cut by the window is not
      bool in_list = false;
      for (auto* i = t->parentItem(); i; i = i->parentItem())
        if (i->inherits("QQuickFlickable")) in_list = true;
      if (!in_list) problems.append(QStringLiteral("cut off by the window or a clipping parent: %1").arg(describe(t)));
      continue;
    }
    // a binding that lost its value shows JavaScript, not words
    static const QRegularExpression js(QStringLiteral("\\b(undefined|NaN|null)\\b|\\[object "));
    if (js.match(t->property("text").toString()).hasMatch())
      problems.append(QStringLiteral("shows a JavaScript value instead of words: %1").arg(describe(t)));
    const int wrap = t->property("wrapMode").toInt();
    if (t->property("truncated").toBool())
      problems.append(QStringLiteral("elided or truncated: %1").arg(describe(t)));
    else if (wrap == 0 && t->property("implicitWidth").toReal() > t->width() + 1)
      problems.append(QStringLiteral("wider than its box (%2 > %3): %1").arg(describe(t)).arg(t->property("implicitWidth").toReal()).arg(t->width()));
    else if (t->property("contentHeight").toReal() > t->height() + 1)
      problems.append(QStringLiteral("taller than its box (%2 > %3): %1").arg(describe(t)).arg(t->property("contentHeight").toReal()).arg(t->height()));
    if (auto* p = t->parentItem(); p && p->width() > 0 && p->height() > 0 && !p->inherits("QQuickFlickable") &&
                                   !p->inherits("QQuickRootItem") && p->objectName() != QLatin1String("contentItem")) {
      const QRectF parent_rect = p->mapRectToScene(QRectF(0, 0, p->width(), p->height()));
      if (!parent_rect.adjusted(-1, -1, 1, 1).contains(rect))
        problems.append(QStringLiteral("leaves its parent's rectangle: %1").arg(describe(t)));
    }
    painted.append({t, rect});
  }
  for (int i = 0; i < painted.size(); ++i)
    for (int j = i + 1; j < painted.size(); ++j) {
      auto [a, ra] = painted[i];
      auto [b, rb] = painted[j];
      if (ancestor(a, b) || ancestor(b, a)) continue;
      const QRectF overlap = ra & rb;
      if (overlap.width() > 1 && overlap.height() > 1)
        problems.append(QStringLiteral("overlaps: %1 and %2").arg(describe(a), describe(b)));
    }
  return problems;
}

void ScreenshotRunner::settle() {
  // Let bindings, layouts and a frame or two happen (delegates, images, the language switch).
  for (int i = 0; i < 3; ++i) {
    QEventLoop loop;
    QTimer::singleShot(30, &loop, &QEventLoop::quit);
    loop.exec();
    QCoreApplication::sendPostedEvents();
  }
}

int ScreenshotRunner::run() {
  QDir().mkpath(dir_);
  QJsonArray report;
  int failures = 0;
  QObject* root = window_;
  for (const auto& size : sizes()) {
    window_->resize(size.width, size.height);
    for (const auto& lang : KioskApp::language_codes()) {
      app_->setLanguage(lang);
      app_->load_demo();  // after the language: the demo's words are translated
      for (const auto& screen : screens()) {
        app_->demo_screen(screen);
        QMetaObject::invokeMethod(root, "showScreen", Q_ARG(QVariant, screen));
        settle();
        const QImage shot = window_->grabWindow();
        const QString file = QStringLiteral("%1-%2-%3.png").arg(screen, lang, size.name);
        // 256 colours are plenty for flat UI and keep ui/screenshots/ small
        shot.convertToFormat(QImage::Format_Indexed8, Qt::ThresholdDither | Qt::AutoColor).save(dir_ + QLatin1Char('/') + file, "PNG", 9);
        const auto problems = check_geometry(window_->contentItem());
        failures += int(problems.size());
        QJsonObject entry{{"file", file}, {"screen", screen}, {"language", lang}, {"size", size.name},
                          {"problems", problems}};
        if (auto* back = ScreenshotRunner::find_shown(window_->contentItem(), QStringLiteral("backButton"))) {
          const auto r = back->mapRectToScene(QRectF(0, 0, back->width(), back->height()));
          entry.insert("back_button_center_x", r.center().x() / size.width);
        }
        report.append(entry);
      }
    }
  }
  QFile f(dir_ + QStringLiteral("/geometry.json"));
  if (f.open(QIODevice::WriteOnly)) f.write(QJsonDocument(report).toJson());
  return failures == 0 ? 0 : 1;
}

}  // namespace discus::ui
