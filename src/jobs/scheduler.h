// discus::jobs — the scheduler: the part of a station that RUNS queued jobs, exactly once.
//
// Threads: one dispatcher that claims jobs (Repository::claim, leased to `station`) when a lane
// is free, one lane per device (each configured or discovered drive; image-dir targets run in
// `image_lanes` lanes that need no device), and one heartbeat thread that renews the leases of
// the jobs in hand; a job it lost (cancelled, held, or given away) is stopped at its next safe
// point without another transition. Every step of a copy is recorded through Repository::apply
// before and after it acts (steps.h): queued->running (file-set staged once per job under
// state_dir/staging/JOB by src/app's author use case), running->burning (before the first byte),
// write, burning->verifying, read back with src/app's verify, verifying->done or ->rejected (the
// repository queues the remake in the same commit). start() first calls Repository::recover()
// so this station's interrupted copies become suspect, and every suspect copy is read back
// before it counts (done) or is remade (rejected): never a copy done without a verify, never a
// second burn without a recorded reject.
//
// The stdio: pseudo-drive as a burner with a stack of blanks (tests, demos): "stdio:PATH" burns
// into the file PATH; once its copy is verified or rejected the scheduler "ejects" it: PATH is
// renamed (and the folder fsync'd) to PATH.ejected/<job>-<n>-<attempt>.iso, and the next blank
// is an absent PATH. Every burn is therefore its own image file. Which copy is "in the tray" is
// kept in state_dir/trays/ (written before the burn is recorded), so a restart ejects a disc
// whose copy was settled and reads a suspect disc back from its ejected file.
//
// Threading contract: `repo` is the scheduler's own connection (open the queue a second time for
// the API); the scheduler serialises its threads' calls on it and it must outlive join().
//   SchedulerOptions o{.station = "st1", .drives = {"stdio:/tmp/d1.iso"}, .state_dir = "/var/lib/discus"};
//   DISCUS_TRY(auto s, Scheduler::start(*repo, ctx, o));  ...  s->request_stop();  s->join();
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/progress.h"
#include "app/purge.h"
#include "base/log.h"
#include "base/result.h"
#include "jobs/repository.h"
#include "jobs/robot_fleet.h"
#include "media/label/label.h"  // robot labels (issue 18)

namespace discus::jobs {

class Secrets;  // jobs/secrets.h

// What a job is doing now, for the API's live event stream (state changes are in the events
// table; this carries the progress between them). Called from lane threads: be quick.
struct JobProgress {
  JobId job = 0;
  int n = 0;  // 0 while staging the job's file-set
  app::ProgressEvent event;
};

// How a job that makes no copies ends (import jobs, issue 17 item 6): done, or held for a person.
struct JobOutcome {
  JobState to = JobState::kDone;
  std::string reason;  // the job's detail, or its hold_reason
};

struct SchedulerOptions {
  std::string station = "local";     // lease owner name (unique per station on a shared queue)
  std::vector<std::string> drives;   // configured drives: /dev/srN or stdio:PATH
  std::filesystem::path state_dir;   // staging/ and trays/ live here
  std::int64_t lease_ms = 30000;     // a lease this long; renewed every lease_ms / 3
  std::int64_t poll_ms = 250;        // idle claim interval (wake() claims at once)
  int image_lanes = 1;               // image-dir jobs run in parallel in this many lanes
  bool discover_drives = false;      // libudev: optical drives found and watched (hotplug)
  int max_attempts = 5;              // a copy rejected this often fails its job (a bad drive)
  base::Logger* log = nullptr;       // may be null; never given PHI (ids, states, devices only)
  std::function<void(const JobProgress&)> on_progress;  // may be empty
  app::PurgeAudit on_purge;  // each purge of staged PHI, for the audit trail; may be empty
  // Where the service's audit trail plugs in (src/jobs cannot know src/daemon/audit). Both may be
  // empty. purge_job replaces the default purge (steps::purge_staging with on_purge) so the trail
  // can read the staged DICOMDIR's patients and studies before the folder goes (PS3.15 A.5.3.6).
  // on_copy_verified runs after a copy is recorded done: the release-of-information record and
  // the Data Export message (issue 14 item 6); `fileset` is the job's staged file-set (it may be
  // gone for a suspect disc verified after a restart; the record is made without patients then).
  std::function<base::Status(const Job&)> purge_job;
  std::function<void(const Job&, const Copy&, const std::filesystem::path& fileset)> on_copy_verified;
  // Disc-publishing robots (issue 18, jobs/robot_runner.h): one lane each, taking the jobs whose
  // target names the robot (or "any"). May be null; must outlive join().
  RobotFleet* robots = nullptr;
  // Secure-media jobs' passwords, in this process's memory only (jobs/secrets.h): taken to stage,
  // forgotten once staged or when the job ends. May be null (then such a job fails at staging).
  Secrets* secrets = nullptr;
  // The institution README.TXT names as the medium's creator, read when a job is staged (so a
  // change through the API applies to the next job); may be empty.
  std::function<std::string()> institution;
  // A robot job's label (merge fields and a rendered image under `staging`) from the study's data
  // (jobs/robot_runner.h: the staged file-set's headers, or the DICOMDIR of an authored input); may be empty.
  std::function<output::robot::LabelData(const Job&, const media::label::LabelData& data, const std::filesystem::path& staging)> label;
  // Import jobs (issue 17 item 6, jobs/import_step.h), run in an image lane to their end; the job
  // then ends as returned (done, or held until a person decides). Empty: import jobs fail.
  std::function<base::Result<JobOutcome>(const Job&, app::Progress&)> import_job;
};

struct DeviceStatus {
  std::string name;         // "/dev/sr0", "stdio:/tmp/d1.iso", "image" for an image lane
  std::string kind;         // "optical", "stdio", "usb", "image"
  std::string source;       // "configured" or "udev"
  bool present = true;      // false: unplugged, its lane finishes nothing new
  bool busy = false;
  JobId job = 0;            // when busy
  int n = 0;                // the copy being written or read back (0: staging)
  std::string model;        // udev's vendor/model when known
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // Recovers this station's jobs, ejects settled stdio: discs, then starts the threads.
  static base::Result<std::unique_ptr<Scheduler>> start(Repository& repo, const app::Context& context,
                                                        SchedulerOptions options);
  // Graceful stop (SIGTERM): no new claims; staging is cancelled and its job parked (running ->
  // queued); a burn or read-back in progress finishes and is recorded first. Thread-safe.
  virtual void request_stop() = 0;
  virtual void join() = 0;
  // A job was submitted, released or retried: claim now rather than at the next poll.
  virtual void wake() = 0;
  virtual std::vector<DeviceStatus> devices() const = 0;
};

}  // namespace discus::jobs
