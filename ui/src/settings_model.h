// discus::ui — the station's settings for an administrator (issue 20 "Administration"): GET
// /v1/config lists every setting in force with where it came from (default, file, written,
// command-line) and when a change applies (now, restart); a row is changed or reset with PATCH
// /v1/config (an RFC 7396 merge patch of `values`: a value sets, null removes the written one), a
// PACS node added as one "pacs.NAME" object. Values are edited as text and sent as the setting's
// own JSON type (integer, boolean, a comma-separated list); the service refuses bad ones naming
// the key, and that sentence is shown.
//   SettingsModel m(api); m.reload(); m.save("kiosk.default_copies", "2"); m.reset("site.institution");
#pragma once

#include <QAbstractListModel>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace discus::ui {

class ApiClient;

class SettingsModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY changed)
  Q_PROPERTY(QString status READ status NOTIFY changed)    // idle, loading, ready, unavailable, error
  Q_PROPERTY(QString message READ message NOTIFY changed)  // what the last change did, in words
  Q_PROPERTY(QString restartNote READ restart_note NOTIFY changed)
 public:
  enum Role { KeyRole = Qt::UserRole + 1, LabelRole, ValueTextRole, OriginTextRole, WrittenRole, RestartRole };
  explicit SettingsModel(ApiClient* api, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  int count() const { return int(keys_.size()); }
  QString status() const { return status_; }
  QString message() const { return message_; }
  QString restart_note() const;

  Q_INVOKABLE void reload();
  Q_INVOKABLE void save(const QString& key, const QString& text);
  Q_INVOKABLE void reset(const QString& key);
  Q_INVOKABLE void addNode(const QString& name, const QString& ae_title, const QString& host, const QString& port, const QString& roles);
  Q_INVOKABLE QString valueOf(const QString& key) const;
  void clear();
  void demo();
  void retranslate();

  // Pure, unit-tested: the typed text as the JSON type of the value in force ("" for a list is []).
  static QJsonValue parse(const QString& text, const QJsonValue& current, const QString& key);
  static QString to_text(const QJsonValue& v);
  static QString label_of(const QString& key);

 signals:
  void changed();
  void saved();  // the service took a change

 private:
  void take(const QJsonObject& config);
  void patch(const QJsonObject& values, const QString& done_message);
  void set_status(const QString& s, const QString& m);
  ApiClient* api_;
  QStringList keys_;
  QJsonObject values_;  // key -> {value, origin, applies}
  QStringList restart_pending_;
  QString status_ = QStringLiteral("idle");
  QString message_;
  int generation_ = 0;
};

}  // namespace discus::ui
