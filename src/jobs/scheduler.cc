#include "jobs/scheduler.h"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "jobs/devices.h"
#include "jobs/robot_runner.h"
#include "jobs/secrets.h"
#include "jobs/steps.h"
#include "output/burn/burner.h"

namespace discus::jobs {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

// app::Context's UidSource is not thread-safe and two lanes may stage at once.
class LockedUids final : public base::UidSource {
 public:
  explicit LockedUids(base::UidSource* inner) : inner_(inner) {}
  std::string next() override {
    std::lock_guard lock(mutex_);
    return inner_->next();
  }

 private:
  base::UidSource* inner_;
  std::mutex mutex_;
};

// A job in this station's hands: claimed, waiting for a lane or running in one.
struct Held {
  explicit Held(Job j) : job(std::move(j)) {}
  Job job;
  app::CancelToken cancel;        // the job was lost (cancelled, held, given away): stop now
  app::CancelToken stage_cancel;  // also on a graceful stop: staging is redone later anyway
  std::atomic<bool> lost{false};
  bool assigned = false;  // guarded by the scheduler's mutex
};

struct Lane {
  std::string device;  // empty for an image lane
  DeviceKind kind = DeviceKind::kStdio;
  bool image = false;
  RobotDevice* robot = nullptr;  // a robot's lane (issue 18)
  std::string source = "configured", model;
  std::thread thread;
  // Guarded by the scheduler's mutex.
  bool present = true, busy = false;
  JobId job = 0, reserved = 0;  // reserved: a real drive holding this job's unsettled disc
  int n = 0;
};

// Forwards a use case's progress to the API's listener, tagged with the job and copy.
class Forward final : public app::Progress {
 public:
  Forward(const SchedulerOptions& o, JobId job, int n) : o_(o), job_(job), n_(n) {}
  void on_progress(const app::ProgressEvent& e) override {
    if (o_.on_progress) o_.on_progress({job_, n_, e});
  }

 private:
  const SchedulerOptions& o_;
  JobId job_;
  int n_;
};


class SchedulerImpl final : public Scheduler {
 public:
  SchedulerImpl(Repository& repo, const app::Context& context, SchedulerOptions options)
      : repo_(repo), uids_(context.uids), context_(context), o_(std::move(options)) {
    context_.uids = &uids_;
    if (o_.lease_ms < 300) o_.lease_ms = 300;
    if (o_.poll_ms <= 0) o_.poll_ms = 250;
    if (o_.image_lanes < 1) o_.image_lanes = 1;
    if (o_.max_attempts < 1) o_.max_attempts = 1;
  }
  ~SchedulerImpl() override {
    request_stop();
    join();
  }

  Status prepare();
  void launch();
  void request_stop() override;
  void join() override;
  void wake() override {
    std::lock_guard lock(mu_);
    wake_ = true;
    cv_.notify_all();
  }
  std::vector<DeviceStatus> devices() const override;

 private:
  template <typename F>
  auto locked(F f) {
    std::lock_guard lock(repo_mu_);
    return f(repo_);
  }
  template <typename... A>
  void log(base::LogLevel level, fmt::format_string<A...> f, A&&... a) {
    if (!o_.log) return;
    const std::string text = fmt::format(f, std::forward<A>(a)...);
    if (level >= base::LogLevel::kWarn) o_.log->warn("{}", text);
    else o_.log->info("{}", text);
  }

  Status settle_trays();
  Status purge_settled();
  void add_lane(const Device& d);  // mu_ held
  bool can_serve(const Lane& lane, const Held& h) const;
  bool servable_somewhere(const Held& h) const;
  bool want_claim() const;
  std::shared_ptr<Held> next_for(const Lane& lane);

  void dispatch_loop();
  void heartbeat_loop();
  void watch_loop();
  void lane_loop(Lane* lane);

  void run_job(Lane& lane, Held& h);
  Status drive_job(Lane& lane, Held& h);
  Status robot_job(Lane& lane, Held& h);
  Status make_copy(Lane& lane, Held& h, const Job& job, Copy c, const steps::Staged& staged);
  Status read_back_suspect(Lane& lane, Held& h, const Job& job, Copy c);
  Status settle(Held& h, const Job& job, Copy& c, const std::string& target, bool drive,
                std::string_view why_prefix = {});
  Status change(const Job& job, Copy& c, CopyState to, const std::string& output, const std::string& reason);
  // The job's staged PHI removed (or kept, when asked) through the audit hook when there is one.
  Status purge(const Job& job) {
    return o_.purge_job ? o_.purge_job(job) : steps::purge_staging(o_.state_dir, job, o_.on_purge);
  }
  Status finish(JobId id, JobState to, const std::string& reason);
  Status stop_after_copy(const Job& job);
  steps::PasswordSource password_of(JobId id);
  Status hold_for_password(JobId id);
  static constexpr std::string_view kNoPassword = "the medium's password is not in this discusd's memory";
  static bool no_password(const base::Error& e) { return e.code == ErrorCode::kNotFound && e.message == kNoPassword; }
  steps::StageInputs stage_inputs(JobId id) {
    return {password_of(id), o_.institution ? o_.institution() : std::string()};
  }
  void eject(const std::string& drive, JobId job, const Copy& c);

  Repository& repo_;
  std::mutex repo_mu_;
  LockedUids uids_;
  app::Context context_;
  SchedulerOptions o_;
  DevicePool pool_;
  std::unique_ptr<DeviceSource> udev_;

  mutable std::mutex mu_;
  std::condition_variable cv_, hb_cv_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::map<JobId, std::shared_ptr<Held>> held_;
  std::deque<JobId> pending_;
  bool stop_ = false, wake_ = false, hb_stop_ = false, joined_ = false;
  std::thread dispatcher_, heartbeat_, watcher_;
};

// ---- start-up

// A stdio: disc left in its tray by a killed run: settled or suspect copies are ejected to their
// own file now (a suspect one is read back from there); a file no recorded burn wrote is moved
// aside under an "unrecorded" name, never taken for a blank. A real drive holding an unsettled
// disc is reserved for that disc's job until it is read back.
Status SchedulerImpl::settle_trays() {
  for (const Device& d : pool_.list()) {
    const std::optional<steps::Tray> tray = steps::read_tray(o_.state_dir, d.name);
    std::optional<CopyState> state;
    if (tray) {
      auto job = locked([&](Repository& r) { return r.show(tray->job); });
      if (job)
        for (const Copy& c : job->copies)
          if (c.n == tray->n && c.attempt == tray->attempt) state = c.state;
    }
    const bool written = state && (is_physical(*state) || *state == CopyState::kDone || *state == CopyState::kRejected);
    if (d.kind != DeviceKind::kStdio) {
      if (written && !is_terminal(*state)) {
        std::lock_guard lock(mu_);
        for (auto& l : lanes_)
          if (l->device == d.name) l->reserved = tray->job;
      } else if (tray) {
        DISCUS_CHECK(steps::clear_tray(o_.state_dir, d.name));
      }
      continue;
    }
    fs::path to = written ? steps::ejected_path(d.name, tray->job, tray->n, tray->attempt)
                          : steps::ejected_path(d.name, 0, 0, 0).parent_path() /
                                fmt::format("unrecorded-{}.iso", std::chrono::duration_cast<std::chrono::milliseconds>(
                                                                     std::chrono::system_clock::now().time_since_epoch())
                                                                     .count());
    std::error_code ec;
    const fs::path file = steps::stdio_file(d.name);
    if (!written && (!fs::exists(file, ec) || fs::file_size(file, ec) == 0)) {
      fs::remove(file, ec);  // an empty file is a blank
    } else {
      DISCUS_TRY(bool moved, steps::eject_stdio(d.name, to));
      if (moved) log(written ? base::LogLevel::kInfo : base::LogLevel::kWarn, "{}: ejected to {}", d.name, to.string());
    }
    if (tray) DISCUS_CHECK(steps::clear_tray(o_.state_dir, d.name));
  }
  return {};
}

Status SchedulerImpl::prepare() {
  if (o_.station.empty()) return Error{ErrorCode::kInvalidArgument, "the scheduler needs a station name"};
  if (o_.state_dir.empty()) return Error{ErrorCode::kInvalidArgument, "the scheduler needs a state directory"};
  std::error_code ec;
  fs::create_directories(o_.state_dir / "staging", ec);
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create {}: {}", (o_.state_dir / "staging").string(), ec.message())};
  pool_.configure(o_.drives);
  if (o_.discover_drives) {
    auto src = open_udev_source();
    if (src) {
      udev_ = std::move(*src);
      if (auto found = udev_->enumerate())
        for (const Device& d : *found) pool_.apply({DeviceEvent::kAdd, d});
    } else {
      log(base::LogLevel::kWarn, "drive discovery off: {}", src.error().describe());
    }
  }
  {
    std::lock_guard lock(mu_);
    for (int i = 0; i < o_.image_lanes; ++i) {
      auto l = std::make_unique<Lane>();
      l->image = true;
      l->kind = DeviceKind::kStdio;
      lanes_.push_back(std::move(l));
    }
    for (const Device& d : pool_.list()) add_lane(d);
    if (o_.robots)
      for (RobotDevice* r : o_.robots->all()) {
        auto l = std::make_unique<Lane>();
        l->robot = r;
        l->device = r->name();
        lanes_.push_back(std::move(l));
      }
  }
  // Exactly once: this station's interrupted copies become suspect before anything runs.
  DISCUS_CHECK(locked([&](Repository& r) { return r.recover(o_.station); }));
  DISCUS_CHECK(settle_trays());
  return purge_settled();
}

// PHI lifecycle after a kill between a job's end and its purge: staging of jobs that are done,
// failed or cancelled goes now (unless preserved); staging of live jobs is kept for their copies.
Status SchedulerImpl::purge_settled() {
  std::error_code ec;
  for (fs::directory_iterator it(o_.state_dir / "staging", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    JobId id = 0;
    const char* first = name.data() + 4;  // "job-ID" (app::job_staging_dir)
    if (!name.starts_with("job-")) continue;
    if (auto [p, err] = std::from_chars(first, name.data() + name.size(), id); err != std::errc() || p != name.data() + name.size())
      continue;  // not a job's
    auto job = locked([&](Repository& r) { return r.show(id); });
    if (!job || !is_terminal(job->state)) continue;  // a live job's staging serves its copies
    if (job->spec.author.preserve_composite_instances && app::kept_since(it->path().string())) continue;
    DISCUS_CHECK(purge(*job));
  }
  return {};
}

void SchedulerImpl::add_lane(const Device& d) {
  auto l = std::make_unique<Lane>();
  l->device = d.name;
  l->kind = d.kind;
  l->source = d.source;
  l->model = d.model;
  l->present = d.present;
  lanes_.push_back(std::move(l));
}

void SchedulerImpl::launch() {
  std::lock_guard lock(mu_);
  for (auto& l : lanes_) l->thread = std::thread([this, p = l.get()] { lane_loop(p); });
  dispatcher_ = std::thread([this] { dispatch_loop(); });
  heartbeat_ = std::thread([this] { heartbeat_loop(); });
  if (udev_) watcher_ = std::thread([this] { watch_loop(); });
}

void SchedulerImpl::request_stop() {
  std::lock_guard lock(mu_);
  stop_ = true;
  for (auto& [id, h] : held_) h->stage_cancel.request();
  cv_.notify_all();
}

void SchedulerImpl::join() {
  {
    std::lock_guard lock(mu_);
    if (joined_) return;
    joined_ = true;
  }
  if (dispatcher_.joinable()) dispatcher_.join();
  if (watcher_.joinable()) watcher_.join();
  // Lanes finish (or park) their jobs while the heartbeat still holds the leases.
  for (;;) {
    std::thread t;
    {
      std::lock_guard lock(mu_);
      for (auto& l : lanes_)
        if (l->thread.joinable()) {
          t = std::move(l->thread);
          break;
        }
    }
    if (!t.joinable()) break;
    t.join();
  }
  // Jobs claimed but never started go back to the queue for the next run or station.
  std::vector<JobId> parked;
  {
    std::lock_guard lock(mu_);
    parked.assign(pending_.begin(), pending_.end());
    pending_.clear();
  }
  for (JobId id : parked)
    if (auto st = finish(id, JobState::kQueued, "station stopping"); !st)
      log(base::LogLevel::kWarn, "job {}: cannot park: {}", id, st.error().describe());
  {
    std::lock_guard lock(mu_);
    hb_stop_ = true;
    hb_cv_.notify_all();
  }
  if (heartbeat_.joinable()) heartbeat_.join();
}

std::vector<DeviceStatus> SchedulerImpl::devices() const {
  std::lock_guard lock(mu_);
  std::vector<DeviceStatus> out;
  int image = 0;
  for (const auto& l : lanes_) {
    if (l->robot) continue;  // robots are shown by /v1/robots
    DeviceStatus d;
    d.name = l->image ? fmt::format("image{}", image++ == 0 ? std::string() : std::to_string(image)) : l->device;
    d.kind = l->image ? "image" : std::string(to_string(l->kind));
    d.source = l->source;
    d.present = l->present;
    d.busy = l->busy;
    d.job = l->job;
    d.n = l->n;
    d.model = l->model;
    out.push_back(std::move(d));
  }
  return out;
}

// ---- which lane takes which job

// Copy output that names a real drive holding an unsettled disc: only that drive reads it back.
// The reason of a copy rejected because a crash or a lost lease interrupted its burn (a suspect
// read back). Such rejects say nothing about the drive or the medium, so they do not count
// towards max_attempts: a station killed repeatedly mid-burn must not fail the job.
constexpr std::string_view kInterrupted = "interrupted burn: ";

std::string suspect_drive(const Job& job) {
  for (const Copy& c : job.current_copies())
    if (c.state == CopyState::kSuspect && c.output.starts_with("/dev/")) return c.output;
  return {};
}

bool SchedulerImpl::can_serve(const Lane& l, const Held& h) const {
  if (!l.present || l.busy) return false;
  if (l.reserved != 0 && l.reserved != h.job.id) return false;
  const JobSpec& s = h.job.spec;
  if (l.robot)  // a robot's lane takes the jobs for it (issue 18)
    return s.kind == JobKind::kAuthor && s.author.target.kind == TargetKind::kRobot &&
           (s.author.target.where == l.robot->name() || s.author.target.where == "any");
  if (s.kind != JobKind::kAuthor) return l.image;  // no-op, and kinds this station fails at once
  const Target& t = s.author.target;
  if (t.kind == TargetKind::kRobot) return false;  // only a robot's own lane
  if (t.kind != TargetKind::kDrive) return l.image;  // image folders; USB and robots fail at once
  if (l.image || l.kind == DeviceKind::kUsb) return false;
  if (const std::string d = suspect_drive(h.job); !d.empty()) return l.device == d;
  return t.where.empty() || t.where == "any" || t.where == l.device;
}

bool SchedulerImpl::servable_somewhere(const Held& h) const {
  const JobSpec& s = h.job.spec;
  if (s.kind == JobKind::kAuthor && s.author.target.kind == TargetKind::kRobot)
    return std::any_of(lanes_.begin(), lanes_.end(), [&](const auto& l) {
      return l->robot && (s.author.target.where == l->robot->name() || s.author.target.where == "any");
    });
  if (s.kind != JobKind::kAuthor || s.author.target.kind != TargetKind::kDrive) return true;
  const std::string& where = s.author.target.where;
  return std::any_of(lanes_.begin(), lanes_.end(), [&](const auto& l) {
    return !l->image && l->kind != DeviceKind::kUsb && (where.empty() || where == "any" || where == l->device);
  });
}

// Claim when a lane is idle and no job in hand is for it; never hoard more than a few.
bool SchedulerImpl::want_claim() const {
  if (stop_ || pending_.size() >= 2 * lanes_.size() + 2) return false;
  for (const auto& l : lanes_) {
    if (!l->present || l->busy) continue;
    const bool has_work = std::any_of(pending_.begin(), pending_.end(), [&](JobId id) {
      auto it = held_.find(id);
      return it != held_.end() && can_serve(*l, *it->second);
    });
    if (!has_work) return true;
  }
  return false;
}

// The best waiting job this lane can run: highest priority, then oldest (the queue's order).
std::shared_ptr<Held> SchedulerImpl::next_for(const Lane& lane) {
  std::shared_ptr<Held> best;
  for (JobId id : pending_) {
    auto it = held_.find(id);
    if (it == held_.end() || !can_serve(lane, *it->second)) continue;
    const Job& j = it->second->job;
    if (!best || j.spec.priority > best->job.spec.priority ||
        (j.spec.priority == best->job.spec.priority && j.id < best->job.id))
      best = it->second;
  }
  return best;
}

// ---- threads

void SchedulerImpl::dispatch_loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    if (!want_claim()) {
      cv_.wait_for(lock, std::chrono::milliseconds(o_.poll_ms), [&] { return stop_ || wake_; });
      wake_ = false;
      continue;
    }
    lock.unlock();
    auto got = locked([&](Repository& r) { return r.claim(o_.station, o_.lease_ms, 1); });
    lock.lock();
    if (!got) {
      log(base::LogLevel::kWarn, "claim: {}", got.error().describe());
      cv_.wait_for(lock, std::chrono::milliseconds(o_.poll_ms), [&] { return stop_; });
      continue;
    }
    if (got->empty()) {
      cv_.wait_for(lock, std::chrono::milliseconds(o_.poll_ms), [&] { return stop_ || wake_; });
      wake_ = false;
      continue;
    }
    std::vector<JobId> unservable;
    for (Job& j : *got) {
      auto h = std::make_shared<Held>(std::move(j));
      const JobId id = h->job.id;
      if (stop_) h->stage_cancel.request();
      if (!servable_somewhere(*h)) unservable.push_back(id);
      else pending_.push_back(id);
      held_[id] = std::move(h);
    }
    cv_.notify_all();
    lock.unlock();
    for (JobId id : unservable) {
      const jobs::Target& t = held_.at(id)->job.spec.author.target;
      const std::string why = fmt::format("{} {} is not one of station \"{}\"'s {}s", t.kind == TargetKind::kRobot ? "robot" : "drive",
                                          t.where, o_.station, t.kind == TargetKind::kRobot ? "robot" : "drive");
      if (auto st = finish(id, JobState::kFailed, why); !st) log(base::LogLevel::kWarn, "job {}: {}", id, st.error().describe());
    }
    lock.lock();
    for (JobId id : unservable) held_.erase(id);
  }
}

void SchedulerImpl::heartbeat_loop() {
  std::unique_lock lock(mu_);
  while (!hb_stop_) {
    hb_cv_.wait_for(lock, std::chrono::milliseconds(o_.lease_ms / 3), [&] { return hb_stop_; });
    if (hb_stop_) break;
    std::vector<JobId> ids;
    for (const auto& [id, h] : held_) ids.push_back(id);
    if (ids.empty()) continue;
    lock.unlock();
    auto lost = locked([&](Repository& r) { return r.heartbeat(o_.station, ids, o_.lease_ms); });
    lock.lock();
    if (!lost) {
      log(base::LogLevel::kWarn, "heartbeat: {}", lost.error().describe());
      continue;
    }
    for (JobId id : *lost) {
      auto it = held_.find(id);
      if (it == held_.end()) continue;  // finished meanwhile
      Held& h = *it->second;
      h.lost = true;
      h.cancel.request();
      h.stage_cancel.request();
      log(base::LogLevel::kInfo, "job {}: no longer this station's (cancelled, held or given away)", id);
      if (!h.assigned) {
        pending_.erase(std::remove(pending_.begin(), pending_.end(), id), pending_.end());
        held_.erase(it);
      }
    }
  }
}

void SchedulerImpl::watch_loop() {
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
    }
    auto ev = udev_->next(500);
    if (!ev) {
      log(base::LogLevel::kWarn, "drive discovery stopped: {}", ev.error().describe());
      return;
    }
    if (!*ev) continue;
    const PoolChange change = pool_.apply(**ev);
    std::lock_guard lock(mu_);
    if (change == PoolChange::kAdded && !stop_) {
      add_lane((*ev)->device);
      Lane* l = lanes_.back().get();
      l->thread = std::thread([this, l] { lane_loop(l); });
      log(base::LogLevel::kInfo, "drive {} added", l->device);
    } else if (change == PoolChange::kReturned || change == PoolChange::kRemoved) {
      for (auto& l : lanes_)
        if (l->device == (*ev)->device.name) l->present = change == PoolChange::kReturned;
      log(base::LogLevel::kInfo, "drive {} {}", (*ev)->device.name, change == PoolChange::kReturned ? "back" : "removed");
    }
    cv_.notify_all();
  }
}

void SchedulerImpl::lane_loop(Lane* lane) {
  std::unique_lock lock(mu_);
  for (;;) {
    std::shared_ptr<Held> h;
    cv_.wait(lock, [&] { return stop_ || (h = next_for(*lane)) != nullptr; });
    if (!h) {
      if (stop_) break;
      continue;
    }
    pending_.erase(std::remove(pending_.begin(), pending_.end(), h->job.id), pending_.end());
    h->assigned = true;
    lane->busy = true;
    lane->job = h->job.id;
    lock.unlock();
    run_job(*lane, *h);
    lock.lock();
    held_.erase(h->job.id);
    if (lane->reserved == h->job.id) lane->reserved = 0;
    lane->busy = false;
    lane->job = 0;
    lane->n = 0;
    cv_.notify_all();
  }
}

// ---- one job

Status SchedulerImpl::change(const Job& job, Copy& c, CopyState to, const std::string& output, const std::string& reason) {
  const CopyChange ch{job.id, c.n, c.state, to, o_.station, output, reason};
  DISCUS_CHECK(locked([&](Repository& r) { return r.apply({}, {&ch, 1}); }));
  c.state = to;
  if (!output.empty()) c.output = output;
  return {};
}

Status SchedulerImpl::finish(JobId id, JobState to, const std::string& reason) {
  const JobChange ch{id, JobState::kRunning, to, o_.station, reason};
  return locked([&](Repository& r) { return r.apply({&ch, 1}, {}); });
}

void SchedulerImpl::run_job(Lane& lane, Held& h) {
  const JobId id = h.job.id;
  Status st = drive_job(lane, h);
  if (st) return;
  if (h.lost || st.error().code == ErrorCode::kConflict) {
    log(base::LogLevel::kInfo, "job {}: stopped ({})", id, st.error().describe());
  } else if (auto f = finish(id, JobState::kFailed, st.error().describe()); !f) {
    log(base::LogLevel::kWarn, "job {}: failed ({}) and cannot be recorded as failed: {}", id, base::to_string(st.error().code),
        f.error().describe());
  } else {
    // The reason (which may name input files, hence patients) is in the queue, not the journal.
    log(base::LogLevel::kWarn, "job {} failed ({}); the reason is in the job", id, base::to_string(st.error().code));
  }
  if (o_.secrets && !h.lost) o_.secrets->forget(id);  // failed: a retry must be submitted again
  // PHI: nothing staged outlives a job this station no longer runs; a later run stages again.
  if (auto p = purge(h.job); !p)
    log(base::LogLevel::kWarn, "job {}: staging not purged: {}", id, base::to_string(p.error().code));
}

Status SchedulerImpl::drive_job(Lane& lane, Held& h) {
  const JobId id = h.job.id;
  std::optional<steps::Staged> staged;
  for (;;) {
    if (h.lost) return Error{ErrorCode::kConflict, "lost"};
    DISCUS_TRY(Job job, locked([&](Repository& r) { return r.show(id); }));
    if (job.state != JobState::kRunning || job.lease_owner != o_.station) {
      h.lost = true;
      return Error{ErrorCode::kConflict, fmt::format("job is {} and leased to \"{}\"", to_string(job.state), job.lease_owner)};
    }
    if (lane.robot) return robot_job(lane, h);
    const std::vector<Copy> copies = job.current_copies();
    // A suspect disc is settled before anything else: read back, then done or rejected.
    if (auto s = std::find_if(copies.begin(), copies.end(), [](const Copy& c) { return c.state == CopyState::kSuspect; });
        s != copies.end()) {
      DISCUS_CHECK(read_back_suspect(lane, h, job, *s));
      continue;
    }
    // "Stop after this copy" (repository.h): asked while a copy was in hand, which is now settled.
    if (!job.spec.stop_after_copy.empty()) return stop_after_copy(job);
    bool stopping;
    {
      std::lock_guard lock(mu_);
      stopping = stop_;
    }
    if (stopping) return finish(id, JobState::kQueued, "station stopping");
    if (job.spec.kind == JobKind::kNoop) return finish(id, JobState::kDone, "no-op");
    if (job.spec.kind == JobKind::kImport && o_.import_job) {  // issue 17 item 6
      Forward bar(o_, id, 0);
      DISCUS_TRY(JobOutcome end, o_.import_job(job, bar));
      return finish(id, end.to, end.reason);
    }
    if (job.spec.kind != JobKind::kAuthor)
      return Error{ErrorCode::kUnsupported, fmt::format("this station does not run {} jobs yet", to_string(job.spec.kind))};
    const TargetKind tk = job.spec.author.target.kind;
    if (tk != TargetKind::kImageDir && tk != TargetKind::kDrive)
      return Error{ErrorCode::kUnsupported, fmt::format("this station writes no {} target yet", to_string(tk))};
    auto q = std::find_if(copies.begin(), copies.end(), [](const Copy& c) { return c.state == CopyState::kQueued; });
    if (q != copies.end()) {
      int rejects = 0;
      std::string last;
      for (const Copy& c : job.copies)
        if (c.n == q->n && c.state == CopyState::kRejected && !c.reason.starts_with(kInterrupted)) ++rejects, last = c.reason;
      if (rejects >= o_.max_attempts)
        return Error{ErrorCode::kIo, fmt::format("copy {} was rejected {} times; the last: {}", q->n, rejects, last)};
      Copy c = *q;
      if (auto st = change(job, c, CopyState::kRunning, "", "staging"); !st) {
        // An operator cancelled this copy a moment ago (stop after the current copy): look again.
        if (st.error().code == ErrorCode::kConflict && !h.lost) continue;
        return st;
      }
      if (!staged) {
        Forward bar(o_, id, 0);
        auto s = steps::stage(job, context_, o_.state_dir, tk == TargetKind::kImageDir, bar, h.stage_cancel, stage_inputs(id));
        if (!s) {
          if (h.lost) return Error{ErrorCode::kConflict, "lost while staging"};
          if (no_password(s.error())) return hold_for_password(id);
          if (h.stage_cancel.requested()) return finish(id, JobState::kQueued, "station stopping");
          return Error{s.error().code, fmt::format("staging: {}", s.error().describe())};
        }
        staged = std::move(*s);
        if (o_.secrets) o_.secrets->forget(id);  // enveloped: copies and remakes need no password
      }
      DISCUS_CHECK(make_copy(lane, h, job, c, *staged));
      std::error_code ec;
      if (!staged->image.empty() && !fs::exists(staged->image, ec)) staged.reset();  // moved: a remake stages again
      continue;
    }
    if (std::all_of(copies.begin(), copies.end(), [](const Copy& c) { return c.state == CopyState::kDone; })) {
      DISCUS_CHECK(finish(id, JobState::kDone, fmt::format("{} cop{} verified", copies.size(), copies.size() == 1 ? "y" : "ies")));
      // PHI lifecycle (PS3.4 S.3.2.1): the staged file-set goes once every copy is verified.
      DISCUS_CHECK(purge(job));
      return {};
    }
    return Error{ErrorCode::kConflict, "copies in states this station does not act on"};
  }
}

// The job's queued copies (a remake queued by a reject after the request included) go cancelled
// with the job; its verified copies stay done and are counted in the job's last event.
Status SchedulerImpl::stop_after_copy(const Job& job) {
  const auto copies = job.current_copies();
  const auto made = std::count_if(copies.begin(), copies.end(), [](const Copy& c) { return c.state == CopyState::kDone; });
  if (static_cast<std::size_t>(made) == copies.size()) {  // the copy in hand was the last: nothing was stopped
    DISCUS_CHECK(finish(job.id, JobState::kDone, fmt::format("{} cop{} verified", made, made == 1 ? "y" : "ies")));
    if (o_.secrets) o_.secrets->forget(job.id);
    return purge(job);
  }
  DISCUS_CHECK(finish(job.id, JobState::kCancelled,
                      fmt::format("stopped after the current copy: {} of {} cop{} made and verified ({})", made,
                                  copies.size(), copies.size() == 1 ? "y" : "ies", job.spec.stop_after_copy)));
  log(base::LogLevel::kInfo, "job {}: stopped after the current copy, {} of {} made", job.id, made, copies.size());
  if (o_.secrets) o_.secrets->forget(job.id);
  return purge(job);
}

// Holds a job whose password is gone: a person types it again (the slip), or cancels.
Status SchedulerImpl::hold_for_password(JobId id) {
  log(base::LogLevel::kWarn, "job {}: held: its medium's password is not in this discusd's memory", id);
  return finish(id, JobState::kHeld,
                fmt::format("{}: the medium's password was kept only in the memory of the discusd that accepted the job and "
                            "is gone (a restart, or another station, before the medium was encrypted); resume the job with "
                            "the password (POST /v1/jobs/{}/resume {{\"password\": ...}}) or cancel it",
                            kNeedsPassword, id));
}

// Staging a secure-media job asks for its password here: a moment's patience (the API keeps it
// just after queueing), then a failure that says where it went.
steps::PasswordSource SchedulerImpl::password_of(JobId id) {
  return [this, id]() -> Result<media::secure::Secret> {
    if (o_.secrets)
      if (auto pw = o_.secrets->wait(id, std::chrono::milliseconds(3000))) return std::move(*pw);
    return Error{ErrorCode::kNotFound, std::string(kNoPassword)};
  };
}

// Reads the copy's output back and records the verdict. A read-back that could not even start
// (no disc, no file system) is a rejection too: the copy does not count and is remade.
Status SchedulerImpl::settle(Held& h, const Job& job, Copy& c, const std::string& target, bool drive,
                             std::string_view why_prefix) {
  Forward bar(o_, job.id, c.n);
  auto report = steps::read_back(target, drive, context_, bar, h.cancel);
  if (!report && h.lost) return Error{ErrorCode::kConflict, "lost while reading back"};
  if (report && report->ok()) {
    DISCUS_CHECK(change(job, c, CopyState::kDone, "",
                        fmt::format("verified: {} files, {} DICOMDIR records", report->files_checked, report->records_checked)));
    if (o_.on_copy_verified) o_.on_copy_verified(job, c, steps::staging_dir(o_.state_dir, job.id) / "fileset");
    return {};
  }
  std::string why = !report                      ? report.error().describe()
                    : report->failures.empty()   ? "verification failed"
                                                 : fmt::format("{} problem(s); first: {}: {}", report->failures.size(),
                                                               report->failures.front().path,
                                                               report->failures.front().message);
  return change(job, c, CopyState::kRejected, "", std::string(why_prefix) + "read-back failed: " + why);
}

void SchedulerImpl::eject(const std::string& drive, JobId job, const Copy& c) {
  if (steps::is_stdio(drive)) {
    if (auto e = steps::eject_stdio(drive, steps::ejected_path(drive, job, c.n, c.attempt)); !e)
      log(base::LogLevel::kWarn, "{}: {}", drive, e.error().describe());
  } else if (auto e = output::burn::eject(drive); !e) {
    log(base::LogLevel::kWarn, "{}: cannot eject: {}", drive, e.error().describe());
  }
  if (auto e = steps::clear_tray(o_.state_dir, drive); !e) log(base::LogLevel::kWarn, "{}", e.error().describe());
}

Status SchedulerImpl::make_copy(Lane& lane, Held& h, const Job& job, Copy c, const steps::Staged& staged) {
  {
    std::lock_guard lock(mu_);
    lane.n = c.n;
  }
  Forward bar(o_, job.id, c.n);
  if (job.spec.author.target.kind == TargetKind::kImageDir) {
    const fs::path out = steps::image_copy_path(job.spec.author.target.where, job.id, c.n);
    DISCUS_CHECK(change(job, c, CopyState::kBurning, out.string(), "writing the image"));
    // The last copy takes the staged image itself (a rename), the others a copy of it.
    const auto others = std::count_if(job.copies.begin(), job.copies.end(), [&](const Copy& x) {
      return x.n != c.n && (x.state == CopyState::kQueued || x.state == CopyState::kRunning);
    });
    if (auto w = steps::write_image_copy(staged.image, out, others == 0, h.cancel); !w) {
      if (h.lost) return Error{ErrorCode::kConflict, "lost while writing"};
      return change(job, c, CopyState::kRejected, "", "write failed: " + w.error().describe());
    }
    DISCUS_CHECK(change(job, c, CopyState::kVerifying, "", "reading back"));
    DISCUS_CHECK(settle(h, job, c, out.string(), false));
    std::error_code ec;
    if (c.state == CopyState::kRejected) fs::remove(out, ec);  // the remake writes it again
    return {};
  }
  const std::string drive = lane.device;
  // The tray record first: whatever is in the drive after a kill belongs to this attempt.
  DISCUS_CHECK(steps::write_tray(o_.state_dir, drive, {job.id, c.n, c.attempt}));
  DISCUS_CHECK(change(job, c, CopyState::kBurning, drive, "burning"));
  if (auto b = steps::burn(drive, staged.fileset, context_, bar, h.cancel); !b) {
    if (h.lost) return Error{ErrorCode::kConflict, "lost while burning"};
    DISCUS_CHECK(change(job, c, CopyState::kRejected, "", "burn failed: " + b.error().describe()));
    eject(drive, job.id, c);
    return {};
  }
  DISCUS_CHECK(change(job, c, CopyState::kVerifying, "", "reading back"));
  DISCUS_CHECK(settle(h, job, c, drive, true));
  eject(drive, job.id, c);
  return {};
}

// A job on a robot (jobs/robot_runner.h): every copy a robot job of one disc, followed until done.
Status SchedulerImpl::robot_job(Lane& lane, Held& h) {
  const JobId id = h.job.id;
  lane.robot->set_job(id);
  RobotRun run(*lane.robot);
  run.station = o_.station;
  run.max_attempts = o_.max_attempts;
  run.log = o_.log;
  run.label = o_.label;
  // Issue 18 speed: an authored input is checked against the profile and goes to the robot as it is.
  if (auto p = app::find_profile(context_, h.job.spec.author.profile)) run.profile = *p;
  run.staging = steps::staging_dir(o_.state_dir, id);
  run.context = &context_;  // ... and read in full while the robot works
  bool stopped_after_copy = false, needs_password = false;
  run.reload = [&]() -> Result<Job> {
    DISCUS_TRY(Job job, locked([&](Repository& r) { return r.show(id); }));
    if (job.state != JobState::kRunning || job.lease_owner != o_.station) {
      h.lost = true;
      return Error{ErrorCode::kConflict, fmt::format("job is {} and leased to \"{}\"", to_string(job.state), job.lease_owner)};
    }
    // Stop after the current copy: once no copy is with the robot, start nothing (a queued
    // remake included) and end the job below.
    const auto copies = job.current_copies();
    if (!job.spec.stop_after_copy.empty() && std::none_of(copies.begin(), copies.end(), [](const Copy& c) {
          return c.state == CopyState::kRunning || is_physical(c.state);
        })) {
      stopped_after_copy = true;
      return Error{ErrorCode::kCancelled, "stop after the current copy"};
    }
    return job;
  };
  run.change = [&](const Job& job, Copy& c, CopyState to, const std::string& output, const std::string& reason) {
    return change(job, c, to, output, reason);
  };
  run.stage = [&]() -> Result<steps::Staged> {
    Forward bar(o_, id, 0);
    auto s = steps::stage(h.job, context_, o_.state_dir, true, bar, h.stage_cancel, stage_inputs(id));
    if (!s && h.stage_cancel.requested()) return Error{ErrorCode::kCancelled, "station stopping"};
    if (!s && no_password(s.error())) {
      needs_password = true;
      return s.error();
    }
    if (!s) return Error{s.error().code, fmt::format("staging: {}", s.error().describe())};
    if (o_.secrets) o_.secrets->forget(id);
    return s;
  };
  run.stopping = [&] {
    std::lock_guard lock(mu_);
    return stop_ || h.lost.load();
  };
  Status st = run_robot_job(run);
  lane.robot->set_job(0);
  if (!st) {
    if (h.lost) return Error{ErrorCode::kConflict, "lost"};
    if (needs_password) return hold_for_password(id);
    if (stopped_after_copy) {
      DISCUS_TRY(Job job, locked([&](Repository& r) { return r.show(id); }));
      // As the robot's done path below: each verified copy's release record and Data Export.
      for (const Copy& c : job.current_copies())
        if (c.state == CopyState::kDone && o_.on_copy_verified)
          o_.on_copy_verified(job, c, steps::staging_dir(o_.state_dir, id) / "fileset");
      return stop_after_copy(job);
    }
    if (st.error().code == ErrorCode::kCancelled) return finish(id, JobState::kQueued, "station stopping");
    return st;
  }
  DISCUS_TRY(Job job, locked([&](Repository& r) { return r.show(id); }));
  const auto copies = job.current_copies();
  DISCUS_CHECK(finish(id, JobState::kDone, fmt::format("{} cop{} made by robot {}{}", copies.size(), copies.size() == 1 ? "y" : "ies", lane.robot->name(), run.note)));
  for (const Copy& c : copies)
    if (o_.on_copy_verified) o_.on_copy_verified(job, c, steps::staging_dir(o_.state_dir, id) / "fileset");
  return purge(job);
}

Status SchedulerImpl::read_back_suspect(Lane& lane, Held& h, const Job& job, Copy c) {
  {
    std::lock_guard lock(mu_);
    lane.n = c.n;
  }
  std::error_code ec;
  if (c.output.empty()) return change(job, c, CopyState::kRejected, "", std::string(kInterrupted) + "no recorded output");
  if (steps::is_stdio(c.output)) {
    // Out of the tray first (when a kill left it there), then read as the image file it is.
    const std::string drive = c.output;
    if (auto t = steps::read_tray(o_.state_dir, drive); t && t->job == job.id && t->n == c.n && t->attempt == c.attempt) {
      DISCUS_CHECK(steps::eject_stdio(drive, steps::ejected_path(drive, job.id, c.n, c.attempt)));
      DISCUS_CHECK(steps::clear_tray(o_.state_dir, drive));
    }
    const fs::path file = steps::ejected_path(drive, job.id, c.n, c.attempt);
    if (!fs::exists(file, ec)) return change(job, c, CopyState::kRejected, "", std::string(kInterrupted) + "no disc: the burn had not begun writing");
    DISCUS_CHECK(change(job, c, CopyState::kVerifying, "", "suspect disc read back"));
    return settle(h, job, c, file.string(), false, kInterrupted);
  }
  if (c.output.starts_with("/dev/")) {
    DISCUS_CHECK(change(job, c, CopyState::kVerifying, "", "suspect disc read back"));
    DISCUS_CHECK(settle(h, job, c, c.output, true, kInterrupted));
    eject(c.output, job.id, c);
    return {};
  }
  if (!fs::exists(c.output, ec)) return change(job, c, CopyState::kRejected, "", std::string(kInterrupted) + "no image: the write had not finished");
  DISCUS_CHECK(change(job, c, CopyState::kVerifying, "", "suspect image read back"));
  const std::string out = c.output;
  DISCUS_CHECK(settle(h, job, c, out, false, kInterrupted));
  if (c.state == CopyState::kRejected) fs::remove(out, ec);
  return {};
}

}  // namespace

Result<std::unique_ptr<Scheduler>> Scheduler::start(Repository& repo, const app::Context& context, SchedulerOptions options) {
  auto s = std::make_unique<SchedulerImpl>(repo, context, std::move(options));
  DISCUS_CHECK(s->prepare());
  s->launch();
  return std::unique_ptr<Scheduler>(std::move(s));
}

}  // namespace discus::jobs
