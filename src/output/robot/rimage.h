// discus::output::robot — Rimage through a Network Publisher hot folder. UNVERIFIED.
//
// Rimage's SDK (Production Order XML over the Messaging Server, port 4664) was not at hand. What
// public documents show is the Network Publisher order file (robots.md §3, as a third-party
// "Disc Manager" manual mirrors it): ORDER.NWP with order_id, filetype=IMAGE|PARENT, file,
// volume, label, merge, copies; renamed NWP -> INP -> DON | ERR with ORDER.LOG beside it. Our
// reading of the log (good=, rejected=, error=, alert= lines) is ours, not Rimage's: every Rimage
// behaviour here is marked unverified until it is checked against the SDK.
//   std::string nwp = encode_nwp(job, placed);
#pragma once

#include <memory>
#include <string>

#include "output/robot/hot_folder.h"

namespace discus::output::robot {

std::string encode_nwp(const DiscJob& job, const Placed& placed);
JobStatus rimage_job_status(std::string_view extension, const std::vector<std::pair<std::string, std::string>>& log);

struct NwpJob {
  std::string order_id, filetype, file, volume, label, merge;
  int copies = 1;
  std::vector<std::string> errors;
};
NwpJob parse_nwp(std::string_view text);

base::Result<std::unique_ptr<Robot>> make_rimage(const fs::path& spool, const RobotOptions& options);

}  // namespace discus::output::robot
