#include "pacs_search.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

#include "api_client.h"
#include "json_list_model.h"

namespace discus::ui {

namespace {

// PS3.5 6.2 DA from what a person types: 20261201, 2026-12-01 or 1.12.2026.
QString one_date(const QRegularExpressionMatch& m) {
  if (!m.captured(1).isEmpty()) return m.captured(1);
  if (!m.captured(2).isEmpty()) return m.captured(2) + m.captured(3) + m.captured(4);
  return m.captured(7) + m.captured(6).rightJustified(2, QLatin1Char('0')) + m.captured(5).rightJustified(2, QLatin1Char('0'));
}

}  // namespace

PacsSearch::PacsSearch(ApiClient* api, QObject* parent) : QObject(parent), api_(api) {
  nodes_ = new JsonListModel(api, {"name", "ae_title", "label"}, this);
  nodes_->set_path(QStringLiteral("/v1/nodes"));
  nodes_->set_decorator([](QVariantMap& n) { n["label"] = tr("PACS %1").arg(n.value("name").toString()); });
  results_ = new JsonListModel(api, {"PatientName", "PatientID", "PatientBirthDate", "StudyDate", "StudyDescription", "AccessionNumber",
                                     "ModalitiesInStudy", "NumberOfStudyRelatedInstances", "StudyInstanceUID", "nameText", "detailText"},
                               this);
  results_->set_decorator([](QVariantMap& m) {
    const QString birth = display_date(m.value("PatientBirthDate").toString());
    m["nameText"] = display_person_name(m.value("PatientName").toString()) + (birth.isEmpty() ? QString() : QStringLiteral(" · ") + birth);
    QStringList parts;
    const QString what = m.value("StudyDescription").toString();
    parts << (what.isEmpty() ? tr("Study") : what);
    if (const QString d = display_date(m.value("StudyDate").toString()); !d.isEmpty()) parts << d;
    if (const QString mod = m.value("ModalitiesInStudy").toString().replace(QLatin1Char('\\'), QStringLiteral(", ")); !mod.isEmpty()) parts << mod;
    if (const QString acc = m.value("AccessionNumber").toString(); !acc.isEmpty()) parts << tr("accession %1").arg(acc);
    bool ok = false;
    const int images = m.value("NumberOfStudyRelatedInstances").toString().toInt(&ok);
    if (ok) parts << tr("%n image(s)", "", images);
    m["detailText"] = parts.join(QStringLiteral(" · "));
  });
}

QObject* PacsSearch::nodes() const { return nodes_; }
QObject* PacsSearch::results() const { return results_; }

void PacsSearch::set_node(const QString& n) {
  if (n == node_) return;
  node_ = n;
  ++generation_;
  results_->clear();
  chosen_ = -1;
  set_status(QStringLiteral("idle"), {});
}

void PacsSearch::set_status(const QString& s, const QString& m) {
  status_ = s;
  message_ = m;
  emit changed();
}

void PacsSearch::loadNodes() {
  // Only the nodes that answer queries: a node with roles lists "query"; one without roles was
  // configured before roles existed and is offered (the service refuses in words if it must).
  if (demo_) return;
  connect(nodes_, &JsonListModel::loaded, this, [this] {
    QJsonArray keep;
    for (int i = 0; i < nodes_->count(); ++i) {
      const auto n = nodes_->get(i);
      const auto roles = n.value("roles").toStringList();
      if (!n.contains("roles") || roles.contains(QStringLiteral("query"))) keep.append(QJsonObject::fromVariantMap(n));
    }
    if (keep.size() != nodes_->count()) nodes_->set_rows(keep);
  }, Qt::SingleShotConnection);
  nodes_->reload();
}

QString PacsSearch::date_key(const QString& typed) {
  static const QRegularExpression date(QStringLiteral(R"((?<!\d)(?:(\d{8})|(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\.(\d{1,2})\.(\d{4}))(?!\d))"));
  const QString t = typed.trimmed();
  if (t.isEmpty()) return {};
  QStringList found;
  auto it = date.globalMatch(t);
  qsizetype first = -1, last_end = -1;
  while (it.hasNext()) {
    const auto m = it.next();
    if (first < 0) first = m.capturedStart();
    last_end = m.capturedEnd();
    found << one_date(m);
  }
  if (found.isEmpty() || found.size() > 2) return {};
  if (found.size() == 2) return found[0] + QLatin1Char('-') + found[1];
  const QString before = t.left(first).trimmed(), after = t.mid(last_end).trimmed();
  if (after == QLatin1String("-")) return found[0] + QLatin1Char('-');
  if (before == QLatin1String("-")) return QLatin1Char('-') + found[0];
  return before.isEmpty() && after.isEmpty() ? found[0] : QString();
}

QJsonObject PacsSearch::query_keys(const QString& text, const QString& date, const QString& accession) {
  // Return keys (PS3.4 C.6.2.1.2 Study Root STUDY level) and the matching keys typed.
  QJsonObject keys{{"PatientName", ""},      {"PatientID", ""},        {"PatientBirthDate", ""},
                   {"StudyDate", ""},        {"StudyDescription", ""}, {"AccessionNumber", ""},
                   {"ModalitiesInStudy", ""}, {"NumberOfStudyRelatedInstances", ""}, {"StudyInstanceUID", ""}};
  const QString t = text.trimmed();
  if (!t.isEmpty()) {
    // A name has no digits; anything with a digit (12345, PAT-0042) is taken as a Patient ID.
    const bool digits = std::any_of(t.begin(), t.end(), [](QChar c) { return c.isDigit(); });
    if (digits) keys["PatientID"] = t;
    else keys["PatientName"] = t.endsWith(QLatin1Char('*')) ? t : t + QLatin1Char('*');  // PS3.4 C.2.2.2.4 wild card
  }
  if (const QString d = date_key(date); !d.isEmpty()) keys["StudyDate"] = d;
  if (!accession.trimmed().isEmpty()) keys["AccessionNumber"] = accession.trimmed();
  return keys;
}

void PacsSearch::search(const QString& text, const QString& date, const QString& accession) {
  if (node_.isEmpty()) return;
  if (!date.trimmed().isEmpty() && date_key(date).isEmpty()) {
    set_status(QStringLiteral("error"), tr("The date is not one this station understands: type it as 2026-12-01, or two dates for a range."));
    return;
  }
  if (text.trimmed().isEmpty() && date.trimmed().isEmpty() && accession.trimmed().isEmpty()) {
    set_status(QStringLiteral("error"), tr("Type a name, an ID, a date or an accession number to search the PACS."));
    return;
  }
  chosen_ = -1;
  results_->clear();
  set_status(QStringLiteral("searching"), tr("Asking %1…").arg(node_));
  const int generation = ++generation_;
  const QJsonObject body{{"level", "STUDY"}, {"keys", query_keys(text, date, accession)}, {"limit", 100}};
  const QString path = QStringLiteral("/v1/nodes/%1/query").arg(QString::fromUtf8(QUrl::toPercentEncoding(node_)));
  api_->request("POST", path, QJsonDocument(body), this, [this, generation](const ApiReply& r) {
    if (generation != generation_) return;  // another search or a cleared screen meanwhile
    if (r.not_built()) {
      set_status(QStringLiteral("error"), tr("Searching a PACS is not available on this station yet."));
      return;
    }
    if (!r.ok()) {
      set_status(QStringLiteral("error"), tr("The PACS could not be searched: %1").arg(r.message));
      return;
    }
    const auto doc = r.json.toObject();
    const auto matches = doc.value("matches").toArray();
    results_->set_rows(matches);
    if (matches.isEmpty()) set_status(QStringLiteral("ready"), tr("No study found."));
    else if (!doc.value("complete").toBool(true)) set_status(QStringLiteral("ready"), tr("Only the first %1 studies are shown: search more narrowly.").arg(matches.size()));
    else set_status(QStringLiteral("ready"), {});
  });
}

void PacsSearch::choose(int row) {
  if (row < 0 || row >= results_->count()) return;
  chosen_ = row;
  emit changed();
}

QVariantMap PacsSearch::chosen_match() const { return chosen_ < 0 ? QVariantMap() : results_->get(chosen_); }

QString PacsSearch::chosen_text() const {
  if (chosen_ < 0) return {};
  const auto m = results_->get(chosen_);
  return m.value("nameText").toString() + QLatin1Char('\n') + m.value("detailText").toString();
}

bool PacsSearch::retrieve_available() const {
  for (int i = 0; i < nodes_->count(); ++i) {
    const auto n = nodes_->get(i);
    if (n.value("name").toString() != node_) continue;
    // a node without roles was configured before roles existed: the service decides (409 in words)
    return !n.contains("roles") || n.value("roles").toStringList().contains(QStringLiteral("retrieve"));
  }
  return false;
}

QString PacsSearch::chosen_advice() const {
  if (chosen_ < 0 || status_ == QLatin1String("retrieving") || status_ == QLatin1String("error")) return {};
  if (retrieve_available()) return tr("This study is kept on %1. Fetch it to this station to burn it.").arg(node_);
  return tr("This study is kept on %1, not on this station, and this station may not fetch from it. "
            "Ask for it to be sent from the PACS to this station; it then appears under \"This station\" and can be burnt.")
      .arg(node_);
}

void PacsSearch::retrieve() {
  if (chosen_ < 0 || status_ == QLatin1String("retrieving")) return;
  const auto m = results_->get(chosen_);
  const QString uid = m.value("StudyInstanceUID").toString();
  if (uid.isEmpty()) {
    set_status(QStringLiteral("error"), tr("The PACS did not say which study this is (no Study Instance UID)."));
    return;
  }
  set_status(QStringLiteral("retrieving"), tr("Fetching the study from %1… This can take a few minutes.").arg(node_));
  const int generation = ++generation_;
  const QString path = QStringLiteral("/v1/nodes/%1/retrieve").arg(QString::fromUtf8(QUrl::toPercentEncoding(node_)));
  // The call returns when the C-MOVE ends (openapi.yaml): a large study takes minutes.
  api_->request("POST", path, QJsonDocument(QJsonObject{{"study_instance_uid", uid}}), this,
                [this, generation, uid](const ApiReply& r) {
                  if (generation != generation_) return;
                  if (r.not_built()) {
                    set_status(QStringLiteral("error"), tr("Fetching from a PACS is not available on this station yet."));
                    return;
                  }
                  if (!r.ok()) {  // 409 no retrieve role or no listener, 502 the node refused: the service says why
                    set_status(QStringLiteral("error"), tr("The study could not be fetched: %1").arg(r.message));
                    return;
                  }
                  const auto o = r.json.toObject();
                  const int completed = o.value("completed").toInt(), failed = o.value("failed").toInt();
                  if (!o.value("ok").toBool() || failed > 0) {
                    // a partial study is not burnt for a patient: it would look whole
                    set_status(QStringLiteral("error"), tr("Not all images came from the PACS (%1 sent, %2 failed): %3").arg(completed).arg(failed)
                                                            .arg(o.value("message").toString()));
                    return;
                  }
                  set_status(QStringLiteral("ready"), tr("The study is on this station now."));
                  emit retrieved(uid, completed);
                },
                15 * 60 * 1000);
}

void PacsSearch::clear() {
  ++generation_;
  results_->clear();
  chosen_ = -1;
  node_.clear();
  set_status(QStringLiteral("idle"), {});
}

void PacsSearch::retranslate() {
  nodes_->redecorate();
  results_->redecorate();
  emit changed();
}

void PacsSearch::demo() {
  demo_ = true;
  node_ = QStringLiteral("pacs1");
  nodes_->set_rows(QJsonDocument::fromJson(R"([{"name":"pacs1","ae_title":"PACS1","host":"pacs.example","port":104,"roles":["query","retrieve"]}])").array());
  results_->set_rows(QJsonDocument::fromJson(R"([
    {"PatientName":"MUSTERMANN^ERIKA","PatientID":"PAT-0042","PatientBirthDate":"19640812","StudyDate":"20251114","StudyDescription":"CT Abdomen","AccessionNumber":"A-77121","ModalitiesInStudy":"CT","NumberOfStudyRelatedInstances":"388","StudyInstanceUID":"1.2.826.0.1.3680043.10.9"}
  ])").array());
  chosen_ = 0;
  status_ = QStringLiteral("ready");
  message_.clear();
  emit changed();
}

}  // namespace discus::ui
