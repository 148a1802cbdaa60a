// `discus burn --drive DRIVE [--medium M] [--leave-open] [--eject] [--simulate] [--no-verify] FILESET`:
// burns a file-set as one ISO 9660 Level 1 track through libburn (DRIVE is /dev/srN or
// stdio:/path/image.iso), then reads the disc back through libburn and verifies it. Ctrl-C
// cancels the burn cleanly.
#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <cstdio>

#include "cli/command.h"
#include "cli/read_back.h"
#include "output/burn/burner.h"
#include "output/verify/terminal_progress.h"
#include "output/verify/verify.h"

namespace discus::cli {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;  // set by SIGINT only; read by the progress poll
extern "C" void on_interrupt(int) { g_interrupted = 1; }

// Reads the disc back through libburn and verifies it; prints the report.
int read_back(const std::string& drive) {
  auto reader = output::burn::open_drive_reader(drive);
  if (!reader) {
    fmt::print(stderr, "discus burn: read-back FAILED: {}\n", reader.error().describe());
    return kExitFailed;
  }
  return verify_and_report("discus burn", **reader, {});
}

}  // namespace

int run_burn(const std::vector<std::string>& args) {
  namespace burn = output::burn;
  std::string drive, medium = "none";
  bool verify = true, eject = false;
  burn::BurnOptions options;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "--drive" || a == "--medium") && i + 1 < args.size()) (a == "--drive" ? drive : medium) = args[++i];
    else if (a == "--leave-open") options.close_disc = false;
    else if (a == "--eject") eject = true;  // after the read-back, not before
    else if (a == "--simulate") options.simulate = true;
    else if (a == "--no-verify") verify = false;
    else if (a.starts_with("--")) positional.clear(), positional.resize(3);  // forces the usage message
    else positional.push_back(a);
  }
  if (drive.empty() || positional.size() != 1) {
    fmt::print(stderr, "usage: discus burn --drive DRIVE [--medium cd|cd80|dvd|dvd-dl|none] [--leave-open] [--eject] "
                       "[--simulate] [--no-verify] FILESET\n");
    return kExitUsage;
  }
  auto m = output::iso::iso_medium(medium);
  if (!m) {
    fmt::print(stderr, "discus burn: {}\n", m.error().describe());
    return m.error().code == base::ErrorCode::kInvalidArgument ? kExitUsage : kExitFailed;
  }
  options.iso.capacity_bytes = m->capacity_bytes;
  options.iso.medium_name = m->name;
  std::atomic<bool> cancel{false};
  options.cancel = &cancel;
  output::TerminalProgress bar("burning");
  options.progress = [&](std::uint64_t done, std::uint64_t total) {
    if (g_interrupted) cancel = true;
    bar.update(done, total);
  };
  auto previous = std::signal(SIGINT, on_interrupt);
  auto result = burn::burn_file_set(drive, positional[0], options);
  std::signal(SIGINT, previous);
  bar.finish();
  if (!result) {
    fmt::print(stderr, "discus burn: FAILED: {}\n", result.error().describe());
    return kExitFailed;
  }
  fmt::print("{}: burned {} bytes ({} files, volume '{}') on {} in {} mode, disc {}\n", drive, result->plan.image_bytes,
             result->plan.files, result->plan.volume_id, result->profile.empty() ? "medium" : result->profile,
             result->write_mode, result->closed ? "closed" : "left appendable");
  const int status = verify ? read_back(drive) : kExitOk;
  if (eject)
    if (auto e = burn::eject(drive); !e) fmt::print(stderr, "discus burn: cannot eject: {}\n", e.error().describe());
  return status;
}

}  // namespace discus::cli
