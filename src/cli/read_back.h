// discus CLI — what the commands that run a use case of src/app share: the read-back report of
// `iso`, `burn`, `usb`, `verify` (and `author --iso/--burn/--usb`) printed (stdout when good,
// stderr when not; JSON on stdout with --json) and turned into the exit code, and Ctrl-C turned
// into the use case's cancel token.
//   app::CancelToken cancel;  InterruptCancels interrupt(cancel);  auto r = app::verify(o, {}, bar, cancel);
//   return print_verify_report(*r, json);
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <string_view>

#include "app/progress.h"

#include "cli/command.h"
#include "output/verify/medium_reader.h"
#include "output/verify/verify.h"

namespace discus::cli {

// Prints an already made report (as text, or as JSON with --json) and returns the exit code.
int print_verify_report(const output::VerifyReport& report, bool json);

nlohmann::ordered_json to_json(const output::VerifyReport& report);

// While alive, SIGINT (Ctrl-C), SIGTERM and SIGHUP request `cancel` instead of ending the
// process: the use case stops at its next safe point and returns kCancelled, its staging and
// temporaries removed on the way out (src/app/staging.h, base/file.h). After SIGTERM or SIGHUP
// the destructor then ends the process with that signal's status; after Ctrl-C the command
// returns its usual exit code. A second signal ends the process at once, after unlinking live
// temporaries and removing any private staging folder (app::remove_private_staging).
class InterruptCancels {
 public:
  explicit InterruptCancels(app::CancelToken& cancel);
  ~InterruptCancels();
  InterruptCancels(const InterruptCancels&) = delete;
  InterruptCancels& operator=(const InterruptCancels&) = delete;

 private:
  void (*previous_[3])(int) = {nullptr, nullptr, nullptr};  // SIGINT, SIGTERM, SIGHUP
};

}  // namespace discus::cli
