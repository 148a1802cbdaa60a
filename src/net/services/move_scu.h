// discus::net::services — the retrieve SCUs' common shape and C-MOVE (PS3.4 C.4.2): the SCP
// sends the matching instances to a third AE (`destination`, which the SCP must know by address),
// and answers with pending responses counting the sub-operations and a final status.
//
// Statuses are data: the final one and the sub-operation counts (PS3.7 9.1.3.1: Remaining,
// Completed, Failed, Warning) are returned, never turned into an error; an error is reserved for
// the association (refused, aborted, a response that makes no sense).
//
//   MoveOptions o;  o.scu = scu;  o.destination = "DISCUS";
//   DISCUS_TRY(dicom::DataSet id, build_identifier({"StudyInstanceUID=1.2.3"}, QueryLevel::kStudy));
//   DISCUS_TRY(RetrieveResult r, move(o, id));   if (r.ok()) ...
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "dicom/core/dataset.h"
#include "net/dimse/command.h"
#include "net/services/query_keys.h"
#include "net/services/scu.h"

namespace discus::net::services {

// PS3.7 9.1.3.1 / 9.1.4.1: the counts a C-MOVE-RSP or C-GET-RSP carries (unset when absent).
struct SubOperations {
  std::optional<std::uint16_t> remaining, completed, failed, warning;
};

struct RetrieveResult {
  std::optional<std::uint16_t> status;        // the final response's; unset when rejected
  std::string error_comment;
  SubOperations counts;                       // of the final response
  std::size_t pending_responses = 0;
  std::vector<std::string> failed_sop_instances;  // (0008,0058) of the final response's identifier
  bool cancelled = false;                     // we sent C-CANCEL
  std::optional<ul::AssociateRj> rejected;
  // Success; or Warning (B000H: some sub-operations failed) is not ok, the caller sees counts.
  bool ok() const;
};

using ProgressCallback = std::function<void(std::uint16_t status, const SubOperations& counts)>;

struct MoveOptions {
  ScuOptions scu;
  QueryModel model = QueryModel::kStudyRoot;
  std::string destination;                    // (0000,0600) Move Destination
  std::uint16_t priority = dimse::kMedium;
  const std::atomic<bool>* cancel = nullptr;  // set: C-CANCEL at the next pending response
  ProgressCallback on_progress;               // each pending response
};

base::Result<RetrieveResult> move(const MoveOptions& options, const dicom::DataSet& identifier);

}  // namespace discus::net::services
