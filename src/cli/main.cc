// discus — the command-line front end of the Discus media appliance.
// Each layer adds its subcommands with discus_cli_command() in its CMakeLists.txt; `discus help`
// lists them all.
#include <fmt/format.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.h"

namespace discus::cli {

bool read_file_list(const std::string& list, std::vector<std::string>& out) {
  std::ifstream in(list);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return true;
}

// The subcommands, one generated line per discus_cli_command() call in the layers' CMakeLists.
#define DISCUS_CLI_COMMAND(name, function, use, summary) int function(const std::vector<std::string>& args);
#include "cli_commands.inc"
#undef DISCUS_CLI_COMMAND

namespace {

struct Command {
  std::string_view name;
  int (*run)(const std::vector<std::string>&);
  std::string_view usage;
  std::string_view summary;
};

constexpr Command kCommands[] = {
#define DISCUS_CLI_COMMAND(name, function, use, summary) {name, &function, use, summary},
#include "cli_commands.inc"
#undef DISCUS_CLI_COMMAND
};

void usage() {
  fmt::print(stderr, "usage: discus COMMAND [ARGS]\n");
  for (const Command& c : kCommands) fmt::print(stderr, "  {} {}\n      {}\n", c.name, c.usage, c.summary);
}

}  // namespace
}  // namespace discus::cli

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
  using namespace discus::cli;
  tune_heap();
  if (argc < 2) {
    usage();
    return kExitUsage;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  for (const Command& c : kCommands) {
    if (c.name == command) return c.run(args);
  }
  if (command == "--help" || command == "-h" || command == "help") {
    usage();
    return kExitOk;
  }
  fmt::print(stderr, "discus: unknown command '{}'\n", command);
  usage();
  return kExitUsage;
}
