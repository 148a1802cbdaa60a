#include "cli/read_back.h"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iterator>

#include "app/staging.h"
#include "base/file.h"

#include "cli/progress_bar.h"

namespace discus::cli {

nlohmann::ordered_json to_json(const output::VerifyReport& r) {
  nlohmann::ordered_json failures = nlohmann::ordered_json::array();
  for (const auto& f : r.failures) failures.push_back({{"path", f.path}, {"rule", f.rule}, {"message", f.message}});
  return {{"verified", r.ok()},
          {"medium", r.medium},
          {"files_checked", r.files_checked},
          {"records_checked", r.records_checked},
          {"bytes_checked", r.bytes_checked},
          {"failures", failures},
          {"unexpected", r.unexpected},
          {"secure_level", r.level}};
}

namespace {
// The signals that end a job: Ctrl-C, kill's default, and the terminal going away.
constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};
app::CancelToken* g_cancel = nullptr;  // the running use case's token
volatile std::sig_atomic_t g_interrupts = 0;
volatile std::sig_atomic_t g_signal = 0;  // the first stop signal received, or 0

// Removes what may hold plaintext, then ends the process with `signal`'s status.
[[noreturn]] void end_by(int signal) {
  base::unlink_live_temporaries();  // async-signal-safe
  app::remove_private_staging();    // allocates: only on the way out (see app/staging.h)
  std::signal(signal, SIG_DFL);
  std::raise(signal);
  std::_Exit(128 + signal);  // the signal was blocked: still end with the shell's code for it
}

extern "C" void on_interrupt(int signal) {
  const bool first = g_interrupts == 0;
  g_interrupts = 1;
  if (g_signal == 0) g_signal = signal;
  if (first && g_cancel != nullptr) {
    g_cancel->request();
    return;
  }
  end_by(signal);
}
}  // namespace

InterruptCancels::InterruptCancels(app::CancelToken& cancel) {
  g_cancel = &cancel;
  g_interrupts = 0;
  g_signal = 0;
  for (std::size_t i = 0; i < std::size(kStopSignals); ++i) previous_[i] = std::signal(kStopSignals[i], on_interrupt);
}

InterruptCancels::~InterruptCancels() {
  for (std::size_t i = 0; i < std::size(kStopSignals); ++i)
    std::signal(kStopSignals[i], previous_[i] == SIG_ERR ? SIG_DFL : previous_[i]);
  g_cancel = nullptr;
  // SIGTERM and SIGHUP asked the process to end: now that the use case has stopped and removed
  // its staging, end with the signal's status (a service manager or shell sees "killed by
  // SIGTERM", not a failed job). Ctrl-C keeps the commands' "cancelled" exit code.
  const int signal = g_signal;
  if (signal == SIGTERM || signal == SIGHUP) {
    std::fflush(nullptr);
    end_by(signal);
  }
}

int print_verify_report(const output::VerifyReport& report, bool json) {
  if (json) fmt::print("{}\n", json_text(to_json(report)));
  else std::fputs(output::to_text(report).c_str(), report.ok() ? stdout : stderr);
  return report.ok() ? kExitOk : kExitFailed;
}

}  // namespace discus::cli
