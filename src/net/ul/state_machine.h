// discus::net::ul — the DICOM Upper Layer association state machine (PS3.8 9.2) as data.
//
// States Sta1-Sta13, events Evt1-Evt19 and actions AE-1..8, DT-1..2, AR-1..10, AA-1..8 are the
// standard's; Table 9-10 is kTransitions in state_machine.cc, the actions (Tables 9-6..9-9) are a
// second table of their effects. No sockets here: the Association (association.h) feeds events in
// and carries out the effects (send a PDU, close, start/stop ARTIM) the step returns.
//
//   StateMachine m(Role::kAcceptor);  m.start();                       // Evt5 -> AE-5 -> Sta2
//   Step s = m.fire(Event::kAssociateRqReceived, /*acceptable=*/true);  // AE-6 -> Sta3
//   if (s.effects.send_abort) ...
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace discus::net::ul {

enum class State : std::uint8_t {
  kSta1 = 1, kSta2, kSta3, kSta4, kSta5, kSta6, kSta7, kSta8, kSta9, kSta10, kSta11, kSta12, kSta13,
};

// PS3.8 Table 9-10 rows.
enum class Event : std::uint8_t {
  kAssociateRequest = 1,       // Evt1  A-ASSOCIATE request (local user)
  kTransportConnectConfirm,    // Evt2  transport connect confirmation
  kAssociateAcReceived,        // Evt3
  kAssociateRjReceived,        // Evt4
  kTransportConnectIndication, // Evt5
  kAssociateRqReceived,        // Evt6
  kAssociateAccept,            // Evt7  A-ASSOCIATE response primitive (accept)
  kAssociateReject,            // Evt8  A-ASSOCIATE response primitive (reject)
  kPDataRequest,               // Evt9
  kPDataReceived,              // Evt10
  kReleaseRequest,             // Evt11
  kReleaseRqReceived,          // Evt12
  kReleaseRpReceived,          // Evt13
  kReleaseResponse,            // Evt14
  kAbortRequest,               // Evt15
  kAbortReceived,              // Evt16
  kTransportClosed,            // Evt17
  kArtimExpired,               // Evt18
  kInvalidPdu,                 // Evt19 unrecognized or invalid PDU received
};
inline constexpr int kEventCount = 19;
inline constexpr int kStateCount = 13;

enum class Action : std::uint8_t {
  kNone = 0,  // not in the table: the event is not valid in this state
  kAe1, kAe2, kAe3, kAe4, kAe5, kAe6, kAe7, kAe8,
  kDt1, kDt2,
  kAr1, kAr2, kAr3, kAr4, kAr5, kAr6, kAr7, kAr8, kAr9, kAr10,
  kAa1, kAa2, kAa3, kAa4, kAa5, kAa6, kAa7, kAa8,
};

// What an action asks of the I/O side, in this order.
struct Effects {
  bool connect = false;               // AE-1
  bool send_associate_rq = false;     // AE-2
  bool send_associate_ac = false;     // AE-7
  bool send_associate_rj = false;     // AE-6 (not acceptable), AE-8
  bool send_p_data = false;           // DT-1, AR-7
  bool send_release_rq = false;       // AR-1
  bool send_release_rp = false;       // AR-4, AR-9
  bool send_abort_user = false;       // AA-1 (service-user source), AA-7
  bool send_abort_provider = false;   // AA-8 (service-provider source)
  bool indicate = false;              // an indication/confirmation goes up to the user
  bool start_artim = false;
  bool stop_artim = false;
  bool close_transport = false;
  bool ignore_pdu = false;            // AA-6
};

struct Step {
  Action action = Action::kNone;
  State from = State::kSta1, to = State::kSta1;
  Effects effects;
  bool valid = false;  // false: the table has no entry; the machine did not move
};

enum class Role : std::uint8_t { kRequestor, kAcceptor };

// Table 9-10 as a lookup: the action for an event in a state, kNone when the cell is empty.
Action transition(State state, Event event);
std::string_view action_name(Action a);    // "AE-1"
std::string_view state_name(State s);      // "Sta1"
std::string_view event_name(Event e);      // "Evt1"

class StateMachine {
 public:
  explicit StateMachine(Role role) : role_(role) {}
  State state() const { return state_; }
  Role role() const { return role_; }
  bool artim_running() const { return artim_; }
  // Acceptor: Evt5 (transport connection indication). Requestor: Evt1 then Evt2.
  Step fire(Event e, bool acceptable = true);

 private:
  Role role_;
  State state_ = State::kSta1;
  bool artim_ = false;
};

}  // namespace discus::net::ul
