#include "base/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace discus::base {
namespace {

TEST(ParallelFor, CallsEveryIndexExactlyOnce) {
  std::vector<std::atomic<int>> calls(1000);
  parallel_for(calls.size(), 4, [&](std::size_t k) { ++calls[k]; });
  for (std::size_t k = 0; k < calls.size(); ++k) EXPECT_EQ(calls[k].load(), 1) << "index " << k;
}

TEST(ParallelFor, UsesMoreThanOneThreadWhenAsked) {
  std::mutex m;
  std::set<std::thread::id> seen;
  std::atomic<int> arrived{0};
  // Each of the first two calls waits until both have started, so a single thread would never
  // get past the first; the bound keeps a failure from hanging the suite.
  parallel_for(2, 2, [&](std::size_t) {
    ++arrived;
    for (int spin = 0; arrived.load() < 2 && spin < 2000000; ++spin) std::this_thread::yield();
    std::lock_guard lock(m);
    seen.insert(std::this_thread::get_id());
  });
  EXPECT_EQ(seen.size(), 2u);
}

TEST(ParallelFor, AlongsideRunsOnceOnTheCallingThreadBeforeItsShare) {
  const auto caller = std::this_thread::get_id();
  std::atomic<int> ran{0}, before{0};
  std::vector<std::atomic<int>> calls(100);
  std::atomic<bool> alongside_done{false};
  parallel_for(calls.size(), 1, [&](std::size_t k) { ++calls[k], before += alongside_done ? 0 : 1; }, [&] {
    ++ran;
    EXPECT_EQ(std::this_thread::get_id(), caller);
    alongside_done = true;
  });
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(before.load(), 0);  // one thread: all of fn after alongside
  for (auto& c : calls) EXPECT_EQ(c.load(), 1);
}

TEST(ParallelFor, ZeroItemsAndZeroThreadsAreHarmless) {
  int calls = 0;
  parallel_for(0, 2, [&](std::size_t) { ++calls; });
  EXPECT_EQ(calls, 0);
  parallel_for(3, 0, [&](std::size_t) { ++calls; });
  EXPECT_EQ(calls, 3);
  EXPECT_GE(worker_count(), 1u);
}

}  // namespace
}  // namespace discus::base
