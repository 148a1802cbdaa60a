#include "output/robot/epson.h"

#include <sys/stat.h>

#include <cctype>

#include <fmt/format.h>

#include "output/robot/vocabulary.h"

namespace discus::output::robot {

using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {

bool valid_job_id(std::string_view id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

// The device's condition: an INFO code in [PUBLISHER1] (the code catalogue was not available,
// robots.md §2.4) read together with the running job's DETAIL_STATUS words.
std::optional<Alert> publisher_alert(const Ini& tdb, const std::string& section) {
  const std::string active = tdb.get("ACTIVE_JOB", "JOB1");
  const std::string detail = active.empty() ? std::string() : tdb.get(active, "DETAIL_STATUS");
  for (int m = 1; m <= 8; ++m) {
    const std::string info = tdb.get(section, fmt::format("INFO{}", m));
    if (info.empty()) continue;
    const std::string words = detail.empty() ? fmt::format("INFO{}={}", m, info) : fmt::format("{} (INFO{}={})", detail, m, info);
    if (auto a = alert_from_words(detail)) {
      a->vendor_words = words;
      return a;
    }
    // A code we cannot read: a person should look.
    return Alert{Condition::kJobFailed, words, true};
  }
  return std::nullopt;
}

class EpsonRobot final : public HotFolderRobot {
 public:
  using HotFolderRobot::HotFolderRobot;
  Vendor vendor() const override { return Vendor::kEpson; }
  Capabilities capabilities() const override {
    Capabilities c;
    c.drives = 2;
    c.bins = {"stacker1", "stacker2"};
    c.media = {"CD", "DVD"};
    c.label_formats = {"tdd", "fields"};
    c.takes_image = false;  // DATA is a folder (or files) TD Bridge writes itself (robots.md §2.2)
    return c;
  }
  std::string_view submit_extension() const override { return "JDF"; }
  std::string encode(const DiscJob& job, const Placed& placed) const override {
    return encode_jdf(job, placed, options_.publisher);
  }
  Status write_merge_file(const DiscJob& job, Placed& placed) const override {
    if (job.label.fields.empty()) return {};
    const fs::path m = placed.folder / "MERGE.DAT";
    DISCUS_CHECK(write_text_atomic(m, label_lines(job.label)));
    placed.merge = map_.translate(m);
    return {};
  }

  Result<JobStatus> status(const std::string& id) override {
    const auto file = find_job_file(spool_, id);
    const Ini tdb = read_status();
    const bool cancelled = find_job_file(spool_, id + "-CANCEL").has_value();
    JobStatus s = epson_job_status(file ? extension_of(*file) : std::string(), tdb, id, cancelled);
    held_by_robot(s, epson_robot_status(tdb));
    return s;
  }

  Result<RobotStatus> robot_status() override {
    RobotStatus r = epson_robot_status(read_status());
    // TD Bridge rewrites the file every 5 s while it runs (§2.4): its mtime is the heartbeat.
    struct stat st {};
    std::string marker;
    if (::stat((spool_ / "TDBStatus.txt").c_str(), &st) == 0) marker = fmt::format("{}.{}", st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    heartbeat(r, marker, marker.empty() ? "no TDBStatus.txt" : "TDBStatus.txt is not being rewritten");
    return r;
  }

  Status cancel(const std::string& id) override {
    // §2.3: any base name, extension .JCF; ours is the job's + "-CANCEL" so status() can see it.
    return write_job_file(spool_, id + "-CANCEL.JCF", fmt::format("[CANCEL]\nJOB_ID={}\n", id));
  }

 private:
  Ini read_status() const { return read_ini(spool_ / "TDBStatus.txt"); }
};

}  // namespace

std::string encode_jdf(const DiscJob& job, const Placed& placed, std::string_view publisher) {
  std::string out = "# Discus disc job\n";
  auto key = [&](std::string_view k, std::string_view v) { out += fmt::format("{}={}\n", k, one_line(v)); };
  key("JOB_ID", job.id);
  if (!publisher.empty()) key("PUBLISHER", publisher.substr(0, 64));
  key("COPIES", std::to_string(job.copies));
  key("DISC_TYPE", job.disc_type == "DVD" ? "DVD" : "CD");
  key("FORMAT", "ISO9660L2");
  key("DATA", placed.data);
  if (!job.volume.empty()) key("VOLUME_LABEL", job.volume);
  if (!job.label.template_path.empty()) key("LABEL", job.label.template_path.string());
  if (!placed.merge.empty()) key("REPLACE_FIELD", placed.merge);
  return out;
}

JdfJob parse_jdf(std::string_view text) {
  JdfJob j;
  for (const auto& [k, v] : parse_lines(text, false)) {
    // Key names are case-sensitive upper case: anything else is ignored as invalid (§2.2).
    if (k == "JOB_ID") j.job_id = v;
    else if (k == "PUBLISHER") j.publisher = v;
    else if (k == "COPIES") j.copies = to_int(v, -1);
    else if (k == "DISC_TYPE") j.disc_type = v;
    else if (k == "FORMAT") j.format = v;
    else if (k == "DATA") j.data.push_back(v.substr(0, v.find('\t')));
    else if (k == "VOLUME_LABEL") j.volume = v;
    else if (k == "LABEL") j.label = v;
    else if (k == "REPLACE_FIELD") j.replace_field = v;
  }
  if (!j.job_id.empty() && !valid_job_id(j.job_id)) j.errors.push_back("JOB_ID: at most 40 of A-Z a-z 0-9 - _");
  if (j.copies < 1 || j.copies > 1000) j.errors.push_back("COPIES must be 1 to 1000");
  if (j.data.empty()) j.errors.push_back("no DATA");
  return j;
}

JobStatus epson_job_status(std::string_view extension, const Ini& tdb, const std::string& id, bool cancel_requested) {
  JobStatus s;
  const int status = tdb.get_int(id, "STATUS", 0);
  s.requested = tdb.get_int(id, "PUBLICATION_NUMBER", 0);
  s.good = tdb.get_int(id, "COMPLETION_NUMBER", 0);
  s.bad = std::max(0, tdb.get_int(id, "ERRORDISC_NUMBER", 0));
  const std::string error = tdb.get(id, "ERROR"), detail = tdb.get(id, "DETAIL_STATUS");
  s.vendor_state = fmt::format("{}, STATUS {}{}{}", extension.empty() ? "(file gone)" : "." + std::string(extension), status,
                               detail.empty() ? "" : ", ", detail);
  for (int i = 0; i < s.bad; ++i) s.rejects.push_back(fmt::format("error disc {} of job {} (ERRORDISC_NUMBER)", i + 1, id));
  auto failed = [&] {
    s.phase = JobPhase::kFailed;
    s.alert = Alert{Condition::kJobFailed, error.empty() ? fmt::format("STATUS {}", status) : fmt::format("ERROR={} {}", error, detail), false};
  };
  if (extension == "JDF") s.phase = JobPhase::kSubmitted;
  else if (extension == "RJD") s.phase = JobPhase::kQueued;
  else if (extension == "INP") s.phase = status == 3 ? JobPhase::kNeedsOperator : JobPhase::kRunning;
  else if (extension == "STP") s.phase = JobPhase::kNeedsOperator;
  else if (extension == "DON")  // the status file may lag the rename: final only once it says so
    s.phase = cancel_requested && s.good < s.requested ? JobPhase::kCancelled
              : status == 5                            ? JobPhase::kFailed
              : status == 4                            ? JobPhase::kDone
                                                       : JobPhase::kRunning;
  else if (extension == "ERR") failed();
  else if (extension.empty()) {
    if (status == 4) s.phase = JobPhase::kDone;
    else if (status == 5 || status == 6) failed();
  }
  if (s.phase == JobPhase::kFailed && !s.alert) failed();
  if (s.phase == JobPhase::kNeedsOperator && !s.alert) {
    s.alert = operator_alert(detail.empty() ? "STP (paused)" : detail, Condition::kLid);
  }
  return s;
}

RobotStatus epson_robot_status(const Ini& tdb) {
  RobotStatus r;
  r.online = tdb.has("PUBLISHER1");
  r.model = tdb.get("PUBLISHER1", "NAME");
  for (int n = 1; n <= 4; ++n) {
    const std::string* v = tdb.find("PUBLISHER1", fmt::format("STACKER{}", n));
    if (v) r.bins.push_back({fmt::format("stacker{}", n), to_int(*v, -1)});
  }
  for (const char* ink : {"C", "M", "Y", "LC", "LM", "B"}) {
    const std::string* v = tdb.find("PUBLISHER1", fmt::format("INK_{}", ink));
    if (v) r.ink[ink] = to_int(*v, 0);
  }
  if (auto a = publisher_alert(tdb, "PUBLISHER1")) {
    r.alerts.push_back(*a);
    r.vendor_status = a->vendor_words;
  } else {
    r.vendor_status = r.online ? "ready" : "";
  }
  return r;
}

Result<std::unique_ptr<Robot>> make_epson(const fs::path& spool, const RobotOptions& options) {
  return std::unique_ptr<Robot>(std::make_unique<EpsonRobot>(spool, options));
}

}  // namespace discus::output::robot
