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
#include <map>
#include <set>
#include <memory>

#include "app/author.h"
#include "app/mkdir.h"
#include "app/update.h"
#include "base/text.h"
#include "base/uid.h"
#include "codec/codec.h"
#include "cli/fileset_summary.h"
#include "cli/media_commands.h"
#include "cli/profile_names.h"
#include "cli/progress_bar.h"
#include "cli/read_back.h"
#include "media/author/author.h"
#include "media/author/mkdir.h"
#include "media/author/update.h"
#include "media/secure/fileset.h"
#include "media/secure/secure.h"
#include "media/profile/profile.h"

namespace discus::cli {

namespace {

// The options author, update and mkdir share.
struct Common {
  std::string profile_id;
  std::string profiles_dir;
  std::string fileset_id;
  std::string uid_root;
};

void add_common(CLI::App& c, Common& o, bool fileset_id) {
  c.add_option("--profile", o.profile_id, "the PS3.11 media profile id, e.g. STD-GEN-CD (see discus profiles; default: [media] default_profile)")
      ->type_name("ID");
  c.add_option("--profiles", o.profiles_dir, "read the profiles from DIR instead of the installed ones")->type_name("DIR");
  if (fileset_id) c.add_option("--fileset-id", o.fileset_id, "the File-set ID (0004,1130), up to 16 characters of A-Z 0-9 _")->type_name("ID");
  c.add_option("--uid-root", o.uid_root, "organisation UID root for new UIDs (default: [site] uid_root, else a random 2.25 UID)")
      ->type_name("UID");
}

// Flags over the configuration over the built-in defaults.
Common resolved(Common c, const Context& ctx) {
  if (c.profile_id.empty()) c.profile_id = ctx.settings.default_profile;
  if (c.uid_root.empty()) c.uid_root = ctx.settings.uid_root;
  return c;
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
  std::string medium;  // --medium: a size of the profile's disc (bd-dl, bd-re, dvd-dl, cd80); empty: its default
  bool sync_image = true;  // --no-sync: the ISO image file only; a disc or a stick is always flushed
  bool any() const { return !iso.empty() || !burn.empty() || !usb.empty(); }
};

// The recipients of a secure profile's envelopes (PS3.15 D.1), from author's options.
struct SecureArgs {
  std::vector<std::string> recipients;
  std::string password_file, sign_with;
  bool oaep = false;
  bool any() const { return !recipients.empty() || !password_file.empty() || !sign_with.empty() || oaep; }
};

int secure_options(const SecureArgs& a, media::secure::SecureOptions& o) {
  o.oaep = a.oaep;
  return fill_key_options("author", a.recipients, a.password_file, a.sign_with, o);
}

// With --verbose every finding is named. Otherwise a pile of a few hundred files must not print a
// few hundred lines: errors are grouped by rule, one line per rule with the count, the number of
// files and the first one as an example; warnings and repairs are counted in one line. The
// report lists every finding. Text from the files passes base::for_terminal (issue 12).
void print_findings(const std::vector<base::Finding>& findings, const Context& ctx) {
  auto line = [](const base::Finding& f) {
    return base::for_terminal(fmt::format("{}: {}{}{}: {} [{}]", f.file.empty() ? "(file-set)" : f.file,
                                          to_string(f.severity), f.repaired ? " (repaired)" : "",
                                          f.tag_path.empty() ? "" : " " + f.tag_path, f.message, f.rule));
  };
  if (ctx.verbose) {
    for (const base::Finding& f : findings) fmt::print(stderr, "{}\n", line(f));
    return;
  }
  struct Group {
    const base::Finding* first = nullptr;
    std::size_t count = 0;
    std::set<std::string> files;
  };
  std::vector<std::string> order;  // rules in the order first met
  std::map<std::string, Group> errors;
  std::size_t folded = 0;
  for (const base::Finding& f : findings) {
    if (f.severity == base::Severity::kInfo) continue;
    if (f.severity != base::Severity::kError) {
      ++folded;
      continue;
    }
    Group& g = errors[f.rule];
    if (g.first == nullptr) g.first = &f, order.push_back(f.rule);
    ++g.count;
    g.files.insert(f.file);
  }
  for (const std::string& rule : order) {
    const Group& g = errors[rule];
    if (g.count == 1) {
      fmt::print(stderr, "{}\n", line(*g.first));
      continue;
    }
    fmt::print(stderr, "{} errors [{}] in {} file(s), e.g. {}\n", g.count, rule, g.files.size(), line(*g.first));
  }
  if (folded && !ctx.quiet) fmt::print(stderr, "{} warning(s) and repair(s) not shown: see the report, or use --verbose\n", folded);
}

// The report names source paths of the host: it goes beside the medium, never on it.
// Returns the prefix used.
std::string write_report(const media::author::AuthorResult& result, std::string report, std::string dir, const std::string& suffix) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (report.empty()) report = dir + suffix;
  std::ofstream(report + ".txt") << media::author::report_text(result);
  std::ofstream(report + ".json") << json_text(media::author::report_json(result)) << "\n";
  return report;
}

struct AuthorCommandOptions {
  Common common;
  std::string out, institution, report, compress = "none";
  Sinks sinks;
  bool no_sync = false, json = false, allow_excluded = false, replace_invalid_uids = false, no_viewer = false, web_content = false;
  SecureArgs secure;
  std::vector<std::string> inputs;
};

// The DICOM inputs that are not on the file-set (excluded or unreadable).
std::size_t left_out(const media::author::AuthorResult& r) {
  return static_cast<std::size_t>(std::count_if(r.files.begin(), r.files.end(), [](const media::author::FileRecord& f) {
    return f.outcome == media::author::Outcome::kExcluded || f.outcome == media::author::Outcome::kUnreadable ||
           f.outcome == media::author::Outcome::kConflict;
  }));
}

int run_author(const AuthorCommandOptions& a, Context& ctx) {
  const Common c = resolved(a.common, ctx);
  app::AuthorOptions ao;
  ao.profile_id = c.profile_id;
  media::author::AuthorOptions& options = ao.fileset;
  options.inputs = a.inputs;
  options.out_dir = a.out;
  options.institution = !a.institution.empty() ? a.institution : ctx.settings.institution;
  // IHE PDI: README.TXT names who made the medium. A patient's disc that says "(institution not
  // configured)" is the operator's to fix, so say how (once, before the work).
  if (options.institution.empty() && !ctx.quiet)
    fmt::print(stderr, "discus author: README.TXT will name no institution; set [site] institution in {} or give "
                       "--institution TEXT\n", ctx.config_path.empty() ? "/etc/discus/discus.toml" : ctx.config_path);
  options.fileset_id = c.fileset_id;
  if (auto comp = media::author::parse_compression(a.compress); !comp) return usage_error("author", comp.error().message);
  else options.compression = *comp;
  ao.media.iso = a.sinks.iso;
  ao.media.burn = a.sinks.burn;
  ao.media.medium = a.sinks.medium;
  ao.media.usb = a.sinks.usb;
  ao.media.sync_image = !a.no_sync;
  ao.allow_excluded = a.allow_excluded;
  ao.viewer = !a.no_viewer;
  ao.web_content = a.web_content;
  options.replace_invalid_uids = a.replace_invalid_uids;
  options.uid_root = c.uid_root;  // the replacements of invalid UIDs are derived below it
  if (c.profile_id.empty()) return usage_error("author", "needs --profile ID (or [media] default_profile in the configuration)");
  auto registry = load_profiles(c);
  if (!registry) {
    fmt::print(stderr, "discus author: {}\n", registry.error().describe());
    return kExitFailed;
  }
  const media::profile::ApplicationProfile* profile = registry->find(c.profile_id);
  if (profile == nullptr) return unknown_profile("author", c.profile_id, *registry);
  auto uids = uid_source(c);
  if (!uids) return usage_error("author", uids.error().describe());
  // A secure profile (PS3.11 "-SEC-"): the recipients, given here, are checked by app::author
  // before anything is authored; the plain file-set lives only in RAM-backed private staging.
  if (a.secure.any() && !profile->secure)
    return usage_error("author", fmt::format("--recipient, --password-file, --sign-with and --oaep need a secure profile (STD-GEN-SEC-*), not {}", profile->id));
  if (profile->secure) {
    media::secure::SecureOptions so;
    if (int rc = secure_options(a.secure, so); rc != kExitOk) return rc;
    if (so.recipient_certs.empty() && so.password.empty())
      return usage_error("author", fmt::format("{} makes Secure DICOM Files: give --recipient CERT.pem and/or --password-file F", profile->id));
    ao.secure = std::move(so);
  }
  const codec::CodecRegistry codecs = codec::all_codecs();
  const app::Context actx{&*registry, &codecs, &*uids, options.threads};
  // What no work is done for (a medium the profile is not for): a usage error.
  if (auto st = app::check_author(ao, actx); !st) return usage_error("author", st.error().message);
  app::CancelToken cancel;
  InterruptCancels interrupt(cancel);
  ProgressBar bar(ctx);
  auto authored = app::author(ao, actx, bar, cancel);
  bar.finish();
  if (!authored) {
    fmt::print(stderr, "discus author: {}\n", authored.error().describe());
    return kExitFailed;
  }
  media::author::AuthorResult& result = authored->fileset;
  if (!ctx.quiet && !a.json) {
    const app::ViewerReport& v = authored->viewer;
    if (v.added)
      fmt::print("{}: viewer VIEWER/INDEX.HTM ({} KiB; its data {} KiB{})\n", a.out, v.viewer_bytes / 1024, v.data_bytes / 1024,
                 v.thumbnails ? ", thumbnails included" : "");
    else if (!v.not_added.empty())
      fmt::print(stderr, "discus author: no viewer on the medium: {}\n", v.not_added);
    if (a.web_content)
      fmt::print("{}: web content INDEX.HTM + IHE_PDI/ ({} pages, {} JPEG renderings, {} KiB)\n", a.out, v.web_pages, v.web_renderings,
                 v.web_bytes / 1024);
  }
  if (authored->secured && !ctx.quiet && !a.json)
    fmt::print("{}: {} Secure DICOM Files (PS3.10 7.4), {} other files plain\n", a.out, authored->secured->enveloped,
               authored->secured->plain);
  result.out_dir = a.out;
  const std::string report = write_report(result, a.report, a.out, ".report");
  print_findings(result.findings, ctx);
  if (a.json) fmt::print("{}\n", json_text(media::author::report_json(result)));
  else if (!ctx.quiet || !result.complete())
    fmt::print(result.complete() ? stdout : stderr, "{}: {} instance(s) of {} patient(s) on {} ({}); {}\n", a.out,
               result.instances, result.patients, profile->id, human_bytes(result.total_bytes),
               summary_line(result, *profile, report + ".txt"));
  if (!result.complete() && !a.allow_excluded) {
    // A medium that silently lacks some of the patient's images is worse than none.
    if (authored->media_skipped)
      fmt::print(stderr,
                 "discus author: not writing the medium: {} DICOM input(s) are not on the file-set (see {}.txt); to write "
                 "the medium with the rest, rerun with --allow-excluded\n",
                 left_out(result), report);
    return kExitFailed;
  }
  // Each medium written, as its own command prints it (the read-back report as text).
  if (authored->iso)
    if (int rc = print_iso(*authored->iso, ao.media.iso, ctx, false); rc != kExitOk) return rc;
  if (authored->burn)
    if (int rc = print_burn(*authored->burn, ao.media.burn, ctx, false); rc != kExitOk) return rc;
  if (authored->usb)
    if (int rc = print_usb(*authored->usb, ao.media.usb, ctx, false); rc != kExitOk) return rc;
  return kExitOk;
}

struct UpdateCommandOptions {
  Common common;
  std::string institution, report, compress = "none";
  bool json = false;
  std::string dir;
  std::vector<std::string> inputs;
};

int run_update(const UpdateCommandOptions& u, Context& ctx) {
  const Common c = resolved(u.common, ctx);
  app::UpdateOptions uo;
  uo.profile_id = c.profile_id;
  media::author::UpdateOptions& options = uo.update;
  options.institution = !u.institution.empty() ? u.institution : ctx.settings.institution;
  if (auto comp = media::author::parse_compression(u.compress); !comp) return usage_error("update", comp.error().message);
  else options.compression = *comp;
  if (c.profile_id.empty()) return usage_error("update", "needs --profile ID (or [media] default_profile in the configuration)");
  options.root = u.dir;
  options.inputs = u.inputs;
  auto registry = load_profiles(c);
  if (!registry) {
    fmt::print(stderr, "discus update: {}\n", registry.error().describe());
    return kExitFailed;
  }
  const media::profile::ApplicationProfile* profile = registry->find(c.profile_id);
  if (profile == nullptr) return unknown_profile("update", c.profile_id, *registry);
  auto uids = uid_source(c);
  if (!uids) return usage_error("update", uids.error().describe());
  const codec::CodecRegistry codecs = codec::all_codecs();
  const app::Context actx{&*registry, &codecs, &*uids, options.threads};
  app::CancelToken cancel;
  InterruptCancels interrupt(cancel);
  ProgressBar bar(ctx);
  auto updated = app::update(uo, actx, bar, cancel);
  bar.finish();
  if (!updated) {
    fmt::print(stderr, "discus update: {}\n", updated.error().describe());
    return kExitFailed;
  }
  const media::author::AuthorResult& result = updated->fileset;
  const std::string report = write_report(result, u.report, options.root, ".update-report");
  print_findings(result.findings, ctx);
  if (u.json) fmt::print("{}\n", json_text(media::author::report_json(result)));
  else if (!ctx.quiet || !result.complete())
    fmt::print(result.complete() ? stdout : stderr, "{}: {} instance(s) added, {} on the medium in all ({} patient(s), {}); {}\n",
               options.root, updated->added, result.instances, result.patients, profile->id,
               summary_line(result, *profile, report + ".txt"));
  // Errors about what was already there (missing or changed files) fail the run too.
  return updated->ok() ? kExitOk : kExitFailed;
}

struct MkdirCommandOptions {
  Common common;
  bool replace = false, json = false;
  std::string dir;
};

int run_mkdir(const MkdirCommandOptions& m, Context& ctx) {
  Common c = m.common;
  if (c.uid_root.empty()) c.uid_root = ctx.settings.uid_root;  // no default profile: mkdir checks one only when asked
  app::MkdirOptions mo;
  mo.profile_id = c.profile_id;
  media::author::MkdirOptions& options = mo.mkdir;
  options.root = m.dir;
  options.replace = m.replace;
  options.fileset_id = c.fileset_id;
  std::optional<media::profile::ProfileRegistry> registry;
  if (!c.profile_id.empty()) {
    auto loaded = load_profiles(c);
    if (!loaded) {
      fmt::print(stderr, "discus mkdir: {}\n", loaded.error().describe());
      return kExitFailed;
    }
    registry = std::move(*loaded);
    if (registry->find(c.profile_id) == nullptr) return unknown_profile("mkdir", c.profile_id, *registry);
  }
  auto uids = uid_source(c);
  if (!uids) return usage_error("mkdir", uids.error().describe());
  const app::Context actx{registry ? &*registry : nullptr, nullptr, &*uids, options.threads};
  app::CancelToken cancel;
  InterruptCancels interrupt(cancel);
  auto made = app::mkdir(mo, actx, app::no_progress(), cancel);
  if (!made) {
    fmt::print(stderr, "discus mkdir: {}\n", made.error().describe());
    return kExitFailed;
  }
  const media::author::MkdirResult& result = made->dicomdir;
  print_findings(result.findings, ctx);
  if (m.json)
    fmt::print("{}\n", json_text(nlohmann::ordered_json{{"dicomdir", options.root + "/DICOMDIR"}, {"listed", result.referenced},
                                              {"left_out", result.skipped}}));
  else if (!ctx.quiet)
    fmt::print("{}/DICOMDIR: {} file(s) listed, {} left out\n", options.root, result.referenced, result.skipped);
  return made->ok() ? kExitOk : kExitFailed;
}

}  // namespace

void add_author(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<AuthorCommandOptions>();
  CLI::App* c = root.add_subcommand(
      "author", "build a file-set for a medium (DICOMDIR, README.TXT, SHA256.TXT), then optionally write and verify it");
  add_common(*c, o->common, true);
  c->add_option("--out", o->out, "the file-set folder to create (must not exist or be empty)")->type_name("DIR")->required();
  c->add_option("--institution", o->institution, "named in README.TXT as the creator of the medium (default: [site] institution)")
      ->type_name("TEXT");
  c->add_option("--compress", o->compress, "compress pixel data: none (default), lossless, or lossy (a new derived image)")
      ->type_name("HOW")
      ->check(CLI::IsMember({"none", "lossless", "lossy"}));
  c->add_option("--iso", o->sinks.iso, "then write a disc image of the file-set and verify it (disc profiles: ISO 9660 for CD/DVD, UDF for BD/DVD-RAM)")->type_name("OUT.iso");
  c->add_flag("--no-sync", o->no_sync, "with --iso: do not fsync the image file");
  c->add_option("--medium", o->sinks.medium,
                "with --iso/--burn: the size of the profile's disc, as `discus iso --medium` takes it (cd80, dvd-dl; "
                "bd, bd-dl: BD-R UDF 2.60; bd-re: UDF 2.50; dvd-ram: UDF 1.50); default: the profile's first size")
      ->type_name("M");
  c->add_option("--burn", o->sinks.burn, "then burn the file-set to the disc in DRIVE and verify it (disc profiles)")->type_name("DRIVE");
  c->add_option("--usb", o->sinks.usb, "then write it to a USB stick, FAT image or device and verify it (USB profiles)")
      ->type_name("TARGET");
  c->add_flag("--no-viewer", o->no_viewer, "do not put the disc viewer (VIEWER/INDEX.HTM) on the medium");
  c->add_flag("--web-content", o->web_content, "IHE PDI Web Content: INDEX.HTM and IHE_PDI/ with static pages and JPEG renderings");
  c->add_flag("--allow-excluded", o->allow_excluded,
              "write the medium even when some DICOM inputs are left out (README.TXT counts them, the report names them)");
  c->add_flag("--replace-invalid-uids", o->replace_invalid_uids,
              "replace UIDs that are not valid UIDs (hex, > 64 characters, leading zeros) by ones derived from them "
              "under --uid-root, in every file that names them, keeping the old values in the Original Attributes "
              "Sequence (default: such instances are excluded)");
  c->add_option("--report", o->report, "write the report to PREFIX.txt and PREFIX.json (default: DIR.report, beside the medium)")
      ->type_name("PREFIX");
  c->add_option("--recipient", o->secure.recipients, "secure profiles: a certificate (PEM) whose key may open the files; repeat")
      ->type_name("CERT.pem")
      ->allow_extra_args(false);
  c->add_option("--password-file", o->secure.password_file, "secure profiles: also (or instead) open with the password in F")
      ->type_name("F");
  c->add_option("--sign-with", o->secure.sign_with, "secure profiles: sign the content")->type_name("KEY.pem,CERT.pem");
  c->add_flag("--oaep", o->secure.oaep, "secure profiles: wrap the content key with RSAES-OAEP");
  c->add_flag("--json", o->json, "print the report (every file, every finding) as JSON on stdout");
  c->add_option("INPUT", o->inputs, "DICOM files and folders (searched recursively); sources are never modified")->required();
  on_run(*c, ctx, [o](Context& context) { return run_author(*o, context); });
}

void add_update(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<UpdateCommandOptions>();
  CLI::App* c = root.add_subcommand(
      "update", "add instances to the file-set in DIR (FSU): new files, rebuilt DICOMDIR, existing files untouched");
  add_common(*c, o->common, false);
  c->add_option("--institution", o->institution, "named in README.TXT (default: [site] institution)")->type_name("TEXT");
  c->add_option("--compress", o->compress, "compress new pixel data: none (default), lossless, or lossy")
      ->type_name("HOW")
      ->check(CLI::IsMember({"none", "lossless", "lossy"}));
  c->add_option("--report", o->report, "write the report to PREFIX.txt and PREFIX.json (default: DIR.update-report)")
      ->type_name("PREFIX");
  c->add_flag("--json", o->json, "print the report as JSON on stdout");
  c->add_option("DIR", o->dir, "the file-set to update (it keeps its File-set ID and UID)")->required();
  c->add_option("INPUT", o->inputs, "DICOM files and folders to add")->required();
  on_run(*c, ctx, [o](Context& context) { return run_update(*o, context); });
}

void add_mkdir(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<MkdirCommandOptions>();
  CLI::App* c = root.add_subcommand("mkdir", "write a DICOMDIR for the DICOM files already in DIR");
  add_common(*c, o->common, true);
  c->add_flag("--replace", o->replace, "replace an existing DICOMDIR");
  c->add_flag("--json", o->json, "print the counts (listed, left_out) as JSON on stdout");
  c->add_option("DIR", o->dir, "the file-set root")->required();
  on_run(*c, ctx, [o](Context& context) { return run_mkdir(*o, context); });
}

}  // namespace discus::cli
