// discus CLI — the subcommands of `discus` and the small argument helpers they share.
//
// The CLI is a composition root (DESIGN.md layer 7): it parses arguments, calls the engine and
// turns Results into exit codes: 0 success, 1 some input failed, 2 usage error.
#pragma once

#include <string>
#include <vector>

namespace discus::cli {

int run_dump(const std::vector<std::string>& args);
int run_transcode(const std::vector<std::string>& args);
int run_dictionary(const std::vector<std::string>& args);
int run_author(const std::vector<std::string>& args);
int run_mkdir(const std::vector<std::string>& args);
int run_update(const std::vector<std::string>& args);
int run_dir(const std::vector<std::string>& args);
int run_validate(const std::vector<std::string>& args);

// Appends the paths listed one per line in `list` (empty lines skipped) to `out`.
bool read_file_list(const std::string& list, std::vector<std::string>& out);

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

}  // namespace discus::cli
