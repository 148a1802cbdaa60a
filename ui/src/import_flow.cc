#include "import_flow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "api_client.h"
#include "job_list_model.h"
#include "json_list_model.h"

namespace discus::ui {

namespace {
QString study_status_text(const QString& s) {
  if (s == "new") return ImportFlow::tr("New here");
  if (s == "already-present") return ImportFlow::tr("Already here");
  if (s == "conflict") return ImportFlow::tr("Does not match the local patient");
  if (s == "imported") return ImportFlow::tr("Imported");
  if (s == "excluded") return ImportFlow::tr("Left out");
  if (s == "held") return ImportFlow::tr("Waiting for your decision");
  return s;
}
}  // namespace

ImportFlow::ImportFlow(ApiClient* api, JobListModel* jobs, QObject* parent) : QObject(parent), api_(api), jobs_(jobs) {
  inventory_ = new JsonListModel(api, {"study_instance_uid", "patient_id", "patients_name", "local_patient_id", "instances",
                                       "unreadable", "status", "statusText", "nameText", "mismatch"},
                                 this);
  inventory_->set_array_member(QStringLiteral("studies"));
  inventory_->set_decorator([](QVariantMap& m) {
    m["statusText"] = study_status_text(m.value("status").toString());
    m["nameText"] = display_person_name(m.value("patients_name").toString());
    const auto local = m.value("local_patient_id").toString();
    m["mismatch"] = !local.isEmpty() && local != m.value("patient_id").toString();
  });
  holds_ = new JsonListModel(api, {"id", "job", "question", "options", "study_instance_uid", "opened_ms"}, this);
  holds_->set_path(QStringLiteral("/v1/holds"));
  connect(jobs_, &JobListModel::jobUpdated, this, &ImportFlow::on_job);
}

QObject* ImportFlow::inventory() const { return inventory_; }
QObject* ImportFlow::holds() const { return holds_; }

void ImportFlow::start(const QString& source) {
  if (source.isEmpty()) return;
  stage_ = QStringLiteral("submitting");
  message_.clear();
  emit changed();
  const QJsonObject spec{{"kind", "import"}, {"import", QJsonObject{{"source", source}, {"destination", "store"}}}};
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
    emit changed();
    jobs_->apply_event(QStringLiteral("job-state"), QJsonObject{{"job", job_id_}});
  });
}

void ImportFlow::on_job(qint64 id) {
  if (id != job_id_ || job_id_ <= 0) return;
  const auto* row = jobs_->find(id);
  if (!row) return;
  progress_ = row->state == "done" ? 1.0 : row->progress.fraction();
  if (row->state == "failed") {
    stage_ = QStringLiteral("failed");
    message_ = row->error.isEmpty() ? tr("The disc could not be read.") : row->error;
  } else if (row->state != "queued" && row->state != "running") {
    stage_ = QStringLiteral("inventory");
    refresh();
  }
  emit changed();
}

void ImportFlow::refresh() {
  if (job_id_ > 0) {
    inventory_->set_path(QStringLiteral("/v1/imports/%1/inventory").arg(job_id_));
    inventory_->reload();
  }
  holds_->reload();
}

void ImportFlow::decide(int hold_row, const QString& action) {
  const auto h = holds_->get(hold_row);
  if (h.isEmpty()) return;
  const auto id = h.value("id").toLongLong();
  api_->request("POST", QStringLiteral("/v1/holds/%1/decision").arg(id), QJsonDocument(QJsonObject{{"action", action}}), this,
                [this](const ApiReply& r) {
                  message_ = r.ok() ? QString() : r.not_built() ? tr("Not available on this station yet.") : r.message;
                  emit changed();
                  if (r.ok()) refresh();
                });
}

void ImportFlow::clear() {
  inventory_->clear();
  holds_->clear();
  stage_ = QStringLiteral("choose");
  message_.clear();
  job_id_ = 0;
  progress_ = 0;
  emit changed();
}

void ImportFlow::demo() {
  stage_ = QStringLiteral("inventory");
  job_id_ = 12;
  progress_ = 1.0;
  inventory_->set_rows(QJsonDocument::fromJson(R"([
    {"study_instance_uid":"1.2.826.0.1.3680043.10.21","patient_id":"EXT-991","patients_name":"MUSTERMANN^ERIKA","local_patient_id":"PAT-0042","instances":96,"unreadable":0,"status":"held","hold":3},
    {"study_instance_uid":"1.2.826.0.1.3680043.10.22","patient_id":"PAT-0042","patients_name":"MUSTERMANN^ERIKA","instances":12,"unreadable":1,"status":"new"}
  ])").array());
  holds_->set_rows(QJsonDocument::fromJson(R"([
    {"id":3,"job":12,"question":"The disc's patient EXT-991 (MUSTERMANN^ERIKA, 1964-08-12) is PAT-0042 here?","options":["reconcile","reject","skip"],"study_instance_uid":"1.2.826.0.1.3680043.10.21","opened_ms":1765000000000}
  ])").array());
  emit changed();
}

}  // namespace discus::ui
