// discus::ui — the "burn a disc for a patient" flow as a view model: find the study (the local
// store, GET /v1/store/studies) or take a folder, choose the medium and copies, confirm with the
// patient's name and birth date, submit (POST /v1/jobs, kind author, with the release record),
// then follow the job through the JobListModel until done or failed, with the reason in words.
// Everything about the patient lives here and is wiped by clear() (idle timeout, "done"). A stored
// study is burnt from its folder in the store (StoredStudy.folder); its birth date is shown when
// the service gives one (patient_birth_date, not in openapi.yaml's StoredStudy yet).
// Encrypted media (AuthorMedium.encryption, PS3.10 7.4): the secure variant of the profile, the
// service makes the password and answers it once (medium_password); it is shown large until the
// person says it is written down (or the kiosk goes home), printable as a slip, kept nowhere.
// A running job can stop after the copy in hand (POST /v1/jobs/{id}/cancel, when
// after-current-copy): its verified discs count.
//   flow.chooseFolder("/srv/in/study-1"); flow.medium = "cd"; flow.submit();
#pragma once

#include <QObject>
#include <QString>

namespace discus::ui {

class ApiClient;
class JobListModel;
class JsonListModel;
class PacsSearch;

class BurnFlow : public QObject {
  Q_OBJECT
  Q_PROPERTY(QObject* studies READ studies CONSTANT)
  Q_PROPERTY(QObject* pacs READ pacs CONSTANT)  // find the study on a PACS (pacs_search.h)
  Q_PROPERTY(QString stage READ stage NOTIFY changed)  // choose, confirm, submitting, running, done, failed
  Q_PROPERTY(QString sourceText READ source_text NOTIFY changed)
  Q_PROPERTY(QString patientName READ patient_name NOTIFY changed)
  Q_PROPERTY(QString patientBirthDate READ patient_birth_date NOTIFY changed)
  Q_PROPERTY(QString studyText READ study_text NOTIFY changed)
  Q_PROPERTY(QString medium READ medium WRITE set_medium NOTIFY changed)  // cd, dvd, usb, robot
  Q_PROPERTY(int copies READ copies WRITE set_copies NOTIFY changed)
  Q_PROPERTY(bool encryptionAvailable READ encryption_available CONSTANT)
  Q_PROPERTY(QString encryptionNote READ encryption_note NOTIFY changed)
  Q_PROPERTY(bool encrypt READ encrypt WRITE set_encrypt NOTIFY changed)
  Q_PROPERTY(QString mediumPassword READ medium_password NOTIFY changed)  // shown once, then ""
  Q_PROPERTY(QString slipMessage READ slip_message NOTIFY changed)
  Q_PROPERTY(bool stopping READ stopping NOTIFY changed)  // "stop after this copy" was asked
  Q_PROPERTY(bool canStopAfterCopy READ can_stop_after_copy NOTIFY changed)
  Q_PROPERTY(QString doneNote READ done_note NOTIFY changed)
  Q_PROPERTY(bool ready READ ready NOTIFY changed)
  Q_PROPERTY(QString problem READ problem NOTIFY changed)  // why "next" is not possible, in words
  Q_PROPERTY(qint64 jobId READ job_id NOTIFY changed)
  Q_PROPERTY(double progress READ progress NOTIFY changed)
  Q_PROPERTY(QString stepText READ step_text NOTIFY changed)
  Q_PROPERTY(QString timeLeftText READ time_left_text NOTIFY changed)
  Q_PROPERTY(int copiesDone READ copies_done NOTIFY changed)
  Q_PROPERTY(QString failureReason READ failure_reason NOTIFY changed)
  // the robot this job went to needs a person: what to do, in words ("" otherwise)
  Q_PROPERTY(QString attentionText READ attention_text NOTIFY changed)
 public:
  BurnFlow(ApiClient* api, JobListModel* jobs, JsonListModel* devices, JsonListModel* robots, QObject* parent = nullptr);

  QObject* studies() const;
  QObject* pacs() const;
  PacsSearch* pacs_search() const { return pacs_; }
  QString stage() const { return stage_; }
  QString source_text() const;
  QString patient_name() const { return patient_name_; }
  QString patient_birth_date() const;
  QString study_text() const { return study_text_; }
  QString medium() const { return medium_; }
  void set_medium(const QString& m);
  int copies() const { return copies_; }
  void set_copies(int c);
  bool encryption_available() const { return true; }
  QString encryption_note() const;
  bool encrypt() const { return encrypt_; }
  void set_encrypt(bool b);
  QString medium_password() const { return password_; }
  QString slip_message() const { return slip_message_; }
  bool stopping() const { return stopping_; }
  bool can_stop_after_copy() const;
  QString done_note() const { return done_note_; }
  // STD-GEN-CD -> STD-GEN-SEC-CD (the profiles/ directory has a secure variant of each we use)
  static QString secure_profile(const QString& profile);
  bool ready() const { return problem().isEmpty(); }
  QString problem() const;
  qint64 job_id() const { return job_id_; }
  double progress() const { return progress_; }
  QString step_text() const { return step_text_; }
  QString time_left_text() const { return time_left_text_; }
  int copies_done() const { return copies_done_; }
  QString failure_reason() const { return failure_reason_; }
  QString attention_text() const;

  Q_INVOKABLE void search(const QString& text);  // patient name or ID; "" lists the newest studies
  Q_INVOKABLE void chooseStudy(int row);
  Q_INVOKABLE void chooseFolder(const QString& path);
  // A study just fetched from a PACS into the store (PacsSearch::retrieved): GET
  // /v1/store/studies/{uid}, chosen as soon as the store holds what the C-MOVE said it sent (the
  // store calls it "receiving" until its quiet time passes, but the retrieve is over), then
  // studyReady() so the screen moves on to the medium.
  Q_INVOKABLE void chooseStoredStudy(const QString& uid, int instances);
  Q_INVOKABLE void confirm();  // choose -> confirm
  Q_INVOKABLE void back();     // confirm -> choose
  Q_INVOKABLE void submit();   // confirm -> submitting -> running
  Q_INVOKABLE void follow(qint64 job);  // show an existing job's progress (after a restart)
  Q_INVOKABLE void cancel();
  Q_INVOKABLE void stopAfterThisCopy();
  Q_INVOKABLE void passwordNoted();  // the person has it: forget it
  Q_INVOKABLE void printSlip();
  Q_INVOKABLE void clear();    // forget the patient: idle timeout, done, home
  // The station's defaults (GET /v1/config/kiosk): what a new burn starts with.
  void set_defaults(const QString& medium, int copies);
  void demo();                           // invented patient and studies (screenshots)
  void demo_stage(const QString& stage);  // find, options, confirm, progress, done, failed

  struct Target {
    QString kind;
    QString where;
    QString profile;
  };
  Target target() const;  // where the chosen medium goes, empty kind when there is none

 signals:
  void changed();
  void submitFailed(const QString& message);
  void studyReady();
  void studyProblem(const QString& message);

 private:
  void on_job(qint64 id);
  void take_study(const QVariantMap& s);
  void set_stage(const QString& s);
  ApiClient* api_;
  JobListModel* jobs_;
  JsonListModel* devices_;
  JsonListModel* robots_;
  JsonListModel* studies_;
  PacsSearch* pacs_;
  QString stage_ = QStringLiteral("choose");
  bool demo_ = false;
  QString study_uid_;
  QString study_folder_;
  QString folder_;
  QString patient_name_;
  QString birth_date_;
  QString study_text_;
  QString medium_ = QStringLiteral("cd");
  int copies_ = 1;
  qint64 job_id_ = 0;
  double progress_ = 0;
  QString step_text_;
  QString time_left_text_;
  int copies_done_ = 0;
  QString failure_reason_;
  QString robot_;  // the robot the running job was sent to
  bool encrypt_ = false;
  QString password_;  // the medium's password: in memory until noted or home
  QString slip_message_;
  bool stopping_ = false;
  int job_copies_ = 0;
  QString default_medium_ = QStringLiteral("cd");
  int default_copies_ = 1;
  QString done_note_;
  void forget_password();
};

}  // namespace discus::ui
