// discus::ui — a list model over one GET of the service that answers a JSON array (studies,
// devices, robots, users, audit records, holds): each object's members become roles, a C++
// decorator adds computed ones (translated state words, what to do). A 501 ("not built yet")
// is its own status, so screens can say "not available on this station" instead of failing.
//   JsonListModel m(api, {"name", "state"}); m.setPath("/v1/devices"); m.reload();
#pragma once

#include <QAbstractListModel>
#include <QJsonObject>
#include <QStringList>
#include <QVariantMap>
#include <functional>

namespace discus::ui {

class ApiClient;

class JsonListModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  // idle, loading, ready, unavailable (the service answered 501), error
  Q_PROPERTY(QString status READ status NOTIFY statusChanged)
  Q_PROPERTY(QString message READ message NOTIFY statusChanged)
 public:
  using Decorator = std::function<void(QVariantMap& row)>;
  JsonListModel(ApiClient* api, QStringList roles, QObject* parent = nullptr);

  void set_path(const QString& path) { path_ = path; }
  void set_decorator(Decorator d) { decorate_ = std::move(d); }
  void set_newest_first(bool b) { newest_first_ = b; }
  void set_array_member(const QString& m) { array_member_ = m; }  // the list is this member of an object

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  int count() const { return int(rows_.size()); }
  QString status() const { return status_; }
  QString message() const { return message_; }
  Q_INVOKABLE void reload();
  Q_INVOKABLE QVariantMap get(int row) const;
  void clear();
  void redecorate();
  void set_rows(const QJsonArray& array);

 signals:
  void countChanged();
  void statusChanged();
  void loaded();

 private:
  void set_status(const QString& s, const QString& m);
  ApiClient* api_;
  QStringList roles_;
  QString path_;
  QString array_member_;
  Decorator decorate_;
  bool newest_first_ = false;
  QList<QJsonObject> raw_;
  QList<QVariantMap> rows_;
  QString status_ = QStringLiteral("idle");
  QString message_;
  int generation_ = 0;
};

// "DOE^JANE^^DR" (PS3.5 6.2.1 PN, first component group) as a person reads it: "DOE, JANE"; the
// ideographic and phonetic groups, when present, follow in their own script.
QString display_person_name(const QString& pn);
// "19700101" (PS3.5 DA) shown in the current locale's long date format; "" stays "".
QString display_date(const QString& da);

}  // namespace discus::ui
