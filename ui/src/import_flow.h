// discus::ui — "import a disc": submit an import job for a drive (POST /v1/jobs, kind import), then
// show its inventory (GET /v1/imports/{id}/inventory: patients, studies, problems) and the holds
// waiting for the operator (GET /v1/holds; POST /v1/holds/{id}/decision), the medium's patient
// beside the local one. The inventory and hold calls answer 501 until the import issue lands: the
// screens then say "not available on this station" (status "unavailable").
//   flow.start("/dev/sr0"); ... flow.decide(0, "reconcile");
#pragma once

#include <QObject>

namespace discus::ui {

class ApiClient;
class JobListModel;
class JsonListModel;

class ImportFlow : public QObject {
  Q_OBJECT
  Q_PROPERTY(QObject* inventory READ inventory CONSTANT)
  Q_PROPERTY(QObject* holds READ holds CONSTANT)
  Q_PROPERTY(QString stage READ stage NOTIFY changed)  // choose, submitting, reading, inventory, failed
  Q_PROPERTY(QString message READ message NOTIFY changed)
  Q_PROPERTY(qint64 jobId READ job_id NOTIFY changed)
  Q_PROPERTY(double progress READ progress NOTIFY changed)
 public:
  ImportFlow(ApiClient* api, JobListModel* jobs, QObject* parent = nullptr);
  QObject* inventory() const;
  QObject* holds() const;
  QString stage() const { return stage_; }
  QString message() const { return message_; }
  qint64 job_id() const { return job_id_; }
  double progress() const { return progress_; }

  Q_INVOKABLE void start(const QString& source);
  Q_INVOKABLE void refresh();  // inventory and holds again
  Q_INVOKABLE void decide(int hold_row, const QString& action);
  Q_INVOKABLE void clear();
  void demo();  // an invented inventory with one mismatch (screenshots)

 signals:
  void changed();

 private:
  void on_job(qint64 id);
  ApiClient* api_;
  JobListModel* jobs_;
  JsonListModel* inventory_;
  JsonListModel* holds_;
  QString stage_ = QStringLiteral("choose");
  QString message_;
  qint64 job_id_ = 0;
  double progress_ = 0;
};

}  // namespace discus::ui
