#include "output/robot/simulator.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <deque>
#include <fstream>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "output/iso/iso_writer.h"
#include "output/robot/epson.h"
#include "output/robot/primera.h"
#include "output/robot/rimage.h"
#include "output/robot/spool.h"

namespace discus::output::robot {

using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;
using Clock = std::chrono::steady_clock;

Result<SimFailure> parse_sim_failure(std::string_view text) {
  static constexpr std::string_view kKinds[] = {"out-of-blanks", "reject", "printer", "lid", "restart"};
  const auto colon = text.find(':');
  SimFailure f;
  f.kind = std::string(text.substr(0, colon));
  if (std::find(std::begin(kKinds), std::end(kKinds), f.kind) == std::end(kKinds) || colon == std::string_view::npos)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("--fail {}: KIND:N with KIND out-of-blanks, reject, printer, lid or restart", text)};
  const std::string_view n = text.substr(colon + 1);
  const auto r = std::from_chars(n.data(), n.data() + n.size(), f.after);
  if (r.ec != std::errc() || r.ptr != n.data() + n.size() || f.after < 0)
    return Error{ErrorCode::kInvalidArgument, fmt::format("--fail {}: N is a number of discs (0 or more)", text)};
  return f;
}

namespace {

enum class Trouble { kNone, kOutOfBlanks, kLid, kPrinter };

struct SimJob {
  std::string base;       // the job file's base name
  std::string id;         // JobID / JOB_ID / order_id (the base name when absent)
  std::string ext;        // current extension (upper case)
  std::string image, data;  // what to burn
  int copies = 1, good = 0, bad = 0;
  std::vector<std::pair<int, std::string>> disc_errors;  // number, words
  LabelData label;
  std::string delete_folder;  // PTBurn DeleteFiles=YES: the first-level sub-folder of the spool
  int job_error = 0;
  std::string job_error_string;
  bool cancelled = false, finished = false;
  std::string created, started, completed;
  Clock::time_point finished_at{};
};

std::string now_text() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%m/%d/%Y %I:%M:%S %p", &tm);  // PTBurn's MM/DD/YYYY hh:mm:ss AM|PM
  return buf;
}


class Simulator {
 public:
  explicit Simulator(const SimOptions& o) : o_(o) {
    if (o_.tick_ms <= 0) o_.tick_ms = o_.vendor == Vendor::kEpson ? 5000 : 2000;
    if (o_.restart_ms <= 0) o_.restart_ms = 3 * o_.tick_ms;
    if (o_.disc_ms < 0) o_.disc_ms = 0;
    blanks_ = o_.blanks;
    failures_ = o_.failures;
  }
  Status run(const std::atomic<bool>& stop);

 private:
  void say(const std::string& s) {
    if (o_.say) o_.say(s);
  }
  std::string submit_ext() const { return o_.vendor == Vendor::kPrimera ? "JRQ" : o_.vendor == Vendor::kEpson ? "JDF" : "NWP"; }
  std::string queued_ext() const { return o_.vendor == Vendor::kPrimera ? "QRJ" : o_.vendor == Vendor::kEpson ? "RJD" : "NWP"; }
  void rename(SimJob& j, const std::string& ext);
  void scan();
  void accept(const fs::path& file);
  void messages();
  void operator_actions();
  void work();
  void make_disc(SimJob& j, bool reject, const std::string& why);
  void finish(SimJob& j, bool ok);
  void write_status();
  void write_primera_status();
  void write_epson_status();
  void write_rimage_logs();
  void cleanup();
  SimJob* current();
  std::string trouble_words() const;

  SimOptions o_;
  int blanks_ = -1;
  int discs_ = 0;  // discs made in this run, good or rejected
  std::vector<SimFailure> failures_;
  bool reject_next_ = false;
  Trouble trouble_ = Trouble::kNone;
  Clock::time_point last_disc_ = Clock::now(), last_status_{}, restart_until_{};
  bool restarting_ = false;
  long tick_count_ = 1000;
  std::deque<SimJob> jobs_;      // in submission order; finished ones stay until cleanup
  std::set<std::string> seen_;   // base names taken (never taken twice)
};

void Simulator::rename(SimJob& j, const std::string& ext) {
  std::error_code ec;
  const fs::path from = o_.spool / (j.base + "." + j.ext);
  const fs::path to = o_.spool / (j.base + "." + ext);
  fs::rename(from, to, ec);
  if (ec) say(fmt::format("cannot rename {}: {}", from.string(), ec.message()));
  j.ext = ext;
}

void Simulator::accept(const fs::path& file) {
  SimJob j;
  j.base = file.stem().string();
  j.ext = upper(file.extension().string().substr(1));
  j.created = now_text();
  seen_.insert(upper(j.base));
  auto text = read_text(file);
  std::vector<std::string> errors;
  if (!text) errors.push_back(text.error().describe());
  else if (o_.vendor == Vendor::kPrimera) {
    JrqJob r = parse_jrq(*text);
    j.id = r.job_id.empty() ? j.base : r.job_id;
    j.image = r.image_file;
    j.data = r.data;
    j.copies = r.copies;
    errors = r.errors;
    if (!r.print_label.empty()) {
      const fs::path p(r.print_label);
      if (p.extension() == ".std" || p.extension() == ".STD") {
        for (std::size_t i = 0; i < r.merge_fields.size(); ++i) j.label.fields.push_back({fmt::format("MergeField{}", i + 1), r.merge_fields[i]});
        j.label.template_path = p;
      } else {
        j.label.image = p;
      }
    }
    // DeleteFiles only touches a sub-folder of the shared job folder (SDK §2.1.7).
    if (r.delete_files) {
      const fs::path data = fs::path(r.image_file.empty() ? r.data : r.image_file).lexically_normal();
      const fs::path rel = data.lexically_relative(o_.spool);
      if (!rel.empty() && *rel.begin() != ".." && rel.begin() != rel.end() && std::next(rel.begin()) != rel.end())
        j.delete_folder = (o_.spool / *rel.begin()).string();
    }
  } else if (o_.vendor == Vendor::kEpson) {
    JdfJob r = parse_jdf(*text);
    j.id = r.job_id.empty() ? j.base : r.job_id;
    j.data = r.data.empty() ? std::string() : r.data.front();
    j.copies = r.copies;
    errors = r.errors;
    j.label.template_path = r.label;
    if (!r.replace_field.empty())
      if (auto m = read_text(r.replace_field))
        for (auto& kv : parse_lines(*m, false)) j.label.fields.push_back(kv);
  } else {
    NwpJob r = parse_nwp(*text);
    j.id = r.order_id.empty() ? j.base : r.order_id;
    (r.filetype == "IMAGE" ? j.image : j.data) = r.file;
    j.copies = r.copies;
    errors = r.errors;
    if (!r.merge.empty())
      if (auto m = read_text(r.merge))
        for (auto& kv : parse_lines(*m, true)) j.label.fields.push_back(kv);
    if (!r.label.empty()) j.label.image = r.label;
  }
  std::error_code ec;
  const std::string source = j.image.empty() ? j.data : j.image;
  // Until a label is rendered for the job (PTBurn takes a finished JPG/BMP), the merge fields
  // Discus leaves beside the data (LABEL.TXT) stand for what the robot prints.
  if (j.label.fields.empty() && !source.empty())
    if (auto t = read_text(fs::path(source).parent_path() / "LABEL.TXT"))
      for (auto& kv : parse_lines(*t, false)) j.label.fields.push_back(kv);
  if (errors.empty() && (source.find('\\') != std::string::npos || !fs::exists(source, ec)))
    errors.push_back(fmt::format("files to burn invalid: {}", source));
  {
    std::ofstream log(o_.out / "jobs.log", std::ios::app);
    log << j.id << "\n";
  }
  if (!errors.empty()) {
    j.job_error = o_.vendor == Vendor::kPrimera ? (errors.front().starts_with("files") ? 4 : 8) : 1;
    j.job_error_string = errors.front();
    say(fmt::format("{}: refused: {}", j.base, errors.front()));
    jobs_.push_back(std::move(j));
    finish(jobs_.back(), false);
    return;
  }
  say(fmt::format("{}: accepted ({} cop{})", j.id, j.copies, j.copies == 1 ? "y" : "ies"));
  jobs_.push_back(std::move(j));
  if (queued_ext() != jobs_.back().ext) rename(jobs_.back(), queued_ext());
}

void Simulator::scan() {
  std::error_code ec;
  std::vector<fs::path> found;
  for (fs::directory_iterator it(o_.spool, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.filename().string().starts_with(".") || !it->is_regular_file(ec)) continue;
    if (upper(p.extension().string()) != "." + submit_ext()) continue;
    if (seen_.count(upper(p.stem().string()))) continue;
    found.push_back(p);
  }
  // Oldest first, as a watcher that polls would find them.
  std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
    std::error_code e;
    return fs::last_write_time(a, e) < fs::last_write_time(b, e);
  });
  for (const fs::path& p : found) accept(p);
}

void Simulator::messages() {
  std::error_code ec;
  for (fs::directory_iterator it(o_.spool, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path p = it->path();
    const std::string ext = upper(p.extension().string());
    if (p.filename().string().starts_with(".")) continue;
    if (o_.vendor == Vendor::kPrimera && ext == ".PTM") {
      auto text = read_text(p);
      std::string message;
      if (text)
        for (auto& [k, v] : parse_lines(*text, true))
          if (upper(k) == "MESSAGE") message = upper(v);
      if (message == "ABORT")
        for (SimJob& j : jobs_)
          if (!j.finished && upper(j.base) == upper(p.stem().string())) {
            j.cancelled = true;
            j.job_error = 16;
            j.job_error_string = "Job aborted";
            finish(j, false);
          }
      say(fmt::format("message {}", message));
      fs::remove(p, ec);
    } else if (o_.vendor == Vendor::kEpson && ext == ".JCF") {
      auto text = read_text(p);
      std::string id;
      if (text)
        for (auto& [k, v] : parse_lines(*text, false))
          if (k == "JOB_ID") id = v;
      bool done = false;
      for (SimJob& j : jobs_)
        if (!j.finished && j.id == id) {
          j.cancelled = true;
          finish(j, true);  // §2.3: a cancelled job ends .DON
          done = true;
        }
      fs::rename(p, p.parent_path() / (p.stem().string() + (done ? ".CDN" : ".CER")), ec);
    }
  }
}

void Simulator::operator_actions() {
  std::error_code ec;
  const fs::path dir = o_.out / "operator";
  if (fs::exists(dir / "refill", ec)) {
    int n = 100;
    if (auto t = read_text(dir / "refill")) {
      const auto r = std::from_chars(t->data(), t->data() + t->size(), n);
      if (r.ec != std::errc()) n = 100;
    }
    blanks_ = n;
    fs::remove(dir / "refill", ec);
    if (trouble_ == Trouble::kOutOfBlanks) trouble_ = Trouble::kNone;
    say(fmt::format("operator: {} blanks loaded", n));
  }
  for (auto [file, t] : {std::pair{"close-lid", Trouble::kLid}, std::pair{"fix-printer", Trouble::kPrinter}}) {
    if (!fs::exists(dir / file, ec)) continue;
    fs::remove(dir / file, ec);
    if (trouble_ != t) continue;
    trouble_ = Trouble::kNone;
    say(fmt::format("operator: {}", file));
    if (t == Trouble::kLid && o_.vendor == Vendor::kEpson)
      if (SimJob* j = current(); j && j->ext == "STP") rename(*j, "INP");
  }
}

SimJob* Simulator::current() {
  for (SimJob& j : jobs_)
    if (!j.finished) return &j;
  return nullptr;
}

std::string Simulator::trouble_words() const {
  switch (trouble_) {
    case Trouble::kOutOfBlanks: return "Out of Discs";
    case Trouble::kLid: return "Cover Open";
    case Trouble::kPrinter: return "Printer Offline";
    default: return "System OK";
  }
}

void Simulator::make_disc(SimJob& j, bool reject, const std::string& why) {
  const int k = j.good + j.bad + 1;
  std::error_code ec;
  const fs::path folder = reject ? o_.out / "reject" : o_.out;
  fs::create_directories(folder, ec);
  const fs::path disc = folder / fmt::format("{}-{}.iso", j.id, k);
  Status made;
  if (!j.image.empty()) {
    auto p = place(j.image, disc);
    if (!p) made = p.error();
  } else {
    iso::IsoOptions io;
    io.sync = false;
    if (!fs::exists(fs::path(j.data) / "DICOMDIR", ec)) {
      io.volume_id_from_dicomdir = false;  // not a file-set: a volume name of our own
      io.volume_id = "DISCUS";
    }
    auto p = iso::write_iso(j.data, disc.string(), io);
    if (!p) made = p.error();
  }
  ++discs_;
  if (blanks_ > 0) --blanks_;
  if (!made) {
    reject = true;
    say(fmt::format("{}: disc {}: {}", j.id, k, made.error().describe()));
  }
  if (reject) {
    ++j.bad;
    j.disc_errors.push_back({why.empty() ? 18 : 19, why.empty() ? "Recording error" : why});
    say(fmt::format("{}: disc {} rejected{}", j.id, k, why.empty() ? "" : ": " + why));
    return;
  }
  ++j.good;
  const fs::path base = o_.out / fmt::format("{}-{}", j.id, k);
  if (o_.print_label) {
    if (auto st = o_.print_label(j.label, base); !st) say(fmt::format("{}: label: {}", j.id, st.error().describe()));
  } else {
    std::string text;
    for (const auto& [key, v] : j.label.fields) text += key + "=" + v + "\n";
    (void)write_text_atomic(base.string() + ".label.txt", text);
    if (!j.label.image.empty()) {
      auto p = place(j.label.image, base.string() + ".label" + j.label.image.extension().string());
      if (!p) say(fmt::format("{}: label image: {}", j.id, p.error().describe()));
    }
  }
  say(fmt::format("{}: disc {} good ({} of {})", j.id, k, j.good, j.copies));
}

void Simulator::finish(SimJob& j, bool ok) {
  j.finished = true;
  j.completed = now_text();
  j.finished_at = Clock::now();
  std::string ext = ok ? "DON" : "ERR";
  write_status();  // the final counts first, then the rename that tells the client
  rename(j, ext);
  if (!j.delete_folder.empty()) {
    std::error_code ec;
    fs::remove_all(j.delete_folder, ec);
  }
  say(fmt::format("{}: {} ({} good, {} rejected)", j.id, ext, j.good, j.bad));
}

void Simulator::work() {
  SimJob* j = current();
  if (!j) return;
  if (j->ext != "INP" && j->ext != "STP") {
    j->started = now_text();
    rename(*j, "INP");
  }
  if (trouble_ != Trouble::kNone) return;
  if (Clock::now() - last_disc_ < std::chrono::milliseconds(o_.disc_ms)) return;
  for (SimFailure& f : failures_) {
    if (f.after != discs_ || f.kind.empty()) continue;
    const std::string kind = f.kind;
    f.kind.clear();  // fired
    say(fmt::format("injected: {} after {} discs", kind, discs_));
    if (kind == "out-of-blanks") blanks_ = 0;
    else if (kind == "reject") reject_next_ = true;
    else if (kind == "lid") trouble_ = Trouble::kLid;
    else if (kind == "printer") trouble_ = Trouble::kPrinter;
    else if (kind == "restart") {
      // The software goes away mid-disc: that disc is lost (rejected), the status files stop.
      make_disc(*j, true, "Disc lost: robot software restarted");
      restarting_ = true;
      restart_until_ = Clock::now() + std::chrono::milliseconds(o_.restart_ms);
      return;
    }
  }
  if (blanks_ == 0) trouble_ = Trouble::kOutOfBlanks;
  if (trouble_ != Trouble::kNone) {
    if (trouble_ == Trouble::kLid && o_.vendor == Vendor::kEpson) rename(*j, "STP");
    say(fmt::format("{}: waits: {}", j->id, trouble_words()));
    write_status();
    return;
  }
  last_disc_ = Clock::now();
  const bool reject = reject_next_;
  reject_next_ = false;
  make_disc(*j, reject, reject ? "Verify error" : "");
  if (j->good >= j->copies) finish(*j, true);
  else if (j->bad >= 5) {
    j->job_error = 20;
    j->job_error_string = "Too many rejects";
    finish(*j, false);
  }
}

void Simulator::write_primera_status() {
  const std::string robot = "Disc Publisher SIM";
  const int bin = blanks_ < 0 ? 100 : blanks_;
  const int sys_error = trouble_ == Trouble::kNone ? 0 : 100 + static_cast<int>(trouble_);  // simulator's own numbers
  const std::string sys_words = trouble_ == Trouble::kNone ? "" : trouble_words();
  std::vector<const SimJob*> active, done;
  for (const SimJob& j : jobs_) (j.finished ? done : active).push_back(&j);
  std::reverse(done.begin(), done.end());  // most recent first
  std::string sys = fmt::format(
      "[RobotList]\nRobot0={0}\n\n[{0}]\nSysErrorString={1}\nSysErrorNumber={2}\nSystemDrives=2\nRobotType=5\nNumJobs={3}\n"
      "Status={4}\nStatusFile={0}.txt\nDiscsInRightBin={5}\nDiscsInLeftBin=-1\n\n[System]\nSysErrorString={1}\nSysErrorNumber={2}\n"
      "ServerTickCount={6}\nServerTime={7}\nDriveSpace=100000\nPtburnSWVer=discus robot-sim\nJobProcSWVer=discus robot-sim\n"
      "PTRobotVer=discus robot-sim\n",
      robot, sys_words, sys_error, active.size(), trouble_words(), bin, tick_count_, now_text());
  std::string rf = "[JobList]\n";
  for (std::size_t i = 0; i < active.size(); ++i) rf += fmt::format("Job{}={}\n", i, active[i]->base);
  rf += "\n[CompletedJobs]\n";
  for (std::size_t i = 0; i < done.size(); ++i) rf += fmt::format("Job{}={}\n", i, done[i]->base);
  int discs_ahead = 0;
  for (std::size_t i = 0; i < jobs_.size(); ++i) {
    const SimJob& j = jobs_[i];
    int state = 0, css = 17;
    std::string current = "Job initializing";
    if (j.finished) {
      const bool ok = j.job_error == 0 && !j.cancelled;
      state = ok ? 2 : 3;
      css = j.cancelled ? 13 : ok ? 10 : 15;
      current = j.cancelled ? "Job aborted" : ok ? "Job complete" : "Job failed";
    } else if (j.ext == "INP") {
      state = 1;
      css = trouble_ == Trouble::kPrinter ? 6 : trouble_ == Trouble::kNone ? 0 : 11;
      current = trouble_ == Trouble::kPrinter ? "Waiting for printer" : trouble_ == Trouble::kNone ? "Recording" : trouble_words();
    } else {
      css = 14;
    }
    rf += fmt::format(
        "\n[{}]\nJobID={}\nClientID=discus\nJobsAhead={}\nDiscsAhead={}\nDiscsRemaining={}\nGoodDiscs={}\nBadDiscs={}\n"
        "CurrentStatus={}\nTimeCreated={}\nTimeStarted={}\nTimeCompleted={}\nJobState={}\nJobErrorNumber={}\nJobErrorString={}\n"
        "CurrentStatusState={}\n",
        j.base, j.id, j.finished ? 0 : static_cast<int>(i), discs_ahead, std::max(0, j.copies - j.good), j.good, j.bad, current,
        j.created, j.started, j.completed, state, j.job_error, j.job_error_string, css);
    for (std::size_t x = 0; x < j.disc_errors.size() && x < 10; ++x)
      rf += fmt::format("DiscErrorIndex{0}={1}\nDiscErrorNumber{0}={2}\nDiscErrorString{0}={3}\n", x, x + 1, j.disc_errors[x].first,
                        j.disc_errors[x].second);
    if (!j.finished) discs_ahead += std::max(0, j.copies - j.good);
  }
  rf += fmt::format(
      "\n[System]\nSystemDesc={}\nSystemStatus={}\nSystemDrives=2\nSysErrorString={}\nSysErrorNumber={}\nDiscsInRightBin={}\n"
      "DiscsInLeftBin=-1\nCartridgeType0=1\nCartridgeFill0=80\nCartridgeType1=2\nCartridgeFill1=90\nRoboFWVer=sim\n",
      robot, trouble_words(), sys_words, sys_error, bin);
  std::error_code ec;
  fs::create_directories(o_.spool / "Status", ec);
  (void)write_text_atomic(o_.spool / "Status" / (robot + ".txt"), rf);
  (void)write_text_atomic(o_.spool / "Status" / "SystemStatus.txt", sys);
}

void Simulator::write_epson_status() {
  std::string active = "[ACTIVE_JOB]\n", complete = "[COMPLETE_JOB]\n", sections;
  int a = 0, c = 0;
  for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it)
    if (it->finished) complete += fmt::format("JOB{}={}\n", ++c, it->id);
  for (const SimJob& j : jobs_) {
    if (!j.finished) active += fmt::format("JOB{}={}\n", ++a, j.id);
    int status = 1;
    if (j.finished) status = j.job_error != 0 ? 5 : 4;
    else if (j.ext == "STP") status = 3;
    else if (j.ext == "INP") status = 2;
    std::string detail;
    if (!j.finished && j.ext != "RJD" && trouble_ != Trouble::kNone && &j == &*std::find_if(jobs_.begin(), jobs_.end(), [](const SimJob& x) { return !x.finished; }))
      detail = trouble_ == Trouble::kOutOfBlanks ? "No blank disc in stacker (Out of Discs)" : trouble_words();
    sections += fmt::format(
        "\n[{}]\nPUBLISHER=PP-100 SIM\nSTATUS={}\nPUBLICATION_NUMBER={}\nCOMPLETION_NUMBER={}\nERRORDISC_NUMBER={}\nTYPE=DATA\n"
        "IN_STACKER=1\nOUT_STACKER=2\nESTIMATION_TIME={}\nESTIMATION_TIME_REMAIN={}\nERROR={}\nDETAIL_STATUS={}\n",
        j.id, status, j.copies, j.good, j.bad, j.copies * o_.disc_ms / 1000, std::max(0, j.copies - j.good) * o_.disc_ms / 1000,
        j.job_error ? std::to_string(j.job_error) : "", detail.empty() ? j.job_error_string : detail);
  }
  std::string pub = fmt::format("\n[PUBLISHER1]\nNAME=PP-100 SIM\nSTACKER1={}\nSTACKER2=0\nSTACKER3=-1\nSTACKER4=-1\n"
                                "INK_C=80\nINK_M=80\nINK_Y=80\nINK_LC=80\nINK_LM=80\nINK_B=80\n",
                                blanks_ < 0 ? 100 : blanks_);
  if (trouble_ != Trouble::kNone) pub += fmt::format("INFO1=SIM{}\n", 100 + static_cast<int>(trouble_));
  (void)write_text_atomic(o_.spool / "TDBStatus.txt", active + "\n" + complete + sections + pub);
}

void Simulator::write_rimage_logs() {
  for (const SimJob& j : jobs_) {
    std::string log = fmt::format("order_id={}\ncopies={}\ngood={}\nrejected={}\n", j.id, j.copies, j.good, j.bad);
    for (const auto& [n, words] : j.disc_errors) log += fmt::format("reject={}\n", words);
    if (j.job_error) log += fmt::format("error={}\n", j.job_error_string);
    if (!j.finished && trouble_ != Trouble::kNone && &j == current()) log += fmt::format("alert={}\n", trouble_words());
    (void)write_text_atomic(o_.spool / (j.base + ".LOG"), log);
  }
}

void Simulator::write_status() {
  if (restarting_) return;
  ++tick_count_;
  last_status_ = Clock::now();
  if (o_.vendor == Vendor::kPrimera) write_primera_status();
  else if (o_.vendor == Vendor::kEpson) write_epson_status();
  else write_rimage_logs();
}

void Simulator::cleanup() {
  const auto now = Clock::now();
  while (!jobs_.empty() && jobs_.front().finished && now - jobs_.front().finished_at > std::chrono::milliseconds(o_.status_time_ms)) {
    std::error_code ec;
    fs::remove(o_.spool / (jobs_.front().base + "." + jobs_.front().ext), ec);
    jobs_.pop_front();
  }
}

Status Simulator::run(const std::atomic<bool>& stop) {
  std::error_code ec;
  fs::create_directories(o_.out / "reject", ec);
  fs::create_directories(o_.out / "operator", ec);
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create {}: {}", o_.out.string(), ec.message())};
  if (!fs::is_directory(o_.spool, ec)) return Error{ErrorCode::kNotFound, fmt::format("the spool {} is not a folder", o_.spool.string())};
  // A restarted simulator knows the jobs it finished before (the job files say so).
  for (fs::directory_iterator it(o_.spool, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && upper(it->path().extension().string()) != "." + submit_ext())
      seen_.insert(upper(it->path().stem().string()));
  const auto step = std::chrono::milliseconds(std::clamp(std::min(o_.tick_ms, std::max(o_.disc_ms, 20)) / 4, 5, 100));
  write_status();
  while (!stop.load()) {
    std::this_thread::sleep_for(step);
    if (restarting_) {
      if (Clock::now() < restart_until_) continue;
      restarting_ = false;
      say("software restarted");
    }
    scan();
    messages();
    operator_actions();
    work();
    if (Clock::now() - last_status_ >= std::chrono::milliseconds(o_.tick_ms)) write_status();
    cleanup();
  }
  return {};
}

}  // namespace

Status run_simulator(const SimOptions& options, const std::atomic<bool>& stop) {
  Simulator s(options);
  return s.run(stop);
}

}  // namespace discus::output::robot
