// The PS3.8 Table 9-10 state machine: cells spot-checked against the standard, and the
// normal acceptor/requestor paths, collisions and aborts walked through.
#include <gtest/gtest.h>

#include "net/ul/association.h"
#include "net/ul/state_machine.h"

namespace discus::net::ul {
namespace {

TEST(StateMachine, TableCellsMatchPs38Table9_10) {
  EXPECT_EQ(transition(State::kSta1, Event::kAssociateRequest), Action::kAe1);
  EXPECT_EQ(transition(State::kSta2, Event::kAssociateRqReceived), Action::kAe6);
  EXPECT_EQ(transition(State::kSta2, Event::kPDataReceived), Action::kAa1);
  EXPECT_EQ(transition(State::kSta2, Event::kArtimExpired), Action::kAa2);
  EXPECT_EQ(transition(State::kSta2, Event::kTransportClosed), Action::kAa5);
  EXPECT_EQ(transition(State::kSta6, Event::kPDataReceived), Action::kDt2);
  EXPECT_EQ(transition(State::kSta6, Event::kAssociateRqReceived), Action::kAa8);
  EXPECT_EQ(transition(State::kSta7, Event::kReleaseRqReceived), Action::kAr8);
  EXPECT_EQ(transition(State::kSta10, Event::kReleaseRpReceived), Action::kAr10);
  EXPECT_EQ(transition(State::kSta13, Event::kAssociateRqReceived), Action::kAa7);
  EXPECT_EQ(transition(State::kSta13, Event::kPDataReceived), Action::kAa6);
  EXPECT_EQ(transition(State::kSta13, Event::kTransportClosed), Action::kAr5);
  EXPECT_EQ(transition(State::kSta4, Event::kAbortRequest), Action::kAa2);
  EXPECT_EQ(transition(State::kSta1, Event::kPDataReceived), Action::kNone);
}

TEST(StateMachine, EveryStateHandlesEveryReceivedPduOrIsIdle) {
  // Sta2..Sta13 except Sta4 (no connection yet) have an action for every PDU event (PS3.8 9.2.3).
  for (int s = 2; s <= 13; ++s) {
    if (s == 4) continue;
    for (Event e : {Event::kAssociateAcReceived, Event::kAssociateRjReceived, Event::kAssociateRqReceived, Event::kPDataReceived,
                    Event::kReleaseRqReceived, Event::kReleaseRpReceived, Event::kAbortReceived, Event::kTransportClosed,
                    Event::kInvalidPdu})
      EXPECT_NE(transition(static_cast<State>(s), e), Action::kNone) << state_name(static_cast<State>(s)) << " " << event_name(e);
  }
}

TEST(StateMachine, AcceptorNormalLife) {
  StateMachine m(Role::kAcceptor);
  EXPECT_TRUE(m.fire(Event::kTransportConnectIndication).effects.start_artim);
  EXPECT_TRUE(m.artim_running());
  EXPECT_EQ(m.fire(Event::kAssociateRqReceived).to, State::kSta3);
  EXPECT_FALSE(m.artim_running());
  EXPECT_TRUE(m.fire(Event::kAssociateAccept).effects.send_associate_ac);
  EXPECT_EQ(m.fire(Event::kPDataReceived).action, Action::kDt2);
  EXPECT_EQ(m.fire(Event::kPDataRequest).action, Action::kDt1);
  EXPECT_EQ(m.fire(Event::kReleaseRqReceived).to, State::kSta8);
  const Step rp = m.fire(Event::kReleaseResponse);
  EXPECT_TRUE(rp.effects.send_release_rp);
  EXPECT_EQ(rp.to, State::kSta13);
  EXPECT_EQ(m.fire(Event::kTransportClosed).to, State::kSta1);
}

TEST(StateMachine, UnacceptableRequestIsRejectedIntoSta13) {
  StateMachine m(Role::kAcceptor);
  m.fire(Event::kTransportConnectIndication);
  const Step s = m.fire(Event::kAssociateRqReceived, false);
  EXPECT_TRUE(s.effects.send_associate_rj);
  EXPECT_EQ(s.to, State::kSta13);
  EXPECT_TRUE(m.artim_running());
  EXPECT_EQ(m.fire(Event::kArtimExpired).to, State::kSta1);
}

TEST(StateMachine, ReleaseCollisionDependsOnRole) {
  for (Role r : {Role::kRequestor, Role::kAcceptor}) {
    StateMachine m(r);
    if (r == Role::kRequestor) {
      m.fire(Event::kAssociateRequest);
      m.fire(Event::kTransportConnectConfirm);
      m.fire(Event::kAssociateAcReceived);
    } else {
      m.fire(Event::kTransportConnectIndication);
      m.fire(Event::kAssociateRqReceived);
      m.fire(Event::kAssociateAccept);
    }
    ASSERT_EQ(m.state(), State::kSta6);
    m.fire(Event::kReleaseRequest);
    EXPECT_EQ(m.fire(Event::kReleaseRqReceived).to, r == Role::kRequestor ? State::kSta9 : State::kSta10);
  }
}

TEST(StateMachine, UnexpectedPduInDataTransferAbortsAsProvider) {
  StateMachine m(Role::kAcceptor);
  m.fire(Event::kTransportConnectIndication);
  m.fire(Event::kAssociateRqReceived);
  m.fire(Event::kAssociateAccept);
  const Step s = m.fire(Event::kAssociateAcReceived);
  EXPECT_EQ(s.action, Action::kAa8);
  EXPECT_TRUE(s.effects.send_abort_provider);
  EXPECT_EQ(s.to, State::kSta13);
  const Step bad = m.fire(Event::kPDataRequest);
  EXPECT_FALSE(bad.valid);
  EXPECT_EQ(m.state(), State::kSta13);
}

TEST(Association, ProtocolVersionWithoutBit0IsRejectedNotAborted) {
  // An A-ASSOCIATE-RQ of protocol version 2 only (PS3.8 9.3.2: test bit 0).
  AssociateRq rq;
  rq.protocol_version = 2;
  rq.called_ae_title = "A";
  rq.calling_ae_title = "B";
  rq.presentation_contexts = {{1, "1.2.840.10008.1.1", {"1.2.840.10008.1.2"}}};
  rq.user_information.implementation_class_uid = "1.2";
  auto t = std::make_unique<MemoryTransport>(encode(Pdu{rq}));
  MemoryTransport* raw = t.get();
  Timeouts timeouts;
  timeouts.artim = std::chrono::milliseconds(10);
  Association a(std::move(t), Role::kAcceptor, timeouts);
  EXPECT_FALSE(a.receive_request());
  ASSERT_EQ(raw->written().size(), 10u);
  EXPECT_EQ(raw->written()[0], 0x03);  // A-ASSOCIATE-RJ
  EXPECT_EQ(raw->written()[8], 2);     // source: ACSE provider
  EXPECT_EQ(raw->written()[9], 2);     // protocol version not supported
  EXPECT_EQ(a.state(), State::kSta1);
}

}  // namespace
}  // namespace discus::net::ul
