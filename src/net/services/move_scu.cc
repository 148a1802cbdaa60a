#include "net/services/move_scu.h"

#include <fmt/format.h>

#include "dicom/dict/tags.h"
#include "net/dimse/message.h"
#include "net/dimse/query_retrieve.h"
#include "net/dimse/status.h"
#include "net/services/find_scu.h"
#include "net/services/query_retrieve_common.h"

namespace discus::net::services {

using base::Error;
using base::ErrorCode;

bool RetrieveResult::ok() const { return status && dimse::classify(*status) == dimse::StatusClass::kSuccess; }

namespace detail {

SubOperations counts_of(const dimse::Command& c) {
  return SubOperations{c.remaining_suboperations, c.completed_suboperations, c.failed_suboperations, c.warning_suboperations};
}

base::Status final_response(const dimse::Response& rsp, std::string_view ts, RetrieveResult& r) {
  const dimse::Command& c = rsp.command;
  r.status = *c.status;
  r.error_comment = c.error_comment;
  r.counts = counts_of(c);
  // PS3.4 C.4.2.1.3.2: a final response other than Success may name the failed instances.
  if (rsp.data && !rsp.data->empty()) {
    DISCUS_TRY(dicom::DataSet id, dimse::decode_identifier(*rsp.data, ts));
    for (std::string_view uid : id.get_strings(dicom::tags::FailedSOPInstanceUIDList)) r.failed_sop_instances.emplace_back(uid);
  }
  return {};
}

base::Status check_response(const dimse::Command& c, std::uint16_t expected_field, std::uint16_t message_id, std::string_view request) {
  if (c.command_field == expected_field && c.message_id_being_responded_to.value_or(0) == message_id && c.status) return {};
  return Error{ErrorCode::kBadStructure,
               fmt::format("{} (Message ID Being Responded To {}, {}) in answer to {} {}", dimse::command_name(c.command_field),
                           c.message_id_being_responded_to.value_or(0), c.status ? "with a status" : "without a status", request,
                           message_id)};
}

}  // namespace detail

base::Result<RetrieveResult> move(const MoveOptions& o, const dicom::DataSet& identifier) {
  const std::string_view sop_class = move_sop_class(o.model);
  if (sop_class.empty()) return Error{ErrorCode::kInvalidArgument, fmt::format("the {} model has no C-MOVE", model_name(o.model))};
  if (!ul::valid_ae_title(o.destination))
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not an AE title (Move Destination)", o.destination)};
  DISCUS_TRY(Established e, open_association(o.scu, {query_context(1, sop_class)}));
  RetrieveResult r;
  if (e.rejected) {
    r.rejected = e.rejected;
    return r;
  }
  const dimse::AcceptedContext* pc = dimse::find_context(e.contexts, sop_class);
  if (pc == nullptr) {
    e.association->abort();
    return Error{ErrorCode::kUnsupported, fmt::format("the peer did not accept the {} MOVE SOP class", model_name(o.model))};
  }
  const std::uint32_t peer_max = e.ac.user_information.max_pdu_length;
  auto run = [&]() -> base::Status {
    DISCUS_TRY(base::Bytes bytes, dimse::encode_identifier(identifier, pc->transfer_syntax));
    dimse::MemorySource source(bytes);
    constexpr std::uint16_t kId = 1;
    DISCUS_CHECK(dimse::send_message(*e.association, pc->id, peer_max, dimse::c_move_rq(kId, std::string(sop_class), o.destination, o.priority),
                                     &source));
    for (;;) {
      DISCUS_TRY(dimse::Response rsp, dimse::receive_response(*e.association, 16u << 20));
      DISCUS_CHECK(detail::check_response(rsp.command, dimse::kCMoveRsp, kId, "C-MOVE-RQ"));
      if (dimse::classify(*rsp.command.status) != dimse::StatusClass::kPending) return detail::final_response(rsp, pc->transfer_syntax, r);
      ++r.pending_responses;
      if (o.on_progress) o.on_progress(*rsp.command.status, detail::counts_of(rsp.command));
      if (o.cancel != nullptr && o.cancel->load() && !r.cancelled) {
        DISCUS_CHECK(dimse::send_message(*e.association, pc->id, peer_max, dimse::c_cancel_rq(kId)));
        r.cancelled = true;
      }
    }
  };
  if (auto st = run(); !st) {
    if (e.association->state() == ul::State::kSta6) e.association->abort();
    return std::move(st).error();
  }
  (void)e.association->release();
  return r;
}

}  // namespace discus::net::services
