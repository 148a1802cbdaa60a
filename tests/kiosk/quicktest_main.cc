// The kiosk's Qt Quick Test runner (issue 20 "Must show"): each tst_*.qml gets a fresh QML engine
// with a KioskApp installed, talking to the discusd whose socket is in DISCUS_SOCKET, exactly as
// discus-kiosk does. `testEnv` carries the harness's DISCUS_TEST_* variables (a job id, a folder).
//   DISCUS_SOCKET=/tmp/x.sock discus_kiosk_quicktest -input tests/kiosk/tst_burn.qml
#include <QGuiApplication>
#include <QProcessEnvironment>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QtQuickTest>

#include "kiosk_app.h"

class Setup : public QObject {
  Q_OBJECT
 public slots:
  void applicationAvailable() { QQuickStyle::setStyle(QStringLiteral("Basic")); }
  void qmlEngineAvailable(QQmlEngine* engine) {
    auto* app = new discus::ui::KioskApp(qEnvironmentVariable("DISCUS_SOCKET"), qEnvironmentVariable("DISCUS_KIOSK_STATE"), engine);
    app->install(engine);
    QVariantMap env;
    const auto sys = QProcessEnvironment::systemEnvironment();
    for (const auto& key : sys.keys())
      if (key.startsWith(QLatin1String("DISCUS_TEST_"))) env.insert(key.mid(12), sys.value(key));
    engine->rootContext()->setContextProperty(QStringLiteral("testEnv"), env);
    if (!qEnvironmentVariableIsSet("DISCUS_KIOSK_DEMO")) app->start();
    else app->load_demo();
  }
};

QUICK_TEST_MAIN_WITH_SETUP(discus_kiosk, Setup)

#include "quicktest_main.moc"
