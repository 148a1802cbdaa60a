// discus — the command-line front end of the Discus media appliance. The commands and options are
// declared in src/cli (root.cc and the *_command.cc files); this file only tunes the heap for the
// header-reading workloads and hands over.
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#include "cli/root.h"

namespace {

// Reading thousands of headers allocates and frees the same few hundred KB per file; without
// this glibc hands the top of the heap back to the kernel after each file and asks for it again
// (measured: ~1,700 brk calls, a third of the run, over 1,400 files). Setting these switches off
// glibc's adaptive mmap threshold, so it is set too: without it every buffer of 128 KiB or more
// would be a fresh mmap (and its page faults) each time. Untouched pages cost no memory.
//
// Then the first 64 MiB of the heap are reserved at once and marked for transparent huge pages.
// A decoded CR image is 10 MB, touched first by a memset or memcpy: in 4 KiB pages that is 2,500
// page faults, which on the reference VM cost ~10 us each and were most of a one-image
// `discus transcode` (perf: 94% of its faults in memset/memmove of fresh buffers). In 2 MiB pages
// it is five. The kernel's THP mode "madvise" (Debian's default) honours this; elsewhere it is a
// no-op. Heap grown later (and other threads' arenas) keep small pages.
void tune_heap() {
  constexpr std::size_t kHugePage = 2u << 20, kReserve = 64u << 20;
  mallopt(M_TRIM_THRESHOLD, 2 * kReserve);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TOP_PAD, static_cast<int>(kReserve));
  const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
  void* volatile grow = std::malloc(256 << 10);  // grows the heap by the request plus the top pad
  std::free(grow);                                 // (volatile: the pair must not be optimised away)
  const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
  mallopt(M_TOP_PAD, 8 << 20);
  const std::uintptr_t start = (before + kHugePage - 1) & ~(kHugePage - 1), end = after & ~(kHugePage - 1);
  if (end > start) madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
}

}  // namespace

int main(int argc, char** argv) {
  tune_heap();
  return discus::cli::run_discus(argc, argv);
}
