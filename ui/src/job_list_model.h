// discus::ui — the queue as a list model (QAbstractListModel, newest job first) for ListView's lazy
// delegates: loaded in pages from GET /v1/jobs, kept live from /v1/events (a transition reloads
// that job with GET /v1/jobs/{id}, progress moves its bar and time left), cancel and retry through
// POST /v1/jobs/{id}/cancel|retry. State words are translated here, not in QML.
//   JobListModel m(api); connect(stream, &EventStream::event, &m, &JobListModel::apply_event); m.reload();
#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QJsonObject>
#include <QTimer>
#include <QVector>
#include <QSet>

#include "job_progress.h"

namespace discus::ui {

class ApiClient;

struct JobRow {
  qint64 id = 0;
  QString kind;
  QString state;
  QString hold_reason;
  QString error;
  QString copy_reason;  // the latest failed/rejected copy's reason
  qint64 updated_ms = 0;
  JobProgress progress;
  TimeLeftEstimator estimator;
  int seconds_left = -1;
  bool stopping = false;  // spec.stop_after_copy: stops after the copy in hand
};

class JobListModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(int activeCount READ active_count NOTIFY countChanged)
  Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
  Q_PROPERTY(QString lastError READ last_error NOTIFY lastErrorChanged)
 public:
  enum Role {
    JobIdRole = Qt::UserRole + 1, KindRole, StateRole, StateTextRole, CopiesRole, CopiesDoneRole,
    ProgressRole, StepTextRole, TimeLeftRole, TimeLeftTextRole, ReasonRole, CanCancelRole, CanRetryRole, ActiveRole,
    // display strings made here once per row, so a recycled delegate binds plain strings (bench/kiosk.sh)
    TitleTextRole, DetailTextRole
  };
  explicit JobListModel(ApiClient* api, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  int count() const { return int(rows_.size()); }
  int active_count() const;
  bool loading() const { return loading_; }
  QString last_error() const { return last_error_; }
  const JobRow* find(qint64 id) const;

  Q_INVOKABLE void reload();
  Q_INVOKABLE void cancel(qint64 id);
  Q_INVOKABLE void retry(qint64 id);
  Q_INVOKABLE void stop_after_copy(qint64 id);  // POST cancel {when: after-current-copy}
  Q_INVOKABLE QVariantMap job(qint64 id) const;  // the roles of one job, for the progress screen
  // Benchmarks and screenshots: n synthetic jobs without a service (bench/kiosk.sh).
  Q_INVOKABLE void fill_synthetic(int n);
  void apply_event(const QString& type, const QJsonObject& data);
  void retranslate();

  static QString state_text(const QString& state);
  static QString step_text(const QString& step);
  static QString time_left_text(int seconds);

 signals:
  void countChanged();
  void loadingChanged();
  void lastErrorChanged();
  void jobUpdated(qint64 id);
  void actionFailed(const QString& message);

 private:
  void load_page(qint64 after, QVector<JobRow> acc);
  void fetch_job(qint64 id);
  void upsert(const QJsonObject& job);
  static void fill(JobRow& row, const QJsonObject& job);
  void set_error(const QString& e);
  void changed(int row);
  QVector<JobRow> rows_;  // newest first
  QHash<qint64, int> index_;
  QSet<qint64> pending_;
  QTimer fetch_timer_;
  ApiClient* api_;
  bool loading_ = false;
  QString last_error_;
  void rebuild_index();
};

}  // namespace discus::ui
