// discus::jobs — the states of a job and of each copy, and the only transitions allowed.
//
// A job is one request (author a medium, import one, send to a node); each requested copy of an
// authored medium is its own unit with its own state, because a robot or two drives make copies
// in parallel and one can be spoiled while the others are good (issue 14 item 1). The transition
// tables live in states.cc as data; check_*_transition() refuses everything not listed, so no
// code path can, say, report a copy done without passing through `verifying`.
//   if (auto s = check_copy_transition(CopyState::kBurning, CopyState::kDone); !s) ...  // refused
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "base/result.h"

namespace discus::jobs {

// The spellings are the API's and `discus jobs --json`'s (issue 14 "Interfaces").
enum class JobState { kQueued, kRunning, kHeld, kDone, kFailed, kCancelled };

enum class CopyState {
  kQueued,     // waiting for a device
  kRunning,    // staging the file-set or image: nothing physical yet, safe to redo
  kBurning,    // the output is being written (disc, stick, image file): physical from here on
  kSuspect,    // a write or verify was interrupted (crash, lost lease): must be read back
  kVerifying,  // reading the output back against the file-set
  kDone,       // verified; the only state that counts as a copy made
  kRejected,   // the output was spoiled or failed its verify; recorded, a new attempt is queued
  kFailed,     // failed before any physical output (bad input, no device); retry re-queues it
  kCancelled,
};

std::string_view to_string(JobState s);
std::string_view to_string(CopyState s);
std::optional<JobState> job_state_from_string(std::string_view s);
std::optional<CopyState> copy_state_from_string(std::string_view s);

bool is_terminal(JobState s);   // done, failed, cancelled: nothing runs until a retry
bool is_terminal(CopyState s);  // done, rejected, cancelled (failed waits for a retry)

// Physical output may exist in an unknown condition: the exactly-once rule applies.
bool is_physical(CopyState s);

// Ok when `from -> to` is in the table; otherwise kConflict naming both states.
base::Status check_job_transition(JobState from, JobState to);
base::Status check_copy_transition(CopyState from, CopyState to);

struct JobTransition { JobState from, to; };
struct CopyTransition { CopyState from, to; };
std::span<const JobTransition> job_transitions();
std::span<const CopyTransition> copy_transitions();

// Exactly once (issue 14 item 1): where a copy goes when the worker that held it is gone
// (a crash, or a station whose lease ran out). Staging is redone; anything that may have
// touched the medium becomes suspect and is read back before it counts or is remade.
CopyState recovery_state(CopyState s);

}  // namespace discus::jobs
