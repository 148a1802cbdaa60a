// discus CLI — the read-back step `iso`, `burn`, `usb`, `verify` (and `author --iso/--burn`) share:
// verify a written medium with a progress bar on a terminal, print the report (stdout when good,
// stderr when not; JSON on stdout with --json), and turn it into the exit code.
//   return verify_and_report("iso", **reader, {}, ctx, json);
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <string_view>

#include "app/progress.h"

#include "cli/command.h"
#include "output/verify/medium_reader.h"
#include "output/verify/verify.h"

namespace discus::cli {

int verify_and_report(std::string_view command, const output::MediumReader& medium, output::VerifyOptions options,
                      Context& ctx, bool json);

// Prints an already made report (as text, or as JSON with --json) and returns the exit code.
int print_verify_report(const output::VerifyReport& report, bool json);

nlohmann::ordered_json to_json(const output::VerifyReport& report);

// While alive, Ctrl-C (SIGINT) requests `cancel` instead of ending the process: the use case
// stops at its next safe point and returns kCancelled, its staging removed on the way out
// (src/app/staging.h). A second Ctrl-C ends the process the usual way, after removing any
// private staging folder (app::remove_private_staging).
class InterruptCancels {
 public:
  explicit InterruptCancels(app::CancelToken& cancel);
  ~InterruptCancels();
  InterruptCancels(const InterruptCancels&) = delete;
  InterruptCancels& operator=(const InterruptCancels&) = delete;

 private:
  void (*previous_)(int) = nullptr;
};

// A MediumReader that reports the bytes read through it to a progress listener, for read-backs
// whose verifier takes no progress callback (the USB stick's). Total: the sizes list_files() saw.
class ProgressReader final : public output::MediumReader {
 public:
  ProgressReader(const output::MediumReader& inner, app::Progress& progress, app::Stage stage)
      : inner_(inner), progress_(progress), stage_(stage) {}
  base::Result<std::vector<output::MediumFile>> list_files() const override;
  base::Status read_file(const std::string& path, const std::function<base::Status(base::ByteView)>& sink) const override;
  std::string describe() const override { return inner_.describe(); }
  bool concurrent_reads() const override { return inner_.concurrent_reads(); }

 private:
  const output::MediumReader& inner_;
  app::Progress& progress_;
  app::Stage stage_;
  mutable std::atomic<std::uint64_t> done_{0}, total_{0};
};

}  // namespace discus::cli
