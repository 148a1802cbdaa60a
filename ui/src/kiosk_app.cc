#include "kiosk_app.h"

#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QQmlContext>
#include <QQmlEngine>
#include <QScreen>
#include <QSet>
#include <QTimer>

#include "admin_session.h"
#include "api_client.h"
#include "burn_flow.h"
#include "event_stream.h"
#include "idle_watcher.h"
#include "import_flow.h"
#include "job_list_model.h"
#include "json_list_model.h"
#include "pacs_search.h"
#include "settings_model.h"
#include "theme.h"

namespace discus::ui {

namespace {

QString device_state_text(const QString& s) {
  if (s == "idle") return KioskApp::tr("Ready");
  if (s == "busy") return KioskApp::tr("Working");
  if (s == "no-medium") return KioskApp::tr("No disc inside");
  if (s == "offline") return KioskApp::tr("Not connected");
  if (s == "needs-attention") return KioskApp::tr("Needs a person");
  if (s == "ready") return KioskApp::tr("Ready");
  return s;
}

QString device_advice(const QVariantMap& d) {
  const auto s = d.value("state").toString();
  if (!d.value("enabled", true).toBool()) return KioskApp::tr("Taken out of use by an administrator.");
  if (s == "no-medium") return KioskApp::tr("Put a blank disc in the drive.");
  if (s == "offline") return KioskApp::tr("Check the cable and the power of the drive.");
  if (s == "needs-attention") return KioskApp::tr("Open the drive, take the disc out and close it again.");
  return {};
}

// What a person does about a robot's condition (openapi.yaml Robot.alerts[].condition), in the
// kiosk's language: the service's reason is English and for logs; the robot's own words follow.
QString condition_advice(const QString& condition) {
  if (condition == "out-of-media") return KioskApp::tr("Out of blank discs: load blank discs into the input bin and close the robot.");
  if (condition == "lid") return KioskApp::tr("A cover of the robot is open: close it.");
  if (condition == "printer") return KioskApp::tr("The robot's printer needs a person: clear the jam or close its tray.");
  if (condition == "ink") return KioskApp::tr("Ink low: replace the cartridge.");
  if (condition == "reject") return KioskApp::tr("A disc was rejected: take it out of the reject bin.");
  if (condition == "offline") return KioskApp::tr("The robot does not answer: check its power and cable.");
  if (condition == "job-failed") return KioskApp::tr("A job failed at the robot: see Jobs.");
  return {};
}

QString robot_advice(const QVariantMap& r) {
  QStringList advice;
  QSet<QString> said;  // one sentence per condition, however many alerts repeat it
  for (const auto& b : r.value("bins").toList()) {
    const auto bin = b.toMap();
    const auto level = bin.value("level").toString();
    if (level == "empty") {
      advice << KioskApp::tr("Out of blank discs: fill the %1 bin.").arg(bin.value("name").toString());
      said.insert(QStringLiteral("out-of-media"));
    } else if (level == "low") {
      advice << KioskApp::tr("Few blank discs left in the %1 bin.").arg(bin.value("name").toString());
    }
  }
  const auto ink = r.value("printer").toMap().value("ink").toMap();
  for (auto it = ink.begin(); it != ink.end(); ++it)
    if (it.value().toInt() <= 10) {
      advice << KioskApp::tr("Ink low (%1): replace the cartridge.").arg(it.key());
      said.insert(QStringLiteral("ink"));
    }
  for (const auto& a : r.value("alerts").toList()) {
    const auto alert = a.toMap();
    if (alert.value("acknowledged").toBool()) continue;
    const auto condition = alert.value("condition").toString();
    if (said.contains(condition)) continue;
    said.insert(condition);
    const QString words = condition_advice(condition);
    advice << (words.isEmpty() ? alert.value("message").toString() : words);
  }
  const auto state = r.value("state").toString();
  if ((state == "needs-attention" || state == "offline") && !r.value("reason").toString().isEmpty()) {
    // the reason starts with our condition ("out-of-media: ..."): said already, or said now
    const auto reason = r.value("reason").toString();
    const auto condition = reason.section(QLatin1Char(':'), 0, 0);
    if (!said.contains(condition)) {
      said.insert(condition);
      const QString words = condition_advice(condition);
      advice << (words.isEmpty() ? reason : words);
    }
    if (!r.value("vendor_status").toString().isEmpty())
      advice << KioskApp::tr("The robot says: %1").arg(r.value("vendor_status").toString());
  }
  return advice.join(QLatin1Char('\n'));
}

}  // namespace

KioskApp::KioskApp(const QString& socket_path, const QString& state_dir, QObject* parent) : QObject(parent) {
  api_ = new ApiClient(socket_path, this);
  events_ = new EventStream(socket_path, this);
  jobs_ = new JobListModel(api_, this);
  devices_ = new JsonListModel(api_, {"id", "kind", "path", "vendor", "modelName", "state", "enabled", "stateText", "advice", "mediumText"}, this);
  devices_->set_path(QStringLiteral("/v1/devices"));
  devices_->set_decorator([](QVariantMap& d) {
    d["stateText"] = device_state_text(d.value("state").toString());
    d["advice"] = device_advice(d);
    d["mediumText"] = d.value("medium").toMap().value("type").toString();
    d["modelName"] = d.value("model");  // "model" is the delegate's own name in QML
  });
  robots_ = new JsonListModel(api_, {"name", "modelName", "state", "stateText", "advice", "attention"}, this);
  robots_->set_path(QStringLiteral("/v1/robots"));
  robots_->set_decorator([](QVariantMap& r) {
    r["stateText"] = device_state_text(r.value("state").toString());
    r["modelName"] = r.value("model");
    r["advice"] = robot_advice(r);
    r["attention"] = !r.value("advice").toString().isEmpty() || r.value("state").toString() == "needs-attention";
  });
  burn_ = new BurnFlow(api_, jobs_, devices_, robots_, this);
  import_ = new ImportFlow(api_, jobs_, this);
  admin_ = new AdminSession(api_, state_dir + QStringLiteral("/admin-pin.json"), this);
  connect(admin_->settings_model(), &SettingsModel::saved, this, &KioskApp::load_kiosk_config);  // a change applies now
  theme_ = new Theme(this);
  idle_ = new IdleWatcher(120000, this);
  if (auto* app = QCoreApplication::instance()) app->installEventFilter(idle_);
  connect(idle_, &IdleWatcher::idle, this, &KioskApp::goHome);

  // discusd sends no robot-alert event yet (openapi.yaml lists one): a robot's state is polled
  // while the service is there and has robots, so "needs a person" shows within seconds
  auto* robot_poll = new QTimer(this);
  robot_poll->setInterval(2000);
  connect(robot_poll, &QTimer::timeout, this, [this] {
    if (!demo_ && events_->connected() && robots_->count() > 0) robots_->reload();
  });
  robot_poll->start();
  connect(events_, &EventStream::connectedChanged, this, &KioskApp::connectedChanged);
  connect(events_, &EventStream::resynced, this, [this] {
    jobs_->reload();
    reloadDevices();
    load_health();
    load_kiosk_config();
  });
  connect(events_, &EventStream::event, this, [this](const QString& type, const QJsonObject& data) {
    jobs_->apply_event(type, data);
    if (type.startsWith(QLatin1String("device-"))) devices_->reload();
    if (type == QLatin1String("robot-alert")) robots_->reload();
    if (type.startsWith(QLatin1String("hold-"))) import_->refresh();
  });
}

KioskApp::~KioskApp() {
  if (auto* app = QCoreApplication::instance()) app->removeEventFilter(idle_);
}

void KioskApp::install(QQmlEngine* engine) {
  engine_ = engine;
  auto* ctx = engine->rootContext();
  ctx->setContextProperty(QStringLiteral("kiosk"), this);
  ctx->setContextProperty(QStringLiteral("theme"), theme_);
  ctx->setContextProperty(QStringLiteral("jobs"), jobs_);
  ctx->setContextProperty(QStringLiteral("devices"), devices_);
  ctx->setContextProperty(QStringLiteral("robots"), robots_);
  ctx->setContextProperty(QStringLiteral("burn"), burn_);
  ctx->setContextProperty(QStringLiteral("importer"), import_);
  ctx->setContextProperty(QStringLiteral("admin"), admin_);
  ctx->setContextProperty(QStringLiteral("idle"), idle_);
  if (auto* screen = QGuiApplication::primaryScreen()) theme_->set_dots_per_mm(screen->physicalDotsPerInch() / 25.4);
}

void KioskApp::start() {
  events_->start();
  jobs_->reload();
  reloadDevices();
  load_health();
  load_kiosk_config();
}

void KioskApp::load_kiosk_config() {
  // The station's kiosk settings (helper service's GET /v1/config/kiosk): the idle timeout and
  // what a new burn starts with. A service without it (404/501) leaves the built-in ones.
  api_->request("GET", QStringLiteral("/v1/config/kiosk"), {}, this, [this](const ApiReply& r) {
    if (!r.ok()) return;
    const auto o = r.json.toObject();
    const int idle = o.value("idle_timeout_seconds").toInt();
    if (idle >= 10) idle_->set_timeout_ms(idle * 1000);
    const auto target = o.value("default_target").toString();
    const QString medium = target == "usb" ? QStringLiteral("usb") : target == "robot" ? QStringLiteral("robot") : QStringLiteral("cd");
    burn_->set_defaults(medium, o.value("default_copies").toInt(1));
  });
}

void KioskApp::load_health() {
  api_->request("GET", QStringLiteral("/v1/health"), {}, this, [this](const ApiReply& r) {
    if (!r.ok()) return;
    station_ = r.json.toObject().value("station").toString();
    emit stationChanged();
  });
}

void KioskApp::reloadDevices() {
  if (demo_) return;  // the invented devices stay (screenshots, tst_demo)
  devices_->reload();
  robots_->reload();
}

bool KioskApp::connected() const { return demo_ || events_->connected(); }
bool KioskApp::ever_connected() const { return demo_ || events_->ever_connected(); }
QString KioskApp::socket_path() const { return api_->socket_path(); }
bool KioskApp::right_to_left() const { return language_ == QLatin1String("ar"); }

QStringList KioskApp::language_codes() { return {"en", "de", "fr", "ar"}; }

QVariantList KioskApp::languages() const {
  // Each language named in itself: the person who cannot read the current one finds theirs.
  return {QVariantMap{{"code", "en"}, {"name", "English"}}, QVariantMap{{"code", "de"}, {"name", "Deutsch"}},
          QVariantMap{{"code", "fr"}, {"name", "Français"}}, QVariantMap{{"code", "ar"}, {"name", "العربية"}}};
}

bool KioskApp::setLanguage(const QString& code) {
  if (!language_codes().contains(code)) return false;
  if (translator_) QCoreApplication::removeTranslator(translator_.get());
  translator_.reset();
  auto t = std::make_unique<QTranslator>();
  if (!t->load(QStringLiteral(":/i18n/discus_kiosk_%1.qm").arg(code))) return false;
  QCoreApplication::installTranslator(t.get());
  translator_ = std::move(t);
  language_ = code;
  QLocale::setDefault(QLocale(code));
  QGuiApplication::setLayoutDirection(right_to_left() ? Qt::RightToLeft : Qt::LeftToRight);
  if (engine_) engine_->retranslate();
  jobs_->retranslate();
  devices_->redecorate();
  robots_->redecorate();
  emit languageChanged();
  emit burn_->changed();
  burn_->pacs_search()->retranslate();
  admin_->settings_model()->retranslate();
  return true;
}

void KioskApp::goHome() {
  burn_->clear();
  import_->clear();
  admin_->lock();
  emit homeRequested();
}

}  // namespace discus::ui

namespace discus::ui {

void KioskApp::load_demo() {
  demo_ = true;
  station_ = QStringLiteral("station-1");
  emit connectedChanged();
  emit stationChanged();
  const auto j = [](const char* text) { return QJsonDocument::fromJson(text).array(); };
  devices_->set_rows(j(R"([{"id":"stdio-drive1","kind":"drive","path":"/dev/sr0","vendor":"HL-DT-ST","model":"BD-RE WH16NS60","state":"idle","enabled":true,"medium":{"type":"CD-R","blank":true}},
                            {"id":"usb-1","kind":"usb","path":"/dev/sdb","vendor":"SanDisk","model":"Ultra","state":"no-medium","enabled":true}])"));
  robots_->set_rows(j(R"([{"name":"robot-1","model":"Rimage 2000i","state":"needs-attention","drives":["robot-drive-1"],
                            "bins":[{"name":"left","level":"empty","count":0},{"name":"right","level":"full","count":50}],
                            "printer":{"ink":{"cyan":60,"magenta":8,"yellow":55}},"alerts":[]}])"));
  jobs_->fill_synthetic(40);
  burn_->demo();
  import_->demo();
  admin_->demo();
}

void KioskApp::demo_screen(const QString& screen) {
  if (screen == QLatin1String("burn-pacs")) {
    burn_->demo_stage(QStringLiteral("find"));
    burn_->pacs_search()->demo();  // a study found on a PACS, chosen: what to do, in words
  } else if (screen.startsWith(QLatin1String("burn-"))) {
    burn_->demo_stage(screen.mid(5));
  }
}

}  // namespace discus::ui
