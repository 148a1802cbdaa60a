// `discus verify (--drive DRIVE | --iso FILE | --dir DIR) [--manifest F] [--password-file F | --key KEY.pem]`: reads a written medium
// back and says VERIFIED only when every file matches the SHA256.TXT manifest (or F) and every
// DICOMDIR record resolves to a readable DICOM file that is what the record says; otherwise
// names each failing file and exits 1.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "app/verify.h"
#include "cli/command.h"
#include "cli/progress_bar.h"
#include "cli/read_back.h"
#include "cli/secure_key.h"
#include "output/burn/burner.h"
#include "output/iso/iso_reader.h"
#include "output/verify/directory_reader.h"
#include "output/verify/verify.h"

namespace discus::cli {
namespace {

struct VerifyCommandOptions {
  std::string drive, iso, dir;
  std::string manifest;
  bool json = false;
  OpenKeyArgs key;  // secure media
};

int run_verify(const VerifyCommandOptions& o, Context& ctx) {
  const int given = !o.drive.empty() + !o.iso.empty() + !o.dir.empty();
  if (given != 1) return usage_error("verify", "needs exactly one of --drive DRIVE, --iso FILE, --dir DIR");
  app::VerifyOptions v;
  v.kind = !o.dir.empty() ? app::MediumKind::kDir : !o.iso.empty() ? app::MediumKind::kIso : app::MediumKind::kDrive;
  v.target = !o.dir.empty() ? o.dir : !o.iso.empty() ? o.iso : o.drive;
  v.manifest_path = o.manifest;
  if (int st = fill_open_key("verify", o.key, v.key); st != kExitOk) return st;
  app::CancelToken cancel;
  InterruptCancels interrupt(cancel);
  ProgressBar bar(ctx);
  auto report = app::verify(v, app::Context{}, bar, cancel);
  bar.finish();
  if (!report) {
    fmt::print(stderr, "discus verify: FAILED: {}\n", report.error().describe());
    return kExitFailed;
  }
  return print_verify_report(*report, o.json);
}

}  // namespace

void add_verify(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<VerifyCommandOptions>();
  CLI::App* c = root.add_subcommand(
      "verify", "read a medium back: every file against SHA256.TXT, the DICOMDIR re-read, every record resolved to a readable DICOM file");
  auto* drive = c->add_option("--drive", o->drive, "a disc in this drive (/dev/srN, or stdio:/path/image.iso)")->type_name("DRIVE");
  auto* iso = c->add_option("--iso", o->iso, "an ISO 9660 image file")->type_name("FILE");
  auto* dir = c->add_option("--dir", o->dir, "a folder or mounted medium (a USB stick)")->type_name("DIR");
  drive->excludes(iso)->excludes(dir);
  iso->excludes(dir);
  c->add_option("--manifest", o->manifest, "check against this sha256sum manifest on the host instead of the medium's SHA256.TXT")
      ->type_name("F");
  c->add_flag("--json", o->json, "print the report as JSON on stdout (verified, files_checked, failures, ...)");
  add_open_key_options(*c, o->key);
  on_run(*c, ctx, [o](Context& context) { return run_verify(*o, context); });
}

}  // namespace discus::cli
