// `discus usb` (a file-set onto a USB stick, PS3.12 Annex R, then read back) and `discus span`
// (several complete file-sets when the studies do not fit one medium, PS3.11).
#include <sys/stat.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "base/uid.h"
#include "cli/command.h"
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

// "64M", "2G", "1048576", "700MB": K/M/G/T are powers of 1024, KB/MB/GB/TB powers of 1000.
std::optional<std::uint64_t> parse_size(const std::string& text) {
  std::size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(text, &used);
  } catch (...) {
    return std::nullopt;
  }
  std::string unit = text.substr(used);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string units = "KMGT";
  if (unit.empty()) return n;
  const auto p = units.find(unit[0]);
  if (p == std::string::npos || unit.size() > 2 || (unit.size() == 2 && unit[1] != 'B')) return std::nullopt;
  const std::uint64_t base = unit.size() == 2 ? 1000 : 1024;
  std::uint64_t v = n;
  for (std::size_t k = 0; k <= p; ++k) v *= base;
  return v;
}

struct UsbArgs {
  std::optional<std::uint64_t> image_size;
  std::optional<usb::FatType> fat;
  std::optional<std::string> label;
  bool any_fs = false, verify = true;
  std::vector<std::string> rest;
};

bool parse_usb(const std::vector<std::string>& args, UsbArgs& a) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& s = args[i];
    const bool valued = s == "--image-size" || s == "--fat" || s == "--label";
    if (valued && i + 1 >= args.size()) {
      fmt::print(stderr, "discus usb: {} needs a value\n", s);
      return false;
    }
    if (s == "--image-size") {
      a.image_size = parse_size(args[++i]);
      if (!a.image_size) return fmt::print(stderr, "discus usb: '{}' is not a size (e.g. 64M, 2G)\n", args[i]), false;
    } else if (s == "--fat") {
      const std::string& v = args[++i];
      if (v != "16" && v != "32") return fmt::print(stderr, "discus usb: --fat is 16 or 32\n"), false;
      a.fat = v == "16" ? usb::FatType::kFat16 : usb::FatType::kFat32;
    } else if (s == "--label") {
      a.label = args[++i];
    } else if (s == "--any-fs") {
      a.any_fs = true;
    } else if (s == "--no-verify") {
      a.verify = false;
    } else if (s.size() > 1 && s[0] == '-') {
      return fmt::print(stderr, "discus usb: unknown option '{}'\n", s), false;
    } else {
      a.rest.push_back(s);
    }
  }
  return a.rest.size() == 2;
}

// PS3.12 A.1.1: the volume label may carry the File-set ID.
std::string default_label(const std::string& fileset) {
  auto d = media::dicomdir::read_dicomdir((fs::path(fileset) / "DICOMDIR").string());
  return d ? d->fileset_id : std::string{};
}

int report_verify(const output::VerifyReport& v) {
  fmt::print("{}", output::to_text(v));
  return v.ok() ? kExitOk : kExitFailed;
}

}  // namespace

int run_usb(const std::vector<std::string>& args) {
  UsbArgs a;
  if (!parse_usb(args, a)) {
    fmt::print(stderr, "usage: discus usb [--image-size SIZE] [--fat 16|32] [--label TEXT] [--any-fs] [--no-verify] "
                       "FILESET TARGET\n  TARGET: a mounted stick (folder), an image file, or a block device\n");
    return kExitUsage;
  }
  const std::string& fileset = a.rest[0];
  const std::string& target = a.rest[1];
  auto tree = usb::read_source_tree(fileset);
  if (!tree) return fmt::print(stderr, "discus usb: {}\n", tree.error().describe()), kExitFailed;
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
  auto marker = usb::marker_text(*tree, now);
  if (!marker) return fmt::print(stderr, "discus usb: {}\n", marker.error().describe()), kExitFailed;
  const std::vector<usb::ExtraFile> extras = {{usb::kCompletionMarker, std::move(*marker)}};

  std::error_code ec;
  if (!a.image_size && fs::is_directory(target, ec)) {
    usb::StickOptions so;
    so.allow_any_file_system = a.any_fs;
    auto w = usb::write_to_folder(*tree, target, so, extras);
    if (!w) return fmt::print(stderr, "discus usb: {}\n", w.error().describe()), kExitFailed;
    for (const std::string& warn : w->warnings) fmt::print(stderr, "discus usb: warning: {}\n", warn);
    fmt::print("{}: {} files, {} bytes written on {}; {} written last\n", target, tree->files.size(), w->bytes_written,
               w->file_system, usb::kCompletionMarker);
    if (!a.verify) return kExitOk;
    output::DirectoryMediumReader reader(target, /*drop_page_cache=*/true);
    auto v = usb::verify_stick(reader, *tree, extras);
    if (!v) return fmt::print(stderr, "discus usb: verify: {}\n", v.error().describe()), kExitFailed;
    return report_verify(*v);
  }
  usb::FatWriteOptions fo;
  fo.create_size = a.image_size;
  fo.fat_type = a.fat;
  fo.label = a.label.value_or(default_label(fileset));
  fo.timestamp = now;
  fo.extras = extras;
  auto w = usb::write_fat(*tree, target, fo);
  if (!w) return fmt::print(stderr, "discus usb: {}\n", w.error().describe()), kExitFailed;
  fmt::print("{}: {} volume of {} bytes, {} clusters of {} bytes used of {}; {} files\n", target,
             usb::to_string(w->geometry.type), w->volume_bytes, w->clusters_used, w->geometry.cluster_bytes(),
             w->geometry.cluster_count, tree->files.size() + extras.size());
  if (!a.verify) return kExitOk;
  auto reader = usb::FatMediumReader::open(target);
  if (!reader) return fmt::print(stderr, "discus usb: verify: {}\n", reader.error().describe()), kExitFailed;
  auto v = usb::verify_stick(**reader, *tree, extras);
  if (!v) return fmt::print(stderr, "discus usb: verify: {}\n", v.error().describe()), kExitFailed;
  return report_verify(*v);
}

int run_span(const std::vector<std::string>& args) {
  media::author::SpanAuthorOptions o;
  std::string profile_id, report;
  auto usage = [] {
    fmt::print(stderr, "usage: discus span --profile ID --out DIR [--capacity SIZE] [--fileset-id ID] "
                       "[--institution TEXT] [--report PREFIX] INPUT...\n");
    return kExitUsage;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& s = args[i];
    if (s == "--profile" || s == "--out" || s == "--capacity" || s == "--fileset-id" || s == "--institution" ||
        s == "--report") {
      if (i + 1 >= args.size()) return usage();
      const std::string& v = args[++i];
      if (s == "--profile") profile_id = v;
      else if (s == "--out") o.author.out_dir = v;
      else if (s == "--fileset-id") o.author.fileset_id = v;
      else if (s == "--institution") o.author.institution = v;
      else if (s == "--report") report = v;
      else if (auto n = parse_size(v)) o.volume_bytes = *n;
      else return usage();
    } else if (s.size() > 1 && s[0] == '-') {
      return usage();
    } else {
      o.author.inputs.push_back(s);
    }
  }
  if (profile_id.empty() || o.author.out_dir.empty() || o.author.inputs.empty()) return usage();
  auto registry = media::profile::ProfileRegistry::load(media::profile::default_profile_directory());
  if (!registry) return fmt::print(stderr, "discus span: {}\n", registry.error().describe()), kExitFailed;
  const media::profile::ApplicationProfile* profile = registry->find(profile_id);
  if (profile == nullptr) return fmt::print(stderr, "discus span: unknown media profile '{}'\n", profile_id), kExitUsage;
  base::RandomUidSource uids;
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
  fmt::print("{}", media::author::span_report_text(*r));
  return r->complete() ? kExitOk : kExitFailed;
}

}  // namespace discus::cli
