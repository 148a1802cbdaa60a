// discus CLI — man pages (roff) and bash/zsh completion, written from CLI11's option tree (CLI11
// 2.1 makes neither). Hidden commands run by the build after linking (src/cli/CMakeLists.txt):
//   discus __man --dir DIR          discus.1 and discus-CMD.1 for every command
//   discus __man CMD                one page on stdout
//   discus __completion bash|zsh    the completion script on stdout
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "cli/command.h"

namespace discus::cli {

void add_generators(CLI::App& root, Context& ctx);

std::string man_page(const CLI::App& root, const CLI::App* command);  // command null: discus(1)
std::string bash_completion(const CLI::App& root);
std::string zsh_completion(const CLI::App& root);

}  // namespace discus::cli
