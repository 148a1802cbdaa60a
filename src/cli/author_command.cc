// `discus author` (a file-set for a medium), `discus update` (add to an existing file-set, the FSU
// role) and `discus mkdir` (a DICOMDIR for files in place).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "base/uid.h"
#include "codec/codec.h"
#include "cli/command.h"
#include "media/author/author.h"
#include "media/author/mkdir.h"
#include "media/author/update.h"
#include "media/profile/profile.h"

namespace discus::cli {

namespace {

struct Common {
  std::string profile_id;
  std::string profiles_dir;
  std::string fileset_id;
  std::string uid_root;
};

// Shared options; returns false (after printing) on a usage error. Unrecognised arguments are
// left in `rest`.
bool parse_common(const std::vector<std::string>& args, Common& c, std::vector<std::pair<std::string, std::string>>& opts,
                  std::vector<std::string>& rest, const std::vector<std::string>& valued) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool takes_value = a == "--profile" || a == "--profiles" || a == "--fileset-id" || a == "--uid-root" ||
                             std::find(valued.begin(), valued.end(), a) != valued.end();
    if (takes_value) {
      if (i + 1 >= args.size()) {
        fmt::print(stderr, "discus: {} needs a value\n", a);
        return false;
      }
      const std::string& v = args[++i];
      if (a == "--profile") c.profile_id = v;
      else if (a == "--profiles") c.profiles_dir = v;
      else if (a == "--fileset-id") c.fileset_id = v;
      else if (a == "--uid-root") c.uid_root = v;
      else opts.emplace_back(a, v);
    } else if (a.size() > 1 && a[0] == '-' && a != "--replace") {
      fmt::print(stderr, "discus: unknown option '{}'\n", a);
      return false;
    } else {
      rest.push_back(a);
    }
  }
  return true;
}

base::Result<media::profile::ProfileRegistry> load_profiles(const Common& c) {
  return media::profile::ProfileRegistry::load(c.profiles_dir.empty() ? media::profile::default_profile_directory() : c.profiles_dir);
}

base::Result<base::RandomUidSource> uid_source(const Common& c) {
  if (c.uid_root.empty()) return base::RandomUidSource{};
  return base::RandomUidSource::with_root(c.uid_root);
}

bool parse_compression(const std::string& text, media::author::Compression& out) {
  auto c = media::author::parse_compression(text);
  if (!c) {
    fmt::print(stderr, "discus: {}\n", c.error().message);
    return false;
  }
  out = *c;
  return true;
}

void print_findings(const std::vector<base::Finding>& findings) {
  for (const base::Finding& f : findings) {
    if (f.severity == base::Severity::kInfo) continue;
    fmt::print(stderr, "{}: {}{}{}: {} [{}]\n", f.file.empty() ? "(file-set)" : f.file, to_string(f.severity),
               f.repaired ? " (repaired)" : "", f.tag_path.empty() ? "" : " " + f.tag_path, f.message, f.rule);
  }
}

// The report names source paths of the host: it goes beside the medium, never on it.
// Returns the prefix used.
std::string write_report(const media::author::AuthorResult& result, std::string report, std::string dir, const std::string& suffix) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (report.empty()) report = dir + suffix;
  std::ofstream(report + ".txt") << media::author::report_text(result);
  std::ofstream(report + ".json") << media::author::report_json(result).dump(2) << "\n";
  return report;
}

}  // namespace

int run_author(const std::vector<std::string>& args) {
  Common c;
  std::vector<std::pair<std::string, std::string>> opts;
  media::author::AuthorOptions options;
  if (!parse_common(args, c, opts, options.inputs, {"--out", "--institution", "--report", "--compress"})) return kExitUsage;
  std::string report;
  for (const auto& [k, v] : opts) {
    if (k == "--out") options.out_dir = v;
    else if (k == "--institution") options.institution = v;
    else if (k == "--report") report = v;
    else if (k == "--compress" && !parse_compression(v, options.compression)) return kExitUsage;
  }
  if (c.profile_id.empty() || options.out_dir.empty() || options.inputs.empty()) {
    fmt::print(stderr, "usage: discus author --profile ID --out DIR [--fileset-id ID] [--institution TEXT] "
                       "[--compress none|lossless|lossy] [--report PREFIX] [--profiles DIR] [--uid-root UID] INPUT...\n");
    return kExitUsage;
  }
  options.fileset_id = c.fileset_id;
  auto registry = load_profiles(c);
  if (!registry) {
    fmt::print(stderr, "discus author: {}\n", registry.error().describe());
    return kExitFailed;
  }
  const media::profile::ApplicationProfile* profile = registry->find(c.profile_id);
  if (profile == nullptr) {
    fmt::print(stderr, "discus author: unknown media profile '{}'\n", c.profile_id);
    return kExitUsage;
  }
  auto uids = uid_source(c);
  if (!uids) {
    fmt::print(stderr, "discus author: {}\n", uids.error().describe());
    return kExitUsage;
  }
  const codec::CodecRegistry codecs = codec::all_codecs();
  options.codecs = &codecs;
  auto result = media::author::author(options, *profile, *uids);
  if (!result) {
    fmt::print(stderr, "discus author: {}\n", result.error().describe());
    return kExitFailed;
  }
  report = write_report(*result, report, options.out_dir, ".report");
  print_findings(result->findings);
  fmt::print("{}: {} instance(s) of {} patient(s) on {} ({} bytes); report {}.txt\n", options.out_dir, result->instances,
             result->patients, profile->id, result->total_bytes, report);
  return result->complete() ? kExitOk : kExitFailed;
}

int run_update(const std::vector<std::string>& args) {
  Common c;
  std::vector<std::pair<std::string, std::string>> opts;
  std::vector<std::string> rest;
  if (!parse_common(args, c, opts, rest, {"--institution", "--report", "--compress"})) return kExitUsage;
  media::author::UpdateOptions options;
  std::string report;
  for (const auto& [k, v] : opts) {
    if (k == "--institution") options.institution = v;
    else if (k == "--report") report = v;
    else if (k == "--compress" && !parse_compression(v, options.compression)) return kExitUsage;
  }
  if (c.profile_id.empty() || rest.size() < 2 || !c.fileset_id.empty()) {
    fmt::print(stderr, "usage: discus update --profile ID [--institution TEXT] [--compress none|lossless|lossy] [--report PREFIX] [--profiles DIR] "
                       "[--uid-root UID] DIR INPUT...\n(the file-set keeps its File-set ID and UID)\n");
    return kExitUsage;
  }
  options.root = rest.front();
  options.inputs.assign(rest.begin() + 1, rest.end());
  auto registry = load_profiles(c);
  if (!registry) {
    fmt::print(stderr, "discus update: {}\n", registry.error().describe());
    return kExitFailed;
  }
  const media::profile::ApplicationProfile* profile = registry->find(c.profile_id);
  if (profile == nullptr) {
    fmt::print(stderr, "discus update: unknown media profile '{}'\n", c.profile_id);
    return kExitUsage;
  }
  auto uids = uid_source(c);
  if (!uids) {
    fmt::print(stderr, "discus update: {}\n", uids.error().describe());
    return kExitUsage;
  }
  const codec::CodecRegistry codecs = codec::all_codecs();
  options.codecs = &codecs;
  auto result = media::author::update(options, *profile, *uids);
  if (!result) {
    fmt::print(stderr, "discus update: {}\n", result.error().describe());
    return kExitFailed;
  }
  report = write_report(*result, report, options.root, ".update-report");
  print_findings(result->findings);
  std::size_t added = 0;
  for (const auto& f : result->files)
    added += f.outcome == media::author::Outcome::kCopied || f.outcome == media::author::Outcome::kRewritten;
  fmt::print("{}: {} instance(s) added, {} on the medium in all ({} patient(s), {}); report {}.txt\n", options.root, added,
             result->instances, result->patients, profile->id, report);
  // Errors about what was already there (missing or changed files) fail the run too.
  const bool medium_errors = std::any_of(result->findings.begin(), result->findings.end(), [](const base::Finding& f) {
    return f.severity == base::Severity::kError && f.rule.starts_with("update.");
  });
  return result->complete() && !medium_errors ? kExitOk : kExitFailed;
}

int run_mkdir(const std::vector<std::string>& args) {
  Common c;
  std::vector<std::pair<std::string, std::string>> opts;
  std::vector<std::string> rest;
  if (!parse_common(args, c, opts, rest, {})) return kExitUsage;
  media::author::MkdirOptions options;
  for (const std::string& a : rest) {
    if (a == "--replace") options.replace = true;
    else if (options.root.empty()) options.root = a;
    else {
      fmt::print(stderr, "usage: discus mkdir [--profile ID] [--fileset-id ID] [--replace] DIR\n");
      return kExitUsage;
    }
  }
  if (options.root.empty()) {
    fmt::print(stderr, "usage: discus mkdir [--profile ID] [--fileset-id ID] [--replace] DIR\n");
    return kExitUsage;
  }
  options.fileset_id = c.fileset_id;
  std::optional<media::profile::ProfileRegistry> registry;
  const media::profile::ApplicationProfile* profile = nullptr;
  if (!c.profile_id.empty()) {
    auto loaded = load_profiles(c);
    if (!loaded) {
      fmt::print(stderr, "discus mkdir: {}\n", loaded.error().describe());
      return kExitFailed;
    }
    registry = std::move(*loaded);
    profile = registry->find(c.profile_id);
    if (profile == nullptr) {
      fmt::print(stderr, "discus mkdir: unknown media profile '{}'\n", c.profile_id);
      return kExitUsage;
    }
  }
  auto uids = uid_source(c);
  if (!uids) {
    fmt::print(stderr, "discus mkdir: {}\n", uids.error().describe());
    return kExitUsage;
  }
  auto result = media::author::make_dicomdir(options, profile, *uids);
  if (!result) {
    fmt::print(stderr, "discus mkdir: {}\n", result.error().describe());
    return kExitFailed;
  }
  print_findings(result->findings);
  fmt::print("{}/DICOMDIR: {} file(s) listed, {} left out\n", options.root, result->referenced, result->skipped);
  const bool errors = std::any_of(result->findings.begin(), result->findings.end(),
                                  [](const base::Finding& f) { return f.severity == base::Severity::kError && !f.repaired; });
  return errors ? kExitFailed : kExitOk;
}

}  // namespace discus::cli
