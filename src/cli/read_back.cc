#include "cli/read_back.h"

#include <fmt/format.h>

#include <cstdio>

#include "cli/command.h"
#include "output/verify/terminal_progress.h"

namespace discus::cli {

int verify_and_report(std::string_view who, const output::MediumReader& medium, output::VerifyOptions options) {
  output::TerminalProgress bar("verifying");
  options.progress = bar.callback();
  auto report = output::verify_medium(medium, options);
  bar.finish();
  if (!report) {
    fmt::print(stderr, "{}: read-back FAILED: {}\n", who, report.error().describe());
    return kExitFailed;
  }
  std::fputs(output::to_text(*report).c_str(), report->ok() ? stdout : stderr);
  return report->ok() ? kExitOk : kExitFailed;
}

}  // namespace discus::cli
