#include "json_list_model.h"

#include <QDate>
#include <QJsonArray>
#include <QLocale>

#include "api_client.h"

namespace discus::ui {

JsonListModel::JsonListModel(ApiClient* api, QStringList roles, QObject* parent)
    : QAbstractListModel(parent), api_(api), roles_(std::move(roles)) {}

int JsonListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant JsonListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rows_.size()) return {};
  const int r = role - Qt::UserRole - 1;
  if (r < 0 || r >= roles_.size()) return {};
  const QVariant v = rows_[index.row()].value(roles_[r]);
  // a null QString reaches QML as undefined; an absent member too: both are "" to a text binding
  if (!v.isValid() || (v.typeId() == QMetaType::QString && v.toString().isNull())) return QStringLiteral("");
  return v;
}

QHash<int, QByteArray> JsonListModel::roleNames() const {
  QHash<int, QByteArray> h;
  for (int i = 0; i < roles_.size(); ++i) h.insert(Qt::UserRole + 1 + i, roles_[i].toUtf8());
  return h;
}

QVariantMap JsonListModel::get(int row) const { return row >= 0 && row < rows_.size() ? rows_[row] : QVariantMap(); }

void JsonListModel::set_status(const QString& s, const QString& m) {
  if (status_ == s && message_ == m) return;
  status_ = s;
  message_ = m;
  emit statusChanged();
}

void JsonListModel::clear() {
  ++generation_;  // an answer still in flight belongs to the cleared state: drop it
  beginResetModel();
  raw_.clear();
  rows_.clear();
  endResetModel();
  emit countChanged();
  set_status(QStringLiteral("idle"), {});
}

void JsonListModel::set_rows(const QJsonArray& array) {
  QList<QJsonObject> raw;
  for (const auto& v : array) raw.append(v.toObject());
  if (newest_first_) std::reverse(raw.begin(), raw.end());
  if (raw.size() == rows_.size()) {
    // as many rows as before (a polled robot, a reloaded device list): changed in place, so the
    // delegates on screen stay (a reset would rebuild them under a person's finger)
    raw_ = std::move(raw);
    redecorate();
    return;
  }
  beginResetModel();
  raw_ = std::move(raw);
  rows_.clear();
  endResetModel();
  redecorate();
  emit countChanged();
}

void JsonListModel::redecorate() {
  QList<QVariantMap> rows;
  rows.reserve(raw_.size());
  for (const auto& o : raw_) {
    QVariantMap m = o.toVariantMap();
    if (decorate_) decorate_(m);
    rows.append(std::move(m));
  }
  if (rows.size() == rows_.size()) {
    rows_ = std::move(rows);
    if (!rows_.isEmpty()) emit dataChanged(index(0), index(int(rows_.size()) - 1));
  } else {
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
  }
}

void JsonListModel::reload() {
  if (path_.isEmpty()) return;
  set_status(QStringLiteral("loading"), message_);
  const int gen = ++generation_;
  api_->request("GET", path_, {}, this, [this, gen](const ApiReply& r) {
    if (gen != generation_) return;
    if (r.not_built()) {
      set_rows({});
      set_status(QStringLiteral("unavailable"), tr("Not available on this station yet."));
    } else if (!r.ok()) {
      set_status(QStringLiteral("error"), r.message);
    } else {
      set_rows(array_member_.isEmpty() ? r.json.toArray() : r.json.toObject().value(array_member_).toArray());
      set_status(QStringLiteral("ready"), {});
    }
    emit loaded();
  });
}

QString display_person_name(const QString& pn) {
  QStringList groups = pn.split(QLatin1Char('='));
  QStringList shown;
  for (const auto& g : groups) {
    if (g.trimmed().isEmpty()) continue;
    const auto c = g.split(QLatin1Char('^'));
    QString family = c.value(0).trimmed();
    QStringList rest;
    for (int i : {3, 1, 2, 4})  // prefix, given, middle, suffix
      if (!c.value(i).trimmed().isEmpty()) rest.append(c.value(i).trimmed());
    shown.append(rest.isEmpty() ? family : family.isEmpty() ? rest.join(' ') : family + QStringLiteral(", ") + rest.join(' '));
  }
  return shown.join(QStringLiteral(" · "));
}

QString display_date(const QString& da) {
  const auto d = QDate::fromString(da, QStringLiteral("yyyyMMdd"));
  if (!d.isValid()) return da;
  return QLocale().toString(d, QLocale::LongFormat);
}

}  // namespace discus::ui
