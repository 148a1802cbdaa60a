// discus::net::ul — one association over a Transport, driven by the PS3.8 9.2 state machine.
//
// Every PDU sent or received is an event fed to StateMachine; an event the table answers with an
// abort action (AA-1, AA-8, ...) sends the A-ABORT and closes, whatever the caller wanted. Reads
// have deadlines: ARTIM while awaiting the A-ASSOCIATE-RQ and the final close, the idle timeout
// for the first byte of any later PDU, and the PDU timeout for the rest of it, so a slow or
// silent peer costs one thread for a bounded time.
//
//   Association a(std::move(transport), Role::kAcceptor, timeouts);
//   DISCUS_TRY(AssociateRq rq, a.receive_request(limits.max_pdu_length));
//   DISCUS_CHECK(a.accept(ac));  for (;;) { DISCUS_TRY(Incoming in, a.receive()); ... }
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "base/bytes.h"
#include "base/result.h"
#include "net/ul/pdu.h"
#include "net/ul/state_machine.h"
#include "net/ul/transport.h"

namespace discus::net::ul {

struct Timeouts {
  std::chrono::milliseconds artim{30'000};    // PS3.8 9.1.5 (DCMTK's ACSE timeout default)
  std::chrono::milliseconds idle{120'000};    // no PDU begun for this long: abort
  std::chrono::milliseconds pdu{60'000};      // a PDU begun must be complete within this
  std::chrono::milliseconds connect{15'000};
};

// What receive() hands up in Sta6/Sta7.
struct ReleaseRequested {};   // A-RELEASE-RQ: answer with answer_release()
struct ReleaseConfirmed {};   // A-RELEASE-RP to our RQ
struct Aborted {
  Abort pdu;
  bool by_peer = true;  // false: we aborted (invalid PDU, timeout)
};
using Incoming = std::variant<PDataTf, ReleaseRequested, ReleaseConfirmed, Aborted>;

class Association {
 public:
  Association(std::unique_ptr<Transport> transport, Role role, Timeouts timeouts);
  ~Association();
  Association(const Association&) = delete;
  Association& operator=(const Association&) = delete;

  // Acceptor, Sta2: reads the A-ASSOCIATE-RQ under ARTIM. An error means the association is over
  // (an A-ABORT was sent where the table says so, and the transport is closed).
  base::Result<AssociateRq> receive_request();
  base::Status accept(const AssociateAc& ac);     // Sta3 -> Sta6 (AE-7)
  void reject(const AssociateRj& rj);             // Sta3 -> Sta13 (AE-8), waits for close under ARTIM

  // Requestor, Sta1: connect was done by the caller; sends the RQ and reads the AC or RJ.
  base::Result<std::variant<AssociateAc, AssociateRj>> request(const AssociateRq& rq);

  // Sta6: sends one P-DATA-TF with one PDV (DT-1).
  base::Status send_p_data(std::uint8_t context_id, std::uint8_t control, base::ByteView fragment);
  // Sta6/Sta7: the next PDU; PDataTf views are valid until the next call.
  base::Result<Incoming> receive();
  // Requestor Sta6: A-RELEASE-RQ, waits for the RP (P-DATA meanwhile is dropped), closes.
  base::Status release();
  // Acceptor Sta8: A-RELEASE-RP, then waits for the peer's close under ARTIM (AR-4).
  void answer_release();
  // Any state: A-ABORT (service user), close.
  void abort(AbortSource source = AbortSource::kServiceUser, std::uint8_t reason = 0);

  State state() const { return machine_.state(); }
  const std::string& peer_address() const { return peer_; }
  const std::string& peer_host() const { return host_; }
  // The largest P-DATA-TF PDU-length we accept (our 51H); set before accept()/request().
  void set_receive_limit(std::uint32_t max_pdu_length) { receive_limit_ = max_pdu_length; }
  std::uint64_t bytes_received() const { return bytes_in_; }

 private:
  base::Result<Pdu> read_pdu(Deadline first_byte, std::uint32_t limit);
  Step fire(Event e, bool acceptable = true);
  base::Status send(base::ByteView bytes);
  void send_abort(AbortSource source, std::uint8_t reason);
  void await_close();
  void close();

  std::unique_ptr<Transport> transport_;
  StateMachine machine_;
  Timeouts timeouts_;
  std::string peer_, host_;
  std::uint32_t receive_limit_ = 1u << 20;
  base::Bytes rx_, tx_;
  std::uint64_t bytes_in_ = 0;
};

}  // namespace discus::net::ul
