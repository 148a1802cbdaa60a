// `discus burn --drive DRIVE [--medium M] [--leave-open] [--eject] [--simulate] [--no-verify] FILESET`:
// burns a file-set as one ISO 9660 Level 1 track through libburn (DRIVE is /dev/srN or
// stdio:/path/image.iso), then reads the disc back through libburn and verifies it. Ctrl-C
// cancels the burn cleanly.
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <memory>

#include "app/progress.h"
#include "cli/media_commands.h"
#include "cli/progress_bar.h"
#include "cli/read_back.h"
#include "output/burn/burner.h"
#include "output/verify/verify.h"

namespace discus::cli {
namespace {

app::CancelToken* g_cancel = nullptr;  // the running burn's token; SIGINT only requests it
extern "C" void on_interrupt(int) {
  if (g_cancel != nullptr) g_cancel->request();
}

// Reads the disc back through libburn and verifies it; prints the report.
int read_back(const std::string& drive, Context& ctx, bool json) {
  auto reader = output::burn::open_drive_reader(drive);
  if (!reader) {
    fmt::print(stderr, "discus burn: read-back FAILED: {}\n", reader.error().describe());
    return kExitFailed;
  }
  return verify_and_report("burn", **reader, {}, ctx, json);
}

}  // namespace

int run_burn(const BurnCommandOptions& o, Context& ctx) {
  namespace burn = output::burn;
  const std::string medium = !o.medium.empty() ? o.medium : !ctx.settings.default_medium.empty() ? ctx.settings.default_medium : "none";
  burn::BurnOptions options;
  options.close_disc = !o.leave_open;
  options.simulate = o.simulate;
  int status = kExitOk;
  const auto m = resolve_medium("burn", medium, status);
  if (!m) return status;
  options.iso.capacity_bytes = m->capacity_bytes;
  options.iso.medium_name = m->name;
  app::CancelToken cancel;
  options.cancel = cancel.flag();
  ProgressBar bar(ctx);
  options.progress = bar.bytes(app::Stage::kBurn);
  g_cancel = &cancel;
  auto previous = std::signal(SIGINT, on_interrupt);
  auto result = burn::burn_file_set(o.drive, o.fileset, options);
  std::signal(SIGINT, previous);
  g_cancel = nullptr;
  bar.finish();
  if (!result) {
    fmt::print(stderr, "discus burn: FAILED: {}\n", result.error().describe());
    return kExitFailed;
  }
  if (!o.json && !ctx.quiet)
    fmt::print("{}: burned {} bytes ({} files, volume '{}') on {} in {} mode, disc {}\n", o.drive, result->plan.image_bytes,
               result->plan.files, result->plan.volume_id, result->profile.empty() ? "medium" : result->profile,
               result->write_mode, result->closed ? "closed" : "left appendable");
  status = kExitOk;
  if (!o.no_verify) status = read_back(o.drive, ctx, o.json);
  else if (o.json)
    fmt::print("{}\n", nlohmann::ordered_json{{"drive", o.drive}, {"image_bytes", result->plan.image_bytes},
                                              {"files", result->plan.files}, {"closed", result->closed}}.dump(2));
  if (o.eject)
    if (auto e = burn::eject(o.drive); !e) fmt::print(stderr, "discus burn: cannot eject: {}\n", e.error().describe());
  return status;
}

void add_burn(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<BurnCommandOptions>();
  CLI::App* c = root.add_subcommand(
      "burn", "burn a file-set to a disc (DRIVE is /dev/srN or stdio:/path/image.iso), then read it back and verify it");
  c->add_option("--drive", o->drive, "the drive: /dev/srN, or stdio:/path/image.iso (a file as a pseudo-drive)")
      ->type_name("DRIVE")
      ->required();
  c->add_option("--medium", o->medium,
                "check the image fits this disc before burning: cd, cd80, dvd, dvd-dl, or none (the drive's medium "
                "decides; default: [media] default_medium of the configuration, else none)")
      ->type_name("M");
  c->add_flag("--leave-open", o->leave_open, "leave the disc appendable instead of closing it");
  c->add_flag("--eject", o->eject, "eject the disc after the read-back");
  c->add_flag("--simulate", o->simulate, "ask the drive for a simulated burn (nothing is written)");
  c->add_flag("--no-verify", o->no_verify, "do not read the disc back and verify it");
  c->add_flag("--json", o->json, "print the read-back report as JSON on stdout");
  c->add_option("FILESET", o->fileset, "the file-set directory (made by discus author)")->required();
  on_run(*c, ctx, [o](Context& context) { return run_burn(*o, context); });
}

}  // namespace discus::cli
