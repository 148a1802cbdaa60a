// discus::ui — the administrator's session at the station. An administrator signs in once with the
// service (POST /v1/auth/session; the answer must carry the administrator role) and may then set
// a PIN; later the PIN alone unlocks the administration screens until the idle timeout locks them.
// The PIN is kept only as PBKDF2-HMAC-SHA256 (RFC 8018 5.2; random 16-byte salt, 60,000 rounds)
// in a file of mode 600; five wrong PINs lock entry for a minute. Users and audit records are
// read through GET /v1/users and GET /v1/audit.
//   PinVault v(path); v.set_pin("4711"); bool ok = v.check("4711");
#pragma once

#include <QObject>
#include <QString>

namespace discus::ui {

class ApiClient;
class JsonListModel;
class SettingsModel;

// The stored PIN: salt, rounds and derived key, never the PIN.
class PinVault {
 public:
  explicit PinVault(QString path) : path_(std::move(path)) {}
  bool has_pin() const;
  bool set_pin(const QString& pin);  // 4 to 12 digits
  bool check(const QString& pin) const;
  static bool acceptable(const QString& pin);
  static constexpr int kRounds = 60000;

 private:
  QString path_;
};

class AdminSession : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool unlocked READ unlocked NOTIFY changed)
  Q_PROPERTY(bool hasPin READ has_pin NOTIFY changed)
  Q_PROPERTY(QString user READ user NOTIFY changed)
  Q_PROPERTY(QString message READ message NOTIFY changed)
  Q_PROPERTY(QObject* users READ users CONSTANT)
  Q_PROPERTY(QObject* audit READ audit CONSTANT)
  Q_PROPERTY(QObject* settings READ settings CONSTANT)  // GET/PATCH /v1/config (settings_model.h)
 public:
  AdminSession(ApiClient* api, QString pin_path, QObject* parent = nullptr);
  bool unlocked() const { return unlocked_; }
  bool has_pin() const { return vault_.has_pin(); }
  QString user() const { return user_; }
  QString message() const { return message_; }
  QObject* users() const;
  QObject* audit() const;
  QObject* settings() const;
  SettingsModel* settings_model() const { return settings_; }

  Q_INVOKABLE void signIn(const QString& user, const QString& secret);
  Q_INVOKABLE void unlockWithPin(const QString& pin);
  Q_INVOKABLE bool setPin(const QString& pin);
  Q_INVOKABLE void lock();
  void demo(bool unlocked = true);  // invented users and audit records (screenshots)

 signals:
  void changed();

 private:
  void opened(const QString& user);
  ApiClient* api_;
  PinVault vault_;
  JsonListModel* users_;
  JsonListModel* audit_;
  SettingsModel* settings_;
  bool unlocked_ = false;
  QString user_;
  QString message_;
  QString token_;  // the session's bearer secret: in memory only, gone with the process
  int failures_ = 0;
  qint64 locked_until_ms_ = 0;
};

}  // namespace discus::ui
