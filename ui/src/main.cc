// discus-kiosk: the station's touchscreen front panel (issue 20). Talks to discusd only through its
// API on the Unix socket; holds nothing that must survive it (crash-only: restart and carry on).
//   discus-kiosk [--socket PATH] [--language xx] [--size WxH]
//   discus-kiosk --screenshots DIR      every screen x language x size as PNG, then exit
// Bench hooks (bench/kiosk.sh), not for operators: DISCUS_KIOSK_BENCH=first-frame prints the wall
// clock of the home screen's first frame and exits; =scroll fills 10,000 jobs, scrolls the queue
// 100 screens and prints the frame times' 95th percentile.
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QSurfaceFormat>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include "job_list_model.h"
#include "kiosk_app.h"
#include "screenshots.h"

namespace {

using discus::ui::KioskApp;

void bench_scroll(QQuickWindow* window, QObject* root, KioskApp* app) {
  app->jobs()->fill_synthetic(10000);
  QMetaObject::invokeMethod(root, "showScreen", Q_ARG(QVariant, QStringLiteral("queue")));
  auto* list = discus::ui::ScreenshotRunner::find_shown(window->contentItem(), QStringLiteral("jobList"));
  if (!list) {
    std::fprintf(stderr, "discus-kiosk: no jobList on the queue screen\n");
    QCoreApplication::exit(1);
    return;
  }
  auto* times = new std::vector<double>;   // frame to frame
  auto* costs = new std::vector<double>;   // synchronising and rendering one frame
  auto* clock = new QElapsedTimer;
  auto* sync = new QElapsedTimer;
  auto* frames = new int(0);
  // CPU time of the whole process (GUI, render and llvmpipe's threads) per frame: unlike the frame
  // interval it hardly moves with the machine's load, so before/after compare on a busy machine
  const auto cpu_ms = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
  };
  const double cpu_start = cpu_ms();
  QObject::connect(window, &QQuickWindow::beforeSynchronizing, list, [sync] { sync->restart(); }, Qt::DirectConnection);
  const double page = list->height();
  const int steps_per_screen = 8;  // a flick moves an eighth of a screen per frame
  const int total = 100 * steps_per_screen;
  QObject::connect(window, &QQuickWindow::frameSwapped, list, [=] {
    if (clock->isValid()) times->push_back(clock->nsecsElapsed() / 1e6);
    if (sync->isValid()) costs->push_back(sync->nsecsElapsed() / 1e6);
    clock->restart();
    if (++*frames > total) {
      std::sort(times->begin(), times->end());
      std::sort(costs->begin(), costs->end());
      const auto pct = [](const std::vector<double>& v, double p) { return v.empty() ? 0.0 : v[std::size_t(p * double(v.size() - 1))]; };
      std::printf("scroll-frames %zu\nframe-interval-p50-ms %.2f\nframe-interval-p95-ms %.2f\nframe-render-p50-ms %.2f\n"
                  "frame-render-p95-ms %.2f\ncpu-per-frame-ms %.2f\ndelegates-alive %d\n", times->size(), pct(*times, 0.5),
                  pct(*times, 0.95), pct(*costs, 0.5), pct(*costs, 0.95), (cpu_ms() - cpu_start) / double(*frames),
                  int(list->property("contentItem").value<QQuickItem*>()->childItems().size()) - 1);  // minus the highlight
      std::fflush(stdout);
      QCoreApplication::exit(0);
      return;
    }
    list->setProperty("contentY", list->property("contentY").toReal() + page / steps_per_screen);
    window->update();
  });
  window->update();
}

}  // namespace

int main(int argc, char* argv[]) {
  const QByteArray bench = qgetenv("DISCUS_KIOSK_BENCH");
  bool screenshots_mode = false;
  for (int i = 1; i < argc; ++i) screenshots_mode |= QByteArray(argv[i]) == "--screenshots";
  if (screenshots_mode) {
    // Pictures for people to look at: the software renderer draws the same pixels everywhere.
    QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  } else if (qEnvironmentVariableIsEmpty("QT_IM_MODULE")) {
    qputenv("QT_IM_MODULE", "qtvirtualkeyboard");  // the on-screen keyboard for search and PIN
  }
  if (bench == "scroll") {
    // Frames as fast as they render: with vsync a frame time could never be under 16.7 ms.
    QSurfaceFormat format = QSurfaceFormat::defaultFormat();
    format.setSwapInterval(0);
    QSurfaceFormat::setDefaultFormat(format);
  }
  // Glyphs from a plain glyph cache instead of distance fields: the distance-field shader runs per
  // pixel, which on a station without a GPU (Mesa llvmpipe) costs a quarter of a scrolling
  // frame's CPU (bench/kiosk.sh); the kiosk never scales text, where distance fields would help.
  QQuickWindow::setTextRenderType(QQuickWindow::NativeTextRendering);
  QGuiApplication app(argc, argv);
  QGuiApplication::setApplicationName(QStringLiteral("discus-kiosk"));
  QGuiApplication::setOrganizationName(QStringLiteral("discus"));
  QQuickStyle::setStyle(QStringLiteral("Basic"));

  QCommandLineParser cli;
  cli.setApplicationDescription(QStringLiteral("The Discus media station's touchscreen front panel."));
  cli.addHelpOption();
  QCommandLineOption socket(QStringLiteral("socket"), "discusd's API socket.", "PATH", "/run/discus/discusd.sock");
  QCommandLineOption language(QStringLiteral("language"), "Language: en, de, fr or ar.", "xx", "en");
  QCommandLineOption size(QStringLiteral("size"), "Window size instead of full screen, e.g. 1024x600.", "WxH");
  QCommandLineOption shots(QStringLiteral("screenshots"), "Write every screen x language x size as PNG to DIR, then exit.", "DIR");
  cli.addOptions({socket, language, size, shots});
  cli.process(app);

  QString state_dir = qEnvironmentVariable("STATE_DIRECTORY");  // systemd's StateDirectory=
  if (state_dir.isEmpty()) state_dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  if (screenshots_mode) state_dir = QDir::tempPath() + QStringLiteral("/discus-kiosk-screenshots");

  KioskApp kiosk(cli.value(socket), state_dir);
  QQmlApplicationEngine engine;
  kiosk.install(&engine);
  if (!kiosk.setLanguage(cli.value(language))) {
    std::fprintf(stderr, "discus-kiosk: --language %s: one of en, de, fr, ar\n", qPrintable(cli.value(language)));
    return 2;
  }
  int width = 0, height = 0;
  if (cli.isSet(size)) {
    const auto parts = cli.value(size).split(QLatin1Char('x'));
    width = parts.value(0).toInt();
    height = parts.value(1).toInt();
    if (parts.size() != 2 || width < 320 || height < 320 || width > 7680 || height > 7680) {
      std::fprintf(stderr, "discus-kiosk: --size %s: WIDTHxHEIGHT, e.g. 1024x600\n", qPrintable(cli.value(size)));
      return 2;
    }
  }
  engine.load(QUrl(QStringLiteral("qrc:/kiosk/qml/Main.qml")));
  if (engine.rootObjects().isEmpty()) return 1;
  auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
  if (!window) return 1;
  if (width > 0) {
    window->resize(width, height);
    window->show();
  } else if (!screenshots_mode) {
    window->showFullScreen();
  }

  if (screenshots_mode) {
    window->show();
    discus::ui::ScreenshotRunner runner(window, &kiosk, cli.value(shots));
    return runner.run();
  }
  if (bench == "first-frame") {
    QObject::connect(window, &QQuickWindow::frameSwapped, &app, [] {
      std::printf("first-frame-epoch-ms %lld\n", QDateTime::currentMSecsSinceEpoch());
      std::fflush(stdout);
      QTimer::singleShot(0, qApp, &QCoreApplication::quit);
    }, Qt::SingleShotConnection);
  } else if (bench == "scroll") {
    kiosk.load_demo();
    QTimer::singleShot(200, window, [window, &engine, &kiosk] { bench_scroll(window, engine.rootObjects().first(), &kiosk); });
    return app.exec();
  }
  kiosk.start();
  return app.exec();
}
