// discus::net::services — the Storage Commitment Push Model SCU (PS3.4 J.3; IHE RAD-10): asks a
// PACS to take responsibility for instances it received (N-ACTION-RQ, Action Type 1, to the
// well-known instance 1.2.840.10008.1.20.1.1) and waits for its answer, the N-EVENT-REPORT-RQ
// (Event Type 1: all committed; 2: failures exist), which arrives either on the same association
// or, later, on a new association the SCP opens to us (role selection: the SCP as requestor takes
// the SCP role, PS3.4 J.3.3.1 / PS3.7 D.3.3.4). With listen_port set we release after the
// N-ACTION-RSP and accept one association on that port (our AE title = the calling one);
// otherwise we keep the association open and wait on it.
//
// The report is hostile input: its Transaction UID must be ours; references not asked for are
// ignored (and counted), an instance both committed and failed counts as failed.
//   CommitmentOptions o;  o.scu.peer = pacs;  o.listen_port = 11113;  o.transaction_uid = uid;
//   DISCUS_TRY(CommitmentResult r, request_commitment(o, refs));   r.committed, r.failed
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "dicom/core/dataset.h"
#include "net/services/scu.h"

namespace discus::net::services {

inline constexpr std::string_view kStorageCommitmentPushModel = "1.2.840.10008.1.20.1";
inline constexpr std::string_view kStorageCommitmentPushModelInstance = "1.2.840.10008.1.20.1.1";

struct SopRef {
  std::string sop_class_uid, sop_instance_uid;
  auto operator<=>(const SopRef&) const = default;
};
struct FailedRef {
  SopRef ref;
  std::uint16_t reason = 0;  // (0008,1197): 0110H processing failure, 0112H no such object, ...
};

struct CommitmentOptions {
  ScuOptions scu;                            // peer: the Storage Commitment SCP
  std::optional<std::uint16_t> listen_port;  // the report on a new association (0: any free port)
  std::string bind_address;                  // for listen_port; empty: all
  std::chrono::milliseconds wait{60'000};    // for the report, after the N-ACTION-RSP
  std::string transaction_uid;               // required (PS3.4 J.3.2.1.1.1: unique per request)
};

struct CommitmentReport {
  std::string transaction_uid;
  std::vector<SopRef> committed;
  std::vector<FailedRef> failed;
};

struct CommitmentResult {
  std::string transaction_uid;
  std::optional<std::uint16_t> action_status;  // the N-ACTION-RSP status
  std::optional<ul::AssociateRj> rejected;
  bool report_received = false;
  std::string report_via;          // "the same association", "a new association from AET@host"
  std::vector<SopRef> committed;   // asked for and reported committed
  std::vector<FailedRef> failed;   // asked for and reported failed
  std::vector<SopRef> unanswered;  // asked for, in neither list of the report (or no report)
  std::size_t not_asked = 0;       // references in the report we never asked about
  std::string error;               // why no report came (timeout, refused, ...)
  bool all_committed() const { return report_received && failed.empty() && unanswered.empty(); }
};

// PS3.4 Table J.3-1: the Action Information of the request.
dicom::DataSet commitment_request(const std::string& transaction_uid, const std::vector<SopRef>& refs);
// PS3.4 Table J.3-2: the Event Information of the report, read (event 1 or 2).
base::Result<CommitmentReport> read_commitment_report(const dicom::DataSet& event_information);
// The report held against what was asked (pure; request_commitment uses it).
void settle(CommitmentResult& r, const std::vector<SopRef>& asked, const CommitmentReport& report);

// An error only when nothing could be asked (connection refused, association rejected is data).
base::Result<CommitmentResult> request_commitment(const CommitmentOptions& options, const std::vector<SopRef>& refs);

}  // namespace discus::net::services
