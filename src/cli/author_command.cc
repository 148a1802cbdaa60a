// `discus author` (a file-set for a medium) and `discus mkdir` (a DICOMDIR for files in place).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "base/uid.h"
#include "cli/command.h"
#include "media/author/author.h"
#include "media/author/mkdir.h"
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

void print_findings(const std::vector<base::Finding>& findings) {
  for (const base::Finding& f : findings) {
    if (f.severity == base::Severity::kInfo) continue;
    fmt::print(stderr, "{}: {}{}{}: {} [{}]\n", f.file.empty() ? "(file-set)" : f.file, to_string(f.severity),
               f.repaired ? " (repaired)" : "", f.tag_path.empty() ? "" : " " + f.tag_path, f.message, f.rule);
  }
}

}  // namespace

int run_author(const std::vector<std::string>& args) {
  Common c;
  std::vector<std::pair<std::string, std::string>> opts;
  media::author::AuthorOptions options;
  if (!parse_common(args, c, opts, options.inputs, {"--out", "--institution", "--report"})) return kExitUsage;
  std::string report;
  for (const auto& [k, v] : opts) {
    if (k == "--out") options.out_dir = v;
    else if (k == "--institution") options.institution = v;
    else if (k == "--report") report = v;
  }
  if (c.profile_id.empty() || options.out_dir.empty() || options.inputs.empty()) {
    fmt::print(stderr, "usage: discus author --profile ID --out DIR [--fileset-id ID] [--institution TEXT] "
                       "[--report PREFIX] [--profiles DIR] [--uid-root UID] INPUT...\n");
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
  auto result = media::author::author(options, *profile, *uids);
  if (!result) {
    fmt::print(stderr, "discus author: {}\n", result.error().describe());
    return kExitFailed;
  }
  // The report names source paths of the host: it goes beside the medium, never on it.
  std::string out = options.out_dir;
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (report.empty()) report = out + ".report";
  std::ofstream(report + ".txt") << media::author::report_text(*result);
  std::ofstream(report + ".json") << media::author::report_json(*result).dump(2) << "\n";
  print_findings(result->findings);
  fmt::print("{}: {} instance(s) of {} patient(s) on {} ({} bytes); report {}.txt\n", options.out_dir, result->instances,
             result->patients, profile->id, result->total_bytes, report);
  return result->complete() ? kExitOk : kExitFailed;
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
