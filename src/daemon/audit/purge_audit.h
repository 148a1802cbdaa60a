// discus::daemon::audit — PHI purges (app/purge.h) with their audit messages.
//
// Issue 14 item 7: every purge is audited as PS3.15 A.5.3.6 DICOM Instances Accessed with
// EventActionCode D, naming the patients and studies that were staged (read from the staged
// file-set's DICOMDIR before anything is removed) and every folder removed. The scheduler calls
// purge_job_staging() (through discusd's callback) once every copy of a job is verified; discusd
// calls sweep_job_staging() at start and daily.
//   DISCUS_TRY(app::PurgeReport r, purge_job_staging(trail, job, "/var/lib/discus"));
#pragma once

#include <string>
#include <vector>

#include "app/purge.h"
#include "base/result.h"
#include "daemon/audit/trail.h"
#include "jobs/job.h"

namespace discus::daemon::audit {

base::Result<app::PurgeReport> purge_job_staging(Trail& trail, const jobs::Job& job, const std::string& state_dir);

base::Result<std::vector<app::PurgeReport>> sweep_job_staging(Trail& trail, const std::string& state_dir, int retention_days,
                                                              std::int64_t now_ms = 0);

}  // namespace discus::daemon::audit
