#include "net/ul/association.h"

#include <array>

#include <fmt/format.h>

namespace discus::net::ul {
namespace {

using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

Error protocol(std::string what) { return Error{ErrorCode::kBadStructure, std::move(what)}; }

Event event_of(const Pdu& p) {
  switch (p.index()) {
    case 0: return Event::kAssociateRqReceived;
    case 1: return Event::kAssociateAcReceived;
    case 2: return Event::kAssociateRjReceived;
    case 3: return Event::kPDataReceived;
    case 4: return Event::kReleaseRqReceived;
    case 5: return Event::kReleaseRpReceived;
    default: return Event::kAbortReceived;
  }
}

// PS3.8 9.3.8: the reason of a provider A-ABORT for a PDU we could not decode.
std::uint8_t abort_reason_for(const Error& e) {
  if (e.message.find("unknown PDU type") != std::string::npos) return abort_reason::kUnrecognizedPdu;
  if (e.code == ErrorCode::kBadStructure) return abort_reason::kUnexpectedPduParameter;
  return abort_reason::kInvalidPduParameterValue;
}

}  // namespace

Association::Association(std::unique_ptr<Transport> transport, Role role, Timeouts timeouts)
    : transport_(std::move(transport)), machine_(role), timeouts_(timeouts) {
  peer_ = transport_->peer_address();
  host_ = transport_->peer_host();
  if (role == Role::kAcceptor) {
    fire(Event::kTransportConnectIndication);  // AE-5: Sta2, ARTIM started
  } else {
    fire(Event::kAssociateRequest);           // AE-1: the caller already connected
    fire(Event::kTransportConnectConfirm);    // AE-2 is carried out by request()
  }
}

Association::~Association() {
  if (machine_.state() != State::kSta1 && machine_.state() != State::kSta13) abort();
  close();
}

Step Association::fire(Event e, bool acceptable) { return machine_.fire(e, acceptable); }

Status Association::send(base::ByteView bytes) {
  if (!transport_) return Error{ErrorCode::kIo, "closed"};
  return transport_->write_all(bytes, deadline_in(timeouts_.pdu));
}

void Association::send_abort(AbortSource source, std::uint8_t reason) {
  const base::Bytes b = encode(Pdu{Abort{source, reason}});
  (void)send(b);
}

void Association::close() {
  if (transport_) transport_->close();
}

// Sta13: wait (at most ARTIM) for the peer to close, ignoring what it sends (AA-6/AA-7), so
// our last PDU is not lost to a reset; then close (AR-5 / AA-2).
void Association::await_close() {
  const Deadline until = deadline_in(timeouts_.artim);
  std::array<std::uint8_t, 4096> sink{};
  while (transport_ && Clock::now() < until) {
    if (!transport_->read_exact(std::span<std::uint8_t>(sink.data(), 1), until)) break;
  }
  fire(Clock::now() < until ? Event::kTransportClosed : Event::kArtimExpired);
  close();
}

Result<Pdu> Association::read_pdu(Deadline first_byte, std::uint32_t limit) {
  std::array<std::uint8_t, kPduHeaderLength> h{};
  if (auto st = transport_->read_exact(h, first_byte); !st) return std::move(st).error();
  auto header = decode_header(h, limit);
  if (!header) return std::move(header).error();
  rx_.resize(header->length);  // checked against `limit` by decode_header before this allocation
  if (auto st = transport_->read_exact(rx_, deadline_in(timeouts_.pdu)); !st) return std::move(st).error();
  bytes_in_ += kPduHeaderLength + rx_.size();
  return decode_pdu(*header, rx_);
}

Result<AssociateRq> Association::receive_request() {
  auto pdu = read_pdu(deadline_in(timeouts_.artim), kMaxAssociatePduLength);
  if (!pdu) {
    const Error& e = pdu.error();
    if (e.code == ErrorCode::kIo) {
      fire(is_timeout(e) ? Event::kArtimExpired : Event::kTransportClosed);  // AA-2 / AA-5
      close();
    } else if (e.code == ErrorCode::kUnsupported) {
      // PS3.8 9.3.4: a protocol version we do not implement is rejected by the ACSE provider
      // (AE-6, not acceptable: A-ASSOCIATE-RJ, ARTIM, Sta13).
      fire(Event::kAssociateRqReceived, false);
      (void)send(encode(Pdu{AssociateRj{RejectResult::kPermanent, RejectSource::kServiceProviderAcse,
                                        reject_reason::kProtocolVersionNotSupported}}));
      await_close();
    } else {
      fire(Event::kInvalidPdu);  // AA-1
      send_abort(AbortSource::kServiceProvider, abort_reason_for(e));
      await_close();
    }
    return std::move(pdu).error();
  }
  const Step s = fire(event_of(*pdu));
  if (s.action != Action::kAe6) {
    if (s.effects.send_abort_user || s.effects.send_abort_provider) {
      send_abort(AbortSource::kServiceProvider, abort_reason::kUnexpectedPdu);
      await_close();
    } else {
      close();
    }
    return protocol(fmt::format("{} while awaiting A-ASSOCIATE-RQ", action_name(s.action)));
  }
  return std::get<AssociateRq>(std::move(*pdu));
}

Status Association::accept(const AssociateAc& ac) {
  const Step s = fire(Event::kAssociateAccept);
  if (s.action != Action::kAe7) return protocol("accept outside Sta3");
  return send(encode(Pdu{ac}));
}

void Association::reject(const AssociateRj& rj) {
  const Step s = fire(Event::kAssociateReject);
  if (s.action == Action::kAe8) (void)send(encode(Pdu{rj}));
  await_close();
}

Result<std::variant<AssociateAc, AssociateRj>> Association::request(const AssociateRq& rq) {
  if (machine_.state() != State::kSta5) return protocol("request outside Sta5");
  DISCUS_CHECK(send(encode(Pdu{rq})));
  auto pdu = read_pdu(deadline_in(timeouts_.artim), kMaxAssociatePduLength);
  if (!pdu) {
    if (pdu.error().code != ErrorCode::kIo) {
      fire(Event::kInvalidPdu);
      send_abort(AbortSource::kServiceProvider, abort_reason_for(pdu.error()));
    } else {
      fire(Event::kTransportClosed);
    }
    close();
    return std::move(pdu).error();
  }
  const Step s = fire(event_of(*pdu));
  if (s.action == Action::kAe3) return std::variant<AssociateAc, AssociateRj>(std::get<AssociateAc>(std::move(*pdu)));
  if (s.action == Action::kAe4) {
    close();
    return std::variant<AssociateAc, AssociateRj>(std::get<AssociateRj>(*pdu));
  }
  if (s.effects.send_abort_provider) send_abort(AbortSource::kServiceProvider, abort_reason::kUnexpectedPdu);
  close();
  if (s.action == Action::kAa3) return Error{ErrorCode::kIo, "association aborted by the peer"};
  return protocol(fmt::format("unexpected PDU while awaiting A-ASSOCIATE-AC ({})", action_name(s.action)));
}

Status Association::send_p_data(std::uint8_t context_id, std::uint8_t control, base::ByteView fragment) {
  const Step s = fire(Event::kPDataRequest);
  if (s.action != Action::kDt1 && s.action != Action::kAr7) return protocol("P-DATA outside an established association");
  encode_p_data(tx_, context_id, control, fragment);
  auto st = send(tx_);
  if (!st) {
    fire(Event::kTransportClosed);
    close();
  }
  return st;
}

Result<Incoming> Association::receive() {
  if (machine_.state() != State::kSta6 && machine_.state() != State::kSta7)
    return protocol(fmt::format("receive in {}", state_name(machine_.state())));
  auto pdu = read_pdu(deadline_in(timeouts_.idle), receive_limit_);
  if (!pdu) {
    const Error& e = pdu.error();
    if (e.code == ErrorCode::kIo) {
      if (is_timeout(e)) {
        // Our policy for a silent or slow peer: the local user aborts (Evt15, AA-1).
        fire(Event::kAbortRequest);
        send_abort(AbortSource::kServiceUser, 0);
        close();
      } else {
        fire(Event::kTransportClosed);  // AA-4: A-P-ABORT indication
        close();
      }
      return std::move(pdu).error();
    }
    fire(Event::kInvalidPdu);  // AA-8
    send_abort(AbortSource::kServiceProvider, abort_reason_for(e));
    await_close();
    return std::move(pdu).error();
  }
  const Step s = fire(event_of(*pdu));
  switch (s.action) {
    case Action::kDt2:
    case Action::kAr6:
      return Incoming{std::get<PDataTf>(std::move(*pdu))};
    case Action::kAr2:
    case Action::kAr8:
      return Incoming{ReleaseRequested{}};
    case Action::kAr3:
      close();
      return Incoming{ReleaseConfirmed{}};
    case Action::kAa3:
      close();
      return Incoming{Aborted{std::get<Abort>(*pdu), true}};
    default:
      break;
  }
  if (s.effects.send_abort_provider || s.effects.send_abort_user) {
    send_abort(AbortSource::kServiceProvider, abort_reason::kUnexpectedPdu);
    await_close();
  } else {
    close();
  }
  return Incoming{Aborted{Abort{AbortSource::kServiceProvider, abort_reason::kUnexpectedPdu}, false}};
}

Status Association::release() {
  const Step s = fire(Event::kReleaseRequest);
  if (s.action != Action::kAr1) return protocol("release outside Sta6");
  DISCUS_CHECK(send(encode(Pdu{ReleaseRq{}})));
  for (;;) {
    DISCUS_TRY(Incoming in, receive());
    if (std::holds_alternative<ReleaseConfirmed>(in)) return {};
    if (std::holds_alternative<Aborted>(in)) return Error{ErrorCode::kIo, "association aborted during release"};
    if (std::holds_alternative<ReleaseRequested>(in)) {
      // Release collision, requestor side (Sta9): answer first (AR-9), then await our RP (AR-3).
      fire(Event::kReleaseResponse);
      (void)send(encode(Pdu{ReleaseRp{}}));
    }
  }
}

void Association::answer_release() {
  const Step s = fire(Event::kReleaseResponse);
  if (s.action == Action::kAr4 || s.action == Action::kAr9) (void)send(encode(Pdu{ReleaseRp{}}));
  if (machine_.state() == State::kSta13) await_close();
}

void Association::abort(AbortSource source, std::uint8_t reason) {
  const Step s = fire(Event::kAbortRequest);
  if (s.effects.send_abort_user) send_abort(source, reason);
  close();
  fire(Event::kTransportClosed);
}

}  // namespace discus::net::ul
