// discus::app — the PHI lifecycle of a job: its staging removed after a verified burn.
//
// Issue 14 item 7. Whatever the service staged for a job (received and staged studies, the
// file-set, images of media before they are burned, temporary media) lives in the job's staging
// folder, job_staging_dir(STATE, ID). Once every copy is verified, purge_after_verified_burn()
// removes it, unless the request says keep (PS3.4 S.3.2.1: Preserve Composite Instances After
// Media Creation (2200,000A)); kept staging is marked with the time it was kept and
// sweep_kept_staging() removes it after the configured retention ([phi] kept_staging_days).
// The job's original inputs are never touched: a staged entry that holds an input is descended
// into and only what is not an input is removed, and staging that lies inside an input is left
// whole. Symbolic links are removed, never followed. Every purge is reported to `audit` (the
// daemon records PS3.15 A.5.3.6 DICOM Instances Accessed, action D).
//   DISCUS_TRY(PurgeReport r, purge_after_verified_burn({.staging = dir, .inputs = in}, audit));
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace discus::app {

// STATE/staging/job-ID: the one place a job's staged PHI may be (the scheduler stages there).
std::string job_staging_dir(const std::string& state_dir, std::int64_t job_id);

// The marker a kept staging folder carries: its content is the time it was kept (ms, decimal).
inline constexpr const char* kKeptMarker = ".discus-kept";

struct PurgeRequest {
  std::string staging;              // the job's staging folder
  std::vector<std::string> inputs;  // the job's original inputs: never removed
  bool preserve = false;            // (2200,000A) YES: keep, marked for the retention sweep
  std::int64_t now_ms = 0;          // 0: the clock's
};

struct PurgeReport {
  enum class Action { kRemoved, kKept, kNothing };
  Action action = Action::kNothing;
  std::string staging;
  std::vector<std::string> removed;  // the entries removed (folders and files directly below)
  std::vector<std::string> spared;   // entries left because they hold an input
  std::uint64_t files = 0, bytes = 0;
  std::string reason;                // why kept, or why nothing was done
};

// Called once per purge that removed something (or tried to and failed half way).
using PurgeAudit = std::function<void(const PurgeReport&)>;

base::Result<PurgeReport> purge_after_verified_burn(const PurgeRequest& request, const PurgeAudit& audit);

// When a staging folder was kept (its marker's time), or nothing when it carries no marker.
std::optional<std::int64_t> kept_since(const std::string& staging);
// The kept folder is past `retention_days` at `now_ms` (0: the clock's).
bool retention_expired(std::int64_t kept_ms, int retention_days, std::int64_t now_ms);

// Removes the kept staging folders below `staging_root` (STATE/staging) whose marker is older
// than `retention_days`; each removal reported to `audit`. Folders without a marker are left.
base::Result<std::vector<PurgeReport>> sweep_kept_staging(const std::string& staging_root, int retention_days,
                                                          std::int64_t now_ms, const PurgeAudit& audit);

}  // namespace discus::app
