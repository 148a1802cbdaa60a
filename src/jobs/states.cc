#include "jobs/states.h"

#include <array>
#include <fmt/format.h>

namespace discus::jobs {
namespace {

using J = JobState;
using C = CopyState;

constexpr std::array<std::string_view, 6> kJobNames{"queued", "running", "held", "done", "failed", "cancelled"};
constexpr std::array<std::string_view, 9> kCopyNames{"queued",   "running",  "burning", "suspect",  "verifying",
                                                     "done",     "rejected", "failed",  "cancelled"};

// Jobs. A pause is a hold (reason "paused"), so the API's six states stay the six.
constexpr JobTransition kJobTable[] = {
    {J::kQueued, J::kRunning},     // claimed by a station (lease taken)
    {J::kQueued, J::kHeld},        // paused, or waiting for an operator decision
    {J::kQueued, J::kCancelled},
    {J::kRunning, J::kQueued},     // lease expired or graceful stop parked it: another may claim
    {J::kRunning, J::kHeld},       // an import needs a decision; an operator paused it
    {J::kRunning, J::kDone},       // only when every copy is done (the repository checks)
    {J::kRunning, J::kFailed},
    {J::kRunning, J::kCancelled},  // only while no copy is physical (PS3.4 S.3.2.3: C202)
    {J::kHeld, J::kQueued},        // released / resumed
    {J::kHeld, J::kCancelled},
    {J::kFailed, J::kQueued},      // retry
    {J::kCancelled, J::kQueued},   // retry of a cancelled request
};

// Copies. Note what is absent: burning -> done (never done without a verify), burning ->
// queued (a spoiled medium is never silently burned again), suspect -> done, anything -> burning
// except from running.
constexpr CopyTransition kCopyTable[] = {
    {C::kQueued, C::kRunning},
    {C::kQueued, C::kFailed},       // the job failed before this copy started (input gone)
    {C::kQueued, C::kCancelled},
    {C::kRunning, C::kBurning},
    {C::kRunning, C::kQueued},      // crash or park before anything physical: redo the staging
    {C::kRunning, C::kFailed},
    {C::kRunning, C::kCancelled},
    {C::kBurning, C::kVerifying},   // written; now read it back
    {C::kBurning, C::kSuspect},     // interrupted mid-write
    {C::kBurning, C::kRejected},    // the drive reported the write failed: the medium is spoiled
    {C::kSuspect, C::kVerifying},   // read back on restart
    {C::kSuspect, C::kRejected},    // nothing readable there (no disc, no image)
    {C::kVerifying, C::kDone},
    {C::kVerifying, C::kRejected},
    {C::kVerifying, C::kSuspect},   // interrupted mid-verify: verify again
    {C::kFailed, C::kQueued},       // retry
    {C::kFailed, C::kCancelled},
};

template <typename T, std::size_t N>
std::optional<T> lookup(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<T>(i);
  return std::nullopt;
}

}  // namespace

std::string_view to_string(JobState s) { return kJobNames.at(static_cast<std::size_t>(s)); }
std::string_view to_string(CopyState s) { return kCopyNames.at(static_cast<std::size_t>(s)); }
std::optional<JobState> job_state_from_string(std::string_view s) { return lookup<JobState>(kJobNames, s); }
std::optional<CopyState> copy_state_from_string(std::string_view s) { return lookup<CopyState>(kCopyNames, s); }

bool is_terminal(JobState s) { return s == J::kDone || s == J::kFailed || s == J::kCancelled; }
bool is_terminal(CopyState s) { return s == C::kDone || s == C::kRejected || s == C::kCancelled; }
bool is_physical(CopyState s) { return s == C::kBurning || s == C::kSuspect || s == C::kVerifying; }

std::span<const JobTransition> job_transitions() { return kJobTable; }
std::span<const CopyTransition> copy_transitions() { return kCopyTable; }

base::Status check_job_transition(JobState from, JobState to) {
  for (const auto& t : kJobTable)
    if (t.from == from && t.to == to) return {};
  return base::Error{base::ErrorCode::kConflict,
                     fmt::format("a job cannot go from {} to {}", to_string(from), to_string(to))};
}

base::Status check_copy_transition(CopyState from, CopyState to) {
  for (const auto& t : kCopyTable)
    if (t.from == from && t.to == to) return {};
  return base::Error{base::ErrorCode::kConflict,
                     fmt::format("a copy cannot go from {} to {}", to_string(from), to_string(to))};
}

CopyState recovery_state(CopyState s) {
  switch (s) {
    case C::kRunning: return C::kQueued;
    case C::kBurning:
    case C::kVerifying: return C::kSuspect;
    default: return s;  // queued, suspect and the terminal states are already safe
  }
}

}  // namespace discus::jobs
