#include "output/robot/tower.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "output/burn/burner.h"
#include "output/robot/spool.h"
#include "output/verify/verify.h"

namespace discus::output::robot {

using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {

bool is_stdio(const std::string& drive) { return drive.starts_with("stdio:"); }


class Tower final : public Robot {
 public:
  Tower(std::vector<std::string> drives, fs::path state) : drives_(std::move(drives)), state_(std::move(state)) {
    load();
    for (const std::string& d : drives_) workers_.emplace_back([this, d] { work(d); });
  }
  ~Tower() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }

  Vendor vendor() const override { return Vendor::kTower; }
  Capabilities capabilities() const override {
    Capabilities c;
    c.drives = static_cast<int>(drives_.size());
    c.bins = {"operator"};
    c.printer = false;
    c.media = {"CD", "DVD", "BD"};
    c.takes_folder = false;  // libburn writes the image as it is
    return c;
  }

  Status submit(const DiscJob& job) override {
    if (job.image.empty()) return Error{ErrorCode::kInvalidArgument, "the tower burns ISO images"};
    std::lock_guard lock(mu_);
    if (jobs_.count(job.id)) return Error{ErrorCode::kConflict, fmt::format("the tower already has job {}", job.id)};
    Entry& e = jobs_[job.id];
    e.job = job;
    e.status.phase = JobPhase::kQueued;
    e.status.requested = job.copies;
    e.status.vendor_state = "queued";
    for (int k = 0; k < job.copies; ++k) queue_.push_back(job.id);
    DISCUS_CHECK(save(e));  // before the caller records the submit: a restart finds the job
    cv_.notify_all();
    return {};
  }
  bool knows(const std::string& id) override {
    std::lock_guard lock(mu_);
    return jobs_.count(id) != 0;
  }
  Result<JobStatus> status(const std::string& id) override {
    std::lock_guard lock(mu_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return JobStatus{};
    JobStatus s = it->second.status;
    for (const auto& [drive, w] : waiting_)
      if (w.id == id) {
        s.phase = JobPhase::kNeedsOperator;
        s.alert = Alert{Condition::kOutOfMedia, w.prompt, true};
      }
    return s;
  }
  Result<RobotStatus> robot_status() override {
    std::lock_guard lock(mu_);
    RobotStatus r;
    r.online = true;
    r.model = fmt::format("local tower ({} drive{})", drives_.size(), drives_.size() == 1 ? "" : "s");
    r.vendor_status = waiting_.empty() ? "ready" : "waiting for the operator";
    for (const auto& [drive, w] : waiting_) r.alerts.push_back(Alert{Condition::kOutOfMedia, w.prompt, true});
    return r;
  }
  Status cancel(const std::string& id) override {
    std::lock_guard lock(mu_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return Error{ErrorCode::kNotFound, fmt::format("the tower has no job {}", id)};
    std::erase(queue_, id);
    it->second.cancelled = true;
    if (it->second.running == 0) it->second.status.phase = JobPhase::kCancelled;
    return save(it->second);
  }
  // The caller has recorded the job's end: its state file goes.
  void forget(const std::string& id) override {
    std::lock_guard lock(mu_);
    auto it = jobs_.find(id);
    if (it == jobs_.end() || !is_final(it->second.status.phase)) return;
    jobs_.erase(it);
    if (!state_.empty()) {
      std::error_code ec;
      fs::remove(state_ / (id + ".tower"), ec);
    }
  }
  // The person did what the prompt asked (loaded a blank, took the disc).
  Status acknowledge(Condition) override {
    std::lock_guard lock(mu_);
    ++answers_;
    waiting_.clear();
    cv_.notify_all();
    return {};
  }

 private:
  struct Entry {
    DiscJob job;
    JobStatus status;
    int running = 0;
    bool cancelled = false;
    std::map<std::string, int> in_drive;  // drive -> disc number being burned there (persisted)
  };
  struct Waiting {
    std::string id, prompt;
  };

  // Asks a person and waits for the answer; false when the tower stops.
  bool ask(std::unique_lock<std::mutex>& lock, const std::string& drive, const std::string& id, const std::string& prompt) {
    if (is_stdio(drive)) return true;  // the pseudo-drive's blank is an absent file
    const long asked = answers_;
    waiting_[drive] = {id, prompt};
    cv_.wait(lock, [&] { return stop_ || answers_ != asked; });
    waiting_.erase(drive);
    return !stop_;
  }

  // One disc on `drive`: burn, read back, verify; the disc's verdict.
  static Result<bool> make_disc(const std::string& drive, const DiscJob& job, int k, std::string& why) {
    burn::BurnOptions o;
    o.eject = false;
    auto b = burn::burn_image_file(drive, job.image.string(), o);
    if (!b) {
      why = b.error().describe();
      return false;
    }
    auto reader = burn::open_drive_reader(drive);
    if (!reader) {
      why = reader.error().describe();
      return false;
    }
    VerifyOptions vo;
    auto report = verify_medium(**reader, vo);
    reader->reset();
    bool ok = report && report->ok();
    if (!ok) why = !report ? report.error().describe() : report->failures.front().message;
    eject(drive, job.id, k);
    return ok;
  }

  void work(const std::string& drive) {
    std::unique_lock lock(mu_);
    recover(lock, drive);
    for (;;) {
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      const std::string id = queue_.front();
      queue_.pop_front();
      Entry& e = jobs_[id];
      const DiscJob job = e.job;
      const int k = e.status.good + e.status.bad + e.running + 1;
      ++e.running;
      e.status.phase = JobPhase::kRunning;
      e.status.vendor_state = fmt::format("disc {} in {}", k, drive);
      if (!ask(lock, drive, id, fmt::format("load a blank disc into {} for {} (disc {} of {})", drive, id, k, job.copies))) return;
      // Which disc is in which drive is on disk before the burn starts: a restart then knows a
      // disc was being made there (recover()) instead of forgetting it.
      // (A state folder that cannot be written does not stop the burn: the restart then finds
      // the job as it was last saved.)
      e.in_drive[drive] = k;
      (void)save(e);
      lock.unlock();
      std::string why;
      auto ok = make_disc(drive, job, k, why);
      lock.lock();
      Entry& after = jobs_[id];
      --after.running;
      after.in_drive.erase(drive);
      settle(after, drive, k, ok && *ok, ok ? why : ok.error().describe());
      if (!ask(lock, drive, id, fmt::format("take the disc out of {} ({} for {})", drive, ok && *ok ? "good" : "REJECTED: put it aside", id))) return;
      cv_.notify_all();
    }
  }

  // A disc's verdict, counted and saved (mu_ held).
  void settle(Entry& e, const std::string& drive, int k, bool good, const std::string& why) {
    if (good) {
      ++e.status.good;
    } else {
      ++e.status.bad;
      e.status.rejects.push_back(fmt::format("disc {} in {}: {}", k, drive, why));
      if (e.status.bad < 5 && !e.cancelled) queue_.push_back(e.job.id);  // the next blank makes it again
    }
    if (e.status.good >= e.job.copies) e.status.phase = JobPhase::kDone;
    else if (e.cancelled && e.running == 0) e.status.phase = JobPhase::kCancelled;
    else if (e.status.bad >= 5) {
      e.status.phase = JobPhase::kFailed;
      e.status.alert = Alert{Condition::kJobFailed, "5 discs rejected", false};
      std::erase(queue_, e.job.id);
    }
    e.status.vendor_state = fmt::format("{} good, {} rejected", e.status.good, e.status.bad);
    (void)save(e);  // a failed save is seen again at the next change; the count in memory stands
  }

  // ---- state kept across a restart of the service (state_/<id>.tower, written atomically)
  //
  // A job's line says what was asked and counted; "drive=D K" lines name the discs being burned
  // when it was written. After a restart such a disc was interrupted, or finished and not yet
  // counted: its drive reads it back first (recover()); a disc that verifies is counted good
  // ("finished before the restart"), any other is a reject recorded as interrupted, and made again.
  Status save(const Entry& e) const {
    if (state_.empty()) return {};
    std::string text = fmt::format("id={}\nimage={}\ncopies={}\ngood={}\nbad={}\ncancelled={}\nphase={}\n", e.job.id,
                                   e.job.image.string(), e.job.copies, e.status.good, e.status.bad, e.cancelled ? 1 : 0,
                                   to_string(e.status.phase));
    for (const std::string& r : e.status.rejects) text += fmt::format("reject={}\n", r);
    for (const auto& [drive, k] : e.in_drive) text += fmt::format("drive={} {}\n", k, drive);
    return write_job_file(state_, e.job.id + ".tower", text);
  }

  void load() {
    if (state_.empty()) return;
    std::error_code ec;
    fs::create_directories(state_, ec);
    for (fs::directory_iterator it(state_, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() != ".tower") continue;
      auto text = read_text(it->path());
      if (!text) continue;
      Entry e;
      std::string phase;
      for (const auto& [k, v] : parse_lines(*text, false)) {
        if (k == "id") e.job.id = v;
        else if (k == "image") e.job.image = v;
        else if (k == "copies") e.job.copies = to_int(v, 0);
        else if (k == "good") e.status.good = to_int(v, 0);
        else if (k == "bad") e.status.bad = to_int(v, 0);
        else if (k == "cancelled") e.cancelled = v == "1";
        else if (k == "phase") phase = v;
        else if (k == "reject") e.status.rejects.push_back(v);
        else if (k == "drive") {
          const auto sp = v.find(' ');
          if (sp != std::string::npos) e.in_drive[v.substr(sp + 1)] = to_int(v.substr(0, sp), 0);
        }
      }
      if (e.job.id.empty() || e.job.copies < 1) continue;
      e.status.requested = e.job.copies;
      e.status.phase = phase == "done" ? JobPhase::kDone : phase == "failed" ? JobPhase::kFailed
                       : phase == "cancelled"               ? JobPhase::kCancelled
                                                            : JobPhase::kQueued;
      e.status.vendor_state = fmt::format("{} good, {} rejected (before a restart)", e.status.good, e.status.bad);
      if (e.status.phase == JobPhase::kFailed) e.status.alert = Alert{Condition::kJobFailed, "5 discs rejected", false};
      // Discs still to make; those that were in a drive are settled by that drive first.
      const int pending = is_final(e.status.phase) || e.cancelled ? 0
                          : e.job.copies - e.status.good - static_cast<int>(e.in_drive.size());
      for (auto at = e.in_drive.begin(); at != e.in_drive.end();) {
        const auto& [drive, k] = *at;
        if (std::find(drives_.begin(), drives_.end(), drive) != drives_.end()) {
          ++e.running;  // its drive reads it back first
          ++at;
          continue;
        }
        // Its drive is not ours any more: the disc cannot be read back, so it is a reject.
        ++e.status.bad;
        e.status.rejects.push_back(fmt::format("disc {} in {}: interrupted by a restart of the service; {} is no longer "
                                               "a drive of this tower: put the disc aside", k, drive, drive));
        queue_.push_back(e.job.id);
        at = e.in_drive.erase(at);
      }
      for (int n = 0; n < pending; ++n) queue_.push_back(e.job.id);
      jobs_[e.job.id] = std::move(e);
    }
  }

  // A disc this drive was burning when the service stopped: read back and counted, or rejected
  // as interrupted (mu_ held through `lock`, released while the disc is read).
  void recover(std::unique_lock<std::mutex>& lock, const std::string& drive) {
    for (auto& [id, e] : jobs_) {
      auto at = e.in_drive.find(drive);
      if (at == e.in_drive.end()) continue;
      const int k = at->second;
      const DiscJob job = e.job;
      lock.unlock();
      std::string why;
      bool good = false;
      // A pseudo-drive's disc may already be out (killed between the eject and the count).
      std::string from = drive;
      std::error_code ec;
      if (is_stdio(drive) && !fs::exists(drive.substr(6), ec) && fs::exists(ejected(drive, job.id, k), ec))
        from = "stdio:" + ejected(drive, job.id, k).string();
      if (is_stdio(from) && !fs::exists(from.substr(6), ec)) {
        why = "nothing was written yet: no disc to put aside";  // the pseudo-drive's blank is an absent file
      } else if (auto reader = burn::open_drive_reader(from); reader) {
        auto report = verify_medium(**reader, VerifyOptions{});
        reader->reset();
        good = report && report->ok();
        why = !report ? report.error().describe() : good ? "" : report->failures.front().message;
        if (from == drive) eject(drive, job.id, k);
      } else {
        why = reader.error().describe();
      }
      lock.lock();
      Entry& after = jobs_[id];
      --after.running;
      after.in_drive.erase(drive);
      settle(after, drive, k, good,
             why.starts_with("nothing was written")
                 ? fmt::format("interrupted by a restart of the service before the burn began ({})", why)
                 : fmt::format("interrupted by a restart of the service (read back: {}): put the disc aside", why));
      if (good) after.status.vendor_state += fmt::format(" (disc {} in {} finished before the restart: read back and verified)", k, drive);
      cv_.notify_all();
      return;  // a drive holds one disc
    }
  }

  static fs::path ejected(const std::string& drive, const std::string& id, int k) {
    return fs::path(drive.substr(6) + fmt::format(".{}-{}.iso", id, k));
  }
  static void eject(const std::string& drive, const std::string& id, int k) {
    if (is_stdio(drive)) {
      // "Eject": the image file leaves the pseudo-drive for its own name; the next blank is absent.
      std::error_code ec;
      fs::rename(fs::path(drive.substr(6)), ejected(drive, id, k), ec);
    } else {
      (void)burn::eject(drive);
    }
  }

  std::vector<std::string> drives_;
  fs::path state_;  // empty: nothing kept across a restart
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Entry> jobs_;
  std::deque<std::string> queue_;
  std::map<std::string, Waiting> waiting_;
  long answers_ = 0;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace

std::unique_ptr<Robot> make_tower(const std::vector<std::string>& drives, const fs::path& state_dir) {
  return std::make_unique<Tower>(drives, state_dir);
}

}  // namespace discus::output::robot
