// `discus usb` (a file-set onto a USB stick, PS3.12 Annex R, then read back) and `discus span`
// (several complete file-sets when the studies do not fit one medium, PS3.11).
#include <sys/stat.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "app/span.h"
#include "app/write_usb.h"
#include "base/uid.h"
#include "codec/codec.h"
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

int report_verify(const output::VerifyReport& v, bool json) {
  if (json) {
    fmt::print("{}\n", json_text(to_json(v)));
  } else {
    fmt::print("{}", output::to_text(v));
  }
  return v.ok() ? kExitOk : kExitFailed;
}

}  // namespace

int print_usb(const app::UsbResult& r, const std::string& target, const Context& ctx, bool json) {
  for (const std::string& warn : r.warnings) fmt::print(stderr, "discus usb: warning: {}\n", warn);
  if (!json && !ctx.quiet) {
    if (r.stick)
      fmt::print("{}: {} files, {} bytes written on {}; {} written last\n", target, r.files - 1, r.stick->bytes_written,
                 r.stick->file_system, usb::kCompletionMarker);
    else if (r.fat)
      fmt::print("{}: {} volume of {} bytes, {} clusters of {} bytes used of {}; {} files\n", target,
                 usb::to_string(r.fat->geometry.type), r.fat->volume_bytes, r.fat->clusters_used, r.fat->geometry.cluster_bytes(),
                 r.fat->geometry.cluster_count, r.files);
  }
  return r.verify ? report_verify(*r.verify, json) : kExitOk;
}

int run_usb(const UsbCommandOptions& o, Context& ctx) {
  app::UsbOptions uo;
  if (!o.image_size.empty()) {
    uo.image_size = parse_size(o.image_size);
    if (!uo.image_size) return usage_error("usb", fmt::format("--image-size '{}' is not a size from 1 byte to 16T (e.g. 64M, 2G)", o.image_size));
  }
  uo.fileset_dir = o.fileset;
  uo.target = o.target;
  if (!o.fat.empty()) uo.fat = o.fat == "16" ? usb::FatType::kFat16 : usb::FatType::kFat32;
  uo.label = o.label;
  uo.any_fs = o.any_fs;
  uo.verify = !o.no_verify;
  app::CancelToken cancel;
  InterruptCancels interrupt(cancel);
  ProgressBar bar(ctx);
  auto r = app::write_usb(uo, app::Context{}, bar, cancel);
  bar.finish();
  if (!r) return fmt::print(stderr, "discus usb: {}\n", r.error().describe()), kExitFailed;
  return print_usb(*r, o.target, ctx, o.json);
}

namespace {

struct SpanCommandOptions {
  std::string profile, out, capacity, fileset_id, institution, report, uid_root;
  bool json = false;
  std::vector<std::string> inputs;
};

int run_span(const SpanCommandOptions& c, Context& ctx) {
  app::SpanOptions so;
  so.profile_id = !c.profile.empty() ? c.profile : ctx.settings.default_profile;
  media::author::SpanAuthorOptions& o = so.span;
  std::string report = c.report;
  o.author.out_dir = c.out;
  o.author.fileset_id = c.fileset_id;
  o.author.institution = !c.institution.empty() ? c.institution : ctx.settings.institution;
  o.author.inputs = c.inputs;
  if (!c.capacity.empty()) {
    auto n = parse_size(c.capacity);
    if (!n) return usage_error("span", fmt::format("--capacity '{}' is not a size from 1 byte to 16T (e.g. 650M, 4G)", c.capacity));
    o.volume_bytes = *n;
  }
  if (so.profile_id.empty()) return usage_error("span", "needs --profile ID (or [media] default_profile in the configuration)");
  auto registry = media::profile::ProfileRegistry::load(media::profile::default_profile_directory());
  if (!registry) return fmt::print(stderr, "discus span: {}\n", registry.error().describe()), kExitFailed;
  if (registry->find(so.profile_id) == nullptr) return unknown_profile("span", so.profile_id, *registry);
  const std::string uid_root = !c.uid_root.empty() ? c.uid_root : ctx.settings.uid_root;
  auto uid_source = uid_root.empty() ? base::Result<base::RandomUidSource>(base::RandomUidSource{})
                                     : base::RandomUidSource::with_root(uid_root);
  if (!uid_source) return usage_error("span", uid_source.error().describe());
  const codec::CodecRegistry codecs = codec::all_codecs();
  const app::Context actx{&*registry, &codecs, &*uid_source, 2};
  app::CancelToken cancel;
  InterruptCancels interrupt(cancel);
  ProgressBar bar(ctx);
  auto span = app::span(so, actx, bar, cancel);
  bar.finish();
  if (!span) return fmt::print(stderr, "discus span: {}\n", span.error().describe()), kExitFailed;
  const media::author::SpanResult& r = span->span;
  // Reports name host paths: beside the volumes, never on them.
  if (report.empty()) report = (fs::path(o.author.out_dir) / "SPAN.report").string();
  std::ofstream(report + ".txt") << media::author::span_report_text(r);
  std::ofstream(report + ".json") << json_text(media::author::span_report_json(r)) << "\n";
  for (const auto& v : r.volumes) {
    std::ofstream(v.result.out_dir + ".report.txt") << media::author::report_text(v.result);
    std::ofstream(v.result.out_dir + ".report.json") << json_text(media::author::report_json(v.result)) << "\n";
  }
  if (c.json) fmt::print("{}\n", json_text(media::author::span_report_json(r)));
  else if (!ctx.quiet) fmt::print("{}", media::author::span_report_text(r));
  return span->ok() ? kExitOk : kExitFailed;
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
