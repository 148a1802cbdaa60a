// discus::ui — the kiosk's composition root: one ApiClient and EventStream on the service's socket,
// the view models (jobs, devices, robots, the burn, import and administration flows), the theme,
// the idle timeout and the language (QTranslator from ui/i18n, mirrored layout for Arabic). Both
// discus-kiosk and the Qt Quick Test suites build one and install it into their QML engine, so the
// tests drive the same objects the station runs.
//   KioskApp app(socket); app.install(engine); app.start();
#pragma once

#include <QObject>
#include <QStringList>
#include <QTranslator>
#include <QVariantList>
#include <memory>

class QQmlEngine;

namespace discus::ui {

class AdminSession;
class ApiClient;
class BurnFlow;
class EventStream;
class IdleWatcher;
class ImportFlow;
class JobListModel;
class JsonListModel;
class Theme;

class KioskApp : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool connected READ connected NOTIFY connectedChanged)
  Q_PROPERTY(bool everConnected READ ever_connected NOTIFY connectedChanged)
  Q_PROPERTY(QString socketPath READ socket_path CONSTANT)
  Q_PROPERTY(QString language READ language NOTIFY languageChanged)
  Q_PROPERTY(bool rightToLeft READ right_to_left NOTIFY languageChanged)
  Q_PROPERTY(QVariantList languages READ languages CONSTANT)
  Q_PROPERTY(QString tr READ tr_marker NOTIFY languageChanged)  // "" that changes: bind to re-evaluate
  Q_PROPERTY(QString station READ station NOTIFY stationChanged)
 public:
  KioskApp(const QString& socket_path, const QString& state_dir, QObject* parent = nullptr);
  ~KioskApp() override;
  void install(QQmlEngine* engine);
  void start();

  bool connected() const;  // true in the demo
  bool ever_connected() const;
  QString socket_path() const;
  QString language() const { return language_; }
  bool right_to_left() const;
  QVariantList languages() const;
  QString tr_marker() const { return {}; }
  QString station() const { return station_; }

  Q_INVOKABLE bool setLanguage(const QString& code);
  Q_INVOKABLE void reloadDevices();
  Q_INVOKABLE void goHome();  // what the idle timeout does: forget the patient, lock admin

  static QStringList language_codes();  // en first
  // Screenshots and benches: fixed, invented data (no patient is real) instead of a service.
  void load_demo();
  void demo_screen(const QString& screen);

  JobListModel* jobs() const { return jobs_; }
  BurnFlow* burn() const { return burn_; }
  Theme* theme() const { return theme_; }

 signals:
  void connectedChanged();
  void languageChanged();
  void stationChanged();
  void homeRequested();

 private:
  void load_health();
  void load_kiosk_config();
  ApiClient* api_;
  EventStream* events_;
  JobListModel* jobs_;
  JsonListModel* devices_;
  JsonListModel* robots_;
  BurnFlow* burn_;
  ImportFlow* import_;
  AdminSession* admin_;
  Theme* theme_;
  IdleWatcher* idle_;
  QQmlEngine* engine_ = nullptr;
  std::unique_ptr<QTranslator> translator_;
  QString language_ = QStringLiteral("en");
  QString station_;
  bool demo_ = false;
};

}  // namespace discus::ui
