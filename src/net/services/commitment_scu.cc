#include "net/services/commitment_scu.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "dicom/dict/tags.h"
#include "dicom/part10/writer.h"
#include "net/dimse/message.h"
#include "net/dimse/n_messages.h"
#include "net/dimse/n_set_event.h"
#include "net/dimse/query_retrieve.h"
#include "net/dimse/status.h"
#include "net/services/find_scu.h"

namespace discus::net::services {
namespace {

using base::Error;
using base::ErrorCode;
namespace tags = dicom::tags;

constexpr std::uint16_t kRequestStorageCommitment = 1;  // PS3.4 J.3.2.1.1 Action Type ID
constexpr std::uint16_t kAllCommitted = 1;              // PS3.4 J.3.3.1.1 Event Type IDs
constexpr std::uint16_t kFailuresExist = 2;
constexpr std::uint64_t kMaxReportBytes = 64u << 20;    // a report of ~500k references

dicom::Element sequence(dicom::Tag t, std::vector<dicom::DataSet> items) {
  dicom::Element e;
  e.tag = t;
  e.vr = dicom::VR::SQ;
  e.kind = dicom::Element::Kind::kSequence;
  e.items = std::move(items);
  return e;
}

std::string text(const dicom::DataSet& ds, dicom::Tag t) {
  std::string s(ds.get_string(t).value_or(""));
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

// One whole message (request or response) and its data set, gathered in memory.
class Gather final : public dimse::MessageReceiver::Handler {
 public:
  base::Status on_command(std::uint8_t, const dimse::Command&) override { return {}; }
  base::Status on_data(base::ByteView f) override {
    if (f.size() > kMaxReportBytes - data.size())
      return Error{ErrorCode::kLimitExceeded, fmt::format("a message data set longer than {} bytes", kMaxReportBytes)};
    data.insert(data.end(), f.begin(), f.end());
    return {};
  }
  base::Status on_message(std::uint8_t pc, const dimse::Command& c) override {
    done = true;
    context_id = pc;
    command = c;
    return {};
  }
  bool done = false;
  std::uint8_t context_id = 0;
  dimse::Command command;
  base::Bytes data;
};

struct Message {
  std::uint8_t context_id = 0;
  dimse::Command command;
  base::Bytes data;
};

// The next message, whatever it is (the SCP's N-EVENT-REPORT-RQ arrives where an SCU otherwise
// only sees responses). A release request is answered and reported as an error.
base::Result<Message> receive_message(ul::Association& assoc) {
  dimse::MessageReceiver r;
  Gather h;
  while (!h.done) {
    DISCUS_TRY(ul::Incoming in, assoc.receive());
    if (auto* p = std::get_if<ul::PDataTf>(&in)) {
      if (auto st = r.feed(*p, h); !st) {
        assoc.abort(ul::AbortSource::kServiceUser, 0);
        return std::move(st).error();
      }
      continue;
    }
    if (std::holds_alternative<ul::ReleaseRequested>(in)) {
      assoc.answer_release();
      return Error{ErrorCode::kIo, "the peer released the association without sending the report"};
    }
    if (auto* a = std::get_if<ul::Aborted>(&in))
      return Error{ErrorCode::kIo, a->by_peer ? "the peer aborted the association" : "the association was aborted (protocol error or timeout)"};
    return Error{ErrorCode::kIo, "the association ended"};
  }
  return Message{h.context_id, std::move(h.command), std::move(h.data)};
}

// An N-EVENT-REPORT-RQ read and answered on `assoc`; the report, or why it is not one.
base::Result<CommitmentReport> take_report(ul::Association& assoc, const std::vector<dimse::AcceptedContext>& pcs,
                                           std::uint32_t peer_max_pdu) {
  DISCUS_TRY(Message m, receive_message(assoc));
  const dimse::Command& c = m.command;
  if (c.command_field != dimse::kNEventReportRq) {
    assoc.abort();
    return Error{ErrorCode::kBadStructure, fmt::format("{} where the Storage Commitment report (N-EVENT-REPORT-RQ) was expected",
                                                       dimse::command_name(c.command_field))};
  }
  auto pc = std::find_if(pcs.begin(), pcs.end(), [&](const dimse::AcceptedContext& p) { return p.id == m.context_id; });
  std::uint16_t status = dimse::status::kSuccess;
  base::Result<CommitmentReport> report = Error{ErrorCode::kBadStructure, "the report came on a context we did not accept"};
  if (pc != pcs.end()) {
    const std::uint16_t event = c.event_type_id.value_or(0);
    if (c.affected_sop_class_uid != kStorageCommitmentPushModel || (event != kAllCommitted && event != kFailuresExist)) {
      report = Error{ErrorCode::kBadStructure, fmt::format("an N-EVENT-REPORT of class {} event {}: not a Storage Commitment result",
                                                           c.affected_sop_class_uid, event)};
      status = 0x0113;  // PS3.7 C.4.1.1: no such event type
    } else {
      auto ds = dimse::decode_dataset(m.data, pc->transfer_syntax);
      if (!ds) {
        report = std::move(ds).error();
        status = 0x0110;  // processing failure
      } else {
        report = read_commitment_report(*ds);
        if (!report) status = 0x0110;
      }
    }
  }
  (void)dimse::send_message(assoc, m.context_id, peer_max_pdu, dimse::n_event_report_rsp(c, status));
  return report;
}

// The SCP's own association for the report (PS3.4 J.3.3.1): accepted only when it calls our AE
// title and proposes the Storage Commitment Push Model; the roles it proposes are granted.
base::Result<CommitmentReport> report_on_new_association(ul::Listener& listener, const CommitmentOptions& o, std::string& via) {
  const ul::Deadline deadline = ul::deadline_in(o.wait);
  for (;;) {
    DISCUS_TRY(auto accepted, listener.accept(deadline));
    if (!accepted) return Error{ErrorCode::kIo, fmt::format("no Storage Commitment report within {} s", o.wait.count() / 1000)};
    // A caller that never sends its A-ASSOCIATE-RQ may not hold us past the wait.
    ul::Timeouts bounded = o.scu.timeouts;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - ul::Clock::now());
    bounded.artim = std::max(std::chrono::milliseconds(500), std::min(bounded.artim, left));
    ul::Association assoc(std::move(*accepted), ul::Role::kAcceptor, bounded);
    assoc.set_receive_limit(o.scu.max_pdu_length);
    auto rq = assoc.receive_request();
    if (!rq) continue;
    if (rq->called_ae_title != o.scu.calling_ae_title) {
      assoc.reject(ul::AssociateRj{ul::RejectResult::kPermanent, ul::RejectSource::kServiceUser, ul::reject_reason::kCalledAeNotRecognized});
      continue;
    }
    ul::AssociateAc ac;
    ac.called_ae_title = rq->called_ae_title;
    ac.calling_ae_title = rq->calling_ae_title;
    ac.user_information.max_pdu_length = o.scu.max_pdu_length;
    ac.user_information.implementation_class_uid = std::string(dicom::part10::kImplementationClassUID);
    ac.user_information.implementation_version_name = std::string(dicom::part10::kImplementationVersionName);
    if (rq->user_information.async_operations) ac.user_information.async_operations = ul::AsyncOperationsWindow{1, 1};
    for (const ul::PresentationContextRq& p : rq->presentation_contexts) {
      ul::PresentationContextAc a;
      a.id = p.id;
      a.transfer_syntax = p.transfer_syntaxes.empty() ? std::string() : p.transfer_syntaxes.front();
      if (p.abstract_syntax != kStorageCommitmentPushModel) {
        a.result = ul::ContextResult::kAbstractSyntaxNotSupported;
      } else {
        auto ts = std::find_if(p.transfer_syntaxes.begin(), p.transfer_syntaxes.end(),
                               [](const std::string& t) { return t == "1.2.840.10008.1.2.1" || t == "1.2.840.10008.1.2"; });
        a.result = ts == p.transfer_syntaxes.end() ? ul::ContextResult::kTransferSyntaxesNotSupported : ul::ContextResult::kAcceptance;
        if (ts != p.transfer_syntaxes.end()) a.transfer_syntax = *ts;
      }
      ac.presentation_contexts.push_back(std::move(a));
    }
    for (const ul::RoleSelection& s : rq->user_information.role_selections)
      if (s.sop_class_uid == kStorageCommitmentPushModel) ac.user_information.role_selections.push_back(s);
    DISCUS_CHECK(assoc.accept(ac));
    const auto pcs = dimse::accepted_contexts(*rq, ac);
    via = fmt::format("a new association from {}@{}", rq->calling_ae_title, assoc.peer_host());
    auto report = take_report(assoc, pcs, rq->user_information.max_pdu_length);
    // The SCP releases; wait for it (or its close) so it sees our response delivered.
    if (assoc.state() == ul::State::kSta6) {
      auto in = assoc.receive();
      if (in && std::holds_alternative<ul::ReleaseRequested>(*in)) assoc.answer_release();
      else if (assoc.state() == ul::State::kSta6) assoc.abort();
    }
    return report;
  }
}

}  // namespace

dicom::DataSet commitment_request(const std::string& transaction_uid, const std::vector<SopRef>& refs) {
  dicom::DataSet ds;
  ds.set_string(tags::TransactionUID, dicom::VR::UI, transaction_uid);
  std::vector<dicom::DataSet> items;
  items.reserve(refs.size());
  for (const SopRef& r : refs) {
    dicom::DataSet item;
    item.set_string(tags::ReferencedSOPClassUID, dicom::VR::UI, r.sop_class_uid);
    item.set_string(tags::ReferencedSOPInstanceUID, dicom::VR::UI, r.sop_instance_uid);
    items.push_back(std::move(item));
  }
  ds.insert(sequence(tags::ReferencedSOPSequence, std::move(items)));
  return ds;
}

base::Result<CommitmentReport> read_commitment_report(const dicom::DataSet& ds) {
  CommitmentReport r;
  r.transaction_uid = text(ds, tags::TransactionUID);
  if (r.transaction_uid.empty()) return Error{ErrorCode::kBadStructure, "a Storage Commitment report without a Transaction UID"};
  auto refs = [&](dicom::Tag seq, auto&& each) {
    if (const dicom::Element* e = ds.find(seq); e != nullptr && e->is_sequence())
      for (const dicom::DataSet& item : e->items) each(item);
  };
  refs(tags::ReferencedSOPSequence, [&](const dicom::DataSet& i) {
    r.committed.push_back({text(i, tags::ReferencedSOPClassUID), text(i, tags::ReferencedSOPInstanceUID)});
  });
  refs(tags::FailedSOPSequence, [&](const dicom::DataSet& i) {
    r.failed.push_back({{text(i, tags::ReferencedSOPClassUID), text(i, tags::ReferencedSOPInstanceUID)},
                        i.get_uint16(tags::FailureReason).value_or(0x0110)});
  });
  return r;
}

void settle(CommitmentResult& r, const std::vector<SopRef>& asked, const CommitmentReport& report) {
  // By SOP Instance UID: an SCP that names another class for an instance still answered for it.
  std::map<std::string, const SopRef*> by_uid;
  for (const SopRef& a : asked) by_uid[a.sop_instance_uid] = &a;
  std::map<std::string, std::uint16_t> failed;
  std::set<std::string> committed;
  for (const FailedRef& f : report.failed) {
    if (by_uid.count(f.ref.sop_instance_uid) == 0) ++r.not_asked;
    else failed.emplace(f.ref.sop_instance_uid, f.reason);
  }
  for (const SopRef& c : report.committed) {
    if (by_uid.count(c.sop_instance_uid) == 0) ++r.not_asked;
    else committed.insert(c.sop_instance_uid);
  }
  r.committed.clear(), r.failed.clear(), r.unanswered.clear();
  for (const SopRef& a : asked) {
    if (auto f = failed.find(a.sop_instance_uid); f != failed.end()) r.failed.push_back({a, f->second});
    else if (committed.count(a.sop_instance_uid) != 0) r.committed.push_back(a);
    else r.unanswered.push_back(a);
  }
}

base::Result<CommitmentResult> request_commitment(const CommitmentOptions& o, const std::vector<SopRef>& refs) {
  if (o.transaction_uid.empty()) return Error{ErrorCode::kInvalidArgument, "a Storage Commitment request needs a Transaction UID"};
  CommitmentResult r;
  r.transaction_uid = o.transaction_uid;
  r.unanswered = refs;
  // The listener is up before the request goes out: an SCP may report at once.
  std::optional<ul::Listener> listener;
  if (o.listen_port) {
    DISCUS_TRY(ul::Listener l, ul::Listener::open(*o.listen_port, o.bind_address));
    listener.emplace(std::move(l));
  }
  ScuOptions scu = o.scu;
  if (!o.listen_port) scu.timeouts.idle = std::max(scu.timeouts.idle, o.wait);
  DISCUS_TRY(Established e, open_association(scu, {query_context(1, kStorageCommitmentPushModel)}));
  if (e.rejected) {
    r.rejected = e.rejected;
    r.error = describe_reject(*e.rejected);
    return r;
  }
  const dimse::AcceptedContext* pc = dimse::find_context(e.contexts, kStorageCommitmentPushModel);
  if (pc == nullptr) {
    (void)e.association->release();
    r.error = "the peer did not accept the Storage Commitment Push Model SOP class";
    return r;
  }
  DISCUS_TRY(base::Bytes bytes, dimse::encode_dataset(commitment_request(o.transaction_uid, refs), pc->transfer_syntax));
  dimse::MemorySource source(bytes);
  const std::uint32_t peer_max = e.ac.user_information.max_pdu_length;
  DISCUS_CHECK(dimse::send_message(*e.association, pc->id, peer_max,
                                   dimse::n_action_rq(1, std::string(kStorageCommitmentPushModel),
                                                      std::string(kStorageCommitmentPushModelInstance), kRequestStorageCommitment, true),
                                   &source));
  auto rsp = dimse::receive_response(*e.association, 1u << 20);
  if (!rsp) {
    r.error = fmt::format("no N-ACTION-RSP: {}", rsp.error().message);
    return r;
  }
  if (rsp->command.command_field != dimse::kNActionRsp || rsp->command.message_id_being_responded_to.value_or(0) != 1 || !rsp->command.status) {
    e.association->abort();
    r.error = fmt::format("{} in answer to the N-ACTION-RQ", dimse::command_name(rsp->command.command_field));
    return r;
  }
  r.action_status = *rsp->command.status;
  if (dimse::classify(*r.action_status) != dimse::StatusClass::kSuccess &&
      dimse::classify(*r.action_status) != dimse::StatusClass::kWarning) {
    (void)e.association->release();
    r.error = fmt::format("the SCP refused the request: {}{}", dimse::describe_status(*r.action_status),
                          rsp->command.error_comment.empty() ? "" : ": " + rsp->command.error_comment);
    return r;
  }
  base::Result<CommitmentReport> report = Error{ErrorCode::kIo, "no report"};
  if (listener) {
    (void)e.association->release();
    report = report_on_new_association(*listener, o, r.report_via);
  } else {
    r.report_via = "the same association";
    report = take_report(*e.association, e.contexts, peer_max);
    if (e.association->state() == ul::State::kSta6) (void)e.association->release();
  }
  if (!report) {
    r.error = report.error().message;
    return r;
  }
  if (report->transaction_uid != o.transaction_uid) {
    r.error = fmt::format("a report for transaction {}, not ours ({})", report->transaction_uid, o.transaction_uid);
    return r;
  }
  r.report_received = true;
  settle(r, refs, *report);
  return r;
}

}  // namespace discus::net::services
