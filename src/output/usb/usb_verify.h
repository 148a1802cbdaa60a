// discus::output::usb — read-back check of a written stick against the file-set's manifest.
//
// After a USB write (PS3.12 Annex R) every file is read back through a MediumReader (the FAT
// image reader, or the mounted folder with the page cache dropped) and its SHA-256 compared
// with SHA256.TXT of the file-set that was written; files the manifest does not list (the
// manifest itself, the completion marker) are compared with their source. A medium with any
// difference is reported as failed and the report names each file.
// (Until output/verify/verify.h lands this is the USB writer's own comparison.)
//   DISCUS_TRY(VerifyReport v, verify_stick(*reader, tree, extras));  if (!v.ok()) ...
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "output/usb/fat_writer.h"
#include "output/usb/source_tree.h"
#include "output/verify/medium_reader.h"

namespace discus::output::usb {

struct VerifyProblem {
  std::string path;
  std::string problem;
};

struct VerifyReport {
  std::string medium;
  std::size_t files_checked = 0;
  std::uint64_t bytes_checked = 0;
  std::vector<VerifyProblem> failures;  // missing, wrong size, wrong SHA-256, unreadable
  std::vector<std::string> unexpected;  // on the medium but not written by this job (not a failure)
  bool ok() const { return failures.empty(); }
};

base::Result<VerifyReport> verify_stick(const MediumReader& medium, const SourceTree& tree,
                                        const std::vector<ExtraFile>& extras);

std::string to_text(const VerifyReport& r);

}  // namespace discus::output::usb
