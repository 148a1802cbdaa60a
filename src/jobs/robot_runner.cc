#include "jobs/robot_runner.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "app/verify.h"
#include "base/file.h"
#include "jobs/robot_authored.h"
#include "output/robot/spool.h"

namespace discus::jobs {

namespace robot = output::robot;
namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {

constexpr std::string_view kPrefix = "robot:";
// Same words as the scheduler's: rejects of interrupted work do not count towards max_attempts.
constexpr std::string_view kInterrupted = "interrupted burn: ";

int count_attempts(const Job& job, const std::string& output, CopyState state) {
  return static_cast<int>(std::count_if(job.copies.begin(), job.copies.end(),
                                        [&](const Copy& c) { return c.output == output && c.state == state; }));
}

const Copy* attempt_of(const Job& job, int n, int attempt) {
  for (const Copy& c : job.copies)
    if (c.n == n && c.attempt == attempt) return &c;
  return nullptr;
}

class Runner {
 public:
  explicit Runner(RobotRun& r) : r_(r) {}
  ~Runner() {
    verify_cancel_.request();
    if (verifier_.joinable()) verifier_.join();
  }
  Status run();

 private:
  Result<bool> start_copy(const Job& job, Copy c);
  Result<bool> follow_copy(const Job& job, Copy c, std::optional<robot::Alert>& waiting);
  Result<robot::DiscJob> disc_job(const Job& job, const Copy& c, const std::string& id);
  // The fast-path check (cheap, once per run of the job): the reason the copy's "running" record
  // gives, and whether staging is needed.
  const std::string& preparing(const Job& job);

  // The fast path's full check of the input, on its own thread (started with the first submit).
  void start_verify();
  // nullopt: not finished yet; "" passed (or not asked for); else why it failed.
  std::optional<std::string> verdict();

  RobotRun& r_;
  std::thread verifier_;
  app::CancelToken verify_cancel_;
  std::mutex verdict_mu_;
  std::optional<std::string> verdict_;
  std::optional<AuthoredInput> authored_;
  std::string preparing_;
  std::optional<steps::Staged> staged_;
  std::optional<media::label::LabelData> label_data_;
};

void Runner::start_verify() {
  if (verifier_.joinable() || !r_.context || !authored_ || !authored_->taken) return;
  verifier_ = std::thread([this, path = authored_->path, image = authored_->image] {
    app::VerifyOptions o;
    o.kind = image ? app::MediumKind::kIso : app::MediumKind::kDir;
    o.target = path.string();
    app::Progress quiet;
    auto report = app::verify(o, *r_.context, quiet, verify_cancel_);
    std::string why;
    if (!report) why = report.error().describe();
    else if (!report->ok())
      why = fmt::format("{} problem(s); first: {}: {}", report->failures.size(), report->failures.front().path,
                        report->failures.front().message);
    std::lock_guard lock(verdict_mu_);
    verdict_ = why;
  });
}

std::optional<std::string> Runner::verdict() {
  if (!verifier_.joinable()) return std::string();
  std::lock_guard lock(verdict_mu_);
  return verdict_;
}

const std::string& Runner::preparing(const Job& job) {
  if (authored_) return preparing_;
  authored_ = authored_input(job.spec.author, r_.profile, {r_.robot.takes_image(), r_.robot.takes_folder()});
  if (authored_->taken) preparing_ = authored_->trusted;
  else if (authored_->candidate) preparing_ = fmt::format("staging (not the fast path: {})", authored_->why_not);
  else preparing_ = "staging";
  return preparing_;
}

Result<robot::DiscJob> Runner::disc_job(const Job& job, const Copy& c, const std::string& id) {
  preparing(job);
  if (!staged_ && authored_->taken) {
    // Nothing to stage: the input itself goes to the robot. The staging folder only holds the
    // rendered label (PHI: private to the service, purged with the job).
    staged_ = steps::Staged{r_.staging, authored_->image ? fs::path() : authored_->path, authored_->image ? authored_->path : fs::path()};
    label_data_ = authored_->label;
    std::error_code ec;
    fs::create_directories(r_.staging, ec);
    if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create {}: {}", r_.staging.string(), ec.message())};
    fs::permissions(r_.staging, fs::perms::owner_all, ec);
    // A copy of the input's DICOMDIR as staging/fileset/DICOMDIR: what the audit trail reads for
    // the release record and the purge (which patients and studies went out) as for a staged job.
    fs::create_directories(r_.staging / "fileset", ec);
    auto out = base::AtomicOutputFile::create((r_.staging / "fileset" / "DICOMDIR").string());
    if (!out) return out.error();
    DISCUS_CHECK(out->write(authored_->dicomdir));
    DISCUS_CHECK(out->commit(false));
  }
  if (!staged_) {
    auto s = r_.stage();
    if (!s) return s.error();
    staged_ = std::move(*s);
  }
  robot::DiscJob d;
  d.id = id;
  if (r_.robot.takes_image() && !staged_->image.empty()) d.image = staged_->image;
  else d.fileset = staged_->fileset;
  d.copies = 1;  // one robot job per copy: the robot's files then say which copy a disc is
  // The blank the robot takes: the profile's medium (PTBurn DiscType, TD Bridge DISC_TYPE; their
  // BD spellings are unconfirmed, robots.md §1.2, §2.2, so BD profiles are not offered to them).
  if (r_.profile && r_.profile->medium_id.starts_with("DVD")) d.disc_type = "DVD";
  d.volume = fmt::format("DISCUS{}", job.id);
  if (r_.label && !label_data_) {
    auto data = media::label::label_data_from_study(staged_->fileset.string());
    if (data) label_data_ = std::move(*data);
    else if (r_.log) r_.log->warn("job {}: no label data: {}", job.id, base::to_string(data.error().code));
  }
  if (r_.label && label_data_) d.label = r_.label(job, *label_data_, staged_->dir);
  const LabelFields& l = job.spec.author.label;
  if (!l.label_text.empty()) d.label.fields.push_back({"labelText", l.label_text});
  if (!l.barcode_value.empty()) d.label.fields.push_back({"barcodeValue", l.barcode_value});
  d.label.fields.push_back({"disc", fmt::format("copy {} of {}", c.n, job.spec.author.copies)});
  d.label.fields.push_back({"job", std::to_string(job.id)});
  if (!r_.label_template.empty()) d.label.template_path = r_.label_template;
  return d;
}

// A queued copy: follow the robot job that is already making its replacement, adopt the job
// file a killed run left, or submit a new robot job.
Result<bool> Runner::start_copy(const Job& job, Copy c) {
  int rejects = 0;
  std::string last;
  for (const Copy& x : job.copies)
    if (x.n == c.n && x.state == CopyState::kRejected && !x.reason.starts_with(kInterrupted)) ++rejects, last = x.reason;
  if (rejects >= r_.max_attempts) return Error{ErrorCode::kIo, fmt::format("copy {} was rejected {} times; the last: {}", c.n, rejects, last)};
  if (const Copy* prev = attempt_of(job, c.n, c.attempt - 1); prev && prev->output.starts_with(kPrefix)) {
    const std::string v = robot_job_of(prev->output);
    auto st = r_.robot.status(v);
    if (st && (!robot::is_final(st->phase) || st->good > count_attempts(job, prev->output, CopyState::kDone))) {
      DISCUS_CHECK(r_.change(job, c, CopyState::kRunning, "", "the robot makes the replacement"));
      DISCUS_CHECK(r_.change(job, c, CopyState::kBurning, prev->output, fmt::format("the robot makes the replacement in its job {}", v)));
      return true;
    }
  }
  const std::string id = robot::job_name(r_.station, job.id, c.n, c.attempt);
  DISCUS_CHECK(r_.change(job, c, CopyState::kRunning, "", preparing(job)));
  if (r_.robot.knows(id)) {
    // Written by a run that was killed before it could record it: never submitted twice.
    DISCUS_CHECK(r_.change(job, c, CopyState::kBurning, robot_output(r_.robot.name(), id),
                           fmt::format("robot job {} found in the spool (submitted before a restart): followed, not submitted again", id)));
    return true;
  }
  auto d = disc_job(job, c, id);
  if (!d) return d.error();
  DISCUS_CHECK(r_.robot.submit(*d));
  start_verify();
  DISCUS_CHECK(r_.change(job, c, CopyState::kBurning, robot_output(r_.robot.name(), id), fmt::format("submitted to {} as {}", r_.robot.name(), id)));
  if (r_.log) r_.log->info("job {} copy {}: submitted to robot {} as {}", job.id, c.n, r_.robot.name(), id);
  return true;
}

// A copy at the robot: its disc rejected, made, or still on its way.
Result<bool> Runner::follow_copy(const Job& job, Copy c, std::optional<robot::Alert>& waiting) {
  const std::string v = robot_job_of(c.output);
  if (v.empty()) {
    DISCUS_CHECK(r_.change(job, c, CopyState::kRejected, "", std::string(kInterrupted) + "no robot job recorded"));
    return true;
  }
  auto st = r_.robot.status(v);
  if (!st) {
    if (r_.log) r_.log->warn("robot {}: job {}: {}", r_.robot.name(), v, st.error().describe());
    return false;
  }
  const int rejected = count_attempts(job, c.output, CopyState::kRejected);
  if (st->bad > rejected) {
    const std::string words = static_cast<int>(st->rejects.size()) > rejected ? st->rejects[rejected] : st->vendor_state;
    DISCUS_CHECK(r_.change(job, c, CopyState::kRejected, "", fmt::format("rejected by robot {} in its job {}: {}", r_.robot.name(), v, words)));
    return true;
  }
  if (st->phase == robot::JobPhase::kNeedsOperator) {
    waiting = st->alert ? st->alert : robot::Alert{robot::Condition::kJobFailed, st->vendor_state, true};
    return false;
  }
  if (robot::is_final(st->phase)) {
    if (st->good > count_attempts(job, c.output, CopyState::kDone)) {
      if (c.state != CopyState::kVerifying)
        DISCUS_CHECK(r_.change(job, c, CopyState::kVerifying, "", "the robot verified the disc (VerifyDisc)"));
      DISCUS_CHECK(r_.change(job, c, CopyState::kDone, "", fmt::format("made and verified by robot {} (job {}: {})", r_.robot.name(), v, st->vendor_state)));
    } else {
      const std::string why = st->alert ? st->alert->reason() : st->vendor_state;
      DISCUS_CHECK(r_.change(job, c, CopyState::kRejected, "", fmt::format("robot {} ended its job {} without the disc: {}", r_.robot.name(), v, why)));
    }
    r_.robot.forget(v);
    return true;
  }
  if (st->phase == robot::JobPhase::kUnknown && !r_.robot.knows(v)) {
    DISCUS_CHECK(r_.change(job, c, CopyState::kRejected, "", std::string(kInterrupted) + fmt::format("robot job {} is unknown to the robot", v)));
    return true;
  }
  return false;  // submitted, queued or running: wait
}

Status Runner::run() {
  for (;;) {
    if (r_.stopping()) return Error{ErrorCode::kCancelled, "station stopping"};
    DISCUS_TRY(Job job, r_.reload());
    const std::vector<Copy> copies = job.current_copies();
    preparing(job);  // the fast-path check, once
    // The full check starts once something is at the robot (not before the first job file, which
    // it would slow): after the first submit, or at once for robot jobs a restart adopts.
    if (std::any_of(copies.begin(), copies.end(), [](const Copy& c) { return !c.output.empty(); })) start_verify();
    if (const auto v = verdict(); v && !v->empty()) {
      // The input the robot was given on the cheap check is not what it claimed: no disc more.
      // Its robot jobs still running are cancelled and their copies rejected (a copy at the robot
      // cannot be left burning in a failed job, PS3.4 S.3.2.3).
      for (Copy c : copies)
        if (c.state == CopyState::kBurning || c.state == CopyState::kSuspect || c.state == CopyState::kVerifying) {
          if (const std::string id = robot_job_of(c.output); !id.empty()) (void)r_.robot.cancel(id);
          DISCUS_CHECK(r_.change(job, c, CopyState::kRejected, "",
                                 fmt::format("robot job {} cancelled: the authored input failed its full verification", robot_job_of(c.output))));
        }
      return Error{ErrorCode::kInvalidArgument,
                   fmt::format("the authored input failed its full verification while the robot worked (its robot jobs "
                               "still running were cancelled; discs already made are not good): {}", *v)};
    }
    if (std::all_of(copies.begin(), copies.end(), [](const Copy& c) { return c.state == CopyState::kDone; })) {
      const auto v = verdict();
      if (!v) {  // every disc made: done once the input has passed its full check
        std::this_thread::sleep_for(std::chrono::milliseconds(r_.poll_ms));
        continue;
      }
      if (verifier_.joinable()) r_.note = "; the authored input verified in full";
      r_.robot.set_job_alert(std::nullopt);
      return {};
    }
    std::optional<robot::Alert> waiting;
    bool acted = false;
    for (const Copy& c : copies) {
      Result<bool> a = false;
      if (c.state == CopyState::kQueued) a = start_copy(job, c);
      else if (c.state == CopyState::kBurning || c.state == CopyState::kSuspect || c.state == CopyState::kVerifying)
        a = follow_copy(job, c, waiting);
      else if (c.state == CopyState::kRunning) {
        Copy x = c;  // left by a failed submit of this run: staged again
        if (auto st = r_.change(job, x, CopyState::kQueued, "", "staging redone"); !st) return st.error();
        a = true;
      }
      if (!a) return a.error();
      if (*a) {
        acted = true;
        break;  // the job changed: read it again
      }
    }
    r_.robot.set_job_alert(waiting);
    if (!acted) std::this_thread::sleep_for(std::chrono::milliseconds(r_.poll_ms));
  }
}

}  // namespace

std::string robot_output(const std::string& robot_name, const std::string& id) { return fmt::format("robot:{}:{}", robot_name, id); }

std::string robot_job_of(const std::string& output) {
  if (!output.starts_with(kPrefix)) return {};
  const auto colon = output.find(':', kPrefix.size());
  return colon == std::string::npos ? std::string() : output.substr(colon + 1);
}

Status run_robot_job(RobotRun& run) {
  Runner r(run);
  return r.run();
}

}  // namespace discus::jobs
