// discus::output::robot — a simulator of each vendor's hot-folder software (issue 18 item 3).
//
// Our reading of the vendor documents (robots.md), run in the foreground by `discus robot-sim`:
// it consumes job files from the spool with the vendor's extensions and renames (PTBurn
// JRQ->QRJ->INP->DON|ERR, TD Bridge JDF->RJD->INP(->STP)->DON|ERR, Rimage NWP->INP->DON|ERR),
// "burns" each disc as an ISO image in OUT (a rejected one in OUT/reject), "prints" its label
// beside it (OUT/<job>-<k>.label.txt with the merge fields, plus the label image the job named),
// rewrites the status files in the vendor's format every tick, honours cancel messages (PTBurn
// .PTM ABORT, TD Bridge .JCF), and injects failures after N discs (out-of-blanks, reject,
// printer, lid, restart). A person's actions are files in OUT/operator: "refill" (blanks; its
// text is how many, default 100), "close-lid", "fix-printer". Every job accepted is appended to
// OUT/jobs.log, so a test sees a job submitted twice.
//   SimOptions o{.vendor = Vendor::kPrimera, .spool = "s", .out = "o"};  run_simulator(o, stop);
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "output/robot/robot.h"

namespace discus::output::robot {

struct SimFailure {
  std::string kind;  // out-of-blanks, reject, printer, lid, restart
  int after = 0;     // after this many discs (good or rejected) of the whole run
};

// "KIND:N" as given on the command line.
base::Result<SimFailure> parse_sim_failure(std::string_view text);

struct SimOptions {
  Vendor vendor = Vendor::kPrimera;
  fs::path spool, out;
  std::vector<SimFailure> failures;
  int blanks = -1;            // discs in the input bin; -1: never runs out
  int tick_ms = 0;            // status rewrite; 0: the vendor's (PTBurn 2 s, TD Bridge 5 s, Rimage 2 s)
  int disc_ms = 3000;         // one disc: load, burn, verify, print, unload
  int status_time_ms = 600000;  // finished job files removed after this (PTBurn Status_Time)
  int restart_ms = 0;         // how long the software is away on "restart"; 0: 3 ticks
  // Prints a label: fields and the job's label image to `base` + extension. Empty: the plain
  // label data file (base.label.txt) and a copy of the job's label image.
  std::function<base::Status(const LabelData& label, const fs::path& base)> print_label;
  std::function<void(const std::string&)> say;  // one line per event; may be empty
};

// Runs until `stop` is set. Fails only when the spool or OUT cannot be used at all.
base::Status run_simulator(const SimOptions& options, const std::atomic<bool>& stop);

}  // namespace discus::output::robot
