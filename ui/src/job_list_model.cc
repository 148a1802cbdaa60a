#include "job_list_model.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>

#include "api_client.h"

namespace discus::ui {

namespace {
constexpr int kPage = 5000;

bool is_active(const QString& state) { return state == "queued" || state == "running" || state == "held"; }
}  // namespace

JobListModel::JobListModel(ApiClient* api, QObject* parent) : QAbstractListModel(parent), api_(api) {
  fetch_timer_.setSingleShot(true);
  fetch_timer_.setInterval(50);  // a burst of copy transitions costs one GET per job
  connect(&fetch_timer_, &QTimer::timeout, this, [this] {
    const auto ids = pending_;
    pending_.clear();
    for (auto id : ids) fetch_job(id);
  });
}

int JobListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

int JobListModel::active_count() const {
  int n = 0;
  for (const auto& r : rows_) n += is_active(r.state) ? 1 : 0;
  return n;
}

QString JobListModel::state_text(const QString& s) {
  if (s == "queued") return tr("Waiting");
  if (s == "running") return tr("Working");
  if (s == "held") return tr("Paused");
  if (s == "done") return tr("Done");
  if (s == "failed") return tr("Failed");
  if (s == "cancelled") return tr("Cancelled");
  return s;
}

QString JobListModel::step_text(const QString& s) {
  if (s == "scan" || s == "validate") return tr("Checking the images");
  if (s == "stage" || s == "image") return tr("Preparing the disc");
  if (s == "burn") return tr("Writing");
  if (s == "verify") return tr("Checking the disc");
  if (s == "import") return tr("Importing");
  if (s == "send") return tr("Sending");
  return {};
}

QString JobListModel::time_left_text(int seconds) {
  if (seconds < 0) return tr("Estimating time left");
  if (seconds < 60) return tr("Less than a minute left");
  const int minutes = (seconds + 59) / 60;
  return tr("About %n minute(s) left", "", minutes);
}

QVariant JobListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rows_.size()) return {};
  const auto& r = rows_[index.row()];
  switch (role) {
    case JobIdRole: return r.id;
    case KindRole: return r.kind;
    case StateRole: return r.state;
    case StateTextRole: return state_text(r.state);
    case CopiesRole: return r.progress.copies;
    case CopiesDoneRole: return r.progress.copies_done;
    case ProgressRole: return r.state == "done" ? 1.0 : r.progress.fraction();
    case StepTextRole: return r.state == "running" ? step_text(r.progress.step) : QString();
    case TimeLeftRole: return r.seconds_left;
    case TimeLeftTextRole: return r.state == "running" ? time_left_text(r.seconds_left) : QString();
    case ReasonRole: return !r.error.isEmpty() ? r.error : !r.hold_reason.isEmpty() ? r.hold_reason : r.copy_reason;
    case CanCancelRole: return is_active(r.state);
    case CanRetryRole: return r.state == "failed" || r.state == "cancelled";
    case ActiveRole: return is_active(r.state);
    case TitleTextRole:
      return tr("Job %1 · %2 · %3 of %4").arg(r.id).arg(state_text(r.state)).arg(r.progress.copies_done).arg(r.progress.copies);
    case DetailTextRole: {
      if (r.state != "running") return data(index, ReasonRole);
      if (r.stopping) return tr("Stops after the copy in hand");
      const QString step = step_text(r.progress.step);
      const QString left = time_left_text(r.seconds_left);
      return step.isEmpty() ? left : step + QStringLiteral(" · ") + left;
    }
    default: return {};
  }
}

QHash<int, QByteArray> JobListModel::roleNames() const {
  return {{JobIdRole, "jobId"}, {KindRole, "kind"}, {StateRole, "jobState"}, {StateTextRole, "stateText"},
          {CopiesRole, "copies"}, {CopiesDoneRole, "copiesDone"}, {ProgressRole, "progress"},
          {StepTextRole, "stepText"}, {TimeLeftRole, "timeLeft"}, {TimeLeftTextRole, "timeLeftText"},
          {ReasonRole, "reason"}, {CanCancelRole, "canCancel"}, {CanRetryRole, "canRetry"}, {ActiveRole, "active"},
          {TitleTextRole, "titleText"}, {DetailTextRole, "detailText"}};
}

const JobRow* JobListModel::find(qint64 id) const {
  const auto it = index_.find(id);
  return it == index_.end() ? nullptr : &rows_[*it];
}

QVariantMap JobListModel::job(qint64 id) const {
  QVariantMap m;
  const auto it = index_.find(id);
  if (it == index_.end()) return m;
  const auto names = roleNames();
  const auto idx = this->index(*it);
  for (auto n = names.begin(); n != names.end(); ++n) m.insert(QString::fromUtf8(n.value()), data(idx, n.key()));
  return m;
}

void JobListModel::set_error(const QString& e) {
  if (last_error_ == e) return;
  last_error_ = e;
  emit lastErrorChanged();
}

void JobListModel::reload() {
  if (loading_) return;
  loading_ = true;
  emit loadingChanged();
  load_page(0, {});
}

void JobListModel::load_page(qint64 after, QVector<JobRow> acc) {
  const QString path = QStringLiteral("/v1/jobs?limit=%1%2").arg(kPage).arg(after > 0 ? QStringLiteral("&after=%1").arg(after) : QString());
  api_->request("GET", path, {}, this, [this, acc = std::move(acc)](const ApiReply& r) mutable {
    if (!r.ok()) {
      loading_ = false;
      emit loadingChanged();
      set_error(r.message);
      return;
    }
    const auto list = r.json.toArray();
    qint64 last = 0;
    for (const auto& v : list) {
      JobRow row;
      const auto o = v.toObject();
      fill(row, o);
      // keep what the live stream taught us about a running job across the reload
      if (const auto* old = find(row.id); old && old->state == row.state) {
        row.progress.step = old->progress.step;
        row.progress.step_done = old->progress.step_done;
        row.progress.step_total = old->progress.step_total;
        row.estimator = old->estimator;
        row.seconds_left = old->seconds_left;
        row.stopping = row.stopping || old->stopping;
      }
      last = row.id;
      acc.append(std::move(row));
    }
    if (list.size() == kPage) {
      load_page(last, std::move(acc));
      return;
    }
    std::reverse(acc.begin(), acc.end());  // newest first
    beginResetModel();
    rows_ = std::move(acc);
    rebuild_index();
    endResetModel();
    loading_ = false;
    set_error({});
    emit loadingChanged();
    emit countChanged();
    for (const auto& row : rows_)
      if (is_active(row.state)) emit jobUpdated(row.id);
  });
}

void JobListModel::rebuild_index() {
  index_.clear();
  index_.reserve(rows_.size());
  for (int i = 0; i < rows_.size(); ++i) index_.insert(rows_[i].id, i);
}

void JobListModel::fill(JobRow& row, const QJsonObject& job) {
  row.id = job.value("id").toInteger();
  row.kind = job.value("kind").toString();
  row.state = job.value("state").toString();
  row.hold_reason = job.value("hold_reason").toString();
  row.error = job.value("error").toString();
  row.updated_ms = job.value("updated_ms").toInteger();
  // GET /v1/jobs/{id} carries the spec (the list does not): keep what a summary cannot say
  if (job.contains("spec")) row.stopping = !job.value("spec").toObject().value("stop_after_copy").toString().isEmpty();
  const auto copies = job.value("copies").toArray();
  row.progress.copies = int(copies.size());
  row.progress.copies_done = 0;
  row.copy_reason.clear();
  for (const auto& c : copies) {
    const auto o = c.toObject();
    if (o.value("state").toString() == "done") ++row.progress.copies_done;
    if (!o.value("reason").toString().isEmpty()) row.copy_reason = o.value("reason").toString();
  }
}

void JobListModel::upsert(const QJsonObject& job) {
  const qint64 id = job.value("id").toInteger();
  if (id <= 0) return;
  const auto it = index_.find(id);
  if (it == index_.end()) {
    JobRow row;
    fill(row, job);
    // newest first: a new job almost always has the highest id
    int at = 0;
    while (at < rows_.size() && rows_[at].id > id) ++at;
    beginInsertRows({}, at, at);
    rows_.insert(at, std::move(row));
    rebuild_index();
    endInsertRows();
    emit countChanged();
  } else {
    auto& row = rows_[*it];
    const QString before = row.state;
    const int done_before = row.progress.copies_done;
    fill(row, job);
    if (row.state != "running" || row.progress.copies_done != done_before) {
      row.progress.step.clear();  // the next copy starts; its progress comes with its events
      row.progress.step_done = row.progress.step_total = 0;
    }
    if (row.state != "running") {
      row.estimator.reset();
      row.seconds_left = -1;
    } else if (row.progress.copies_done != done_before) {
      // discusd records copy transitions and streams them; its ProgressEvents are optional, so
      // a verified copy is a sample of the rate too
      row.estimator.add(QDateTime::currentMSecsSinceEpoch(), row.progress.fraction());
      row.seconds_left = row.estimator.seconds_left();
    }
    changed(*it);
    if (before != row.state) emit countChanged();
  }
  emit jobUpdated(id);
}

void JobListModel::changed(int row) {
  const auto idx = index(row);
  emit dataChanged(idx, idx);
}

void JobListModel::fetch_job(qint64 id) {
  api_->request("GET", QStringLiteral("/v1/jobs/%1").arg(id), {}, this, [this](const ApiReply& r) {
    if (r.ok()) upsert(r.json.toObject());
  });
}

void JobListModel::apply_event(const QString& type, const QJsonObject& data) {
  const qint64 id = data.value("job").toInteger();
  if (id <= 0) return;
  if (type == "job-state" || type == "copy-state") {
    pending_.insert(id);
    if (!fetch_timer_.isActive()) fetch_timer_.start();
    return;
  }
  if (type != "progress") return;
  const auto it = index_.find(id);
  if (it == index_.end()) {
    pending_.insert(id);
    if (!fetch_timer_.isActive()) fetch_timer_.start();
    return;
  }
  auto& row = rows_[*it];
  row.progress.step = data.value("step").toString();
  row.progress.step_done = data.value("done").toInteger();
  row.progress.step_total = data.value("total").toInteger();
  row.estimator.add(QDateTime::currentMSecsSinceEpoch(), row.progress.fraction());
  row.seconds_left = row.estimator.seconds_left();
  changed(*it);
  emit jobUpdated(id);
}

void JobListModel::cancel(qint64 id) {
  api_->request("POST", QStringLiteral("/v1/jobs/%1/cancel").arg(id), QJsonDocument(QJsonObject{{"reason", "cancelled at the kiosk"}}),
                this, [this, id](const ApiReply& r) {
                  if (r.ok()) upsert(r.json.toObject());
                  else emit actionFailed(tr("Job %1 could not be cancelled: %2").arg(id).arg(r.message));
                });
}

void JobListModel::retry(qint64 id) {
  api_->request("POST", QStringLiteral("/v1/jobs/%1/retry").arg(id), {}, this, [this, id](const ApiReply& r) {
    if (r.ok()) upsert(r.json.toObject());
    else emit actionFailed(tr("Job %1 could not be retried: %2").arg(id).arg(r.message));
  });
}

void JobListModel::stop_after_copy(qint64 id) {
  const QJsonObject body{{"when", "after-current-copy"}, {"reason", "stop after this copy, asked at the kiosk"}};
  api_->request("POST", QStringLiteral("/v1/jobs/%1/cancel").arg(id), QJsonDocument(body), this, [this, id](const ApiReply& r) {
    if (r.ok()) upsert(r.json.toObject());
    else emit actionFailed(tr("Job %1 could not be told to stop after this copy: %2").arg(id).arg(r.message));
    fetch_job(id);  // the answer may be a summary: the spec says who asked
  });
}

void JobListModel::fill_synthetic(int n) {
  static const char* states[] = {"done", "done", "failed", "cancelled", "done", "queued", "running"};
  beginResetModel();
  rows_.clear();
  rows_.reserve(n);
  for (int i = n; i >= 1; --i) {
    JobRow r;
    r.id = i;
    r.kind = "author";
    r.state = QString::fromLatin1(states[i % 7]);
    r.progress.copies = 1 + i % 3;
    r.progress.copies_done = r.state == "done" ? r.progress.copies : 0;
    if (r.state == "failed") r.error = QStringLiteral("the drive refused the disc");
    rows_.append(std::move(r));
  }
  rebuild_index();
  endResetModel();
  emit countChanged();
}

void JobListModel::retranslate() {
  if (!rows_.isEmpty()) emit dataChanged(index(0), index(int(rows_.size()) - 1));
}

}  // namespace discus::ui
