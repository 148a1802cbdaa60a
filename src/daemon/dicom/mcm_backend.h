// discus::daemon::dicom — what a Media Creation Management request (PS3.4 Annex S) becomes in
// discusd: a job of the queue, submitted through the API's own path (Api::submit: the checks and
// the durable commit of POST /v1/jobs), whose inputs are the referenced instances as the study
// store holds them; and the job's progress as N-GET reports it.
//
// At Initiate Media Creation the request is checked for what only it can get wrong, with the
// Execution Status Info of PS3.3 C.22.1 (the SCP answers the N-ACTION Success either way and
// N-GET tells; net/services/mcm_scp.h): an instance referenced twice (DUPL_REF_INST); one
// profile per medium, a profile this station has and can write (not retired, not secure, a disc
// profile: NOT_SUPPORTED); each SOP class allowed by its profile (INST_AP_CONFLICT); every
// instance in the store (NO_INSTANCE). Everything else is the API's check (an unknown profile
// there is NOT_SUPPORTED too). Honoured: profile, copies, priority, label fields, File-set ID,
// Include Display Application (the viewer), Preserve Composite Instances (staging kept).
// The request's SOP Instance UID -> job id is kept in STATE_DIR/mcm/<uid> (renamed into place),
// so N-GET and cancel survive a restart.
//   McmBackend b(options, api, profiles);   net::services::MediaCreationScp scp(b, uids);
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "daemon/api/service.h"
#include "media/profile/profile.h"
#include "net/services/mcm_scp.h"

namespace discus::daemon::dicom {

struct McmOptions {
  std::string state_dir;                     // STATE_DIR/mcm holds the request -> job records
  std::string default_profile = "STD-GEN-CD";  // when no item names a Requested Media Application Profile
  std::string drive = "any";                 // the job's target drive ("any": discovered drives)
  // The study store: the file of a received instance, or nullopt. Empty: instances_dir is searched.
  std::function<std::optional<std::string>(const std::string& sop_instance_uid)> locate;
  std::string instances_dir;  // DIR/<Study UID>/<SOP Instance UID>.dcm, as the Storage SCP writes them
};

class McmBackend final : public net::services::MediaCreationBackend {
 public:
  McmBackend(McmOptions options, api::Api& api, const media::profile::ProfileRegistry& profiles);

  net::services::MediaCreationState initiate(const net::services::MediaCreationRequest& request,
                                             const net::services::InitiateAction& action) override;
  std::optional<net::services::MediaCreationState> status(const std::string& sop_instance_uid) override;
  CancelResult cancel(const std::string& sop_instance_uid) override;

 private:
  std::optional<std::string> locate(const std::string& sop_instance_uid) const;
  std::optional<jobs::JobId> job_of(const std::string& sop_instance_uid) const;
  std::string record_path(const std::string& sop_instance_uid) const;

  McmOptions o_;
  api::Api& api_;
  const media::profile::ProfileRegistry& profiles_;
  std::mutex mutex_;  // records
};

// A File-set ID the DICOMDIR accepts (PS3.10 8.2: CS, up to 16 of A-Z 0-9 space _), from the
// SCU's Storage Media File-set ID (SH): upper-cased, other characters become '_'.
std::string fileset_id_for(std::string_view storage_media_fileset_id);

// A failed job's error as the Execution Status Info of PS3.3 C.22.1 (data, not a ladder of ifs
// spread over the code: the table is in mcm_backend.cc).
std::string_view execution_status_info_for(std::string_view job_error);

}  // namespace discus::daemon::dicom
