#include "cli/read_back.h"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <cstdio>

#include "app/staging.h"

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
          {"unexpected", r.unexpected}};
}

namespace {
app::CancelToken* g_cancel = nullptr;  // the running use case's token
volatile std::sig_atomic_t g_interrupts = 0;
extern "C" void on_interrupt(int signal) {
  const bool first = g_interrupts == 0;
  g_interrupts = 1;
  if (first && g_cancel != nullptr) {
    g_cancel->request();
    return;
  }
  app::remove_private_staging();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}
}  // namespace

InterruptCancels::InterruptCancels(app::CancelToken& cancel) {
  g_cancel = &cancel;
  g_interrupts = 0;
  previous_ = std::signal(SIGINT, on_interrupt);
}

InterruptCancels::~InterruptCancels() {
  std::signal(SIGINT, previous_ == SIG_ERR ? SIG_DFL : previous_);
  g_cancel = nullptr;
}

int print_verify_report(const output::VerifyReport& report, bool json) {
  if (json) fmt::print("{}\n", to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  else std::fputs(output::to_text(report).c_str(), report.ok() ? stdout : stderr);
  return report.ok() ? kExitOk : kExitFailed;
}

}  // namespace discus::cli
