// `discus iso [--medium M] [--volume-id ID] [--no-verify] [--no-sync] FILESET OUT.iso`: an ISO 9660
// Level 1 image of a file-set (PS3.12 Annex F for CD-R, P for DVD) through libisofs, its size
// checked against the medium before writing, then read back through libisofs and verified
// against SHA256.TXT and the DICOMDIR (unless --no-verify). A secure file-set (STD-GEN-SEC-*) is
// verified at the envelope level, and with --password-file / --key also as DICOM, in memory.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/media_commands.h"
#include "media/profile/profile.h"
#include "cli/progress_bar.h"
#include "cli/read_back.h"
#include "cli/secure_key.h"
#include "output/iso/iso_reader.h"
#include "output/iso/iso_writer.h"
#include "output/verify/verify.h"

namespace discus::cli {

// The medium table for `iso` and `burn`, with --medium checked against it: an unknown name is a
// usage error (kExitUsage in `status`), a table that does not load a failure.
std::optional<media::profile::MediumTable> medium_table_for(std::string_view command, const std::string& medium, int& status) {
  auto table = media::profile::MediumTable::load(media::profile::default_profile_directory());
  if (!table) {
    fmt::print(stderr, "discus {}: {}\n", command, table.error().describe());
    status = kExitFailed;
    return std::nullopt;
  }
  if (auto m = output::iso::iso_medium(*table, medium); !m && m.error().code == base::ErrorCode::kInvalidArgument) {
    status = usage_error(command, m.error().describe());
    return std::nullopt;
  }
  return std::move(*table);
}

int print_iso(const app::IsoResult& r, const std::string& image, const Context& ctx, bool json) {
  if (!json && !ctx.quiet)
    fmt::print("{}: {} bytes ({} sectors), {} files in {} folders, volume '{}', {} for {}\n", image,
               r.plan.image_bytes, r.plan.image_bytes / 2048, r.plan.files, r.plan.directories, r.plan.volume_id, r.file_system,
               r.medium_name);
  if (r.verify) return print_verify_report(*r.verify, json);
  if (json)
    fmt::print("{}\n", json_text(nlohmann::ordered_json{{"image", image}, {"image_bytes", r.plan.image_bytes}, {"files", r.plan.files},
                                              {"volume_id", r.plan.volume_id}, {"medium", r.medium_name},
                                                       {"file_system", r.file_system}}));
  return kExitOk;
}

int run_iso(const IsoCommandOptions& o, Context& ctx) {
  app::IsoOptions io;
  io.medium = !o.medium.empty() ? o.medium : !ctx.settings.default_medium.empty() ? ctx.settings.default_medium : "cd";
  int status = kExitOk;
  const auto table = medium_table_for("iso", io.medium, status);
  if (!table) return status;
  io.fileset_dir = o.fileset;
  io.iso_path = o.image;
  io.iso.volume_id = o.volume_id;
  io.iso.sync = !o.no_sync;
  io.verify = !o.no_verify;
  if (int st = fill_open_key("iso", o.key, io.key); st != kExitOk) return st;
  app::Context actx;
  actx.media = &*table;
  app::CancelToken cancel;
  InterruptCancels interrupt(cancel);
  ProgressBar bar(ctx);
  auto r = app::write_iso(io, actx, bar, cancel);
  bar.finish();
  if (!r) {
    fmt::print(stderr, "discus iso: {}\n", r.error().describe());
    return kExitFailed;
  }
  return print_iso(*r, o.image, ctx, o.json);
}

void add_iso(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<IsoCommandOptions>();
  CLI::App* c = root.add_subcommand("iso", "write a disc image of a file-set (ISO 9660 Level 1 for CD/DVD, PS3.12 F/P; UDF for BD/DVD-RAM, X/J), then read it back and verify it");
  c->add_option("--medium", o->medium,
                "the disc the image is for; its capacity is checked before writing: cd, cd80, dvd, dvd-dl (ISO 9660), "
                "bd, bd-dl (BD-R, UDF 2.60), bd-re (UDF 2.50), dvd-ram (UDF 1.50), or none "
                "(default: [media] default_medium of the configuration, else cd)")
      ->type_name("M");
  c->add_option("--volume-id", o->volume_id, "the ISO 9660 volume identifier (default: from the File-set ID)")->type_name("ID");
  c->add_flag("--no-verify", o->no_verify, "do not read the image back and verify it");
  c->add_flag("--no-sync", o->no_sync, "do not fsync the image (scratch work, benchmarks)");
  c->add_flag("--json", o->json, "print the read-back report as JSON on stdout");
  add_open_key_options(*c, o->key);
  c->add_option("FILESET", o->fileset, "the file-set directory (made by discus author)")->required();
  c->add_option("OUT", o->image, "the image file to write, e.g. disc.iso")->required();
  on_run(*c, ctx, [o](Context& context) { return run_iso(*o, context); });
}

}  // namespace discus::cli
