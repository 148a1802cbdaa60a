// discus::net::services — the Media Creation Management SCP (PS3.4 Annex S, SOP Class
// 1.2.840.10008.5.1.1.33; IOD PS3.3 B.25, module C.22.1): N-CREATE a request, N-ACTION initiate
// (1) or cancel (2), N-GET its status. Pure DIMSE logic over value types; what a request becomes
// (a job of the station's queue) is the MediaCreationBackend's business (discusd: daemon/dicom).
//
// Which status at which step, as Annex S has it:
//   N-CREATE   Success on receipt, never a warning (S.3.2.1.3); no check of profiles or instances
//              here (its Note 1: the SCU could not N-GET the reason). Failures only for a request
//              that cannot be a request at all: no Referenced SOP Sequence (0120H), a malformed
//              item (0121H/0106H), a UID already in use (0111H), and A510H when that instance has
//              already been initiated. Execution Status IDLE / NORMAL.
//   N-ACTION 1 Success = scheduled (S.3.2.2.3). The backend checks the request at once: a profile
//              or SOP class it cannot honour, missing instances... and the request goes to
//              FAILURE with the Execution Status Info of PS3.3 C.22.1 (NOT_SUPPORTED, NO_INSTANCE,
//              INST_AP_CONFLICT, DUPL_REF_INST ...) and a Failed SOP Sequence, read by N-GET.
//              A second initiate of one instance: 0210H (duplicate invocation).
//   N-ACTION 2 Success = cancelled and the instance deleted (a later N-GET: 0112H); C201H already
//              completed, C202H in progress and cannot be interrupted, C203H denied.
//   N-GET      Execution Status, Execution Status Info, Total Number of Pieces of Media Created,
//              Failed SOP Sequence, Referenced Storage Media Sequence, and the request's own
//              attributes; 0112H for an unknown instance.
// Any other message of the SOP class: 0211H (unrecognized operation); other action types: 0123H.
//
//   MediaCreationScp scp(backend, uids);
//   NReply r = scp.handle(command, dataset, "RIS");   // send r.command (+ r.dataset)
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/uid.h"
#include "dicom/core/dataset.h"
#include "net/dimse/command.h"

namespace discus::net::services {

inline constexpr std::string_view kMediaCreationManagementSopClass = "1.2.840.10008.5.1.1.33";

// PS3.4 S.3.2.1.4 and S.3.2.3.4: the specific statuses of the SOP class.
namespace mcm_status {
inline constexpr std::uint16_t kInitiateAlreadyReceived = 0xA510;  // N-CREATE
inline constexpr std::uint16_t kAlreadyCompleted = 0xC201;         // N-ACTION cancel
inline constexpr std::uint16_t kInProgressCannotInterrupt = 0xC202;
inline constexpr std::uint16_t kCancellationDenied = 0xC203;
// PS3.7 C.4 general N-service statuses the SCP uses.
inline constexpr std::uint16_t kInvalidAttributeValue = 0x0106;
inline constexpr std::uint16_t kNoSuchSopInstance = 0x0112;
inline constexpr std::uint16_t kNoSuchArgument = 0x0114;
inline constexpr std::uint16_t kInvalidArgumentValue = 0x0115;
inline constexpr std::uint16_t kNoSuchSopClass = 0x0118;
inline constexpr std::uint16_t kMissingAttribute = 0x0120;
inline constexpr std::uint16_t kMissingAttributeValue = 0x0121;
inline constexpr std::uint16_t kNoSuchAction = 0x0123;
}  // namespace mcm_status

// PS3.3 C.22.1 Execution Status (2100,0020), enumerated values.
enum class ExecutionStatus { kIdle, kPending, kCreating, kDone, kFailure };
std::string_view to_string(ExecutionStatus s);

// PS3.3 C.22.1 Execution Status Info (2100,0030), the defined terms for media creation.
namespace execution_status_info {
inline constexpr std::string_view kNormal = "NORMAL";
inline constexpr std::string_view kQueued = "QUEUED";
inline constexpr std::string_view kNoInstance = "NO_INSTANCE";        // a referenced instance is not here
inline constexpr std::string_view kNotSupported = "NOT_SUPPORTED";    // a profile or SOP class we do not support
inline constexpr std::string_view kInstApConflict = "INST_AP_CONFLICT";  // an instance's SOP class vs its profile
inline constexpr std::string_view kDuplRefInst = "DUPL_REF_INST";     // one instance referenced twice
inline constexpr std::string_view kSetOversized = "SET_OVERSIZED";
inline constexpr std::string_view kInstOversized = "INST_OVERSIZED";
inline constexpr std::string_view kInsufficMemory = "INSUFFIC_MEMORY";
inline constexpr std::string_view kDirProcErr = "DIR_PROC_ERR";
inline constexpr std::string_view kProcFailure = "PROC_FAILURE";
inline constexpr std::string_view kMcdBusy = "MCD_BUSY";
inline constexpr std::string_view kMcdFailure = "MCD_FAILURE";
inline constexpr std::string_view kOutOfSupplies = "OUT_OF_SUPPLIES";
inline constexpr std::string_view kUnknown = "UNKNOWN";
}  // namespace execution_status_info

// One item of the Referenced SOP Sequence (0008,1199).
struct ReferencedInstance {
  std::string sop_class_uid;     // (0008,1150)
  std::string sop_instance_uid;  // (0008,1155)
  std::string requested_profile; // (2200,000C) Requested Media Application Profile; empty: ours to choose
};

// The N-CREATE attributes (PS3.4 Table S.3.2.1.1-1), named after their PS3.6 keywords. A flag
// the SCU left out is nullopt: the SCP's default applies.
struct MediaCreationRequest {
  std::string sop_instance_uid;
  std::string calling_ae_title;
  std::string specific_character_set;   // (0008,0005)
  std::string storage_media_fileset_id;  // (0088,0130)
  std::string storage_media_fileset_uid; // (0088,0140)
  std::optional<bool> label_using_information_extracted_from_instances;  // (2200,0001)
  std::string label_text;                // (2200,0002) UT
  std::string label_style_selection;     // (2200,0003)
  std::string media_disposition;         // (2200,0004)
  std::string barcode_value;             // (2200,0005)
  std::string barcode_symbology;         // (2200,0006)
  std::optional<bool> allow_media_splitting;         // (2200,0007)
  std::optional<bool> include_non_dicom_objects;     // (2200,0008)
  std::optional<bool> include_display_application;   // (2200,0009)
  std::optional<bool> preserve_composite_instances;  // (2200,000A)
  std::optional<bool> allow_lossy_compression;       // (2200,000F)
  std::vector<ReferencedInstance> instances;
};

// The Action Information of Initiate Media Creation (PS3.4 Table S.3.2.2.1-1).
struct InitiateAction {
  int copies = 1;        // (2000,0010) Number of Copies; absent: 1
  std::string priority;  // (2200,0020) Request Priority: HIGH, MED, LOW; empty: MED
};

struct FailedInstance {
  std::string sop_class_uid, sop_instance_uid;
  std::uint16_t failure_reason = 0x0110;  // (0008,1197), PS3.3 C.14.1.1 values
};

// What N-GET reports about a request (PS3.4 Table S.3.2.4.1-1).
struct MediaCreationState {
  ExecutionStatus status = ExecutionStatus::kIdle;
  std::string info{execution_status_info::kNormal};
  int pieces_created = 0;              // (2200,000B): verified copies so far
  std::vector<FailedInstance> failed;  // (0008,1198)
  std::string detail;                  // for logs and the Error Comment; never PHI
};

// The station behind the SCP (discusd: the job queue and the study store).
class MediaCreationBackend {
 public:
  virtual ~MediaCreationBackend() = default;
  // Checks and schedules an initiated request; the state right after: PENDING (queued) or
  // FAILURE with its Execution Status Info (PS3.4 S.3.2.2.3 allows both after a Success).
  virtual MediaCreationState initiate(const MediaCreationRequest& request, const InitiateAction& action) = 0;
  // The state of an initiated request, or nullopt when the backend knows no such request.
  virtual std::optional<MediaCreationState> status(const std::string& sop_instance_uid) = 0;
  enum class CancelResult { kCancelled, kAlreadyCompleted, kInProgress, kDenied, kUnknown };
  virtual CancelResult cancel(const std::string& sop_instance_uid) = 0;
};

// Pure mappings between data sets and the values above. A problem is a status and a comment.
struct Refusal {
  std::uint16_t status = 0;
  std::string comment;
};
std::optional<Refusal> parse_media_creation_request(const dicom::DataSet& ds, MediaCreationRequest& out);
std::optional<Refusal> parse_initiate_action(const dicom::DataSet& ds, InitiateAction& out);
// The N-GET attribute list: the state, and the request's own attributes when known.
dicom::DataSet media_creation_attributes(const MediaCreationRequest* request, const MediaCreationState& state);
// PS3.4 S.3.2.2.1.1 HIGH/MED/LOW onto the queue's priorities (jobs::JobSpec: 1/0/-1).
int queue_priority(std::string_view request_priority);

struct NReply {
  dimse::Command command;
  std::optional<dicom::DataSet> dataset;
};

class MediaCreationScp {
 public:
  MediaCreationScp(MediaCreationBackend& backend, base::UidSource& uids) : backend_(backend), uids_(uids) {}
  // One N-CREATE, N-ACTION or N-GET request of the SOP class and its data set (empty when none).
  // Thread-safe: associations are served on threads of their own.
  NReply handle(const dimse::Command& rq, const dicom::DataSet& data, std::string_view calling_ae_title);

 private:
  NReply create(const dimse::Command& rq, const dicom::DataSet& data, std::string_view calling_ae_title);
  NReply action(const dimse::Command& rq, const dicom::DataSet& data);
  NReply get(const dimse::Command& rq);

  struct Entry {
    MediaCreationRequest request;
    bool initiated = false;
    std::optional<MediaCreationState> refused;  // set when the initiate failed its checks
  };
  MediaCreationBackend& backend_;
  base::UidSource& uids_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace discus::net::services
