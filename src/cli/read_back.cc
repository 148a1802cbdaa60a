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

base::Result<std::vector<output::MediumFile>> ProgressReader::list_files() const {
  auto files = inner_.list_files();
  if (files) {
    std::uint64_t total = 0;
    for (const auto& f : *files) total += f.size;
    total_ = total;
  }
  return files;
}

base::Status ProgressReader::read_file(const std::string& path, const std::function<base::Status(base::ByteView)>& sink) const {
  return inner_.read_file(path, [&](base::ByteView chunk) {
    app::ProgressEvent e;
    e.stage = stage_;
    e.unit = app::Unit::kBytes;
    e.done = done_ += chunk.size();
    e.total = std::max<std::uint64_t>(total_, e.done);  // the DICOMDIR is read twice
    e.current = path;
    progress_.on_progress(e);
    return sink(chunk);
  });
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
  if (json) fmt::print("{}\n", to_json(report).dump(2));
  else std::fputs(output::to_text(report).c_str(), report.ok() ? stdout : stderr);
  return report.ok() ? kExitOk : kExitFailed;
}

int verify_and_report(std::string_view command, const output::MediumReader& medium, output::VerifyOptions options,
                      Context& ctx, bool json) {
  ProgressBar bar(ctx);
  options.progress = bar.bytes(app::Stage::kVerify);
  auto report = output::verify_medium(medium, options);
  bar.finish();
  if (!report) {
    fmt::print(stderr, "discus {}: read-back FAILED: {}\n", command, report.error().describe());
    return kExitFailed;
  }
  return print_verify_report(*report, json);
}

}  // namespace discus::cli
