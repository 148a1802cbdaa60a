// `discus iso [--medium M] [--volume-id ID] [--no-verify] [--no-sync] FILESET OUT.iso`: an ISO 9660
// Level 1 image of a file-set (PS3.12 Annex F for CD-R, P for DVD) through libisofs, its size
// checked against the medium before writing, then read back through libisofs and verified
// against SHA256.TXT and the DICOMDIR (unless --no-verify).
#include <cstdio>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/read_back.h"
#include "output/iso/iso_reader.h"
#include "output/iso/iso_writer.h"
#include "output/verify/terminal_progress.h"
#include "output/verify/verify.h"

namespace discus::cli {

int run_iso(const std::vector<std::string>& args) {
  std::string medium = "cd";
  output::iso::IsoOptions options;
  bool verify = true;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "--medium" || a == "--volume-id") && i + 1 < args.size()) {
      (a == "--medium" ? medium : options.volume_id) = args[++i];
    } else if (a == "--no-verify") {
      verify = false;
    } else if (a == "--no-sync") {
      options.sync = false;
    } else if (a.starts_with("--")) {
      fmt::print(stderr, "discus iso: unknown option {}\n", a);
      return kExitUsage;
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 2) {
    fmt::print(stderr, "usage: discus iso [--medium cd|cd80|dvd|dvd-dl|none] [--volume-id ID] [--no-verify] FILESET OUT.iso\n");
    return kExitUsage;
  }
  auto m = output::iso::iso_medium(medium);
  if (!m) {
    fmt::print(stderr, "discus iso: {}\n", m.error().describe());
    return m.error().code == base::ErrorCode::kInvalidArgument ? kExitUsage : kExitFailed;
  }
  options.capacity_bytes = m->capacity_bytes;
  options.medium_name = m->name;
  output::TerminalProgress bar("writing");
  auto plan = output::iso::write_iso(positional[0], positional[1], options, bar.callback());
  bar.finish();
  if (!plan) {
    fmt::print(stderr, "discus iso: {}\n", plan.error().describe());
    return kExitFailed;
  }
  fmt::print("{}: {} bytes ({} sectors), {} files in {} folders, volume '{}', ISO 9660 Level 1 for {}\n", positional[1],
             plan->image_bytes, plan->image_bytes / 2048, plan->files, plan->directories, plan->volume_id, m->name);
  if (!verify) return kExitOk;
  auto reader = output::iso::IsoMediumReader::open_image(positional[1]);
  if (!reader) {
    fmt::print(stderr, "discus iso: read-back failed: {}\n", reader.error().describe());
    return kExitFailed;
  }
  return verify_and_report("discus iso", **reader, {});
}

}  // namespace discus::cli
