#include "admin_session.h"

#include <algorithm>

#include <QByteArray>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QSaveFile>

#include "api_client.h"
#include "json_list_model.h"
#include "settings_model.h"

namespace discus::ui {

namespace {

QByteArray derive(const QString& pin, const QByteArray& salt, int rounds) {
  return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, pin.toUtf8(), salt, rounds, 32);
}

bool same(const QByteArray& a, const QByteArray& b) {  // constant time: no early exit on a mismatch
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (qsizetype i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

QString audit_event_text(const QString& e) {
  if (e == "export") return AdminSession::tr("Media made");
  if (e == "import") return AdminSession::tr("Media imported");
  if (e == "security-alert") return AdminSession::tr("Security alert");
  if (e == "user-authentication") return AdminSession::tr("Sign-in");
  if (e == "application-activity") return AdminSession::tr("Service started or stopped");
  if (e == "dicom-instances-accessed") return AdminSession::tr("Images accessed or deleted");
  if (e == "audit-log-used") return AdminSession::tr("Audit log read");
  if (e == "dicom-instances-transferred" || e == "begin-transferring-dicom-instances") return AdminSession::tr("Images sent or received");
  return e;
}

}  // namespace

bool PinVault::acceptable(const QString& pin) {
  if (pin.size() < 4 || pin.size() > 12) return false;
  return std::all_of(pin.begin(), pin.end(), [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); });
}

bool PinVault::has_pin() const { return QFileInfo::exists(path_); }

bool PinVault::set_pin(const QString& pin) {
  if (!acceptable(pin)) return false;
  QByteArray salt(16, '\0');
  QRandomGenerator::system()->generate(salt.begin(), salt.end());
  const QJsonObject o{{"kdf", "pbkdf2-hmac-sha256"}, {"rounds", kRounds}, {"salt", QString::fromLatin1(salt.toBase64())},
                      {"key", QString::fromLatin1(derive(pin, salt, kRounds).toBase64())}};
  QDir().mkpath(QFileInfo(path_).absolutePath());
  QSaveFile f(path_);  // renamed into place: a crash leaves the old PIN or the new, never half
  if (!f.open(QIODevice::WriteOnly)) return false;
  f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
  f.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
  return f.commit();
}

bool PinVault::check(const QString& pin) const {
  QFile f(path_);
  if (!f.open(QIODevice::ReadOnly)) return false;
  const auto o = QJsonDocument::fromJson(f.readAll()).object();
  const int rounds = o.value("rounds").toInt();
  const auto salt = QByteArray::fromBase64(o.value("salt").toString().toLatin1());
  const auto key = QByteArray::fromBase64(o.value("key").toString().toLatin1());
  if (rounds < 1000 || salt.size() < 8 || key.size() != 32) return false;
  return same(derive(pin, salt, rounds), key);
}

AdminSession::AdminSession(ApiClient* api, QString pin_path, QObject* parent)
    : QObject(parent), api_(api), vault_(std::move(pin_path)) {
  users_ = new JsonListModel(api, {"name", "kind", "roles", "enabled", "rolesText"}, this);
  users_->set_path(QStringLiteral("/v1/users"));
  users_->set_decorator([](QVariantMap& m) { m["rolesText"] = m.value("roles").toStringList().join(QStringLiteral(", ")); });
  audit_ = new JsonListModel(api, {"id", "time_ms", "event", "outcome", "user", "job", "summary", "eventText", "timeText", "failed"}, this);
  settings_ = new SettingsModel(api, this);
  audit_->set_path(QStringLiteral("/v1/audit"));
  audit_->set_newest_first(true);
  audit_->set_decorator([](QVariantMap& m) {
    m["eventText"] = audit_event_text(m.value("event").toString());
    m["timeText"] = QLocale().toString(QDateTime::fromMSecsSinceEpoch(m.value("time_ms").toLongLong()), QLocale::ShortFormat);
    m["failed"] = m.value("outcome").toInt() != 0;
  });
}

QObject* AdminSession::users() const { return users_; }
QObject* AdminSession::audit() const { return audit_; }
QObject* AdminSession::settings() const { return settings_; }

void AdminSession::opened(const QString& user) {
  unlocked_ = true;
  user_ = user;
  message_.clear();
  failures_ = 0;
  emit changed();
  users_->reload();
  audit_->reload();
  settings_->reload();
}

void AdminSession::signIn(const QString& user, const QString& secret) {
  api_->request("POST", QStringLiteral("/v1/auth/session"), QJsonDocument(QJsonObject{{"user", user}, {"secret", secret}}), this,
                [this, user](const ApiReply& r) {
                  if (!r.ok()) {
                    message_ = r.status == 401 ? tr("Name or password is wrong.") : r.message;
                    emit changed();
                    return;
                  }
                  const auto roles = r.json.toObject().value("token").toObject().value("roles").toArray();
                  if (!roles.contains(QStringLiteral("administrator"))) {
                    message_ = tr("Only administrators may open this area.");
                    emit changed();
                    return;
                  }
                  token_ = r.json.toObject().value("secret").toString();
                  opened(user);
                });
}

void AdminSession::unlockWithPin(const QString& pin) {
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  if (now < locked_until_ms_) {
    message_ = tr("Too many wrong PINs. Wait a minute.");
    emit changed();
    return;
  }
  if (vault_.has_pin() && vault_.check(pin)) {
    opened(tr("administrator"));
    return;
  }
  if (++failures_ >= 5) {
    failures_ = 0;
    locked_until_ms_ = now + 60000;
  }
  message_ = vault_.has_pin() ? tr("Wrong PIN.") : tr("No PIN is set. Sign in with your name and password.");
  emit changed();
}

bool AdminSession::setPin(const QString& pin) {
  if (!unlocked_) return false;
  if (!PinVault::acceptable(pin)) {
    message_ = tr("A PIN has 4 to 12 digits.");
    emit changed();
    return false;
  }
  const bool ok = vault_.set_pin(pin);
  message_ = ok ? tr("PIN saved.") : tr("The PIN could not be saved.");
  emit changed();
  return ok;
}

void AdminSession::lock() {
  unlocked_ = false;
  user_.clear();
  token_.clear();
  message_.clear();
  users_->clear();
  audit_->clear();
  settings_->clear();
  emit changed();
}

void AdminSession::demo(bool unlocked) {
  unlocked_ = unlocked;
  user_ = QStringLiteral("admin");
  users_->set_rows(QJsonDocument::fromJson(R"([
    {"name":"admin","kind":"local","roles":["administrator"],"enabled":true},
    {"name":"frontdesk","kind":"system","roles":["operator"],"enabled":true},
    {"name":"dpo","kind":"local","roles":["auditor"],"enabled":true}])").array());
  audit_->set_rows(QJsonDocument::fromJson(R"([
    {"id":1,"time_ms":1765000000000,"event":"application-activity","outcome":0,"user":"discus","summary":"discusd started"},
    {"id":2,"time_ms":1765000300000,"event":"export","outcome":0,"user":"frontdesk","job":7,"summary":"job 7 copy 1 verified"},
    {"id":3,"time_ms":1765000600000,"event":"security-alert","outcome":4,"user":"nobody","summary":"refused peer uid 65534"}])").array());
  settings_->demo();
  emit changed();
}

}  // namespace discus::ui
