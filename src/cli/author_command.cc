// `discus author` (a file-set for a medium), `discus update` (add to an existing file-set, the FSU
// role) and `discus mkdir` (a DICOMDIR for files in place).
#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "base/uid.h"
#include "codec/codec.h"
#include "cli/command.h"
#include "media/author/author.h"
#include "media/author/mkdir.h"
#include "media/author/update.h"
#include "media/secure/fileset.h"
#include "media/secure/secure.h"
#include "media/profile/profile.h"

namespace discus::cli {

// The output commands (src/output), composed here for `author --iso|--burn|--usb`.
int run_iso(const std::vector<std::string>& args);
int run_burn(const std::vector<std::string>& args);
int run_usb(const std::vector<std::string>& args);

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

// The sinks `author` can hand the finished file-set to: the same commands a user runs by hand.
struct Sinks {
  std::string iso, burn, usb;
  bool sync_image = true;  // --no-sync: the ISO image file only; a disc or a stick is always flushed
  bool any() const { return !iso.empty() || !burn.empty() || !usb.empty(); }
};

// The ISO/burn medium name of a disc profile (PS3.12 Annex F: CD-R, P: DVD); BD and DVD-RAM
// need UDF, which `discus iso` and `discus burn` refuse with the reason.
std::optional<std::string> disc_medium(const media::profile::ApplicationProfile& p) {
  if (p.medium_id == "CD-R") return "cd";
  if (p.medium_id == "DVD") return "dvd";
  if (p.medium_id == "BD") return "bd";
  if (p.medium_id == "DVD-RAM") return "dvd-ram";
  return std::nullopt;
}

bool flash_medium(const media::profile::ApplicationProfile& p) {
  return p.medium_id == "USB" || p.medium_id == "CF" || p.medium_id == "SD" || p.medium_id == "MMC";
}

// Writes the file-set in `dir` to each sink asked for, each read back and verified by its command.
int write_media(const Sinks& s, const media::profile::ApplicationProfile& p, const std::string& dir, std::uint64_t bytes) {
  const auto disc = disc_medium(p);
  if ((!s.iso.empty() || !s.burn.empty()) && !disc) {
    fmt::print(stderr, "discus author: {} is a profile for {} media, not for a disc; no image or burn (PS3.11 {})\n", p.id,
               p.medium_id, p.reference);
    return kExitUsage;
  }
  if (!s.usb.empty() && !flash_medium(p)) {
    fmt::print(stderr, "discus author: {} is a profile for {}; a USB stick needs a STD-GEN-USB-* profile (PS3.11, PS3.12 "
                       "Annex R)\n", p.id, p.medium_id);
    return kExitUsage;
  }
  if (!s.iso.empty())
    if (int rc = s.sync_image ? run_iso({"--medium", *disc, dir, s.iso}) : run_iso({"--medium", *disc, "--no-sync", dir, s.iso});
        rc != kExitOk)
      return rc;
  if (!s.burn.empty())
    if (int rc = run_burn({"--drive", s.burn, "--medium", *disc, dir}); rc != kExitOk) return rc;
  if (!s.usb.empty()) {
    std::vector<std::string> usb{dir, s.usb};
    // A new image file is made just large enough: the file-set, a tenth more for FAT cluster
    // slack and directories, at least 64 MiB (an existing image or device keeps its size).
    std::error_code ec;
    if (!std::filesystem::exists(s.usb, ec)) {
      const std::uint64_t mib = std::max<std::uint64_t>(64, (bytes + bytes / 10) / (1u << 20) + 16);
      usb.insert(usb.begin(), {"--image-size", fmt::format("{}M", mib)});
    }
    if (int rc = run_usb(usb); rc != kExitOk) return rc;
  }
  return kExitOk;
}

// A private folder on RAM-backed /dev/shm, removed with everything in it when this goes out of
// scope: where a secure profile's plain file-set exists between authoring and enveloping, so no
// plaintext patient data reaches a disk.
class PrivateStaging {
 public:
  static base::Result<PrivateStaging> create() {
    std::string pattern = "/dev/shm/discus-secure-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr)  // mode 0700
      return base::Error{base::ErrorCode::kIo, fmt::format("cannot make a private folder in /dev/shm: {}", std::strerror(errno))};
    return PrivateStaging(pattern);
  }
  PrivateStaging(PrivateStaging&& o) noexcept : dir_(std::move(o.dir_)) { o.dir_.clear(); }
  PrivateStaging(const PrivateStaging&) = delete;
  ~PrivateStaging() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  const std::string& dir() const { return dir_; }

 private:
  explicit PrivateStaging(std::string d) : dir_(std::move(d)) {}
  std::string dir_;
};

// The recipients of a secure profile's envelopes (PS3.15 D.1), from author's options.
bool secure_options(const std::vector<std::pair<std::string, std::string>>& opts, bool oaep, media::secure::SecureOptions& o) {
  o.oaep = oaep;
  for (const auto& [k, v] : opts) {
    if (k == "--recipient") {
      o.recipient_certs.push_back(v);
    } else if (k == "--password-file") {
      auto pw = media::secure::read_password_file(v);
      if (!pw) {
        fmt::print(stderr, "discus author: {}\n", pw.error().describe());
        return false;
      }
      o.password = *pw;
    } else if (k == "--sign-with") {
      const auto comma = v.find(',');
      if (comma == std::string::npos) {
        fmt::print(stderr, "discus author: --sign-with takes KEY.pem,CERT.pem\n");
        return false;
      }
      o.sign_key = v.substr(0, comma);
      o.sign_cert = v.substr(comma + 1);
    }
  }
  return true;
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
  std::vector<std::string> rest;
  bool oaep = false, sync_image = true;
  for (const std::string& a : args) {
    if (a == "--oaep") oaep = true;
    else if (a == "--no-sync") sync_image = false;
    else rest.push_back(a);
  }
  if (!parse_common(rest, c, opts, options.inputs,
                    {"--out", "--institution", "--report", "--compress", "--iso", "--burn", "--usb", "--recipient",
                     "--password-file", "--sign-with"}))
    return kExitUsage;
  std::string report;
  Sinks sinks;
  sinks.sync_image = sync_image;
  for (const auto& [k, v] : opts) {
    if (k == "--out") options.out_dir = v;
    else if (k == "--iso") sinks.iso = v;
    else if (k == "--burn") sinks.burn = v;
    else if (k == "--usb") sinks.usb = v;
    else if (k == "--institution") options.institution = v;
    else if (k == "--report") report = v;
    else if (k == "--compress" && !parse_compression(v, options.compression)) return kExitUsage;
  }
  if (c.profile_id.empty() || options.out_dir.empty() || options.inputs.empty()) {
    fmt::print(stderr, "usage: discus author --profile ID --out DIR [--fileset-id ID] [--institution TEXT] "
                       "[--compress none|lossless|lossy] [--iso OUT.iso [--no-sync]] [--burn DRIVE] [--usb TARGET] [--report PREFIX] "
                       "[--profiles DIR] [--uid-root UID]\n       [--recipient CERT.pem]... [--password-file F] "
                       "[--sign-with KEY.pem,CERT.pem] [--oaep]   (secure profiles) INPUT...\n");
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
  // A secure profile (PS3.11 "-SEC-"): the recipients are checked before anything is authored;
  // the plain file-set is made in RAM-backed private staging and enveloped into --out.
  const std::string out_dir = options.out_dir;
  std::optional<media::secure::Encryptor> encryptor;
  std::optional<PrivateStaging> staging;
  const bool secure_asked = std::any_of(opts.begin(), opts.end(), [](const auto& o) {
    return o.first == "--recipient" || o.first == "--password-file" || o.first == "--sign-with";
  });
  if (profile->secure) {
    media::secure::SecureOptions so;
    if (!secure_options(opts, oaep, so)) return kExitUsage;
    if (so.recipient_certs.empty() && so.password.empty()) {
      fmt::print(stderr, "discus author: {} makes Secure DICOM Files: give --recipient CERT.pem and/or --password-file F\n", profile->id);
      return kExitUsage;
    }
    auto enc = media::secure::Encryptor::create(so);
    if (!enc) {
      fmt::print(stderr, "discus author: {}\n", enc.error().describe());
      return kExitFailed;
    }
    encryptor.emplace(std::move(*enc));
    auto st = PrivateStaging::create();
    if (!st) {
      fmt::print(stderr, "discus author: {}\n", st.error().describe());
      return kExitFailed;
    }
    staging.emplace(std::move(*st));
    options.out_dir = staging->dir() + "/FILESET";
  } else if (secure_asked || oaep) {
    fmt::print(stderr, "discus author: --recipient, --password-file and --sign-with need a secure profile (STD-GEN-SEC-*), not {}\n", profile->id);
    return kExitUsage;
  }
  const codec::CodecRegistry codecs = codec::all_codecs();
  options.codecs = &codecs;
  auto result = media::author::author(options, *profile, *uids);
  if (!result) {
    fmt::print(stderr, "discus author: {}\n", result.error().describe());
    return kExitFailed;
  }
  if (encryptor && result->complete()) {
    auto secured = media::secure::secure_file_set(options.out_dir, out_dir, *encryptor, options.threads);
    if (!secured) {
      fmt::print(stderr, "discus author: enveloping the file-set: {}\n", secured.error().describe());
      return kExitFailed;
    }
    fmt::print("{}: {} Secure DICOM Files (PS3.10 7.4), {} other files plain\n", out_dir, secured->enveloped, secured->plain);
  }
  result->out_dir = out_dir;
  options.out_dir = out_dir;
  report = write_report(*result, report, options.out_dir, ".report");
  print_findings(result->findings);
  fmt::print("{}: {} instance(s) of {} patient(s) on {} ({} bytes); report {}.txt\n", options.out_dir, result->instances,
             result->patients, profile->id, result->total_bytes, report);
  if (!result->complete()) {
    // A medium that silently lacks some of the patient's images is worse than none.
    if (sinks.any())
      fmt::print(stderr, "discus author: not writing the medium: some DICOM inputs are not on the file-set (see {}.txt)\n", report);
    return kExitFailed;
  }
  return sinks.any() ? write_media(sinks, *profile, options.out_dir, result->total_bytes) : kExitOk;
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
