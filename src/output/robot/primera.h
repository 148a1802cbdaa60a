// discus::output::robot — Primera PTBurn (PTBurn SDK 3.x): JRQ job files and the Status folder.
//
// A job is NAME.JRQ in the Job Request Folder (robots.md §1.1): PTBurn renames it .QRJ (queued),
// .INP (running), .DON or .ERR (finished; aborted jobs end .ERR with JobErrorNumber 16). Keys
// are `Key = Value` lines (§1.2): we burn our own verified ISO image (ImageFile, MODE_1_2048) with
// VerifyDisc, RejectIfNotBlank and DeleteFiles set, one job per disc copy. Status comes from
// Status/SystemStatus.txt ([RobotList], [System] ServerTickCount: a frozen tick is a dead PTBurn)
// and Status/<RobotName>.txt (a [<JobID>] section per job: GoodDiscs, BadDiscs, JobState,
// CurrentStatusState, DiscErrorStringX; [System] SystemStatus, SysErrorNumber) (§1.3).
//   std::string jrq = encode_jrq(job, placed, "discus");   JobStatus s = primera_job_status("INP", robot_ini, id);
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "output/robot/hot_folder.h"

namespace discus::output::robot {

std::string encode_jrq(const DiscJob& job, const Placed& placed, std::string_view client_id);

// The reading of one job: its file's extension ("" when PTBurn removed it after Status_Time)
// and the robot status file.
JobStatus primera_job_status(std::string_view extension, const Ini& robot_file, const std::string& id);
// Bins, cartridges and alerts from the robot file's [System] (and SystemStatus.txt's robot section).
RobotStatus primera_robot_status(const Ini& system_file, const Ini& robot_file);

// A JRQ as PTBurn reads it (the simulator's side): keys in order, `Key = Value` tolerated.
struct JrqJob {
  std::string job_id, client_id, image_file, data, disc_type = "CDR", volume, print_label;
  int copies = 1;
  bool verify = false, reject_if_not_blank = false, delete_files = false, close_disc = true;
  std::vector<std::string> merge_fields;
  std::vector<std::string> errors;  // what makes the file invalid (JobErrorNumber 8)
};
JrqJob parse_jrq(std::string_view text);

base::Result<std::unique_ptr<Robot>> make_primera(const fs::path& spool, const RobotOptions& options);

}  // namespace discus::output::robot
