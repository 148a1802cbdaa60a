// discus::daemon::audit — the PS3.15 A.5.3.5 Data Import event of one import run, made from its
// report (import::ImportReport): outcome, the medium and destination, and the local patients and
// studies (SOP classes with their instance counts) of what this run imported. The requestor and
// the job are the caller's: discusd records it in its trail, `discus import` keeps it in its report.
//   MediumImported ev = data_import_event(report);   if (!ev.studies.empty()) trail.record(ev);
#pragma once

#include "daemon/audit/trail.h"
#include "import/importer.h"

namespace discus::daemon::audit {

// Studies and patients are empty when this run imported nothing (nothing to report as imported).
MediumImported data_import_event(const import::ImportReport& report);

}  // namespace discus::daemon::audit
