// The state machines as tables: every pair not listed is refused, the exactly-once rules hold
// (no copy done without a verify, no physical copy silently redone), names round-trip.
#include "jobs/states.h"

#include <gtest/gtest.h>

namespace discus::jobs {
namespace {

constexpr int kJobStates = 6, kCopyStates = 9;

bool listed(JobState a, JobState b) {
  for (const auto& t : job_transitions())
    if (t.from == a && t.to == b) return true;
  return false;
}
bool listed(CopyState a, CopyState b) {
  for (const auto& t : copy_transitions())
    if (t.from == a && t.to == b) return true;
  return false;
}

TEST(JobStates, EveryPairOutsideTheTableIsRefused) {
  int allowed = 0;
  for (int a = 0; a < kJobStates; ++a)
    for (int b = 0; b < kJobStates; ++b) {
      const auto from = static_cast<JobState>(a), to = static_cast<JobState>(b);
      auto s = check_job_transition(from, to);
      EXPECT_EQ(bool(s), listed(from, to)) << to_string(from) << " -> " << to_string(to);
      if (s) {
        ++allowed;
      } else {
        EXPECT_EQ(s.error().code, base::ErrorCode::kConflict);
      }
    }
  EXPECT_EQ(allowed, static_cast<int>(job_transitions().size()));
}

TEST(CopyStates, EveryPairOutsideTheTableIsRefused) {
  int allowed = 0;
  for (int a = 0; a < kCopyStates; ++a)
    for (int b = 0; b < kCopyStates; ++b) {
      const auto from = static_cast<CopyState>(a), to = static_cast<CopyState>(b);
      auto s = check_copy_transition(from, to);
      EXPECT_EQ(bool(s), listed(from, to)) << to_string(from) << " -> " << to_string(to);
      if (s) {
        ++allowed;
      } else {
        EXPECT_NE(s.error().message.find(std::string(to_string(to))), std::string::npos);
      }
    }
  EXPECT_EQ(allowed, static_cast<int>(copy_transitions().size()));
}

TEST(CopyStates, DoneOnlyThroughVerifying) {
  for (int a = 0; a < kCopyStates; ++a) {
    const auto from = static_cast<CopyState>(a);
    EXPECT_EQ(bool(check_copy_transition(from, CopyState::kDone)), from == CopyState::kVerifying) << to_string(from);
  }
}

TEST(CopyStates, PhysicalOutputIsNeverSilentlyRedone) {
  // From burning, suspect or verifying, the only ways out are verifying, done after a verify,
  // suspect, or rejected (which records the spoiled medium and queues a remake).
  for (CopyState from : {CopyState::kBurning, CopyState::kSuspect, CopyState::kVerifying})
    for (CopyState to : {CopyState::kQueued, CopyState::kRunning, CopyState::kBurning, CopyState::kFailed,
                         CopyState::kCancelled})
      EXPECT_FALSE(check_copy_transition(from, to)) << to_string(from) << " -> " << to_string(to);
}

TEST(CopyStates, TerminalStatesHaveNoWayOut) {
  for (CopyState from : {CopyState::kDone, CopyState::kRejected, CopyState::kCancelled})
    for (int b = 0; b < kCopyStates; ++b)
      EXPECT_FALSE(check_copy_transition(from, static_cast<CopyState>(b))) << to_string(from);
  for (int b = 0; b < kJobStates; ++b) EXPECT_FALSE(check_job_transition(JobState::kDone, static_cast<JobState>(b)));
}

TEST(CopyStates, RecoveryRedoesStagingAndSuspectsPhysicalOutput) {
  EXPECT_EQ(recovery_state(CopyState::kRunning), CopyState::kQueued);
  EXPECT_EQ(recovery_state(CopyState::kBurning), CopyState::kSuspect);
  EXPECT_EQ(recovery_state(CopyState::kVerifying), CopyState::kSuspect);
  for (int a = 0; a < kCopyStates; ++a) {
    const auto s = static_cast<CopyState>(a);
    const auto r = recovery_state(s);
    if (r != s) {
      EXPECT_TRUE(check_copy_transition(s, r)) << "recovery must itself be a legal transition";
    }
  }
}

TEST(States, NamesRoundTrip) {
  for (int a = 0; a < kJobStates; ++a)
    EXPECT_EQ(job_state_from_string(to_string(static_cast<JobState>(a))), static_cast<JobState>(a));
  for (int a = 0; a < kCopyStates; ++a)
    EXPECT_EQ(copy_state_from_string(to_string(static_cast<CopyState>(a))), static_cast<CopyState>(a));
  EXPECT_FALSE(job_state_from_string("paused"));  // a pause is a hold
  EXPECT_FALSE(copy_state_from_string(""));
}

}  // namespace
}  // namespace discus::jobs
