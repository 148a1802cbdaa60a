// discus CLI — the output commands' typed options and bodies, shared with `author`, which hands a
// finished file-set to them (--iso, --burn, --usb) as function calls, not argv strings.
//   IsoCommandOptions o;  o.fileset = dir;  o.image = "cd.iso";  int rc = run_iso(o, ctx);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/burn.h"
#include "app/write_iso.h"
#include "app/write_usb.h"
#include "cli/command.h"
#include "cli/secure_key.h"
#include "media/profile/medium_table.h"

namespace discus::cli {

// The medium table (profiles/common/media.json), with `medium` ("cd", "dvd", "none", ...) checked
// against it: an unknown name prints in the usage wording and returns kExitUsage in `status`; a
// table that does not load prints and returns kExitFailed (iso, burn).
std::optional<media::profile::MediumTable> medium_table_for(std::string_view command, const std::string& medium, int& status);

struct IsoCommandOptions {
  std::string medium;     // cd, cd80, dvd, dvd-dl, none; empty: the configuration's, else cd
  std::string volume_id;  // empty: from the File-set ID
  bool no_verify = false, no_sync = false, json = false;
  std::string fileset, image;
  OpenKeyArgs key;        // secure file-sets: open in memory to verify as DICOM
};
int run_iso(const IsoCommandOptions& o, Context& ctx);
// What `iso` (and `author --iso`) prints of a written image and its read-back; the exit code.
int print_iso(const app::IsoResult& r, const std::string& image, const Context& ctx, bool json);

struct BurnCommandOptions {
  std::string drive;
  std::string medium;  // empty: the configuration's, else none (the drive's medium decides)
  bool leave_open = false, eject = false, simulate = false, no_verify = false, json = false;
  std::string fileset;
};
int run_burn(const BurnCommandOptions& o, Context& ctx);
int print_burn(const app::BurnResult& r, const std::string& drive, const Context& ctx, bool json);

struct UsbCommandOptions {
  std::string image_size;  // "64M"; empty: a folder target, or an existing image/device keeps its size
  std::string fat;         // "16", "32" or empty (by size)
  std::optional<std::string> label;
  bool any_fs = false, no_verify = false, json = false;
  std::string fileset, target;
};
int run_usb(const UsbCommandOptions& o, Context& ctx);
int print_usb(const app::UsbResult& r, const std::string& target, const Context& ctx, bool json);

}  // namespace discus::cli
