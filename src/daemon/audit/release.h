// discus::daemon::audit — release of information: the record of every medium made.
//
// Issue 14 item 6: every medium made has a record of who asked for it (the submitting user),
// for whom (recipient) and why (purpose), which patients and studies, which medium (job, copy,
// output, File-set UID). record_verified_copy() is what the scheduler calls, through the
// callback discusd hands it, once a copy is verified: it reads the file-set's DICOMDIR for the
// patients and studies, and records the PS3.15 A.5.3.4 Data Export message with the release
// record tied to it (the same sequence number in the log, "ReleaseRecord" in the message).
// The records are read back with read_audit_log(state_dir, {.releases_only = true}).
//   DISCUS_CHECK(record_verified_copy(trail, job, copy, "/var/lib/discus/jobs/12/fileset"));
#pragma once

#include <string>

#include "base/result.h"
#include "daemon/audit/trail.h"
#include "jobs/job.h"

namespace discus::daemon::audit {

// The CID 405 media type of a copy's target (a drive: CD unless the output says DVD/BD; USB;
// an image file: URI).
std::string media_type_code(const jobs::Target& target, const std::string& output);

// `fileset` is the verified file-set (folder or DICOMDIR) the copy holds; empty or unreadable:
// the record is still made, without patients and studies, and says why in its outcome text.
base::Status record_verified_copy(Trail& trail, const jobs::Job& job, const jobs::Copy& copy, const std::string& fileset);

}  // namespace discus::daemon::audit
