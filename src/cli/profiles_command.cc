// `discus profiles [--json] [--all]`: the PS3.11 Media Storage Application Profiles this build
// knows (profiles/*.json): id, medium, transfer syntaxes, description.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <set>

#include "cli/command.h"
#include "cli/profile_names.h"
#include "cli/suggest.h"
#include "dicom/dict/transfer_syntax.h"
#include "media/profile/profile.h"

namespace discus::cli {

int unknown_profile(std::string_view command, std::string_view id, const media::profile::ProfileRegistry& registry) {
  std::vector<std::string> ids;
  for (const auto& p : registry.all()) ids.push_back(p.id);
  return usage_error(command, fmt::format("unknown media profile '{}'{}", id, did_you_mean(id, ids)));
}

namespace {

struct ProfilesOptions {
  bool json = false, all = false;
  std::string profiles_dir;
};

// Every transfer syntax the profile allows for some SOP Class, in first-seen order.
std::vector<std::string> transfer_syntaxes(const media::profile::ApplicationProfile& p) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& uid) {
    if (seen.insert(uid).second) out.push_back(uid);
  };
  for (const auto& uid : p.default_transfer_syntaxes) add(uid);
  for (const auto& rule : p.sop_classes)
    for (const auto& uid : rule.transfer_syntaxes) add(uid);
  for (const auto& uid : p.multi_frame_transfer_syntaxes) add(uid);
  return out;
}

std::string ts_name(const std::string& uid) {
  const auto* ts = dicom::dict::find_transfer_syntax(uid);
  return ts ? fmt::format("{} [{}]", ts->name, uid) : uid;
}

int run_profiles(const ProfilesOptions& o, Context&) {
  auto registry = media::profile::ProfileRegistry::load(o.profiles_dir.empty() ? media::profile::default_profile_directory() : o.profiles_dir);
  if (!registry) {
    fmt::print(stderr, "discus profiles: {}\n", registry.error().describe());
    return kExitFailed;
  }
  if (o.json) {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const auto& p : registry->all()) {
      if (p.retired && !o.all) continue;
      nlohmann::ordered_json ts = nlohmann::ordered_json::array();
      for (const auto& uid : transfer_syntaxes(p)) {
        const auto* t = dicom::dict::find_transfer_syntax(uid);
        ts.push_back({{"uid", uid}, {"name", t ? std::string(t->name) : std::string()}});
      }
      all.push_back({{"id", p.id},
                     {"medium", p.medium_id},
                     {"medium_title", p.medium},
                     {"capacity_bytes", p.capacity_bytes},
                     {"secure", p.secure},
                     {"retired", p.retired},
                     {"any_transfer_syntax", p.any_transfer_syntax},
                     {"transfer_syntaxes", ts},
                     {"description", p.title},
                     {"reference", p.reference}});
    }
    fmt::print("{}\n", json_text(all));
    return kExitOk;
  }
  fmt::memory_buffer out;
  for (const auto& p : registry->all()) {
    if (p.retired && !o.all) continue;
    fmt::format_to(std::back_inserter(out), "{}  ({}{}{})\n    {}\n", p.id, p.medium_id.empty() ? "-" : p.medium_id,
                   p.secure ? ", secure" : "", p.retired ? ", retired" : "", p.title);
    std::string ts;
    for (const auto& uid : transfer_syntaxes(p)) ts += (ts.empty() ? "" : ", ") + ts_name(uid);
    if (p.any_transfer_syntax) ts = "any (the conformance statement says which)";
    fmt::format_to(std::back_inserter(out), "    transfer syntaxes: {}\n", ts.empty() ? "-" : ts);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

void add_profiles(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<ProfilesOptions>();
  CLI::App* c = root.add_subcommand("profiles", "list the PS3.11 media profiles: id, medium, transfer syntaxes, description");
  c->add_flag("--json", o->json, "print them as a JSON array (id, medium, transfer_syntaxes, description, ...)");
  c->add_flag("--all", o->all, "include the retired profiles");
  c->add_option("--profiles", o->profiles_dir, "read the profiles from DIR instead of the installed ones")->type_name("DIR");
  on_run(*c, ctx, [o](Context& context) { return run_profiles(*o, context); });
}

}  // namespace discus::cli
