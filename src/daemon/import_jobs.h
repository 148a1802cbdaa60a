// discus::daemon — import jobs' station side (issue 17 item 6): what a job's destination names
// (a [pacs.NAME] node, reached with our AE title through the Storage SCU, or "store", the
// station's study store of issue 15), which node is the worklist (the [pacs.NAME] with the role
// "worklist": IHE RAD-5, scheduled import), and the PS3.15 A.5.3.5 Data Import message of each
// run through the service's audit trail. src/jobs/import_step.h does the rest.
//   auto desk = make_import_desk({.state_dir = dir, .settings = &settings, ...});
//   station_options.import_job = import_job_runner(*desk);
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "app/settings.h"
#include "codec/codec.h"
#include "daemon/audit/trail.h"
#include "jobs/import_step.h"
#include "jobs/scheduler.h"
#include "store/store.h"

namespace discus::daemon {

struct ImportJobsOptions {
  std::string state_dir;
  const app::Settings* settings = nullptr;
  // The [pacs.NAME] nodes in force (settings written through /v1/config); empty: settings->pacs.
  std::function<std::vector<app::PacsNode>()> nodes;
  std::string ae_title = "DISCUS";  // ours, where a node names no calling_ae_title
  const codec::CodecRegistry* codecs = nullptr;  // the Storage SCU's transcoding fallback
  audit::Trail* trail = nullptr;                 // null: no Data Import messages
  std::function<store::Store*()> store;          // the study store once it is open; may return null
};

std::unique_ptr<jobs::ImportDesk> make_import_desk(ImportJobsOptions options);

// SchedulerOptions::import_job over the desk.
std::function<base::Result<jobs::JobOutcome>(const jobs::Job&, app::Progress&)> import_job_runner(jobs::ImportDesk& desk);

// PS3.15 A.5.3.9 Patient Record (U) for a decided hold, through the trail.
base::Status record_hold_decision(audit::Trail& trail, const jobs::HoldRecord& hold, const std::string& user);

// The destination names a job may give: "store" and every [pacs.NAME] node (for the API's check).
bool known_import_destination(const app::Settings& settings, const std::string& name);

}  // namespace discus::daemon
