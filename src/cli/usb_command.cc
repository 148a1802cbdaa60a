// `discus usb` (a file-set onto a USB stick, PS3.12 Annex R, then read back) and `discus span`
// (several complete file-sets when the studies do not fit one medium, PS3.11).
#include <sys/stat.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "base/uid.h"
#include "cli/media_commands.h"
#include "cli/profile_names.h"
#include "cli/progress_bar.h"
#include "cli/read_back.h"
#include "media/author/span_author.h"
#include "media/dicomdir/reader.h"
#include "media/profile/profile.h"
#include "output/usb/fat_reader.h"
#include "output/usb/fat_writer.h"
#include "output/usb/stick_writer.h"
#include "output/usb/usb_verify.h"
#include "output/verify/directory_reader.h"

namespace discus::cli {

namespace {

namespace fs = std::filesystem;
namespace usb = output::usb;

// PS3.12 A.1.1: the volume label may carry the File-set ID.
std::string default_label(const std::string& fileset) {
  auto d = media::dicomdir::read_dicomdir((fs::path(fileset) / "DICOMDIR").string());
  return d ? d->fileset_id : std::string{};
}

int report_verify(const output::VerifyReport& v, bool json) {
  if (json) {
    fmt::print("{}\n", to_json(v).dump(2));
  } else {
    fmt::print("{}", output::to_text(v));
  }
  return v.ok() ? kExitOk : kExitFailed;
}

}  // namespace

int run_usb(const UsbCommandOptions& o, Context& ctx) {
  std::optional<std::uint64_t> image_size;
  if (!o.image_size.empty()) {
    image_size = parse_size(o.image_size);
    if (!image_size) return usage_error("usb", fmt::format("'{}' is not a size (e.g. 64M, 2G)", o.image_size));
  }
  const std::string& fileset = o.fileset;
  const std::string& target = o.target;
  auto tree = usb::read_source_tree(fileset);
  if (!tree) return fmt::print(stderr, "discus usb: {}\n", tree.error().describe()), kExitFailed;
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
  auto marker = usb::marker_text(*tree, now);
  if (!marker) return fmt::print(stderr, "discus usb: {}\n", marker.error().describe()), kExitFailed;
  const std::vector<usb::ExtraFile> extras = {{usb::kCompletionMarker, std::move(*marker)}};

  std::error_code ec;
  if (!image_size && fs::is_directory(target, ec)) {
    usb::StickOptions so;
    so.allow_any_file_system = o.any_fs;
    auto w = usb::write_to_folder(*tree, target, so, extras);
    if (!w) return fmt::print(stderr, "discus usb: {}\n", w.error().describe()), kExitFailed;
    for (const std::string& warn : w->warnings) fmt::print(stderr, "discus usb: warning: {}\n", warn);
    if (!o.json && !ctx.quiet)
      fmt::print("{}: {} files, {} bytes written on {}; {} written last\n", target, tree->files.size(), w->bytes_written,
                 w->file_system, usb::kCompletionMarker);
    if (o.no_verify) return kExitOk;
    output::DirectoryMediumReader reader(target, /*drop_page_cache=*/true);
    ProgressBar bar(ctx);
    auto v = usb::verify_stick(ProgressReader(reader, bar, app::Stage::kVerify), *tree, extras);
    bar.finish();
    if (!v) return fmt::print(stderr, "discus usb: verify: {}\n", v.error().describe()), kExitFailed;
    return report_verify(*v, o.json);
  }
  usb::FatWriteOptions fo;
  fo.create_size = image_size;
  if (!o.fat.empty()) fo.fat_type = o.fat == "16" ? usb::FatType::kFat16 : usb::FatType::kFat32;
  fo.label = o.label.value_or(default_label(fileset));
  fo.timestamp = now;
  fo.extras = extras;
  auto w = usb::write_fat(*tree, target, fo);
  if (!w) return fmt::print(stderr, "discus usb: {}\n", w.error().describe()), kExitFailed;
  if (!o.json && !ctx.quiet)
    fmt::print("{}: {} volume of {} bytes, {} clusters of {} bytes used of {}; {} files\n", target,
               usb::to_string(w->geometry.type), w->volume_bytes, w->clusters_used, w->geometry.cluster_bytes(),
               w->geometry.cluster_count, tree->files.size() + extras.size());
  if (o.no_verify) return kExitOk;
  auto reader = usb::FatMediumReader::open(target);
  if (!reader) return fmt::print(stderr, "discus usb: verify: {}\n", reader.error().describe()), kExitFailed;
  ProgressBar bar(ctx);
  auto v = usb::verify_stick(ProgressReader(**reader, bar, app::Stage::kVerify), *tree, extras);
  bar.finish();
  if (!v) return fmt::print(stderr, "discus usb: verify: {}\n", v.error().describe()), kExitFailed;
  return report_verify(*v, o.json);
}

namespace {

struct SpanCommandOptions {
  std::string profile, out, capacity, fileset_id, institution, report, uid_root;
  bool json = false;
  std::vector<std::string> inputs;
};

int run_span(const SpanCommandOptions& c, Context& ctx) {
  media::author::SpanAuthorOptions o;
  const std::string profile_id = !c.profile.empty() ? c.profile : ctx.settings.default_profile;
  std::string report = c.report;
  o.author.out_dir = c.out;
  o.author.fileset_id = c.fileset_id;
  o.author.institution = !c.institution.empty() ? c.institution : ctx.settings.institution;
  o.author.inputs = c.inputs;
  if (!c.capacity.empty()) {
    auto n = parse_size(c.capacity);
    if (!n) return usage_error("span", fmt::format("'{}' is not a size (e.g. 650M, 4G)", c.capacity));
    o.volume_bytes = *n;
  }
  if (profile_id.empty()) return usage_error("span", "needs --profile ID (or [media] default_profile in the configuration)");
  auto registry = media::profile::ProfileRegistry::load(media::profile::default_profile_directory());
  if (!registry) return fmt::print(stderr, "discus span: {}\n", registry.error().describe()), kExitFailed;
  const media::profile::ApplicationProfile* profile = registry->find(profile_id);
  if (profile == nullptr) return unknown_profile("span", profile_id, *registry);
  const std::string uid_root = !c.uid_root.empty() ? c.uid_root : ctx.settings.uid_root;
  auto uid_source = uid_root.empty() ? base::Result<base::RandomUidSource>(base::RandomUidSource{})
                                     : base::RandomUidSource::with_root(uid_root);
  if (!uid_source) return usage_error("span", uid_source.error().describe());
  base::RandomUidSource& uids = *uid_source;
  auto r = media::author::author_volumes(o, *profile, uids);
  if (!r) return fmt::print(stderr, "discus span: {}\n", r.error().describe()), kExitFailed;
  // Reports name host paths: beside the volumes, never on them.
  if (report.empty()) report = (fs::path(o.author.out_dir) / "SPAN.report").string();
  std::ofstream(report + ".txt") << media::author::span_report_text(*r);
  std::ofstream(report + ".json") << media::author::span_report_json(*r).dump(2) << "\n";
  for (const auto& v : r->volumes) {
    std::ofstream(v.result.out_dir + ".report.txt") << media::author::report_text(v.result);
    std::ofstream(v.result.out_dir + ".report.json") << media::author::report_json(v.result).dump(2) << "\n";
  }
  if (c.json) fmt::print("{}\n", media::author::span_report_json(*r).dump(2));
  else if (!ctx.quiet) fmt::print("{}", media::author::span_report_text(*r));
  return r->complete() ? kExitOk : kExitFailed;
}

}  // namespace

void add_usb(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<UsbCommandOptions>();
  CLI::App* c = root.add_subcommand(
      "usb", "write a file-set to a USB stick: a mounted FAT folder, or a FAT image/device written directly; then read it back");
  c->add_option("--image-size", o->image_size, "create TARGET as a new image file of SIZE (64M, 2G; K/M/G/T powers of 1024, KB/MB/GB/TB of 1000)")
      ->type_name("SIZE");
  c->add_option("--fat", o->fat, "FAT type of a formatted image or device (default: FAT16 up to 512 MiB, FAT32 above)")
      ->type_name("16|32")
      ->check(CLI::IsMember({"16", "32"}));
  c->add_option("--label", o->label, "the volume label (default: the File-set ID, PS3.12 A.1.1)")->type_name("TEXT");
  c->add_flag("--any-fs", o->any_fs, "write into a folder on any file system, not only FAT (warned, not refused)");
  c->add_flag("--no-verify", o->no_verify, "do not read the stick back and verify it");
  c->add_flag("--json", o->json, "print the read-back report as JSON on stdout");
  c->add_option("FILESET", o->fileset, "the file-set directory (made by discus author)")->required();
  c->add_option("TARGET", o->target, "a mounted stick (folder), an image file, or a block device")->required();
  on_run(*c, ctx, [o](Context& context) { return run_usb(*o, context); });
}

void add_span(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<SpanCommandOptions>();
  CLI::App* c = root.add_subcommand("span", "author several complete file-sets (OUT/VOL001...) when the studies do not fit one medium");
  c->add_option("--profile", o->profile, "the PS3.11 profile id (see discus profiles; default: [media] default_profile)")
      ->type_name("ID");
  c->add_option("--out", o->out, "the folder that receives VOL001, VOL002, ... (must not exist or be empty)")
      ->type_name("DIR")
      ->required();
  c->add_option("--capacity", o->capacity, "bytes per volume (default: the profile's medium)")->type_name("SIZE");
  c->add_option("--fileset-id", o->fileset_id, "the File-set ID (0004,1130) base; volumes get a number")->type_name("ID");
  c->add_option("--institution", o->institution, "named in README.TXT as the creator (default: [site] institution)")
      ->type_name("TEXT");
  c->add_option("--uid-root", o->uid_root, "organisation UID root for new UIDs (default: [site] uid_root)")->type_name("UID");
  c->add_option("--report", o->report, "write the span report to PREFIX.txt and PREFIX.json (default: OUT/SPAN.report)")
      ->type_name("PREFIX");
  c->add_flag("--json", o->json, "print the span report as JSON on stdout");
  c->add_option("INPUT", o->inputs, "DICOM files and folders (searched recursively)")->required();
  on_run(*c, ctx, [o](Context& context) { return run_span(*o, context); });
}

}  // namespace discus::cli
