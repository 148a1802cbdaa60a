// discus::jobs — disc-publishing robots as devices of a station (issue 18 item 5).
//
// A RobotDevice wraps one output::robot::Robot (named by its vendor word: "primera", "epson",
// "rimage") with what the API shows: its state (ready, busy, offline, needs-attention), the
// readable reason a person is needed, bins and ink, and a list of alerts the operator
// acknowledges. Every call into the driver is serialised here (the lane thread and the API
// thread both ask). An alert is recorded when a condition appears (robot status or a job's
// needs-operator phase) and marked acknowledged by "robot" when the condition clears by itself.
//   DISCUS_TRY(auto fleet, RobotFleet::open({"primera:/srv/ptburn"}, {}));
//   RobotSnapshot s = fleet->find("primera")->snapshot();
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "jobs/job.h"
#include "output/robot/robot.h"

namespace discus::jobs {

struct RobotAlertRecord {
  std::int64_t id = 0;
  std::int64_t time_ms = 0;
  output::robot::Condition condition = output::robot::Condition::kOk;
  std::string message;  // Alert::reason()
  bool operator_needed = false;
  bool acknowledged = false;
  std::string acknowledged_by;
};

struct RobotSnapshot {
  std::string name, vendor, model, vendor_status;
  std::string state = "ready";  // ready, busy, offline, needs-attention
  std::string reason;           // why a person is needed (needs-attention, offline)
  bool verified = true;         // false: a driver from public documents only (Rimage)
  std::vector<output::robot::Bin> bins;
  std::map<std::string, int> ink;
  std::vector<RobotAlertRecord> alerts;
  JobId job = 0;
};

class RobotDevice {
 public:
  RobotDevice(std::string name, std::unique_ptr<output::robot::Robot> robot) : name_(std::move(name)), robot_(std::move(robot)) {}
  const std::string& name() const { return name_; }

  // Driver calls, serialised.
  base::Status submit(const output::robot::DiscJob& job);
  bool knows(const std::string& id);
  base::Result<output::robot::JobStatus> status(const std::string& id);
  base::Status cancel(const std::string& id);
  void forget(const std::string& id);
  bool takes_image() const;   // the vendor burns an ISO image (PTBurn, Rimage, the tower; preferred: what we verified)
  bool takes_folder() const;  // ... or a file-set folder (PTBurn, TD Bridge, Rimage)

  // The lane says what it runs and what a job of it waits for (nullopt: nothing).
  void set_job(JobId job);
  void set_job_alert(const std::optional<output::robot::Alert>& alert);

  // Polls the robot (at most once a second unless `force`) and returns what the API shows.
  RobotSnapshot snapshot(bool force = false);
  // The operator dealt with alert `id`: recorded, and the driver told where it can be (PTBurn:
  // IGNORE_INKLOW). kNotFound for an unknown id.
  base::Result<RobotSnapshot> acknowledge(std::int64_t id, const std::string& who);

 private:
  void note(const output::robot::Alert& alert, std::int64_t now_ms);  // mutex_ held
  void clear_missing(const std::vector<output::robot::Alert>& active, std::int64_t now_ms);

  std::string name_;
  std::unique_ptr<output::robot::Robot> robot_;
  std::mutex mutex_;
  output::robot::RobotStatus last_;
  std::int64_t last_poll_ms_ = 0;
  std::optional<output::robot::Alert> job_alert_;
  JobId job_ = 0;
  std::vector<RobotAlertRecord> alerts_;
  std::int64_t next_alert_ = 1;
};

class RobotFleet {
 public:
  // Each spec "VENDOR:SPOOLDIR" (discusd --robot); two robots of one vendor are refused (the
  // vendor word is the name).
  static base::Result<std::unique_ptr<RobotFleet>> open(const std::vector<std::string>& specs,
                                                        const output::robot::RobotOptions& options);
  RobotDevice* find(const std::string& name);
  std::vector<RobotDevice*> all();

 private:
  std::vector<std::unique_ptr<RobotDevice>> devices_;
};

}  // namespace discus::jobs
