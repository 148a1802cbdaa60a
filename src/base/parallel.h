// discus::base — running independent pieces of work on every core.
//
// The appliance has few cores (two on the reference machine) and much of its work is per file:
// parse, re-encode, hash. parallel_for hands indices 0..n-1 to `threads` workers (the caller's
// thread is one of them) from a shared counter, so a slow file never holds up the others.
//
//   base::parallel_for(files.size(), base::worker_count(), [&](std::size_t k) { do(files[k]); });
#pragma once

#include <cstddef>
#include <functional>

namespace discus::base {

// Calls fn(k) once for each k in [0, n) on up to `threads` threads; returns when all are done.
// fn must not throw and must synchronise any state it shares.
void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn);
// The same, but the calling thread first runs `alongside` (while the others start on fn), then
// joins them; with one thread, `alongside` runs before all of fn. Author encodes the DICOMDIR this
// way while the files are copied.
void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn,
                  const std::function<void()>& alongside);

// The hardware's thread count (at least 1).
unsigned worker_count();

}  // namespace discus::base
