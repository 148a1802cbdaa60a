#include "settings_model.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "api_client.h"

namespace discus::ui {

namespace {

// Settings whose values are lists (openapi.yaml Config.values): kiosk.profiles_allowed, pacs.*.roles.
bool is_list_key(const QString& key) { return key == QLatin1String("kiosk.profiles_allowed") || key.endsWith(QLatin1String(".roles")); }

// The order a person reads them in: the site and the kiosk first, then media, then the nodes.
int rank(const QString& key) {
  if (key.startsWith(QLatin1String("site."))) return 0;
  if (key.startsWith(QLatin1String("kiosk."))) return 1;
  if (key.startsWith(QLatin1String("media."))) return 2;
  if (key.startsWith(QLatin1String("pacs."))) return 4;
  return 3;
}

}  // namespace

SettingsModel::SettingsModel(ApiClient* api, QObject* parent) : QAbstractListModel(parent), api_(api) {}

int SettingsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(keys_.size()); }

QString SettingsModel::label_of(const QString& key) {
  if (key == "site.institution") return tr("Institution name");
  if (key == "media.default_profile") return tr("Default media profile");
  if (key == "media.default_medium") return tr("Default medium");
  if (key == "phi.kept_staging_days") return tr("Days staged images are kept");
  if (key == "dicom.ae_title") return tr("This station's AE title");
  if (key == "dicom.port") return tr("This station's DICOM port");
  if (key == "kiosk.profiles_allowed") return tr("Media profiles offered (separated by commas; empty: all)");
  if (key == "kiosk.default_target") return tr("Default target (drive, usb, robot or image-dir)");
  if (key == "kiosk.default_copies") return tr("Default number of copies");
  if (key == "kiosk.label_template") return tr("Label template (a file; empty: the built-in one)");
  if (key == "kiosk.language") return tr("Language of the kiosk (en, de, fr or ar)");
  if (key == "kiosk.idle_timeout_seconds") return tr("Seconds without a touch before the kiosk goes home");
  if (key.startsWith(QLatin1String("pacs."))) {
    const QString node = key.section(QLatin1Char('.'), 1, 1), what = key.section(QLatin1Char('.'), 2);
    if (what == "ae_title") return tr("PACS %1: AE title").arg(node);
    if (what == "host") return tr("PACS %1: host").arg(node);
    if (what == "port") return tr("PACS %1: port").arg(node);
    if (what == "calling_ae_title") return tr("PACS %1: this station's AE title towards it").arg(node);
    if (what == "roles") return tr("PACS %1: roles (query, retrieve, store-to, import-destination, worklist)").arg(node);
    return tr("PACS %1: %2").arg(node, what);
  }
  return key;
}

QString SettingsModel::to_text(const QJsonValue& v) {
  if (v.isArray()) {
    QStringList parts;
    for (const auto& x : v.toArray()) parts << x.toVariant().toString();
    return parts.join(QStringLiteral(", "));
  }
  if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
  if (v.isDouble()) return QString::number(v.toInteger());
  if (v.isNull() || v.isUndefined()) return {};
  return v.toString();
}

QJsonValue SettingsModel::parse(const QString& text, const QJsonValue& current, const QString& key) {
  const QString t = text.trimmed();
  if (current.isArray() || is_list_key(key)) {
    QJsonArray a;
    for (const auto& part : t.split(QLatin1Char(','), Qt::SkipEmptyParts))
      if (!part.trimmed().isEmpty()) a.append(part.trimmed());
    return a;
  }
  if (current.isDouble()) {
    bool ok = false;
    const qint64 n = t.toLongLong(&ok);
    return ok ? QJsonValue(n) : QJsonValue(t);  // the service refuses a non-number, naming the key
  }
  if (current.isBool()) {
    if (t == QLatin1String("true") || t == QLatin1String("1")) return true;
    if (t == QLatin1String("false") || t == QLatin1String("0")) return false;
    return t;
  }
  return t;
}

QVariant SettingsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= keys_.size()) return {};
  const QString& key = keys_[index.row()];
  const QJsonObject v = values_.value(key).toObject();
  const QString origin = v.value("origin").toString();
  switch (role) {
    case KeyRole: return key;
    case LabelRole: return label_of(key);
    case ValueTextRole: return to_text(v.value("value"));
    case OriginTextRole: {
      QString o = origin == "default" ? tr("built in") : origin == "file" ? tr("from the configuration file")
                  : origin == "written" ? tr("set here") : origin == "command-line" ? tr("from discusd's command line") : origin;
      if (v.value("applies").toString() == "restart") o += QStringLiteral(" · ") + tr("applies after the media service restarts");
      return o;
    }
    case WrittenRole: return origin == "written";
    case RestartRole: return restart_pending_.contains(key);
    default: return {};
  }
}

QHash<int, QByteArray> SettingsModel::roleNames() const {
  return {{KeyRole, "key"}, {LabelRole, "label"}, {ValueTextRole, "valueText"}, {OriginTextRole, "originText"},
          {WrittenRole, "written"}, {RestartRole, "restartPending"}};
}

QString SettingsModel::restart_note() const {
  if (restart_pending_.isEmpty()) return {};
  QStringList labels;
  for (const auto& k : restart_pending_) labels << label_of(k);
  return tr("Changed, in force after the media service restarts: %1").arg(labels.join(QStringLiteral("; ")));
}

QString SettingsModel::valueOf(const QString& key) const { return to_text(values_.value(key).toObject().value("value")); }

void SettingsModel::set_status(const QString& s, const QString& m) {
  status_ = s;
  message_ = m;
  emit changed();
}

void SettingsModel::take(const QJsonObject& config) {
  const QJsonObject values = config.value("values").toObject();
  QStringList keys = values.keys();
  std::stable_sort(keys.begin(), keys.end(), [](const QString& a, const QString& b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
  });
  restart_pending_.clear();
  for (const auto& k : config.value("restart_pending").toArray()) restart_pending_ << k.toString();
  if (keys == keys_) {
    // the same settings (a save, a reload): rows change in place, the fields on screen stay
    values_ = values;
    if (!keys_.isEmpty()) emit dataChanged(index(0), index(int(keys_.size()) - 1));
    return;
  }
  beginResetModel();
  values_ = values;
  keys_ = keys;
  endResetModel();
}

void SettingsModel::reload() {
  set_status(QStringLiteral("loading"), message_);
  const int gen = ++generation_;
  api_->request("GET", QStringLiteral("/v1/config"), {}, this, [this, gen](const ApiReply& r) {
    if (gen != generation_) return;
    if (r.not_built()) return set_status(QStringLiteral("unavailable"), tr("Settings cannot be changed on this station yet."));
    if (!r.ok()) return set_status(QStringLiteral("error"), r.message);
    take(r.json.toObject());
    set_status(QStringLiteral("ready"), message_);
  });
}

void SettingsModel::patch(const QJsonObject& values, const QString& done_message) {
  const int gen = ++generation_;
  set_status(QStringLiteral("loading"), tr("Saving…"));
  api_->request("PATCH", QStringLiteral("/v1/config"), QJsonDocument(QJsonObject{{"values", values}}), this,
                [this, gen, done_message](const ApiReply& r) {
                  if (gen != generation_) return;
                  if (r.not_built()) return set_status(QStringLiteral("unavailable"), tr("Settings cannot be changed on this station yet."));
                  if (!r.ok()) return set_status(QStringLiteral("error"), tr("Not saved: %1").arg(r.message));
                  take(r.json.toObject());
                  set_status(QStringLiteral("ready"), done_message);
                  emit saved();
                });
}

void SettingsModel::save(const QString& key, const QString& text) {
  const QJsonValue current = values_.value(key).toObject().value("value");
  patch(QJsonObject{{key, parse(text, current, key)}}, tr("Saved: %1.").arg(label_of(key)));
}

void SettingsModel::reset(const QString& key) {
  patch(QJsonObject{{key, QJsonValue::Null}}, tr("Back to the value from the file or the built-in one: %1.").arg(label_of(key)));
}

void SettingsModel::addNode(const QString& name, const QString& ae_title, const QString& host, const QString& port, const QString& roles) {
  const QString n = name.trimmed();
  bool ok = false;
  const int p = port.trimmed().toInt(&ok);
  if (n.isEmpty() || ae_title.trimmed().isEmpty() || host.trimmed().isEmpty() || !ok || p < 1 || p > 65535) {
    set_status(QStringLiteral("error"), tr("A PACS needs a name, an AE title, a host and a port from 1 to 65535."));
    return;
  }
  QJsonObject node{{"ae_title", ae_title.trimmed()}, {"host", host.trimmed()}, {"port", p}};
  const QJsonValue r = parse(roles, QJsonArray{}, QStringLiteral("pacs.x.roles"));
  if (!r.toArray().isEmpty()) node["roles"] = r;
  patch(QJsonObject{{QStringLiteral("pacs.") + n, node}}, tr("PACS %1 added.").arg(n));
}

void SettingsModel::clear() {
  ++generation_;
  beginResetModel();
  keys_.clear();
  values_ = {};
  restart_pending_.clear();
  endResetModel();
  set_status(QStringLiteral("idle"), {});
}

void SettingsModel::retranslate() {
  if (!keys_.isEmpty()) emit dataChanged(index(0), index(int(keys_.size()) - 1));
  emit changed();
}

void SettingsModel::demo() {
  take(QJsonDocument::fromJson(R"({"file":"/etc/discus/discus.toml","written":"/var/lib/discus/settings.json",
    "restart_pending":["media.default_profile"],
    "values":{"site.institution":{"value":"Klinikum Beispielstadt","origin":"written","applies":"restart"},
              "kiosk.language":{"value":"de","origin":"file","applies":"now"},
              "kiosk.default_copies":{"value":2,"origin":"written","applies":"now"},
              "kiosk.idle_timeout_seconds":{"value":120,"origin":"default","applies":"now"},
              "kiosk.profiles_allowed":{"value":["STD-GEN-CD","STD-GEN-DVD-JPEG"],"origin":"written","applies":"now"},
              "media.default_profile":{"value":"STD-GEN-DVD-JPEG","origin":"written","applies":"restart"},
              "pacs.pacs1.ae_title":{"value":"PACS1","origin":"file","applies":"now"},
              "pacs.pacs1.host":{"value":"pacs.example","origin":"file","applies":"now"},
              "pacs.pacs1.port":{"value":104,"origin":"file","applies":"now"},
              "pacs.pacs1.roles":{"value":["query","retrieve"],"origin":"file","applies":"now"}}})").object());
  set_status(QStringLiteral("ready"), {});
}

}  // namespace discus::ui
