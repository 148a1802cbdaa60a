#include "net_pdu_body.h"

#include <chrono>

#include "base/error.h"
#include "net/dimse/message.h"
#include "net/dimse/negotiation.h"
#include "net/dimse/status.h"
#include "net/ul/association.h"
#include "net/ul/pdu.h"

namespace discus::fuzz {
namespace {

using namespace net;

class SwallowingHandler final : public dimse::MessageReceiver::Handler {
 public:
  explicit SwallowingHandler(ul::Association& a) : a_(a) {}
  base::Status on_command(std::uint8_t, const dimse::Command&) override { return {}; }
  base::Status on_data(base::ByteView) override { return {}; }
  base::Status on_message(std::uint8_t pc, const dimse::Command& c) override {
    ++messages;
    if (c.command_field == dimse::kCEchoRq) return dimse::send_message(a_, pc, 16384, dimse::c_echo_rsp(c, 0));
    if (c.command_field == dimse::kCStoreRq) return dimse::send_message(a_, pc, 16384, dimse::c_store_rsp(c, 0));
    return {};
  }
  int messages = 0;

 private:
  ul::Association& a_;
};

}  // namespace

PduDecoderOutcome run_pdu_decoder_body(base::ByteView data) {
  PduDecoderOutcome o;
  auto pdu = ul::decode_pdu(data, 64 * 1024);
  if (!pdu) {
    o.error_code = std::string(base::to_string(pdu.error().code));
    return o;
  }
  o.decoded = true;
  const base::Bytes again = ul::encode(*pdu);
  auto second = ul::decode_pdu(again, 64 * 1024);
  if (!second) {
    o.roundtrip_failure = "a PDU we encoded does not decode: " + second.error().describe();
    return o;
  }
  if (ul::encode(*second) != again) o.roundtrip_failure = "encode(decode(encode(x))) differs from encode(x)";
  // A command set inside each command PDV goes through the DIMSE decoder too.
  if (auto* p = std::get_if<ul::PDataTf>(&*pdu))
    for (const ul::Pdv& v : p->pdvs)
      if (v.is_command()) {
        auto c = dimse::decode_command(v.data);
        if (c) {
          auto back = dimse::decode_command(dimse::encode_command(*c));
          if (!back) o.roundtrip_failure = "a command set we encoded does not decode: " + back.error().describe();
        }
      }
  return o;
}

AssociationOutcome run_association_body(base::ByteView data) {
  AssociationOutcome o;
  auto transport = std::make_unique<ul::MemoryTransport>(base::Bytes(data.begin(), data.end()));
  ul::MemoryTransport* raw = transport.get();
  ul::Timeouts t;
  t.artim = t.idle = t.pdu = std::chrono::milliseconds(50);
  {
    ul::Association a(std::move(transport), ul::Role::kAcceptor, t);
    a.set_receive_limit(16384);
    auto rq = a.receive_request();
    if (rq) {
      dimse::AcceptPolicy policy;
      policy.any_sop_class = true;
      policy.implementation_class_uid = "1.2.3";
      const ul::AssociateAc ac = dimse::negotiate(*rq, policy, 16384);
      if (a.accept(ac)) {
        o.established = true;
        SwallowingHandler h(a);
        dimse::MessageReceiver r;
        for (int guard = 0; guard < 100000; ++guard) {
          auto in = a.receive();
          if (!in) break;
          if (auto* p = std::get_if<ul::PDataTf>(&*in)) {
            if (!r.feed(*p, h)) {
              a.abort(ul::AbortSource::kServiceProvider, ul::abort_reason::kInvalidPduParameterValue);
              break;
            }
            continue;
          }
          if (std::holds_alternative<ul::ReleaseRequested>(*in)) {
            a.answer_release();
            o.released = true;
          }
          break;
        }
        o.messages = h.messages;
      }
    }
    o.final_state = std::string(ul::state_name(a.state()));
    o.bytes_written = raw->written().size();
  }
  return o;
}

}  // namespace discus::fuzz
