#include "burn_flow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDateTime>
#include <QUrl>
#include <QUrlQuery>

#include "api_client.h"
#include "job_list_model.h"
#include "json_list_model.h"
#include "pacs_search.h"
#include "password_slip.h"

namespace discus::ui {

BurnFlow::BurnFlow(ApiClient* api, JobListModel* jobs, JsonListModel* devices, JsonListModel* robots, QObject* parent)
    : QObject(parent), api_(api), jobs_(jobs), devices_(devices), robots_(robots) {
  studies_ = new JsonListModel(api, {"study_instance_uid", "patient_id", "patients_name", "patient_birth_date", "study_date",
                                     "study_description", "modalities_in_study", "instances", "folder", "state", "arriving", "nameText", "dateText",
                                     "birthText", "modalitiesText"},
                               this);
  studies_->set_decorator([](QVariantMap& m) {
    m["nameText"] = display_person_name(m.value("patients_name").toString());
    m["dateText"] = display_date(m.value("study_date").toString());
    m["birthText"] = display_date(m.value("patient_birth_date").toString());
    m["modalitiesText"] = m.value("modalities_in_study").toStringList().join(QStringLiteral(", "));
    // a study still being received (the store branch's StoredStudy.state) is not burnt half
    m["arriving"] = m.value("state").toString() == QLatin1String("receiving");
  });
  pacs_ = new PacsSearch(api, this);
  connect(pacs_, &PacsSearch::retrieved, this, &BurnFlow::chooseStoredStudy);
  connect(jobs_, &JobListModel::jobUpdated, this, &BurnFlow::on_job);
  connect(devices_, &JsonListModel::countChanged, this, &BurnFlow::changed);
  connect(robots_, &JsonListModel::countChanged, this, &BurnFlow::changed);
  connect(robots_, &JsonListModel::dataChanged, this, &BurnFlow::changed);
}

QObject* BurnFlow::studies() const { return studies_; }
QObject* BurnFlow::pacs() const { return pacs_; }

void BurnFlow::set_stage(const QString& s) {
  stage_ = s;
  emit changed();
}

QString BurnFlow::source_text() const {
  if (!study_uid_.isEmpty()) return study_text_;
  if (!folder_.isEmpty()) return tr("Folder %1").arg(folder_);
  return {};
}

QString BurnFlow::patient_birth_date() const { return display_date(birth_date_); }

void BurnFlow::set_medium(const QString& m) {
  if (m == medium_) return;
  medium_ = m;
  emit changed();
}

void BurnFlow::set_copies(int c) {
  c = std::clamp(c, 1, 99);  // openapi.yaml allows 999; nobody at a desk wants more than a box
  if (c == copies_) return;
  copies_ = c;
  emit changed();
}

QString BurnFlow::encryption_note() const {
  return tr("The disc opens only with a password. It is shown once, when the burn starts: write it down or print the slip, "
            "and give it to the patient apart from the disc.");
}

void BurnFlow::set_encrypt(bool b) {
  if (b == encrypt_) return;
  encrypt_ = b;
  emit changed();
}

QString BurnFlow::secure_profile(const QString& profile) {
  if (profile.startsWith(QLatin1String("STD-GEN-")) && !profile.startsWith(QLatin1String("STD-GEN-SEC-")))
    return QStringLiteral("STD-GEN-SEC-") + profile.mid(8);
  return profile;
}

bool BurnFlow::can_stop_after_copy() const {
  return stage_ == "running" && job_id_ > 0 && !stopping_ && job_copies_ - copies_done_ > 1;
}

void BurnFlow::forget_password() {
  password_.fill(QLatin1Char(' '));  // best effort: this buffer, not copies QML may hold
  password_.clear();
}

void BurnFlow::passwordNoted() {
  forget_password();
  slip_message_.clear();
  emit changed();
}

void BurnFlow::printSlip() {
  if (password_.isEmpty()) return;
  SlipText t;
  t.title = tr("Password for your disc");
  t.patient = patient_name_.isEmpty() ? QString() : patient_name_ + (birth_date_.isEmpty() ? QString() : QStringLiteral(" · ") + patient_birth_date());
  t.study = study_text_;
  t.password_label = tr("Password (type it exactly as printed):");
  t.password = password_;
  t.advice = tr("The disc is encrypted. When its viewer or another DICOM program asks for a password, type this one. "
                "Keep this slip apart from the disc.");
  t.footer = tr("Made at %1").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
  slip_message_ = tr("Printing the slip…");
  emit changed();
  print_pdf(render_password_slip(t), this, [this](PrintOutcome o, const QString& said) {
    slip_message_ = o == PrintOutcome::kPrinted   ? tr("The slip was sent to the printer.")
                    : o == PrintOutcome::kNoPrinter ? tr("No printer is set up on this station (%1 is missing): write the password down.").arg(said)
                                                    : tr("The printer refused the slip: %1").arg(said);
    emit changed();
  });
}

void BurnFlow::stopAfterThisCopy() {
  if (!can_stop_after_copy()) return;
  jobs_->stop_after_copy(job_id_);
}

BurnFlow::Target BurnFlow::target() const {
  if (medium_ == "robot") {
    for (int i = 0; i < robots_->count(); ++i) {
      const auto r = robots_->get(i);
      if (r.value("state").toString() != "offline") return {"robot", r.value("name").toString(), "STD-GEN-CD"};
    }
    return {};
  }
  const bool usb = medium_ == "usb";
  for (int i = 0; i < devices_->count(); ++i) {
    const auto d = devices_->get(i);
    const auto kind = d.value("kind").toString();
    if (!d.value("enabled").toBool() || d.value("state").toString() == "offline") continue;
    if (usb ? kind == "usb" : (kind == "drive" || kind == "stdio")) {
      const auto where = d.value("path").toString().isEmpty() ? d.value("id").toString() : d.value("path").toString();
      return {usb ? "usb" : "drive", where, usb ? "STD-GEN-USB-JPEG" : medium_ == "dvd" ? "STD-GEN-DVD-JPEG" : "STD-GEN-CD"};
    }
  }
  return {};
}

QString BurnFlow::problem() const {
  if (study_uid_.isEmpty() && folder_.isEmpty()) return tr("Choose a study first.");
  if (!study_uid_.isEmpty() && study_folder_.isEmpty()) return tr("The service did not say where this study is kept.");
  if (target().kind.isEmpty()) {
    if (medium_ == "robot") return robots_->status() == "unavailable" ? tr("This station has no disc robot.") : tr("No robot is ready.");
    if (medium_ == "usb") return tr("Insert a USB stick.");
    return tr("No disc drive is ready.");
  }
  return {};
}

void BurnFlow::search(const QString& text) {
  if (demo_) return;  // the invented studies stay (screenshots, tst_demo)
  QUrlQuery q;
  const auto t = text.trimmed();
  if (!t.isEmpty()) {
    // A run of digits is most likely an ID; anything else a name, matched as the start of it.
    bool digits = std::all_of(t.begin(), t.end(), [](QChar c) { return c.isDigit(); });
    if (digits) q.addQueryItem("patient_id", t);
    else q.addQueryItem("patient_name", t + QLatin1Char('*'));
  }
  q.addQueryItem("limit", "200");
  studies_->set_path(QStringLiteral("/v1/store/studies?") + q.toString(QUrl::FullyEncoded));
  studies_->reload();
}

void BurnFlow::chooseStudy(int row) {
  const auto s = studies_->get(row);
  if (s.isEmpty() || s.value("arriving").toBool()) return;
  take_study(s);
}

void BurnFlow::take_study(const QVariantMap& s) {
  folder_.clear();
  study_uid_ = s.value("study_instance_uid").toString();
  study_folder_ = s.value("folder").toString();  // openapi.yaml StoredStudy.folder: a job's input
  patient_name_ = display_person_name(s.value("patients_name").toString());
  birth_date_ = s.value("patient_birth_date").toString();
  study_text_ = tr("%1 of %2, %3 images").arg(s.value("study_description").toString().isEmpty() ? tr("Study") : s.value("study_description").toString(),
                                                 display_date(s.value("study_date").toString()))
                    .arg(s.value("instances").toInt());
  emit changed();
}

void BurnFlow::chooseStoredStudy(const QString& uid, int instances) {
  const QString path = QStringLiteral("/v1/store/studies/%1").arg(QString::fromUtf8(QUrl::toPercentEncoding(uid)));
  api_->request("GET", path, {}, this, [this, uid, instances](const ApiReply& r) {
    if (!r.ok()) {
      emit studyProblem(tr("The fetched study is not in this station's store: %1").arg(r.message));
      return;
    }
    QVariantMap s = r.json.toObject().toVariantMap();
    // the store's answer may lack the birth date (StoredStudy has none yet); the PACS's match has it
    if (s.value("patient_birth_date").toString().isEmpty()) {
      const auto match = pacs_->chosen_match();
      if (match.value("StudyInstanceUID").toString() == uid) s["patient_birth_date"] = match.value("PatientBirthDate");
    }
    if (s.value("instances").toInt() < instances) {
      emit studyProblem(tr("The store holds %1 of the %2 images fetched; try again in a moment.").arg(s.value("instances").toInt()).arg(instances));
      return;
    }
    take_study(s);
    emit studyReady();  // the options screen says what else is missing (a drive, a stick)
  });
}

void BurnFlow::chooseFolder(const QString& path) {
  study_uid_.clear();
  study_folder_.clear();
  folder_ = path.trimmed();
  patient_name_.clear();  // the service reads the folder; the kiosk does not look inside it
  birth_date_.clear();
  study_text_ = folder_.isEmpty() ? QString() : tr("Folder %1").arg(folder_);
  emit changed();
}

void BurnFlow::confirm() {
  if (ready()) set_stage(QStringLiteral("confirm"));
}

void BurnFlow::back() {
  if (stage_ == "confirm" || stage_ == "failed") set_stage(QStringLiteral("choose"));
}

void BurnFlow::submit() {
  if (stage_ != "confirm" || !ready()) return;
  const auto t = target();
  QJsonObject author{{"profile", encrypt_ ? secure_profile(t.profile) : t.profile},
                     {"inputs", QJsonArray{study_uid_.isEmpty() ? folder_ : study_folder_}},
                     {"copies", copies_},
                     {"target", QJsonObject{{"kind", t.kind}, {"where", t.where}}}};
  if (encrypt_) author["encryption"] = QJsonObject{};  // the service makes the password (openapi.yaml Encryption)
  const QJsonObject spec{{"kind", "author"}, {"priority", 0}, {"author", author},
                         {"release", QJsonObject{{"purpose", "patient request"}, {"recipient", "handed over at the kiosk"}}}};
  robot_ = t.kind == "robot" ? t.where : QString();
  set_stage(QStringLiteral("submitting"));
  api_->request("POST", QStringLiteral("/v1/jobs"), QJsonDocument(spec), this, [this](const ApiReply& r) {
    if (stage_ != "submitting") return;  // cleared meanwhile
    if (!r.ok()) {
      failure_reason_ = r.message;
      set_stage(QStringLiteral("failed"));
      emit submitFailed(r.message);
      return;
    }
    job_id_ = r.json.toObject().value("id").toInteger();
    // only in this answer, only once (openapi.yaml Job.medium_password)
    password_ = r.json.toObject().value("medium_password").toString();
    if (encrypt_ && password_.isEmpty()) failure_reason_ = tr("The service did not give the disc's password.");
    progress_ = 0;
    copies_done_ = 0;
    set_stage(QStringLiteral("running"));
    jobs_->apply_event(QStringLiteral("job-state"), QJsonObject{{"job", job_id_}});
  });
}

void BurnFlow::follow(qint64 job) {
  job_id_ = job;
  failure_reason_.clear();
  set_stage(QStringLiteral("running"));
  on_job(job);
  if (!jobs_->find(job)) jobs_->apply_event(QStringLiteral("job-state"), QJsonObject{{"job", job}});
}

QString BurnFlow::attention_text() const {
  if (stage_ != "running" && stage_ != "submitting") return {};
  for (int i = 0; i < robots_->count(); ++i) {
    const auto r = robots_->get(i);
    // the robot this kiosk sent the job to, or (after a restart) the one working on it
    const bool ours = (!robot_.isEmpty() && r.value("name").toString() == robot_) || (job_id_ > 0 && r.value("job").toLongLong() == job_id_);
    if (ours && (r.value("state").toString() == "needs-attention" || r.value("state").toString() == "offline"))
      return tr("The robot needs a person.") + QLatin1Char('\n') + r.value("advice").toString();
  }
  return {};
}

void BurnFlow::cancel() {
  if (job_id_ > 0 && (stage_ == "running" || stage_ == "submitting")) jobs_->cancel(job_id_);
}

void BurnFlow::on_job(qint64 id) {
  if (id != job_id_ || job_id_ <= 0) return;
  const auto* row = jobs_->find(id);
  if (!row) return;
  progress_ = row->state == "done" ? 1.0 : row->progress.fraction();
  copies_done_ = row->progress.copies_done;
  step_text_ = row->state == "running" ? JobListModel::step_text(row->progress.step) : JobListModel::state_text(row->state);
  time_left_text_ = row->state == "running" ? JobListModel::time_left_text(row->seconds_left) : QString();
  stopping_ = row->stopping;
  job_copies_ = row->progress.copies;
  if (row->state == "done") {
    stage_ = QStringLiteral("done");
  } else if (row->state == "cancelled" && row->stopping && row->progress.copies_done > 0) {
    // stopped after a copy, as asked: the verified discs are the result
    done_note_ = tr("Stopped as asked: %1 of %2 discs made and checked.").arg(row->progress.copies_done).arg(row->progress.copies);
    stage_ = QStringLiteral("done");
  } else if (row->state == "failed" || row->state == "cancelled") {
    failure_reason_ = row->state == "cancelled" ? tr("The job was cancelled.")
                      : !row->error.isEmpty()   ? row->error
                      : !row->copy_reason.isEmpty() ? row->copy_reason
                                                    : tr("The service gave no reason.");
    stage_ = QStringLiteral("failed");
  } else {
    stage_ = QStringLiteral("running");
  }
  emit changed();
}

void BurnFlow::clear() {
  robot_.clear();
  forget_password();
  slip_message_.clear();
  encrypt_ = false;
  stopping_ = false;
  done_note_.clear();
  studies_->clear();
  pacs_->clear();
  study_uid_.clear();
  study_folder_.clear();
  folder_.clear();
  patient_name_.clear();
  birth_date_.clear();
  study_text_.clear();
  medium_ = default_medium_;
  copies_ = default_copies_;
  job_id_ = 0;
  progress_ = 0;
  step_text_.clear();
  time_left_text_.clear();
  copies_done_ = 0;
  failure_reason_.clear();
  stage_ = QStringLiteral("choose");
  if (demo_) demo();  // the invented studies are not patient data; they stay
  emit changed();
}

void BurnFlow::set_defaults(const QString& medium, int copies) {
  default_medium_ = medium;
  default_copies_ = std::clamp(copies, 1, 99);
  if (stage_ == "choose" && study_uid_.isEmpty() && folder_.isEmpty()) {  // not in the middle of a burn
    medium_ = default_medium_;
    copies_ = default_copies_;
    emit changed();
  }
}

void BurnFlow::demo() {
  demo_ = true;
  // Invented people; one name in Arabic script, shown in its own script (issue 20 item 3).
  studies_->set_rows(QJsonDocument::fromJson(R"([
    {"study_instance_uid":"1.2.826.0.1.3680043.10.1","folder":"/var/lib/discus/store/1","patient_id":"PAT-0042","patients_name":"MUSTERMANN^ERIKA","patient_birth_date":"19640812","study_date":"20261204","study_description":"CT Thorax","modalities_in_study":["CT"],"instances":412,"bytes":215000000,"kept_because":"retention"},
    {"study_instance_uid":"1.2.826.0.1.3680043.10.2","folder":"/var/lib/discus/store/2","patient_id":"PAT-0043","patients_name":"DUPONT^JEAN-PIERRE","patient_birth_date":"19580301","study_date":"20261203","study_description":"MR Knee","modalities_in_study":["MR"],"instances":180,"bytes":51000000,"kept_because":"retention"},
    {"study_instance_uid":"1.2.826.0.1.3680043.10.3","folder":"/var/lib/discus/store/3","state":"receiving","patient_id":"PAT-0044","patients_name":"حداد^ليلى","patient_birth_date":"19900517","study_date":"20261201","study_description":"XR Chest","modalities_in_study":["CR"],"instances":2,"bytes":18000000,"kept_because":"job-pending"}
  ])").array());
}

void BurnFlow::demo_stage(const QString& stage) {
  clear();
  demo();
  if (stage == "find") return;
  chooseStudy(0);
  medium_ = QStringLiteral("cd");
  copies_ = 2;
  if (stage == "options") {
    emit changed();
    return;
  }
  stage_ = stage == "confirm" ? QStringLiteral("confirm") : stage == "progress" || stage == "password" ? QStringLiteral("running") : stage;
  job_id_ = 7;
  job_copies_ = 2;
  if (stage == "password" || stage == "confirm") encrypt_ = true;
  if (stage == "password") password_ = QStringLiteral("7KQWX3MHRP9TCV4N");  // invented, as the service makes them
  progress_ = stage == "done" ? 1.0 : 0.62;
  copies_done_ = stage == "done" ? 2 : 1;
  step_text_ = JobListModel::step_text(QStringLiteral("burn"));
  time_left_text_ = JobListModel::time_left_text(190);
  if (stage == "failed") failure_reason_ = tr("The disc could not be read back: verify found 3 files that differ.");
  emit changed();
}

}  // namespace discus::ui
