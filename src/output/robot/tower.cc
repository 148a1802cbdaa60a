#include "output/robot/tower.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "output/burn/burner.h"
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
  explicit Tower(std::vector<std::string> drives) : drives_(std::move(drives)) {
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
    return {};
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
    if (is_stdio(drive)) {
      // "Eject": the image file leaves the pseudo-drive for its own name; the next blank is absent.
      const fs::path file(drive.substr(6));
      std::error_code ec;
      fs::rename(file, fs::path(file.string() + fmt::format(".{}-{}.iso", job.id, k)), ec);
    } else {
      (void)burn::eject(drive);
    }
    return ok;
  }

  void work(const std::string& drive) {
    std::unique_lock lock(mu_);
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
      lock.unlock();
      std::string why;
      auto ok = make_disc(drive, job, k, why);
      lock.lock();
      Entry& after = jobs_[id];
      --after.running;
      if (ok && *ok) {
        ++after.status.good;
      } else {
        ++after.status.bad;
        after.status.rejects.push_back(fmt::format("disc {} in {}: {}", k, drive, ok ? why : ok.error().describe()));
        if (after.status.bad < 5 && !after.cancelled) queue_.push_back(id);  // the next blank makes it again
      }
      if (!ask(lock, drive, id, fmt::format("take the disc out of {} ({} for {})", drive, ok && *ok ? "good" : "REJECTED: put it aside", id))) return;
      if (after.status.good >= after.job.copies) after.status.phase = JobPhase::kDone;
      else if (after.cancelled && after.running == 0) after.status.phase = JobPhase::kCancelled;
      else if (after.status.bad >= 5) {
        after.status.phase = JobPhase::kFailed;
        after.status.alert = Alert{Condition::kJobFailed, "5 discs rejected", false};
        std::erase(queue_, id);
      }
      after.status.vendor_state = fmt::format("{} good, {} rejected", after.status.good, after.status.bad);
      cv_.notify_all();
    }
  }

  std::vector<std::string> drives_;
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

std::unique_ptr<Robot> make_tower(const std::vector<std::string>& drives) { return std::make_unique<Tower>(drives); }

}  // namespace discus::output::robot
