#include "jobs/robot_fleet.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "jobs/repository.h"

namespace discus::jobs {

namespace robot = output::robot;
using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {
std::int64_t now_ms() { return system_clock()(); }
constexpr std::size_t kKeptAlerts = 100;
}  // namespace

Status RobotDevice::submit(const robot::DiscJob& job) {
  std::lock_guard lock(mutex_);
  return robot_->submit(job);
}
bool RobotDevice::knows(const std::string& id) {
  std::lock_guard lock(mutex_);
  return robot_->knows(id);
}
Result<robot::JobStatus> RobotDevice::status(const std::string& id) {
  std::lock_guard lock(mutex_);
  return robot_->status(id);
}
Status RobotDevice::cancel(const std::string& id) {
  std::lock_guard lock(mutex_);
  return robot_->cancel(id);
}
void RobotDevice::forget(const std::string& id) {
  std::lock_guard lock(mutex_);
  robot_->forget(id);
}
bool RobotDevice::takes_image() const { return robot_->capabilities().takes_image; }
bool RobotDevice::takes_folder() const { return robot_->capabilities().takes_folder; }

void RobotDevice::set_job(JobId job) {
  std::lock_guard lock(mutex_);
  job_ = job;
  if (job == 0) job_alert_.reset();
}

void RobotDevice::set_job_alert(const std::optional<robot::Alert>& alert) {
  std::lock_guard lock(mutex_);
  job_alert_ = alert;
  if (alert) note(*alert, now_ms());
}

void RobotDevice::note(const robot::Alert& alert, std::int64_t now) {
  const std::string message = alert.reason();
  for (const RobotAlertRecord& r : alerts_)
    if (!r.acknowledged && r.message == message) return;  // already raised
  alerts_.push_back({next_alert_++, now, alert.condition, message, alert.operator_needed, false, {}});
  if (alerts_.size() > kKeptAlerts) alerts_.erase(alerts_.begin());
}

void RobotDevice::clear_missing(const std::vector<robot::Alert>& active, std::int64_t now) {
  (void)now;
  for (RobotAlertRecord& r : alerts_) {
    if (r.acknowledged) continue;
    const bool still = std::any_of(active.begin(), active.end(), [&](const robot::Alert& a) { return a.reason() == r.message; }) ||
                       (job_alert_ && job_alert_->reason() == r.message);
    if (!still) {
      r.acknowledged = true;
      r.acknowledged_by = "robot (the condition cleared)";
    }
  }
}

RobotSnapshot RobotDevice::snapshot(bool force) {
  std::lock_guard lock(mutex_);
  const std::int64_t now = now_ms();
  if (force || now - last_poll_ms_ >= 1000 || last_poll_ms_ == 0) {
    if (auto s = robot_->robot_status()) last_ = *s;
    else {
      last_ = robot::RobotStatus{};
      last_.alerts.push_back(robot::Alert{robot::Condition::kOffline, s.error().describe(), true});
    }
    last_poll_ms_ = now;
    for (const robot::Alert& a : last_.alerts) note(a, now);
    clear_missing(last_.alerts, now);
  }
  RobotSnapshot out;
  out.name = name_;
  out.vendor = std::string(robot::to_string(robot_->vendor()));
  out.model = last_.model;
  out.vendor_status = last_.vendor_status;
  out.verified = robot_->capabilities().verified;
  out.bins = last_.bins;
  out.ink = last_.ink;
  out.alerts = alerts_;
  out.job = job_;
  std::optional<robot::Alert> needs;
  if (job_alert_ && job_alert_->operator_needed) needs = job_alert_;
  for (const robot::Alert& a : last_.alerts)
    if (!needs && a.operator_needed) needs = a;
  if (!last_.online) {
    out.state = "offline";
    out.reason = needs ? needs->reason() : "the robot's software does not answer";
  } else if (needs) {
    out.state = "needs-attention";
    out.reason = needs->reason();
  } else {
    out.state = job_ ? "busy" : "ready";
  }
  return out;
}

Result<RobotSnapshot> RobotDevice::acknowledge(std::int64_t id, const std::string& who) {
  {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(alerts_.begin(), alerts_.end(), [&](const RobotAlertRecord& r) { return r.id == id; });
    if (it == alerts_.end()) return Error{ErrorCode::kNotFound, fmt::format("robot {} has no alert {}", name_, id)};
    if (!it->acknowledged) {
      it->acknowledged = true;
      it->acknowledged_by = who;
      DISCUS_CHECK(robot_->acknowledge(it->condition));
    }
  }
  return snapshot(true);
}

Result<std::unique_ptr<RobotFleet>> RobotFleet::open(const std::vector<std::string>& specs, const robot::RobotOptions& options) {
  auto fleet = std::make_unique<RobotFleet>();
  for (const std::string& given : specs) {
    // VENDOR:SPOOLDIR=SHARE: the robot's PC reads SPOOLDIR as SHARE (\\ROBOTPC\PTBurnJobs).
    std::string spec = given;
    robot::RobotOptions o = options;
    if (const auto eq = given.find('='); eq != std::string::npos) {
      spec = given.substr(0, eq);
      o.share_prefix = given.substr(eq + 1);
      o.local_prefix = spec.substr(spec.find(':') + 1);
    }
    DISCUS_TRY(auto r, robot::open_robot(spec, o));
    const std::string name(robot::to_string(r->vendor()));
    if (fleet->find(name)) return Error{ErrorCode::kInvalidArgument, fmt::format("--robot {}: a second {} robot (the vendor word is its name)", spec, name)};
    fleet->devices_.push_back(std::make_unique<RobotDevice>(name, std::move(r)));
  }
  return fleet;
}

RobotDevice* RobotFleet::find(const std::string& name) {
  for (auto& d : devices_)
    if (d->name() == name) return d.get();
  return nullptr;
}

std::vector<RobotDevice*> RobotFleet::all() {
  std::vector<RobotDevice*> out;
  for (auto& d : devices_) out.push_back(d.get());
  return out;
}

}  // namespace discus::jobs
