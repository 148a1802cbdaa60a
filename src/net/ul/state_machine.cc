#include "net/ul/state_machine.h"

#include <array>

namespace discus::net::ul {
namespace {

using A = Action;
constexpr A __ = A::kNone;

// PS3.8 Table 9-10, row per event (Evt1..Evt19), column per state (Sta1..Sta13).
constexpr std::array<std::array<A, kStateCount>, kEventCount> kTransitions = {{
    //  Sta1     Sta2     Sta3     Sta4     Sta5     Sta6     Sta7     Sta8     Sta9     Sta10    Sta11    Sta12    Sta13
    {A::kAe1, __,      __,      __,      __,      __,      __,      __,      __,      __,      __,      __,      __},       // Evt1
    {__,      __,      __,      A::kAe2, __,      __,      __,      __,      __,      __,      __,      __,      __},       // Evt2
    {__,      A::kAa1, A::kAa8, __,      A::kAe3, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa6},  // Evt3
    {__,      A::kAa1, A::kAa8, __,      A::kAe4, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa6},  // Evt4
    {A::kAe5, __,      __,      __,      __,      __,      __,      __,      __,      __,      __,      __,      __},       // Evt5
    {__,      A::kAe6, A::kAa8, __,      A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa7},  // Evt6
    {__,      __,      A::kAe7, __,      __,      __,      __,      __,      __,      __,      __,      __,      __},       // Evt7
    {__,      __,      A::kAe8, __,      __,      __,      __,      __,      __,      __,      __,      __,      __},       // Evt8
    {__,      __,      __,      __,      __,      A::kDt1, __,      A::kAr7, __,      __,      __,      __,      __},       // Evt9
    {__,      A::kAa1, A::kAa8, __,      A::kAa8, A::kDt2, A::kAr6, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa6},  // Evt10
    {__,      __,      __,      __,      __,      A::kAr1, __,      __,      __,      __,      __,      __,      __},       // Evt11
    {__,      A::kAa1, A::kAa8, __,      A::kAa8, A::kAr2, A::kAr8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa6},  // Evt12
    {__,      A::kAa1, A::kAa8, __,      A::kAa8, A::kAa8, A::kAr3, A::kAa8, A::kAa8, A::kAr10, A::kAr3, A::kAa8, A::kAa6}, // Evt13
    {__,      __,      __,      __,      __,      __,      __,      A::kAr4, A::kAr9, __,      __,      A::kAr4, __},       // Evt14
    {__,      __,      A::kAa1, A::kAa2, A::kAa1, A::kAa1, A::kAa1, A::kAa1, A::kAa1, A::kAa1, A::kAa1, A::kAa1, __},       // Evt15
    {__,      A::kAa2, A::kAa3, __,      A::kAa3, A::kAa3, A::kAa3, A::kAa3, A::kAa3, A::kAa3, A::kAa3, A::kAa3, A::kAa2},  // Evt16
    {__,      A::kAa5, A::kAa4, A::kAa4, A::kAa4, A::kAa4, A::kAa4, A::kAa4, A::kAa4, A::kAa4, A::kAa4, A::kAa4, A::kAr5},  // Evt17
    {__,      A::kAa2, __,      __,      __,      __,      __,      __,      __,      __,      __,      __,      A::kAa2},  // Evt18
    {__,      A::kAa1, A::kAa8, __,      A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa8, A::kAa7},  // Evt19
}};

// PS3.8 Tables 9-6..9-9: each action's next state and effects. AE-6 and AR-8 have two outcomes,
// chosen by fire() (acceptable / role).
struct ActionDef {
  A action;
  std::string_view name;
  State next;
  Effects effects;
};

Effects fx(std::initializer_list<bool Effects::*> on) {
  Effects e;
  for (auto m : on) e.*m = true;
  return e;
}

const std::array<ActionDef, 28>& action_table() {
  using E = Effects;
  static const std::array<ActionDef, 28> t = {{
      {A::kAe1, "AE-1", State::kSta4, fx({&E::connect})},
      {A::kAe2, "AE-2", State::kSta5, fx({&E::send_associate_rq})},
      {A::kAe3, "AE-3", State::kSta6, fx({&E::indicate})},
      {A::kAe4, "AE-4", State::kSta1, fx({&E::indicate, &E::close_transport})},
      {A::kAe5, "AE-5", State::kSta2, fx({&E::start_artim})},
      {A::kAe6, "AE-6", State::kSta3, fx({&E::stop_artim, &E::indicate})},
      {A::kAe7, "AE-7", State::kSta6, fx({&E::send_associate_ac})},
      {A::kAe8, "AE-8", State::kSta13, fx({&E::send_associate_rj, &E::start_artim})},
      {A::kDt1, "DT-1", State::kSta6, fx({&E::send_p_data})},
      {A::kDt2, "DT-2", State::kSta6, fx({&E::indicate})},
      {A::kAr1, "AR-1", State::kSta7, fx({&E::send_release_rq})},
      {A::kAr2, "AR-2", State::kSta8, fx({&E::indicate})},
      {A::kAr3, "AR-3", State::kSta1, fx({&E::indicate, &E::close_transport})},
      {A::kAr4, "AR-4", State::kSta13, fx({&E::send_release_rp, &E::start_artim})},
      {A::kAr5, "AR-5", State::kSta1, fx({&E::stop_artim})},
      {A::kAr6, "AR-6", State::kSta7, fx({&E::indicate})},
      {A::kAr7, "AR-7", State::kSta8, fx({&E::send_p_data})},
      {A::kAr8, "AR-8", State::kSta10, fx({&E::indicate})},
      {A::kAr9, "AR-9", State::kSta11, fx({&E::send_release_rp})},
      {A::kAr10, "AR-10", State::kSta12, fx({&E::indicate})},
      {A::kAa1, "AA-1", State::kSta13, fx({&E::send_abort_user, &E::start_artim})},
      {A::kAa2, "AA-2", State::kSta1, fx({&E::stop_artim, &E::close_transport})},
      {A::kAa3, "AA-3", State::kSta1, fx({&E::indicate, &E::close_transport})},
      {A::kAa4, "AA-4", State::kSta1, fx({&E::indicate})},
      {A::kAa5, "AA-5", State::kSta1, fx({&E::stop_artim})},
      {A::kAa6, "AA-6", State::kSta13, fx({&E::ignore_pdu})},
      {A::kAa7, "AA-7", State::kSta13, fx({&E::send_abort_user})},
      {A::kAa8, "AA-8", State::kSta13, fx({&E::send_abort_provider, &E::indicate, &E::start_artim})},
  }};
  return t;
}

}  // namespace

Action transition(State state, Event event) {
  const int s = static_cast<int>(state) - 1, e = static_cast<int>(event) - 1;
  if (s < 0 || s >= kStateCount || e < 0 || e >= kEventCount) return A::kNone;
  return kTransitions[static_cast<std::size_t>(e)][static_cast<std::size_t>(s)];
}

std::string_view action_name(Action a) {
  for (const ActionDef& d : action_table())
    if (d.action == a) return d.name;
  return "none";
}

std::string_view state_name(State s) {
  static constexpr std::array<std::string_view, kStateCount> names = {
      "Sta1", "Sta2", "Sta3", "Sta4", "Sta5", "Sta6", "Sta7", "Sta8", "Sta9", "Sta10", "Sta11", "Sta12", "Sta13"};
  const int i = static_cast<int>(s) - 1;
  return i >= 0 && i < kStateCount ? names[static_cast<std::size_t>(i)] : "Sta?";
}

std::string_view event_name(Event e) {
  static constexpr std::array<std::string_view, kEventCount> names = {
      "Evt1", "Evt2", "Evt3", "Evt4", "Evt5", "Evt6", "Evt7", "Evt8", "Evt9", "Evt10",
      "Evt11", "Evt12", "Evt13", "Evt14", "Evt15", "Evt16", "Evt17", "Evt18", "Evt19"};
  const int i = static_cast<int>(e) - 1;
  return i >= 0 && i < kEventCount ? names[static_cast<std::size_t>(i)] : "Evt?";
}

Step StateMachine::fire(Event e, bool acceptable) {
  Step s;
  s.from = state_;
  s.action = transition(state_, e);
  if (s.action == A::kNone) {
    s.to = state_;
    return s;
  }
  const ActionDef* def = nullptr;
  for (const ActionDef& d : action_table())
    if (d.action == s.action) def = &d;
  s.valid = true;
  s.effects = def->effects;
  s.to = def->next;
  if (s.action == A::kAe6 && !acceptable) {
    // AE-6 otherwise-branch: issue A-ASSOCIATE-RJ and start ARTIM; next Sta13.
    s.effects = Effects{};
    s.effects.stop_artim = true;
    s.effects.send_associate_rj = true;
    s.effects.start_artim = true;
    s.to = State::kSta13;
  }
  if (s.action == A::kAr8) s.to = role_ == Role::kRequestor ? State::kSta9 : State::kSta10;
  if (s.effects.stop_artim) artim_ = false;
  if (s.effects.start_artim) artim_ = true;
  if (s.to == State::kSta1) artim_ = false;
  state_ = s.to;
  return s;
}

}  // namespace discus::net::ul
