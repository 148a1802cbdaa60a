// `discus drives [DRIVE...]`: the optical drives libburn finds (or the ones named, e.g. a
// stdio:/path pseudo-drive) and their medium: profile, blank/appendable/closed, free space.
#include <fmt/format.h>

#include <cstdio>

#include "cli/command.h"
#include "output/burn/burner.h"

namespace discus::cli {

int run_drives(const std::vector<std::string>& args) {
  namespace burn = output::burn;
  std::vector<burn::DriveInfo> drives;
  int status = kExitOk;
  if (args.empty()) {
    auto found = burn::list_drives();
    if (!found) {
      fmt::print(stderr, "discus drives: {}\n", found.error().describe());
      return kExitFailed;
    }
    drives = std::move(*found);
    if (drives.empty()) fmt::print("no optical drives found (a stdio:/path/image.iso pseudo-drive works without one)\n");
  }
  for (const std::string& a : args) {
    if (a.starts_with("--")) {
      fmt::print(stderr, "usage: discus drives [DRIVE...]\n");
      return kExitUsage;
    }
    auto info = burn::inspect_drive(a);
    if (!info) {
      fmt::print(stderr, "discus drives: {}\n", info.error().describe());
      status = kExitFailed;
      continue;
    }
    drives.push_back(std::move(*info));
  }
  for (const burn::DriveInfo& d : drives) {
    const std::string model = d.pseudo ? "pseudo-drive (file)" : fmt::format("{} {} {}", d.vendor, d.product, d.revision);
    fmt::print("{}\t{}\tmedium: {}, {}{}, {} bytes free\n", d.address, model, d.profile.empty() ? "-" : d.profile,
               burn::to_string(d.status), d.overwritable ? " (overwritable)" : "", d.free_bytes);
  }
  return status;
}

}  // namespace discus::cli
