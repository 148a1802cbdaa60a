// discus::output::robot — Epson Discproducer through TD Bridge: JDF job files and TDBStatus.txt.
//
// TD Bridge's own key=value "JDF" (not CIP4 JDF; robots.md §2.2, TD Bridge Technical Reference
// Guide "Setting Item List"): KEY=value, key names upper case and case-sensitive, no spaces around
// the key, the value is everything after '=' to the line end, '#' comment lines. JOB_ID at most
// 40 characters of [A-Za-z0-9_-]. Lifecycle X.JDF -> .RJD -> .INP (-> .STP paused: cover open,
// operator pause) -> .DON or .ERR (§2.1); a cancelled job (X.JCF -> .CDN) also ends .DON (§2.3).
// TD Bridge builds the disc from DATA (our staged file-set, hard-linked into the spool) and prints
// LABEL (a Total Disc Maker .tdd design) merged with REPLACE_FIELD (a file of name=value lines, our
// reading of Orthanc-Tools' merge file). Status: TDBStatus.txt, rewritten every 5 s (§2.4).
//   std::string jdf = encode_jdf(job, placed, "PP-100");   JobStatus s = epson_job_status("INP", tdb, id, false);
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "output/robot/hot_folder.h"

namespace discus::output::robot {

std::string encode_jdf(const DiscJob& job, const Placed& placed, std::string_view publisher);
JobStatus epson_job_status(std::string_view extension, const Ini& tdb_status, const std::string& id, bool cancel_requested);
RobotStatus epson_robot_status(const Ini& tdb_status);

struct JdfJob {
  std::string job_id, publisher, disc_type = "CD", format, volume, label, replace_field;
  std::vector<std::string> data;  // DATA sources (destination part dropped)
  int copies = 1;
  std::vector<std::string> errors;
};
JdfJob parse_jdf(std::string_view text);

base::Result<std::unique_ptr<Robot>> make_epson(const fs::path& spool, const RobotOptions& options);

}  // namespace discus::output::robot
