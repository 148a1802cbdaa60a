// discus CLI — the subcommands of `discus` and the small argument helpers they share.
//
// The CLI is a composition root (DESIGN.md layer 7): it parses arguments, calls the engine and
// turns Results into exit codes: 0 success, 1 some input failed, 2 usage error.
#pragma once

#include <string>
#include <vector>

namespace discus::cli {

// Subcommands are `int run_NAME(const std::vector<std::string>& args)`, registered with
// discus_cli_command() in their layer's CMakeLists.txt (src/CMakeLists.txt generates the table).

// Appends the paths listed one per line in `list` (empty lines skipped) to `out`.
bool read_file_list(const std::string& list, std::vector<std::string>& out);

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

}  // namespace discus::cli
