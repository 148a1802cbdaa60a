#include "net/services/find_scu.h"

#include <fmt/format.h>

#include "net/dimse/message.h"
#include "net/dimse/query_retrieve.h"
#include "net/dimse/status.h"

namespace discus::net::services {
namespace {

using base::Error;
using base::ErrorCode;

constexpr std::string_view kExplicitLE = "1.2.840.10008.1.2.1";
constexpr std::string_view kImplicitLE = "1.2.840.10008.1.2";

bool cancel_requested(const FindOptions& o) { return o.cancel != nullptr && o.cancel->load(); }

}  // namespace

bool FindResult::ok() const {
  if (!status) return false;
  const auto c = dimse::classify(*status);
  return c == dimse::StatusClass::kSuccess || (c == dimse::StatusClass::kCancel && cancelled);
}

ul::PresentationContextRq query_context(std::uint8_t id, std::string_view sop_class) {
  return ul::PresentationContextRq{id, std::string(sop_class), {std::string(kExplicitLE), std::string(kImplicitLE)}};
}

base::Result<FindResult> find_on(Established& e, const FindOptions& o, const dicom::DataSet& identifier, std::uint16_t message_id) {
  const std::string_view sop_class = find_sop_class(o.model);
  const dimse::AcceptedContext* pc = dimse::find_context(e.contexts, sop_class);
  if (pc == nullptr)
    return Error{ErrorCode::kUnsupported, fmt::format("the peer did not accept the {} FIND SOP class", model_name(o.model))};
  DISCUS_TRY(base::Bytes bytes, dimse::encode_identifier(identifier, pc->transfer_syntax));
  dimse::MemorySource source(bytes);
  const std::uint32_t peer_max = e.ac.user_information.max_pdu_length;
  DISCUS_CHECK(dimse::send_message(*e.association, pc->id, peer_max, dimse::c_find_rq(message_id, std::string(sop_class), o.priority), &source));
  FindResult r;
  for (;;) {
    auto received = dimse::receive_response(*e.association, o.max_identifier_bytes);
    if (!received) {
      Error err = std::move(received).error();
      err.message = fmt::format("no C-FIND-RSP after {} match{}: {}", r.matches.size(), r.matches.size() == 1 ? "" : "es", err.message);
      return err;
    }
    dimse::Response rsp = std::move(*received);
    const dimse::Command& c = rsp.command;
    if (c.command_field != dimse::kCFindRsp || c.message_id_being_responded_to.value_or(0) != message_id || !c.status) {
      e.association->abort();
      return Error{ErrorCode::kBadStructure,
                   fmt::format("{} (Message ID Being Responded To {}, {}) in answer to C-FIND-RQ {}", dimse::command_name(c.command_field),
                               c.message_id_being_responded_to.value_or(0), c.status ? "with a status" : "without a status", message_id)};
    }
    const dimse::StatusClass cls = dimse::classify(*c.status);
    if (cls != dimse::StatusClass::kPending) {
      // The final response; an identifier on it (PS3.4 C.4.1.1.3.2: only a failure may carry one,
      // with the Offending Element) is not a match.
      r.status = *c.status;
      r.error_comment = c.error_comment;
      return r;
    }
    if (!rsp.data) {
      e.association->abort();
      return Error{ErrorCode::kBadStructure, fmt::format("a pending C-FIND-RSP ({}) without an identifier", dimse::describe_qr_status(*c.status))};
    }
    auto match = dimse::decode_identifier(*rsp.data, pc->transfer_syntax);
    if (!match) {
      e.association->abort();
      return std::move(match).error();
    }
    if (*c.status == dimse::status::kPendingOptionalKeysNotSupported) ++r.pending_without_optional_keys;
    bool go_on = true;
    if (o.on_match) go_on = o.on_match(*match);
    r.matches.push_back(std::move(*match));
    if (o.max_matches != 0 && r.matches.size() >= o.max_matches) go_on = false;
    if ((!go_on || cancel_requested(o)) && !r.cancelled) {
      // PS3.7 9.3.2.3: the SCP answers with Cancel (or completes); responses in flight still come.
      DISCUS_CHECK(dimse::send_message(*e.association, pc->id, peer_max, dimse::c_cancel_rq(message_id)));
      r.cancelled = true;
    }
  }
}

base::Result<FindResult> find(const FindOptions& o, const dicom::DataSet& identifier) {
  DISCUS_TRY(Established e, open_association(o.scu, {query_context(1, find_sop_class(o.model))}));
  if (e.rejected) {
    FindResult r;
    r.rejected = e.rejected;
    return r;
  }
  auto r = find_on(e, o, identifier, 1);
  if (!r) {
    if (e.association->state() == ul::State::kSta6) e.association->abort();
    return r;
  }
  (void)e.association->release();
  return r;
}

base::Result<std::vector<dicom::DataSet>> find_matches(const ScuOptions& scu, QueryModel model, const dicom::DataSet& identifier) {
  FindOptions o;
  o.scu = scu;
  o.model = model;
  DISCUS_TRY(FindResult r, find(o, identifier));
  if (r.rejected) return Error{ErrorCode::kIo, describe_reject(*r.rejected)};
  if (!r.ok()) {
    return Error{ErrorCode::kIo, fmt::format("C-FIND failed: {}{}", dimse::describe_qr_status(*r.status),
                                             r.error_comment.empty() ? "" : ": " + r.error_comment)};
  }
  return std::move(r.matches);
}

}  // namespace discus::net::services
