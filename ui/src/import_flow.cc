#include "import_flow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "api_client.h"
#include "job_list_model.h"
#include "json_list_model.h"

namespace discus::ui {

namespace {

QString sex_text(const QString& s) {
  if (s == "M") return ImportFlow::tr("male");
  if (s == "F") return ImportFlow::tr("female");
  if (s == "O") return ImportFlow::tr("other");
  return s.isEmpty() ? ImportFlow::tr("not given") : s;
}

// The patient members (PatientIdentity of openapi.yaml) under `prefix` as shown: "foreignName", ...
void person(QVariantMap& m, const QString& prefix, const QVariantMap& p) {
  m[prefix + "Name"] = display_person_name(p.value("name").toString());
  m[prefix + "Id"] = p.value("patient_id").toString();
  m[prefix + "Issuer"] = p.value("issuer").toString();
  m[prefix + "Birth"] = display_date(p.value("birth_date").toString());
  m[prefix + "Sex"] = sex_text(p.value("sex").toString());
}

// Which of name, birth date and sex differ (PN compared as the service does: case aside).
void differences(QVariantMap& m, const QVariantMap& a, const QVariantMap& b) {
  const bool any = !b.isEmpty();
  m["nameDiffers"] = any && a.value("name").toString().compare(b.value("name").toString(), Qt::CaseInsensitive) != 0;
  m["birthDiffers"] = any && a.value("birth_date").toString() != b.value("birth_date").toString();
  m["sexDiffers"] = any && a.value("sex").toString() != b.value("sex").toString();
}

const QStringList kPersonRoles = {"Name", "Id", "Issuer", "Birth", "Sex"};
QStringList roles_of(QStringList base) {
  for (const char* p : {"foreign", "local"})
    for (const auto& r : kPersonRoles) base.append(QLatin1String(p) + r);
  return base;
}

QString step_words(const QString& step, qint64 done, qint64 total) {
  if (step == "scan") return ImportFlow::tr("Looking at the disc");
  if (step == "import") return ImportFlow::tr("Reading the disc and finding the patients here");
  if (step == "send") return total > 0 ? ImportFlow::tr("Sending: %1 of %2").arg(done).arg(total) : ImportFlow::tr("Sending: %1").arg(done);
  return {};
}

}  // namespace

ImportFlow::ImportFlow(ApiClient* api, JobListModel* jobs, QObject* parent) : QObject(parent), api_(api), jobs_(jobs) {
  inventory_ = new JsonListModel(
      api, roles_of({"hold", "hold_reason", "instances", "studyText", "statusText", "mismatch", "nameDiffers", "birthDiffers", "sexDiffers"}), this);
  inventory_->set_decorator([](QVariantMap& m) {
    const QVariantMap foreign = m.value("foreign").toMap(), local = m.value("local").toMap();
    person(m, "foreign", foreign);
    person(m, "local", local);
    differences(m, foreign, local);
    const QVariantList studies = m.value("studies").toList();
    QStringList parts;
    for (const auto& s : studies) {
      const QVariantMap st = s.toMap();
      parts.append(QStringLiteral("%1 %2").arg(display_date(st.value("date").toString()), st.value("description").toString()).trimmed());
    }
    m["studyText"] = tr("%n instance(s)", "", m.value("instances").toInt()) + (parts.isEmpty() ? QString() : " · " + parts.join(", "));
    const bool held = !m.value("hold").toString().isEmpty() && local.isEmpty();
    m["mismatch"] = held;
    m["statusText"] = !local.isEmpty() ? tr("Here: %1").arg(local.value("source").toString().startsWith("a person") ? tr("chosen by a person")
                                                                                                                  : tr("found in the worklist"))
                      : m.value("hold_reason").toString().startsWith("rejected") ? tr("Not imported: rejected")
                                                                                 : tr("Waiting for your decision");
  });
  holds_ = new JsonListModel(api,
                             roles_of({"id", "job", "kind", "question", "options", "instances", "sop_instance_uid", "source", "opened_ms",
                                       "kindText", "hasCandidate", "nameDiffers", "birthDiffers", "sexDiffers"}),
                             this);
  holds_->set_path(QStringLiteral("/v1/holds"));
  holds_->set_decorator([](QVariantMap& m) {
    const QVariantMap foreign = m.value("foreign").toMap();
    const QVariantList candidates = m.value("candidates").toList();
    const QVariantMap local = candidates.isEmpty() ? QVariantMap() : candidates.front().toMap();
    person(m, "foreign", foreign);
    person(m, "local", local);
    differences(m, foreign, local);
    m["hasCandidate"] = !local.isEmpty();
    m["kindText"] = m.value("kind").toString() == "identity"
                        ? tr("Is the patient on the disc the patient here?")
                        : tr("Sending was interrupted: the PACS may already have %1. Send it again?").arg(m.value("source").toString());
  });
  poll_.setInterval(500);
  connect(&poll_, &QTimer::timeout, this, &ImportFlow::poll);
  connect(jobs_, &JobListModel::jobUpdated, this, &ImportFlow::on_job);
}

QObject* ImportFlow::inventory() const { return inventory_; }
QObject* ImportFlow::holds() const { return holds_; }

void ImportFlow::start(const QString& source) {
  if (source.isEmpty()) return;
  stage_ = QStringLiteral("submitting");
  message_.clear();
  emit changed();
  // No destination: the station's own (the node with the role import-destination, else its store).
  const QJsonObject spec{{"kind", "import"}, {"import", QJsonObject{{"source", source}}}};
  api_->request("POST", QStringLiteral("/v1/jobs"), QJsonDocument(spec), this, [this](const ApiReply& r) {
    if (stage_ != "submitting") return;
    if (!r.ok()) {
      stage_ = QStringLiteral("failed");
      message_ = r.not_built() ? tr("Importing discs is not available on this station yet.") : r.message;
      emit changed();
      return;
    }
    job_id_ = r.json.toObject().value("id").toInteger();
    stage_ = QStringLiteral("reading");
    step_text_ = tr("Waiting for the station");
    emit changed();
    jobs_->apply_event(QStringLiteral("job-state"), QJsonObject{{"job", job_id_}});
    poll_.start();
  });
}

// The job's events say when its state changes; the inventory says how far a run got.
void ImportFlow::on_job(qint64 id) {
  if (id != job_id_ || job_id_ <= 0) return;
  const auto* row = jobs_->find(id);
  if (!row) return;
  if (row->state == "queued" || row->state == "running") {
    if (stage_ == "inventory") {
      stage_ = QStringLiteral("reading");
      emit changed();
    }
    if (!poll_.isActive()) poll_.start();
    return;
  }
  if (row->state == "failed") {
    poll_.stop();
    stage_ = QStringLiteral("failed");
    message_ = row->error.isEmpty() ? tr("The disc could not be read.") : row->error;
    emit changed();
    return;
  }
  refresh();
}

void ImportFlow::poll() {
  if (job_id_ <= 0) return poll_.stop();
  const qint64 job = job_id_;
  api_->request("GET", QStringLiteral("/v1/imports/%1/inventory").arg(job), {}, this, [this, job](const ApiReply& r) {
    if (job != job_id_ || !r.ok()) return;
    take_inventory(r.json.toObject());
  });
}

void ImportFlow::take_inventory(const QJsonObject& inv) {
  job_state_ = inv.value("state").toString();
  const QJsonObject p = inv.value("progress").toObject();
  const qint64 done = p.value("done").toInteger(), total = p.value("total").toInteger();
  const QString step = p.value("step").toString();
  step_text_ = step_words(step, done, total);
  progress_ = job_state_ == "done" ? 1.0 : step == "send" && total > 0 ? double(done) / double(total) : step == "import" ? 0.1 : 0.02;
  files_seen_ = inv.value("files_seen").toInt();
  const QJsonObject outcomes = inv.value("outcomes").toObject();
  imported_ = outcomes.value("imported").toInt() + outcomes.value("already-imported").toInt();
  int sum = 0;
  QStringList parts;
  const std::pair<const char*, QString> buckets[] = {
      {"imported", tr("%n imported", "", outcomes.value("imported").toInt())},
      {"already-imported", tr("%n already here", "", outcomes.value("already-imported").toInt())},
      {"held", tr("%n waiting for a decision", "", outcomes.value("held").toInt())},
      {"conflict", tr("%n in conflict with what is here", "", outcomes.value("conflict").toInt())},
      {"unreadable", tr("%n unreadable", "", outcomes.value("unreadable").toInt())},
      {"not-dicom", tr("%n not images (viewer, other files)", "", outcomes.value("not-dicom").toInt())},
      {"excluded", tr("%n left out", "", outcomes.value("excluded").toInt())}};
  for (const auto& [key, words] : buckets) {
    const int n = outcomes.value(QLatin1String(key)).toInt();
    sum += n;
    if (n > 0) parts.append(words);
  }
  accounted_ = files_seen_ > 0 && sum == files_seen_;
  summary_ = files_seen_ == 0 ? QString() : tr("%n file(s) on the disc: ", "", files_seen_) + parts.join(", ");
  inventory_->set_rows(inv.value("patients").toArray());
  inventory_status_ = QStringLiteral("ready");
  const bool settled = job_state_ != "queued" && job_state_ != "running";
  if (settled) {
    poll_.stop();
    if (job_state_ == "failed") {
      stage_ = QStringLiteral("failed");
      if (message_.isEmpty()) message_ = tr("The disc could not be read.");
    } else if (stage_ != "inventory") {
      stage_ = QStringLiteral("inventory");
      holds_->reload();
    }
  }
  emit changed();
}

void ImportFlow::refresh() {
  if (job_id_ > 0) {
    inventory_status_ = QStringLiteral("loading");
    const qint64 job = job_id_;
    api_->request("GET", QStringLiteral("/v1/imports/%1/inventory").arg(job), {}, this, [this, job](const ApiReply& r) {
      if (job != job_id_) return;
      if (r.ok()) return take_inventory(r.json.toObject());
      inventory_status_ = r.not_built() ? QStringLiteral("unavailable") : QStringLiteral("error");
      message_ = r.not_built() ? QString() : r.message;
      emit changed();
    });
  }
  holds_->reload();
}

void ImportFlow::decide(int hold_row, const QString& action) {
  const auto h = holds_->get(hold_row);
  if (h.isEmpty()) return;
  QJsonObject decision{{"action", action}};
  if (action == "patient") {  // the worklist's candidate, as shown beside the disc's patient
    if (h.value("localId").toString().isEmpty()) return;
    decision["patient_id"] = h.value("localId").toString();
    if (!h.value("localIssuer").toString().isEmpty()) decision["issuer"] = h.value("localIssuer").toString();
  }
  const QString id = h.value("id").toString();
  api_->request("POST", QStringLiteral("/v1/holds/%1/decision").arg(id), QJsonDocument(decision), this, [this](const ApiReply& r) {
    message_ = r.ok() ? QString() : r.not_built() ? tr("Not available on this station yet.") : r.message;
    if (r.ok() && job_id_ > 0) {  // the job is queued again: follow it to its end
      stage_ = QStringLiteral("reading");
      step_text_ = tr("Continuing the import");
      poll_.start();
    }
    emit changed();
    holds_->reload();
  });
}

void ImportFlow::clear() {
  poll_.stop();
  inventory_->clear();
  holds_->clear();
  stage_ = QStringLiteral("choose");
  message_.clear();
  job_state_.clear();
  step_text_.clear();
  summary_.clear();
  inventory_status_ = QStringLiteral("idle");
  job_id_ = 0;
  progress_ = 0;
  imported_ = files_seen_ = 0;
  accounted_ = false;
  emit changed();
}

void ImportFlow::demo() {
  stage_ = QStringLiteral("inventory");
  job_id_ = 12;
  job_state_ = QStringLiteral("held");
  progress_ = 1.0;
  files_seen_ = 112;
  imported_ = 12;
  accounted_ = true;
  summary_ = tr("%n file(s) on the disc: ", "", 112) + QStringList{tr("%n imported", "", 12), tr("%n waiting for a decision", "", 96),
                                                                   tr("%n not images (viewer, other files)", "", 4)}
                                                           .join(", ");
  inventory_status_ = QStringLiteral("ready");
  inventory_->set_rows(QJsonDocument::fromJson(R"json([
    {"foreign":{"patient_id":"EXT-991","issuer":"KLINIKUM NORD","name":"MUSTERMANN^ERIKA","birth_date":"19640812","sex":"F"},
     "local":null,"hold":"H-3f09a1c2b4d5","hold_reason":"no local patient agrees","instances":96,
     "studies":[{"study_instance_uid":"1.2.826.0.1.3680043.10.21","date":"20261201","description":"CT THORAX","instances":96}]},
    {"foreign":{"patient_id":"PAT-0042","issuer":"HOSP","name":"MUSTERMANN^ERIKA","birth_date":"19640812","sex":"F"},
     "local":{"patient_id":"PAT-0042","issuer":"HOSP","name":"Mustermann^Erika","birth_date":"19640812","sex":"F","source":"MWL WL@ris:104"},
     "instances":12,"studies":[{"study_instance_uid":"1.2.826.0.1.3680043.10.22","date":"20261128","description":"MR KNIE","instances":12}]}
  ])json").array());
  holds_->set_rows(QJsonDocument::fromJson(R"json([
    {"id":"H-3f09a1c2b4d5","job":12,"kind":"identity","question":"no local patient agrees in name, birth date, sex and issuer (PAT-0042: birth date differ)",
     "options":["patient","reject"],"opened_ms":1765000000000,"instances":96,
     "foreign":{"patient_id":"EXT-991","issuer":"KLINIKUM NORD","name":"MUSTERMANN^ERIKA","birth_date":"19640812","sex":"F"},
     "candidates":[{"patient_id":"PAT-0042","issuer":"HOSP","name":"Mustermann^Erika","birth_date":"19640821","sex":"F"}]}
  ])json").array());
  emit changed();
}

}  // namespace discus::ui
