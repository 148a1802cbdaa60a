#include "output/robot/hot_folder.h"

#include <fmt/format.h>

namespace discus::output::robot {

using base::Error;
using base::ErrorCode;
using base::Status;

std::string one_line(std::string_view value) {
  std::string out(value);
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\0') c = ' ';
  return out;
}

std::string label_lines(const LabelData& label) {
  std::string out;
  for (const auto& [k, v] : label.fields) out += fmt::format("{}={}\n", one_line(k), one_line(v));
  return out;
}

// Submitted means a job file in some state: data placed by a run killed before it wrote the job
// file is not a job (submit() places it again).
bool HotFolderRobot::knows(const std::string& id) { return find_job_file(spool_, id).has_value(); }

Status HotFolderRobot::submit(const DiscJob& job) {
  std::lock_guard lock(mutex_);
  if (job.id.empty()) return Error{ErrorCode::kInvalidArgument, "a robot job needs an id"};
  if (knows(job.id))
    return Error{ErrorCode::kConflict, fmt::format("the robot already has job {} (never submitted twice)", job.id)};
  if (job.image.empty() == job.fileset.empty())
    return Error{ErrorCode::kInvalidArgument, "a robot job takes a file-set folder or an ISO image"};
  Placed placed;
  placed.folder = spool_ / job.id;
  std::error_code ec;
  fs::remove_all(placed.folder, ec);  // left by a run killed before its job file was written
  fs::create_directories(placed.folder, ec);
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create {}: {}", placed.folder.string(), ec.message())};
  placed.data_is_image = !job.image.empty();
  const fs::path data = placed.folder / (placed.data_is_image ? "DISC.ISO" : "DISC");
  if (auto how = place(placed.data_is_image ? job.image : job.fileset, data); !how) return how.error();
  placed.data = map_.translate(data);
  if (!job.label.image.empty()) {
    const fs::path l = placed.folder / ("LABEL" + job.label.image.extension().string());
    if (auto h = place(job.label.image, l); !h) return h.error();
    placed.label = map_.translate(l);
  }
  if (!job.label.fields.empty()) {
    const fs::path t = placed.folder / "LABEL.TXT";
    DISCUS_CHECK(write_text_atomic(t, label_lines(job.label)));
    placed.label_data = map_.translate(t);
  }
  DISCUS_CHECK(write_merge_file(job, placed));
  return write_job_file(spool_, job.id + "." + std::string(submit_extension()), encode(job, placed));
}

void HotFolderRobot::forget(const std::string& id) {
  std::lock_guard lock(mutex_);
  std::error_code ec;
  fs::remove_all(spool_ / id, ec);
}

void HotFolderRobot::held_by_robot(JobStatus& job, const RobotStatus& robot) {
  if (job.phase != JobPhase::kRunning && job.phase != JobPhase::kQueued) return;
  for (const Alert& a : robot.alerts)
    if (a.operator_needed) {
      job.phase = JobPhase::kNeedsOperator;
      job.alert = a;
      return;
    }
}

void HotFolderRobot::heartbeat(RobotStatus& robot, const std::string& marker, const std::string& words) {
  if (liveness_.alive(marker, options_.stale_ms)) return;
  robot.online = false;
  robot.alerts.insert(robot.alerts.begin(), Alert{Condition::kOffline, words, true});
}

bool HotFolderRobot::Liveness::alive(const std::string& marker, std::int64_t stale_ms) {
  const auto now = std::chrono::steady_clock::now();
  if (!seen_ || marker != last_) {
    seen_ = true;
    last_ = marker;
    changed_ = now;
    return !marker.empty();
  }
  return !marker.empty() && now - changed_ <= std::chrono::milliseconds(stale_ms);
}

}  // namespace discus::output::robot
