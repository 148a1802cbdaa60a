// discus::output::usb — read-back of a written stick: output::verify_medium plus what only the
// USB writer knows.
//
// After a USB write (PS3.12 Annex R) the stick is read back through a MediumReader (the FAT
// image reader, or the mounted folder with the page cache dropped) and checked by
// verify_medium() against the SHA256.TXT of the file-set that was written (on the host, so a
// damaged manifest on the stick cannot vouch for itself), DICOMDIR records included. The files
// this job wrote that the manifest does not list — SHA256.TXT itself and the completion marker
// DISCUSOK.TXT — are then compared with their source; a missing or different one is a failure.
//   DISCUS_TRY(VerifyReport v, verify_stick(*reader, tree, extras));  if (!v.ok()) ...
#pragma once

#include <vector>

#include "base/result.h"
#include "output/usb/fat_writer.h"
#include "output/usb/source_tree.h"
#include "output/verify/verify.h"

namespace discus::output::usb {

base::Result<VerifyReport> verify_stick(const MediumReader& medium, const SourceTree& tree,
                                        const std::vector<ExtraFile>& extras);

}  // namespace discus::output::usb
