// discus::jobs — import jobs (issue 17 item 6): a job of kind import runs src/import's importer
// (read the medium, inventory, reconcile, coerce per IHE IRWF, send, account for every file), and
// what it found stays with the job.
//
// The ledger is the station's (STATE/import-ledger.sqlite, jobs/import_ledger.h), shared by every
// import job (one connection each; SQLite's busy timeout serialises the writers), so a job killed
// with the daemon and run again is a resume: what was sent is already-imported, what was in flight
// is held for a person, nothing goes out twice. Beside the ledger's tables the desk keeps two of
// its own in that file: each job's report (the inventory the API and the kiosk show) with its
// latest progress, and which job each hold stops (opened, decided by whom and when). A run that
// leaves holds open ends the job `held` (hold_reason names them); decide() records the person's
// answer in the ledger, and the caller releases the job: the importer runs again and continues.
//   ImportDesk desk(options);   DISCUS_TRY(ImportEnd end, desk.run(job, progress));
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/progress.h"
#include "base/result.h"
#include "import/importer.h"
#include "jobs/job.h"
#include "jobs/repository.h"

namespace discus::jobs {

// What the composition root gives one run: where its instances go (the job's destination, a
// [pacs.NAME] node or the station's store) and who names local patients (the worklist).
struct ImportSetup {
  std::unique_ptr<import::Destination> destination;
  std::unique_ptr<import::DemographicsSource> demographics;  // null: every patient waits for a person
  std::string local_issuer;                                   // our Issuer of Patient ID
};

struct ImportDeskOptions {
  std::filesystem::path state_dir;  // the ledger: state_dir/import-ledger.sqlite
  std::string uid_root;             // for invalid UIDs replaced on import
  std::string modifying_system = "DISCUS";  // (0400,0563) in the Original Attributes Sequence
  std::function<base::Result<ImportSetup>(const Job&)> setup;
  // After each run, for the PS3.15 A.5.3.5 Data Import message of what it imported; may be empty.
  std::function<void(const Job&, import::ImportReport&)> audit;
  Clock clock;  // ms since the epoch; empty: the system clock
};

struct ImportEnd {
  JobState to = JobState::kDone;  // done, or held (a person must decide)
  std::string reason;             // the accounting, or what the job waits for
};

// A hold of the ledger with the job it stops and the person's answer.
struct HoldRecord {
  import::Hold hold;
  JobId job = 0;
  std::int64_t opened_ms = 0, decided_ms = 0;
  std::string decided_by, note;
};
// The Hold schema of openapi.yaml.
nlohmann::json to_json(const HoldRecord& h);

class ImportDesk {
 public:
  explicit ImportDesk(ImportDeskOptions options);
  std::filesystem::path ledger_path() const { return o_.state_dir / "import-ledger.sqlite"; }

  // Runs the job's import to its end (the importer has no safe point to stop at but its end).
  base::Result<ImportEnd> run(const Job& job, app::Progress& progress);
  // The Inventory of openapi.yaml without its job state: nullopt before the job first ran.
  base::Result<std::optional<nlohmann::json>> inventory(JobId job);
  base::Result<std::vector<HoldRecord>> holds(bool open_only);
  // action "patient" (with patient_id, optional issuer), "reject" or "resend". kNotFound: no
  // such hold of a job; kConflict: decided already; kInvalidArgument: the wrong kind of answer.
  base::Result<HoldRecord> decide(const std::string& hold, const std::string& action, const std::string& patient_id,
                                  const std::string& issuer, const std::string& who, const std::string& note);

 private:
  std::int64_t now() const;
  ImportDeskOptions o_;
  std::mutex decide_mutex_;  // one decision at a time: read, check, write
};

}  // namespace discus::jobs
