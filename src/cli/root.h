// discus CLI — the `discus` command: global options (--config, --quiet, --verbose, --version),
// every command, `discus help [CMD]`, usage errors in one wording with "did you mean", the
// configuration file loaded, and the hidden generators of man pages and shell completion.
//   int main(int argc, char** argv) { return discus::cli::run_discus(argc, argv); }
#pragma once

#include <CLI/CLI.hpp>

#include <string_view>

#include "cli/command.h"

namespace discus::cli {

int run_discus(int argc, char** argv);

// Declares the option tree on `root` (also what the man pages and completions are made from): the
// global options, `help`, and every command, or only the command `only` when it is not empty.
void build_root(CLI::App& root, Context& ctx, std::string_view only = {});

}  // namespace discus::cli
