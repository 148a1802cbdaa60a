// discus CLI — the read-back step `iso`, `burn`, `verify` (and `author --iso/--burn`) share: verify a
// written medium with a progress bar on a terminal, print the report (stdout when good, stderr when
// not), and turn it into the exit code.
//   return verify_and_report("discus iso", **reader, {});
#pragma once

#include <string_view>

#include "output/verify/medium_reader.h"
#include "output/verify/verify.h"

namespace discus::cli {

int verify_and_report(std::string_view who, const output::MediumReader& medium, output::VerifyOptions options);

}  // namespace discus::cli
