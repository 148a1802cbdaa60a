// `discus iso [--medium M] [--volume-id ID] [--no-verify] [--no-sync] FILESET OUT.iso`: an ISO 9660
// Level 1 image of a file-set (PS3.12 Annex F for CD-R, P for DVD) through libisofs, its size
// checked against the medium before writing, then read back through libisofs and verified
// against SHA256.TXT and the DICOMDIR (unless --no-verify).
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/media_commands.h"
#include "media/profile/profile.h"
#include "cli/progress_bar.h"
#include "cli/read_back.h"
#include "output/iso/iso_reader.h"
#include "output/iso/iso_writer.h"
#include "output/verify/verify.h"

namespace discus::cli {

std::optional<ResolvedMedium> resolve_medium(std::string_view command, const std::string& name, int& status) {
  auto table = media::profile::MediumTable::load(media::profile::default_profile_directory());
  if (!table) {
    fmt::print(stderr, "discus {}: {}\n", command, table.error().describe());
    status = kExitFailed;
    return std::nullopt;
  }
  auto m = output::iso::iso_medium(*table, name);
  if (!m) {
    if (m.error().code == base::ErrorCode::kInvalidArgument) {
      status = usage_error(command, m.error().describe());
    } else {
      fmt::print(stderr, "discus {}: {}\n", command, m.error().describe());
      status = kExitFailed;
    }
    return std::nullopt;
  }
  return ResolvedMedium{m->name, m->capacity_bytes};
}

int run_iso(const IsoCommandOptions& o, Context& ctx) {
  const std::string medium = !o.medium.empty() ? o.medium : !ctx.settings.default_medium.empty() ? ctx.settings.default_medium : "cd";
  output::iso::IsoOptions options;
  options.volume_id = o.volume_id;
  options.sync = !o.no_sync;
  int status = kExitOk;
  const auto m = resolve_medium("iso", medium, status);
  if (!m) return status;
  options.capacity_bytes = m->capacity_bytes;
  options.medium_name = m->name;
  ProgressBar bar(ctx);
  auto plan = output::iso::write_iso(o.fileset, o.image, options, bar.bytes(app::Stage::kImage));
  bar.finish();
  if (!plan) {
    fmt::print(stderr, "discus iso: {}\n", plan.error().describe());
    return kExitFailed;
  }
  if (!o.json && !ctx.quiet)
    fmt::print("{}: {} bytes ({} sectors), {} files in {} folders, volume '{}', ISO 9660 Level 1 for {}\n", o.image,
               plan->image_bytes, plan->image_bytes / 2048, plan->files, plan->directories, plan->volume_id, m->name);
  if (o.no_verify) {
    if (o.json)
      fmt::print("{}\n", nlohmann::ordered_json{{"image", o.image}, {"image_bytes", plan->image_bytes}, {"files", plan->files},
                                                {"volume_id", plan->volume_id}, {"medium", m->name}}.dump(2));
    return kExitOk;
  }
  auto reader = output::iso::IsoMediumReader::open_image(o.image);
  if (!reader) {
    fmt::print(stderr, "discus iso: read-back FAILED: {}\n", reader.error().describe());
    return kExitFailed;
  }
  return verify_and_report("iso", **reader, {}, ctx, o.json);
}

void add_iso(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<IsoCommandOptions>();
  CLI::App* c = root.add_subcommand("iso", "write an ISO 9660 Level 1 image of a file-set (PS3.12 F/P), then read it back and verify it");
  c->add_option("--medium", o->medium,
                "the disc the image is for; its capacity is checked before writing: cd, cd80, dvd, dvd-dl, or none "
                "(default: [media] default_medium of the configuration, else cd)")
      ->type_name("M");
  c->add_option("--volume-id", o->volume_id, "the ISO 9660 volume identifier (default: from the File-set ID)")->type_name("ID");
  c->add_flag("--no-verify", o->no_verify, "do not read the image back and verify it");
  c->add_flag("--no-sync", o->no_sync, "do not fsync the image (scratch work, benchmarks)");
  c->add_flag("--json", o->json, "print the read-back report as JSON on stdout");
  c->add_option("FILESET", o->fileset, "the file-set directory (made by discus author)")->required();
  c->add_option("OUT", o->image, "the image file to write, e.g. disc.iso")->required();
  on_run(*c, ctx, [o](Context& context) { return run_iso(*o, context); });
}

}  // namespace discus::cli
