#include "base/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace discus::base {

void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn) {
  parallel_for(n, threads, fn, {});
}

void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn,
                  const std::function<void()>& alongside) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k = next++; k < n; k = next++) fn(k);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::max(1u, threads) && t < n; ++t) pool.emplace_back(work);
  if (alongside) alongside();
  work();
  for (auto& t : pool) t.join();
}

unsigned worker_count() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace discus::base
