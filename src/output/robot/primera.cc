#include "output/robot/primera.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "output/robot/vocabulary.h"

namespace discus::output::robot {

using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {

bool yes(std::string_view v) { return upper(v) == "YES"; }

// CurrentStatusState (robots.md §1.3): 6 waiting for printer, 7 waiting for recorder, 11 paused.
bool waits_for_person(int state) { return state == 6 || state == 7 || state == 11; }

class PrimeraRobot final : public HotFolderRobot {
 public:
  using HotFolderRobot::HotFolderRobot;
  Vendor vendor() const override { return Vendor::kPrimera; }
  Capabilities capabilities() const override {
    Capabilities c;
    c.drives = 2;
    c.bins = {"left", "right"};
    c.media = {"CD", "DVD"};
    c.label_formats = {"jpg", "bmp", "std", "prn"};
    return c;
  }
  std::string_view submit_extension() const override { return "JRQ"; }
  std::string encode(const DiscJob& job, const Placed& placed) const override {
    return encode_jrq(job, placed, options_.client_id);
  }

  Result<JobStatus> status(const std::string& id) override {
    const auto file = find_job_file(spool_, id);
    const std::string ext = file ? extension_of(*file) : std::string();
    const Ini robot_file = read_robot_file();
    JobStatus s = primera_job_status(ext, robot_file, id);
    held_by_robot(s, primera_robot_status(read_ini("SystemStatus.txt"), robot_file));
    return s;
  }

  Result<RobotStatus> robot_status() override {
    const Ini system = read_ini("SystemStatus.txt");
    RobotStatus r = primera_robot_status(system, read_robot_file());
    const std::string tick = system.get("System", "ServerTickCount");
    heartbeat(r, tick, tick.empty() ? "no Status/SystemStatus.txt" : "ServerTickCount " + tick + " does not move");
    return r;
  }

  Status cancel(const std::string& id) override {
    // §1.5: a .PTM message whose base name is the job's, ClientID the job's.
    return write_job_file(spool_, id + ".PTM", fmt::format("Message = ABORT\nClientID = {}\n", options_.client_id));
  }

  Status acknowledge(Condition c) override {
    if (c != Condition::kInk) return {};
    return write_job_file(spool_, "DISCUS-IGNORE-INKLOW.PTM", "Message = IGNORE_INKLOW\nClientID = Administrator\n");
  }

 private:
  Ini read_ini(const std::string& name) const { return robot::read_ini(spool_ / "Status" / name); }
  Ini read_robot_file() const {
    const Ini system = read_ini("SystemStatus.txt");
    const std::string robot = system.get("RobotList", "Robot0");
    if (robot.empty()) return {};
    return read_ini(robot + ".txt");
  }
};

}  // namespace

std::string encode_jrq(const DiscJob& job, const Placed& placed, std::string_view client_id) {
  // Key order follows SDK 3.24 §2.1; every value one line.
  std::string out;
  auto key = [&](std::string_view k, std::string_view v) { out += fmt::format("{} = {}\n", k, one_line(v)); };
  key("JobID", job.id);
  key("ClientID", client_id);
  if (placed.data_is_image) {
    key("ImageFile", placed.data);
    key("DeleteFiles", "YES");
    key("ImageType", "MODE_1_2048");
  } else {
    key("Data", placed.data);
    key("DeleteFiles", "YES");
    key("DataImageType", "ISOLEVEL1");  // PS3.12 F: ISO 9660 Level 1 for CD-R
  }
  key("CloseDisc", "YES");
  key("Copies", std::to_string(job.copies));
  if (!placed.label.empty()) key("PrintLabel", placed.label);
  else if (!job.label.template_path.empty()) key("PrintLabel", job.label.template_path.string());
  if (!job.volume.empty()) key("VolumeName", job.volume.substr(0, 32));
  key("VerifyDisc", "YES");
  key("RejectIfNotBlank", "YES");
  key("DiscType", job.disc_type == "DVD" ? "DVDR" : "CDR");
  // MergeField lines are positional (§1.4) and only mean something with a SureThing .STD design.
  if (placed.label.empty() && !job.label.template_path.empty())
    for (const auto& [k, v] : job.label.fields) key("MergeField", v);
  return out;
}

JrqJob parse_jrq(std::string_view text) {
  JrqJob j;
  for (const auto& [k0, v] : parse_lines(text, true)) {
    const std::string k = upper(k0);
    if (k == "JOBID") j.job_id = v;
    else if (k == "CLIENTID") j.client_id = v;
    else if (k == "IMAGEFILE") j.image_file = v.substr(0, v.find(", Session"));
    else if (k == "DATA") j.data = v.substr(0, v.find(", Session"));
    else if (k == "DISCTYPE") j.disc_type = upper(v);
    else if (k == "VOLUMENAME") j.volume = v;
    else if (k == "PRINTLABEL") j.print_label = v;
    else if (k == "COPIES") j.copies = to_int(v, -1);
    else if (k == "VERIFYDISC") j.verify = yes(v);
    else if (k == "REJECTIFNOTBLANK") j.reject_if_not_blank = yes(v);
    else if (k == "DELETEFILES") j.delete_files = yes(v);
    else if (k == "CLOSEDISC") j.close_disc = yes(v);
    else if (k == "MERGEFIELD") j.merge_fields.push_back(v);
  }
  if (j.copies < 1 || j.copies > 10000) j.errors.push_back("Copies must be 1 to 10000");
  if (j.image_file.empty() == j.data.empty()) j.errors.push_back("one of ImageFile or Data is needed");
  if (j.job_id.size() > 32) j.errors.push_back("JobID longer than 32 characters");
  return j;
}

JobStatus primera_job_status(std::string_view extension, const Ini& robot_file, const std::string& id) {
  JobStatus s;
  s.good = robot_file.get_int(id, "GoodDiscs", 0);
  s.bad = robot_file.get_int(id, "BadDiscs", 0);
  s.requested = s.good + robot_file.get_int(id, "DiscsRemaining", 0);
  for (int x = 0; x < 10; ++x) {
    const std::string words = robot_file.get(id, fmt::format("DiscErrorString{}", x));
    if (words.empty()) continue;
    s.rejects.push_back(fmt::format("{} (disc error {})", words, robot_file.get(id, fmt::format("DiscErrorNumber{}", x))));
  }
  const int job_state = robot_file.get_int(id, "JobState", -1);
  const int css = robot_file.get_int(id, "CurrentStatusState", -1);
  const int job_error = robot_file.get_int(id, "JobErrorNumber", 0);
  const std::string current = robot_file.get(id, "CurrentStatus");
  const std::string job_words = robot_file.get(id, "JobErrorString");
  s.vendor_state = fmt::format("{}{}{}", extension.empty() ? "(file gone)" : "." + std::string(extension),
                               current.empty() ? "" : ", ", current);
  auto failed = [&] {
    s.phase = job_error == 16 || css == 13 ? JobPhase::kCancelled : JobPhase::kFailed;
    s.alert = Alert{Condition::kJobFailed,
                    job_words.empty() ? fmt::format("JobErrorNumber {}", job_error) : fmt::format("{} (JobErrorNumber {})", job_words, job_error),
                    false};
  };
  if (extension == "JRQ") s.phase = JobPhase::kSubmitted;
  else if (extension == "QRJ") s.phase = JobPhase::kQueued;
  else if (extension == "INP") {
    s.phase = JobPhase::kRunning;
    if (waits_for_person(css)) {
      s.phase = JobPhase::kNeedsOperator;
      s.alert = operator_alert(current, Condition::kPrinter);
    }
  } else if (extension == "DON") {
    // A .DON job may still have failed (dcm4chee-cdw: CurrentStatusState 13/15). The rename and
    // the status file are not written at one instant: until the status says JobState 2 the
    // counts are not final, so the job is still running for us.
    if (job_state == 3 || css == 13 || css == 15) failed();
    else s.phase = job_state == 2 ? JobPhase::kDone : JobPhase::kRunning;
  } else if (extension == "ERR") {
    failed();
  } else if (extension.empty()) {
    // The file went after Status_Time; [CompletedJobs] still tells.
    if (job_state == 2) s.phase = JobPhase::kDone;
    else if (job_state == 3) failed();
  }
  return s;
}

RobotStatus primera_robot_status(const Ini& system_file, const Ini& robot_file) {
  RobotStatus r;
  r.online = system_file.has("System");
  r.model = system_file.get("RobotList", "Robot0");
  r.vendor_status = robot_file.get("System", "SystemStatus");
  for (const char* bin : {"Right", "Left"}) {
    const int n = robot_file.get_int("System", fmt::format("DiscsIn{}Bin", bin), -2);
    if (n != -2) r.bins.push_back({upper(bin) == "RIGHT" ? "right" : "left", n});
  }
  static constexpr const char* kCartridge[] = {"none", "color", "black", "yellow", "cyan", "magenta"};
  for (int x = 0; x < 6; ++x) {
    const int type = robot_file.get_int("System", fmt::format("CartridgeType{}", x), -1);
    if (type <= 0 || type > 5) continue;
    r.ink[kCartridge[type]] = robot_file.get_int("System", fmt::format("CartridgeFill{}", x), 0);
  }
  if (auto a = primera_system_error(robot_file.get_int("System", "SysErrorNumber", 0), robot_file.get("System", "SysErrorString")))
    r.alerts.push_back(*a);
  if (auto a = alert_from_words(r.vendor_status)) {
    const bool same = std::any_of(r.alerts.begin(), r.alerts.end(), [&](const Alert& x) { return x.condition == a->condition; });
    if (!same) r.alerts.push_back(*a);
  }
  return r;
}

Result<std::unique_ptr<Robot>> make_primera(const fs::path& spool, const RobotOptions& options) {
  return std::unique_ptr<Robot>(std::make_unique<PrimeraRobot>(spool, options));
}

}  // namespace discus::output::robot
