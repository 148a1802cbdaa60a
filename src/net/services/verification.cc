#include <fmt/format.h>

#include <charconv>

#include "dicom/part10/writer.h"
#include "net/dimse/message.h"
#include "net/services/scu.h"
#include "net/ul/pdu.h"

namespace discus::net::services {

using base::Error;
using base::ErrorCode;

base::Result<Peer> parse_peer(const std::string& text) {
  const auto at = text.find('@');
  const auto colon = text.rfind(':');
  if (at == std::string::npos || colon == std::string::npos || colon < at)
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not AET@HOST:PORT", text)};
  Peer p;
  p.ae_title = text.substr(0, at);
  p.host = text.substr(at + 1, colon - at - 1);
  if (p.host.size() > 2 && p.host.front() == '[' && p.host.back() == ']') p.host = p.host.substr(1, p.host.size() - 2);
  const std::string port = text.substr(colon + 1);
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || ptr != port.data() + port.size() || value == 0 || value > 65535)
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not a port number", port)};
  p.port = static_cast<std::uint16_t>(value);
  if (!ul::valid_ae_title(p.ae_title))
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not an AE title (1-16 characters, no backslash)", p.ae_title)};
  if (p.host.empty()) return Error{ErrorCode::kInvalidArgument, "no host"};
  return p;
}

std::string describe_reject(const ul::AssociateRj& rj) {
  std::string why = "no reason given";
  if (rj.source == ul::RejectSource::kServiceUser) {
    if (rj.reason == ul::reject_reason::kApplicationContextNotSupported) why = "application context name not supported";
    if (rj.reason == ul::reject_reason::kCallingAeNotRecognized) why = "calling AE title not recognized";
    if (rj.reason == ul::reject_reason::kCalledAeNotRecognized) why = "called AE title not recognized";
  } else if (rj.source == ul::RejectSource::kServiceProviderAcse) {
    if (rj.reason == ul::reject_reason::kProtocolVersionNotSupported) why = "protocol version not supported";
  } else {
    why = rj.reason == ul::reject_reason::kTemporaryCongestion ? "temporary congestion" : "local limit exceeded";
  }
  return fmt::format("association rejected ({}, {})", rj.result == ul::RejectResult::kTransient ? "transient" : "permanent", why);
}

base::Result<Established> open_association(const ScuOptions& o, std::vector<ul::PresentationContextRq> contexts,
                                           std::vector<ul::RoleSelection> roles) {
  DISCUS_TRY(auto tcp, ul::connect_tcp(o.peer.host, o.peer.port, o.timeouts.connect));
  std::unique_ptr<ul::Transport> transport;
  if (o.tls) {
    DISCUS_TRY(transport, o.tls->wrap(std::move(tcp), ul::deadline_in(o.timeouts.artim)));
  } else {
    transport = std::move(tcp);
  }
  Established e;
  e.association = std::make_unique<ul::Association>(std::move(transport), ul::Role::kRequestor, o.timeouts);
  e.association->set_receive_limit(o.max_pdu_length);
  e.rq.called_ae_title = o.peer.ae_title;
  e.rq.calling_ae_title = o.calling_ae_title;
  e.rq.presentation_contexts = std::move(contexts);
  e.rq.user_information.max_pdu_length = o.max_pdu_length;
  e.rq.user_information.role_selections = std::move(roles);
  e.rq.user_information.implementation_class_uid = std::string(dicom::part10::kImplementationClassUID);
  e.rq.user_information.implementation_version_name = std::string(dicom::part10::kImplementationVersionName);
  DISCUS_TRY(auto answer, e.association->request(e.rq));
  if (auto* rj = std::get_if<ul::AssociateRj>(&answer)) {
    e.rejected = *rj;
    e.association.reset();
    return e;
  }
  e.ac = std::get<ul::AssociateAc>(std::move(answer));
  e.contexts = dimse::accepted_contexts(e.rq, e.ac);
  return e;
}

base::Result<EchoResult> echo(const ScuOptions& o) {
  ul::PresentationContextRq pc;
  pc.id = 1;
  pc.abstract_syntax = std::string(dimse::kVerificationSopClass);
  pc.transfer_syntaxes = {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"};
  DISCUS_TRY(Established e, open_association(o, {pc}));
  EchoResult r;
  if (e.rejected) {
    r.rejected = e.rejected;
    return r;
  }
  const dimse::AcceptedContext* ctx = dimse::find_context(e.contexts, dimse::kVerificationSopClass);
  if (ctx == nullptr) {
    e.association->abort();
    return Error{ErrorCode::kUnsupported, "the peer did not accept the Verification SOP Class"};
  }
  DISCUS_CHECK(dimse::send_message(*e.association, ctx->id, e.ac.user_information.max_pdu_length, dimse::c_echo_rq(1)));
  DISCUS_TRY(auto rsp, dimse::receive_command(*e.association));
  if (rsp.second.command_field != dimse::kCEchoRsp) {
    e.association->abort();
    return Error{ErrorCode::kBadStructure, fmt::format("{} in answer to C-ECHO-RQ", dimse::command_name(rsp.second.command_field))};
  }
  r.status = rsp.second.status.value_or(0xFFFF);
  (void)e.association->release();
  return r;
}

}  // namespace discus::net::services
