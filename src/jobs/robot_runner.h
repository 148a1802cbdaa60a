// discus::jobs — one author job made on a disc-publishing robot, exactly once (issue 18 item 5).
//
// Each requested copy is its own robot job of one disc, named job_name(station, job, n, attempt)
// (output/robot/spool.h), so the robot's files say which copy a disc is. Order of records for a
// copy: queued -> running (staging) -> submitted to the robot -> burning (output
// "robot:NAME:ID"). A daemon killed between the submit and the record finds the job file on
// restart (the id is derived, never random) and adopts it instead of submitting again; a
// copy left burning or suspect is followed through its robot job. Each disc the robot rejects
// is recorded as a rejected attempt (the repository queues attempt + 1 in the same commit);
// when the robot makes the replacement itself within the same robot job (PTBurn retries the
// next blank), the new attempt follows that job; when the robot job ends without the disc, the
// new attempt is a new robot job. A robot job that waits for a person (out of blanks, lid,
// printer) puts the robot in needs-attention with the reason and keeps waiting.
// An input that is already an authored medium (jobs/robot_authored.h) is not staged: the image or
// folder itself goes to the robot, and the copy's "running" record says what was trusted; it is
// read in full while the robot works, and the job is done only when that passed.
//   RobotRun run{...};  DISCUS_CHECK(run_robot_job(run));
#pragma once

#include <functional>
#include <string>

#include "app/context.h"
#include "base/log.h"
#include "base/result.h"
#include "jobs/job.h"
#include "jobs/robot_fleet.h"
#include "jobs/steps.h"
#include "media/label/label.h"
#include "media/profile/application_profile.h"

namespace discus::jobs {

struct RobotRun {
  explicit RobotRun(RobotDevice& r) : robot(r) {}
  RobotDevice& robot;
  std::string station;
  int max_attempts = 5;
  int poll_ms = 200;
  std::function<base::Result<Job>()> reload;  // the job as the queue has it; kConflict when lost
  std::function<base::Status(const Job&, Copy&, CopyState, const std::string& output, const std::string& reason)> change;
  std::function<base::Result<steps::Staged>()> stage;  // the file-set and ISO image, made once
  // The job's profile (the fast path checks an authored input against it; null: never fast) and
  // its staging folder (state_dir/staging/job-ID: the fast path's rendered label goes there).
  const media::profile::ApplicationProfile* profile = nullptr;
  std::filesystem::path staging;
  std::function<bool()> stopping;                     // graceful stop or lost: return at once
  // The label from the study's data (merge fields, a rendered image written under the job's
  // staging folder `staging`, purged with it); may be empty. The data come from the staged
  // file-set's headers, or on the fast path from the DICOMDIR's records.
  std::function<output::robot::LabelData(const Job&, const media::label::LabelData& data, const std::filesystem::path& staging)> label;
  std::string label_template;  // the vendor design file the fields merge into (.std, .tdd), if any
  base::Logger* log = nullptr;
  // The fast path's full check: with a context, an authored input that went to the robot on the
  // cheap check is read in full meanwhile (app::verify: every file against SHA256.TXT, the
  // DICOMDIR, every frame decoded). The job is done only once it passed; when it fails, the
  // robot jobs still running are cancelled and the job fails naming the files. Null: not checked.
  const app::Context* context = nullptr;
  std::string note;  // out: what the scheduler adds to the job's "done" record ("; the input verified in full")
};

// Returns when every current copy is done (ok), kCancelled when asked to stop (the job is parked
// and its robot jobs adopted later), kConflict when the job was lost, another error to fail it.
base::Status run_robot_job(RobotRun& run);

// "robot:NAME:ID" and back.
std::string robot_output(const std::string& robot, const std::string& id);
std::string robot_job_of(const std::string& output);

}  // namespace discus::jobs
