// `discus drives [DRIVE...]`: the optical drives libburn finds (or the ones named, e.g. a
// stdio:/path pseudo-drive) and their medium: profile, blank/appendable/closed, free space.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "output/burn/burner.h"

namespace discus::cli {

namespace {

struct DrivesOptions {
  bool json = false;
  std::vector<std::string> drives;
};

int run_drives(const DrivesOptions& o, Context&) {
  namespace burn = output::burn;
  std::vector<burn::DriveInfo> drives;
  int status = kExitOk;
  if (o.drives.empty()) {
    auto found = burn::list_drives();
    if (!found) {
      fmt::print(stderr, "discus drives: {}\n", found.error().describe());
      return kExitFailed;
    }
    drives = std::move(*found);
    if (drives.empty() && !o.json) fmt::print("no optical drives found (a stdio:/path/image.iso pseudo-drive works without one)\n");
  }
  for (const std::string& a : o.drives) {
    auto info = burn::inspect_drive(a);
    if (!info) {
      fmt::print(stderr, "discus drives: {}\n", info.error().describe());
      status = kExitFailed;
      continue;
    }
    drives.push_back(std::move(*info));
  }
  if (o.json) {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const burn::DriveInfo& d : drives)
      all.push_back({{"address", d.address}, {"pseudo", d.pseudo}, {"vendor", d.vendor}, {"product", d.product},
                     {"revision", d.revision}, {"profile", d.profile}, {"status", std::string(burn::to_string(d.status))},
                     {"overwritable", d.overwritable}, {"free_bytes", d.free_bytes}});
    fmt::print("{}\n", json_text(all));
    return status;
  }
  for (const burn::DriveInfo& d : drives) {
    const std::string model = d.pseudo ? "pseudo-drive (file)" : fmt::format("{} {} {}", d.vendor, d.product, d.revision);
    fmt::print("{}\t{}\tmedium: {}, {}{}, {} bytes free\n", d.address, model, d.profile.empty() ? "-" : d.profile,
               burn::to_string(d.status), d.overwritable ? " (overwritable)" : "", d.free_bytes);
  }
  return status;
}

}  // namespace

void add_drives(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<DrivesOptions>();
  CLI::App* c = root.add_subcommand(
      "drives", "list optical drives (or the given ones, e.g. stdio:/tmp/x.iso) with their medium: blank, appendable, closed, free space");
  c->add_flag("--json", o->json, "print the drives as a JSON array");
  c->add_option("DRIVE", o->drives, "drives to inspect: /dev/srN, or stdio:/path/image.iso (a file as a pseudo-drive)");
  on_run(*c, ctx, [o](Context& context) { return run_drives(*o, context); });
}

}  // namespace discus::cli
