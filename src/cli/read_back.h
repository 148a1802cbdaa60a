// discus CLI — the read-back step `iso`, `burn`, `usb`, `verify` (and `author --iso/--burn`) share:
// verify a written medium with a progress bar on a terminal, print the report (stdout when good,
// stderr when not; JSON on stdout with --json), and turn it into the exit code.
//   return verify_and_report("iso", **reader, {}, ctx, json);
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "cli/command.h"
#include "output/verify/medium_reader.h"
#include "output/verify/verify.h"

namespace discus::cli {

int verify_and_report(std::string_view command, const output::MediumReader& medium, output::VerifyOptions options,
                      Context& ctx, bool json);

// Prints an already made report (as text, or as JSON with --json) and returns the exit code.
int print_verify_report(const output::VerifyReport& report, bool json);

nlohmann::ordered_json to_json(const output::VerifyReport& report);

}  // namespace discus::cli
