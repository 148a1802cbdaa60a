// `discus burn --drive DRIVE [--medium M] [--leave-open] [--eject] [--simulate] [--no-verify] FILESET`:
// burns a file-set as one ISO 9660 Level 1 track through libburn (DRIVE is /dev/srN or
// stdio:/path/image.iso), then reads the disc back through libburn and verifies it. Ctrl-C
// cancels the burn cleanly.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "app/progress.h"
#include "cli/media_commands.h"
#include "cli/progress_bar.h"
#include "cli/read_back.h"
#include "app/burn.h"
#include "output/burn/burner.h"
#include "output/verify/verify.h"

namespace discus::cli {
int print_burn(const app::BurnResult& r, const std::string& drive, const Context& ctx, bool json) {
  const output::burn::BurnResult& b = r.burn;
  if (!json && !ctx.quiet)
    fmt::print("{}: burned {} bytes ({} files, volume '{}') on {} in {} mode, disc {}\n", drive, b.plan.image_bytes, b.plan.files,
               b.plan.volume_id, b.profile.empty() ? "medium" : b.profile, b.write_mode, b.closed ? "closed" : "left appendable");
  for (const std::string& w : r.warnings) fmt::print(stderr, "discus burn: {}\n", w);
  if (r.verify) return print_verify_report(*r.verify, json);
  if (json)
    fmt::print("{}\n", json_text(nlohmann::ordered_json{{"drive", drive}, {"image_bytes", b.plan.image_bytes}, {"files", b.plan.files},
                                              {"closed", b.closed}}));
  return kExitOk;
}

int run_burn(const BurnCommandOptions& o, Context& ctx) {
  app::BurnOptions bo;
  bo.medium = !o.medium.empty() ? o.medium : !ctx.settings.default_medium.empty() ? ctx.settings.default_medium : "none";
  int status = kExitOk;
  const auto table = medium_table_for("burn", bo.medium, status);
  if (!table) return status;
  bo.drive = o.drive;
  bo.fileset_dir = o.fileset;
  bo.burn.close_disc = !o.leave_open;
  bo.burn.simulate = o.simulate;
  bo.verify = !o.no_verify;
  bo.eject = o.eject;
  app::Context actx;
  actx.media = &*table;
  app::CancelToken cancel;
  InterruptCancels interrupt(cancel);  // Ctrl-C stops libburn cleanly
  ProgressBar bar(ctx);
  auto r = app::burn(bo, actx, bar, cancel);
  bar.finish();
  if (!r) {
    fmt::print(stderr, "discus burn: FAILED: {}\n", r.error().describe());
    return kExitFailed;
  }
  return print_burn(*r, o.drive, ctx, o.json);
}

void add_burn(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<BurnCommandOptions>();
  CLI::App* c = root.add_subcommand(
      "burn", "burn a file-set to a disc (DRIVE is /dev/srN or stdio:/path/image.iso), then read it back and verify it");
  c->add_option("--drive", o->drive, "the drive: /dev/srN, or stdio:/path/image.iso (a file as a pseudo-drive)")
      ->type_name("DRIVE")
      ->required();
  c->add_option("--medium", o->medium,
                "the disc: cd, cd80, dvd, dvd-dl (ISO 9660, size checked before burning), bd, bd-dl (BD-R, UDF 2.60), "
                "bd-re (UDF 2.50), dvd-ram (UDF 1.50; a UDF image is written to the temporary folder first), or none "
                "(the drive's medium decides; default: [media] default_medium of the configuration, else none)")
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
