// discus::net::services — the C-FIND SCU (PS3.4 C.4.1 Query/Retrieve FIND, K.4 Modality Worklist
// FIND): one identifier out, every pending response's identifier back as a DataSet, the final
// status as data. C-CANCEL (PS3.7 9.3.2.3) is sent when the caller's callback or cancel flag asks,
// or after max_matches; the responses that still arrive until the final one are drained.
//
// A response that does not parse, a response to another request, or an A-ABORT ends the query
// with an error that says which; the matches received before stay in nothing (an error is an
// error), except through on_match, which saw them as they came.
//
//   DISCUS_TRY(dicom::DataSet id, build_identifier({"PatientID=12345", "StudyDate"}, QueryLevel::kStudy));
//   DISCUS_TRY(auto studies, find_matches(scu, QueryModel::kStudyRoot, id));
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

struct FindOptions {
  ScuOptions scu;
  QueryModel model = QueryModel::kStudyRoot;
  std::uint16_t priority = dimse::kMedium;
  std::size_t max_matches = 0;                     // 0: all; beyond: C-CANCEL
  std::uint64_t max_identifier_bytes = 16u << 20;  // one response's identifier, refused beyond
  const std::atomic<bool>* cancel = nullptr;       // set: C-CANCEL at the next response
  // Each match as it arrives; returning false sends C-CANCEL. Matches are still collected.
  std::function<bool(const dicom::DataSet&)> on_match;
};

struct FindResult {
  std::vector<dicom::DataSet> matches;
  std::optional<std::uint16_t> status;       // the final response's; unset when rejected
  std::string error_comment;                 // (0000,0902) of the final response
  std::size_t pending_without_optional_keys = 0;  // FF01H responses (optional keys not supported)
  bool cancelled = false;                    // we sent C-CANCEL
  std::optional<ul::AssociateRj> rejected;   // the peer refused the association
  // Success, or Cancel after our own C-CANCEL.
  bool ok() const;
};

// Opens an association, proposes the model's FIND SOP class, queries, releases.
base::Result<FindResult> find(const FindOptions& options, const dicom::DataSet& identifier);

// The same on an association the caller holds (several queries on one association); the FIND
// SOP class of options.model must be among `e.contexts`. `message_id` must be unused.
base::Result<FindResult> find_on(Established& e, const FindOptions& options, const dicom::DataSet& identifier,
                                 std::uint16_t message_id);

// The short form (import reconciliation, the daemon's /v1/nodes/{node}/query): the matches, or an
// error when the association is refused or the final status is not Success.
base::Result<std::vector<dicom::DataSet>> find_matches(const ScuOptions& scu, QueryModel model, const dicom::DataSet& identifier);

// The presentation context a query model needs (Explicit then Implicit VR Little Endian).
ul::PresentationContextRq query_context(std::uint8_t id, std::string_view sop_class);

}  // namespace discus::net::services
