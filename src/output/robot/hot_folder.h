// discus::output::robot — what the three hot-folder drivers share (PTBurn, TD Bridge, Rimage NWP).
//
// submit() places the job's data in SPOOL/<id>/ (DISC.ISO or DISC/ by hard link, reflink or copy:
// spool.h place()), writes the plain label data file LABEL.TXT (one "name=value" per merge field,
// UTF-8, no placeholders) and a rendered label when one is given, then the vendor's job file
// through write_job_file() (temp name, rename). A job already known to the robot in any state
// (its job file by base name, whatever the extension, or its data folder) is never written again.
// Each vendor supplies the job file text and the reading of its status files.
//   class PrimeraRobot final : public HotFolderRobot { ... encode(), status(), ... };
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "output/robot/robot.h"
#include "output/robot/spool.h"

namespace discus::output::robot {

// Where submit() put a job's pieces, as local paths and as the robot PC sees them.
struct Placed {
  fs::path folder;               // SPOOL/<id>
  std::string data, label, label_data, merge;  // translated paths ("" when absent)
  bool data_is_image = true;
};

class HotFolderRobot : public Robot {
 public:
  HotFolderRobot(fs::path spool, RobotOptions options) : spool_(std::move(spool)), options_(std::move(options)) {
    map_.local_prefix = options_.local_prefix;
    map_.share_prefix = options_.share_prefix;
  }
  base::Status submit(const DiscJob& job) override;
  bool knows(const std::string& id) override;
  void forget(const std::string& id) override;
  const fs::path& spool() const { return spool_; }

  // The job file's extension as submitted ("JRQ", "JDF", "NWP").
  virtual std::string_view submit_extension() const = 0;
  // The job file's text (LF line ends; CRLF is added when written).
  virtual std::string encode(const DiscJob& job, const Placed& placed) const = 0;
  // Writes the vendor's merge file (TD Bridge REPLACE_FIELD) when it takes one; default none.
  virtual base::Status write_merge_file(const DiscJob& job, Placed& placed) const {
    (void)job, (void)placed;
    return {};
  }

 protected:
  // The robot's own trouble holds every job it has queued or running (out of discs, cover open,
  // printer offline): such a job waits for a person with the robot's reason.
  static void held_by_robot(JobStatus& job, const RobotStatus& robot);
  // `marker` is what a live vendor service keeps changing (PTBurn ServerTickCount, the status
  // file's modification time): unchanged for longer than stale_ms, the robot is offline with
  // `words` as its reason (robots.md §4 ROBOT_OFFLINE).
  void heartbeat(RobotStatus& robot, const std::string& marker, const std::string& words);

  fs::path spool_;
  RobotOptions options_;
  PathMap map_;
  std::mutex mutex_;

 private:
  class Liveness {
   public:
    bool alive(const std::string& marker, std::int64_t stale_ms);

   private:
    std::string last_;
    std::chrono::steady_clock::time_point changed_{};
    bool seen_ = false;
  } liveness_;
};

// "name=value" lines of the label fields, for LABEL.TXT and merge files.
std::string label_lines(const LabelData& label);

// A value as it may stand in a one-line key=value file: line breaks and NULs become spaces.
std::string one_line(std::string_view value);


}  // namespace discus::output::robot
