// discus::ui — "import a disc": submit an import job for a drive (POST /v1/jobs, kind import, to
// the station's import destination), follow it (job events, and GET /v1/imports/{id}/inventory
// for the step and its counts), then show the inventory: each patient on the disc beside who the
// patient is here (name, ID, birth date, sex), the accounting of every file, and the decisions the
// job waits for (GET /v1/holds): the disc's patient beside the worklist's candidate, each field
// that differs marked. A decision (POST /v1/holds/{id}/decision: the local patient, reject, or
// resend an instance in doubt) queues the job again; the flow follows it to its end.
//   flow.start("stdio:/srv/disc.iso"); ... flow.decide(0, "patient");
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QTimer>

namespace discus::ui {

class ApiClient;
class JobListModel;
class JsonListModel;

class ImportFlow : public QObject {
  Q_OBJECT
  Q_PROPERTY(QObject* inventory READ inventory CONSTANT)  // the disc's patients (Inventory.patients)
  Q_PROPERTY(QObject* holds READ holds CONSTANT)          // open decisions (GET /v1/holds)
  Q_PROPERTY(QString stage READ stage NOTIFY changed)  // choose, submitting, reading, inventory, failed
  Q_PROPERTY(QString message READ message NOTIFY changed)
  Q_PROPERTY(qint64 jobId READ job_id NOTIFY changed)
  Q_PROPERTY(QString jobState READ job_state NOTIFY changed)  // the job's state as the service says it
  Q_PROPERTY(double progress READ progress NOTIFY changed)
  Q_PROPERTY(QString stepText READ step_text NOTIFY changed)  // what the import is doing, in words
  Q_PROPERTY(QString summary READ summary NOTIFY changed)     // the accounting, in words
  Q_PROPERTY(int imported READ imported NOTIFY changed)
  Q_PROPERTY(int filesSeen READ files_seen NOTIFY changed)
  Q_PROPERTY(bool accounted READ accounted NOTIFY changed)  // the buckets sum to the files seen
  Q_PROPERTY(QString inventoryStatus READ inventory_status NOTIFY changed)  // idle, loading, ready, unavailable, error
 public:
  ImportFlow(ApiClient* api, JobListModel* jobs, QObject* parent = nullptr);
  QObject* inventory() const;
  QObject* holds() const;
  QString stage() const { return stage_; }
  QString message() const { return message_; }
  qint64 job_id() const { return job_id_; }
  QString job_state() const { return job_state_; }
  double progress() const { return progress_; }
  QString step_text() const { return step_text_; }
  QString summary() const { return summary_; }
  int imported() const { return imported_; }
  int files_seen() const { return files_seen_; }
  bool accounted() const { return accounted_; }
  QString inventory_status() const { return inventory_status_; }

  Q_INVOKABLE void start(const QString& source);
  Q_INVOKABLE void refresh();  // inventory and holds again
  // action: "patient" (the hold's first candidate is the local patient), "reject" or "resend".
  Q_INVOKABLE void decide(int hold_row, const QString& action);
  Q_INVOKABLE void clear();
  void demo();  // an invented inventory with one mismatch (screenshots)

 signals:
  void changed();

 private:
  void on_job(qint64 id);
  void poll();
  void take_inventory(const QJsonObject& inv);
  ApiClient* api_;
  JobListModel* jobs_;
  JsonListModel* inventory_;
  JsonListModel* holds_;
  QTimer poll_;
  QString stage_ = QStringLiteral("choose");
  QString message_, job_state_, step_text_, summary_;
  QString inventory_status_ = QStringLiteral("idle");
  qint64 job_id_ = 0;
  double progress_ = 0;
  int imported_ = 0, files_seen_ = 0;
  bool accounted_ = false;
};

}  // namespace discus::ui
