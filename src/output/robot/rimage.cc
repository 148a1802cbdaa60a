#include "output/robot/rimage.h"


#include <fmt/format.h>

#include "output/robot/vocabulary.h"

namespace discus::output::robot {

using base::Result;
using base::Status;

namespace {

class RimageRobot final : public HotFolderRobot {
 public:
  using HotFolderRobot::HotFolderRobot;
  Vendor vendor() const override { return Vendor::kRimage; }
  Capabilities capabilities() const override {
    Capabilities c;
    c.drives = 2;
    c.bins = {"input"};
    c.media = {"CD", "DVD"};
    c.label_formats = {"pdf", "btw", "fields"};
    c.verified = false;
    return c;
  }
  std::string_view submit_extension() const override { return "NWP"; }
  std::string encode(const DiscJob& job, const Placed& placed) const override { return encode_nwp(job, placed); }

  Result<JobStatus> status(const std::string& id) override {
    const auto file = find_job_file(spool_, id, {"NWP", "INP", "DON", "ERR"});  // not ORDER.LOG
    std::vector<std::pair<std::string, std::string>> log;
    if (auto text = read_text(spool_ / (id + ".LOG"))) log = parse_lines(*text, true);
    return rimage_job_status(file ? extension_of(*file) : std::string(), log);
  }
  Result<RobotStatus> robot_status() override {
    RobotStatus r;
    r.online = true;  // no status file is documented for the hot folder (unverified)
    r.model = "Rimage (Network Publisher hot folder, unverified)";
    r.vendor_status = "unknown";
    return r;
  }
  Status cancel(const std::string& id) override {
    // Not documented for the hot folder: a job not yet picked up is withdrawn by removing it.
    if (auto f = find_job_file(spool_, id, {"NWP"})) {
      std::error_code ec;
      fs::remove(*f, ec);
      return {};
    }
    return base::Error{base::ErrorCode::kUnsupported, "a Rimage order already taken cannot be cancelled through the hot folder"};
  }
};

}  // namespace

std::string encode_nwp(const DiscJob& job, const Placed& placed) {
  std::string out;
  auto key = [&](std::string_view k, std::string_view v) { out += fmt::format("{}={}\n", k, one_line(v)); };
  key("order_id", job.id);
  key("filetype", placed.data_is_image ? "IMAGE" : "PARENT");
  key("file", placed.data);
  if (!job.volume.empty()) key("volume", job.volume);
  if (!placed.label.empty()) key("label", placed.label);
  else if (!job.label.template_path.empty()) key("label", job.label.template_path.string());
  if (!placed.label_data.empty()) key("merge", placed.label_data);
  key("copies", std::to_string(job.copies));
  return out;
}

NwpJob parse_nwp(std::string_view text) {
  NwpJob j;
  for (const auto& [k, v] : parse_lines(text, true)) {
    if (k == "order_id") j.order_id = v;
    else if (k == "filetype") j.filetype = v;
    else if (k == "file") j.file = v;
    else if (k == "volume") j.volume = v;
    else if (k == "label") j.label = v;
    else if (k == "merge") j.merge = v;
    else if (k == "copies") j.copies = to_int(v, -1);
  }
  if (j.file.empty()) j.errors.push_back("no file");
  if (j.copies < 1) j.errors.push_back("copies must be at least 1");
  return j;
}

JobStatus rimage_job_status(std::string_view extension, const std::vector<std::pair<std::string, std::string>>& log) {
  JobStatus s;
  std::string error, alert;
  for (const auto& [k, v] : log) {
    if (k == "good") s.good = to_int(v, 0);
    else if (k == "rejected") s.bad = to_int(v, 0);
    else if (k == "copies") s.requested = to_int(v, 0);
    else if (k == "reject") s.rejects.push_back(v);
    else if (k == "error") error = v;
    else if (k == "alert") alert = v;
  }
  s.vendor_state = extension.empty() ? "(file gone)" : "." + std::string(extension);
  if (extension == "NWP") s.phase = JobPhase::kSubmitted;
  else if (extension == "INP") s.phase = JobPhase::kRunning;
  else if (extension == "DON") s.phase = JobPhase::kDone;
  else if (extension == "ERR") s.phase = JobPhase::kFailed;
  if (s.phase == JobPhase::kFailed) s.alert = Alert{Condition::kJobFailed, error.empty() ? "ERR" : error, false};
  if (s.phase == JobPhase::kRunning && !alert.empty()) {
    s.alert = alert_from_words(alert).value_or(Alert{Condition::kJobFailed, alert, true});
    if (s.alert->operator_needed) s.phase = JobPhase::kNeedsOperator;
  }
  return s;
}

Result<std::unique_ptr<Robot>> make_rimage(const fs::path& spool, const RobotOptions& options) {
  return std::unique_ptr<Robot>(std::make_unique<RimageRobot>(spool, options));
}

}  // namespace discus::output::robot
