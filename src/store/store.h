// discus::store — the station's study store (issue 15 item 3, issue 16 item 3): what the Storage
// SCP received, indexed by Patient / Study / Series / SOP Instance, each study's quiet time, and
// the auto-burn rules' memory of what they fired.
//
// The files are the truth: the SCP writes DIR/<Study Instance UID>/<SOP Instance UID>.dcm and
// fsyncs it before it answers (net/services/storage_scp.h); add() indexes it before the answer
// too, and reconcile() at start indexes what a crash left unindexed (and forgets rows whose file
// is gone), so nothing acknowledged is ever lost to the index. The index is its own SQLite file,
// STATE/store.db (through the queue's SQL adapter, jobs/sql), not the queue: the store is this
// station's disk, while the queue may be a PostgreSQL shared by several stations.
// A study is "complete" once no instance arrived for quiet_ms; complete_quiet_studies() marks it
// so with its content digest (SHA-256 over its sorted SOP Instance UIDs and data set digests) and
// returns it once; a new instance makes it "receiving" again. Thread-safe (one mutex).
//   DISCUS_TRY(auto s, Store::open({.dir = state + "/store", .database = state + "/store.db"}));
//   s->add(path, "CT1");  ...  for (auto& st : *s->complete_quiet_studies()) rules.evaluate(st);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/instance_info.h"

namespace discus::jobs::sql {
class Database;
}

namespace discus::store {

using Clock = std::function<std::int64_t()>;  // ms since the epoch

struct StoreOptions {
  std::string dir;              // the SCP's output folder: DIR/<study>/<instance>.dcm
  std::string database;         // the index (SQLite file)
  std::int64_t quiet_ms = 30000;
  int retention_days = 7;       // purge_expired(): studies whose last instance is older
  Clock clock;                  // empty: the system clock
};

struct SeriesSummary {
  std::string series_instance_uid, modality, series_description;
  int instances = 0;
};

enum class StudyState { kReceiving, kQuiet, kComplete };  // kQuiet: complete, rules not yet run
std::string_view to_string(StudyState s);

struct StudySummary {
  std::string study_instance_uid, patient_id, patients_name, study_date, study_description, accession_number;
  std::vector<std::string> modalities;         // of its series, sorted
  std::vector<std::string> calling_ae_titles;  // every node that sent an instance of it, sorted
  int instances = 0;
  std::uint64_t bytes = 0;
  std::int64_t first_received_ms = 0, last_received_ms = 0, completed_ms = 0;
  StudyState state = StudyState::kReceiving;
  std::string digest;                   // set once complete
  std::string folder;                   // DIR/<study>: a job's input
  std::vector<SeriesSummary> series;    // filled by show() only
  std::vector<std::int64_t> jobs;       // jobs auto-burn rules made of it
};

struct StudyQuery {
  std::string patient_id;    // exact
  std::string patient_name;  // PS3.4 C.2.2.2.4 wildcards * and ?, case-insensitive
  std::string after;         // keyset paging by Study Instance UID
  int limit = 0;             // 0: all
};

// One auto-burn firing, remembered so a rule fires once per (rule, study, content digest).
struct Fire {
  std::string rule, study_instance_uid, digest;
  std::int64_t job = 0;  // 0: claimed, the job not yet known to be queued
  std::int64_t fired_ms = 0;
};

class Store {
 public:
  static base::Result<std::unique_ptr<Store>> open(StoreOptions options);
  ~Store();

  const StoreOptions& options() const { return options_; }
  std::string folder_of(const std::string& study_instance_uid) const;

  // Indexes one stored file; `calling_ae_title` when the file's meta names none.
  base::Result<InstanceInfo> add(const std::string& path, const std::string& calling_ae_title = {});
  // At start: indexes files not in the index, forgets instances whose file is gone.
  // Returns how many files were newly indexed.
  base::Result<std::size_t> reconcile();

  base::Result<std::vector<StudySummary>> list(const StudyQuery& query);
  base::Result<std::optional<StudySummary>> show(const std::string& study_instance_uid);

  // Studies quiet for quiet_ms: marked kQuiet with their digest, returned once each.
  base::Result<std::vector<StudySummary>> complete_quiet_studies();
  // Studies complete whose rules have not run (kQuiet), e.g. after a restart.
  base::Result<std::vector<StudySummary>> studies_awaiting_rules();
  // The rules ran for this content: kQuiet -> kComplete (unless new instances came meanwhile).
  base::Status rules_done(const std::string& study_instance_uid, const std::string& digest);

  // Auto-burn memory: claims (rule, study, digest); false when it was claimed before (`previous`
  // then holds that firing).
  base::Result<bool> claim_fire(const std::string& rule, const std::string& study, const std::string& digest, Fire* previous);
  base::Status set_fire_job(const std::string& rule, const std::string& study, const std::string& digest, std::int64_t job);

  // Removes the study's files and rows (its fires are kept: a purged study re-sent unchanged
  // does not fire again). Returns the bytes removed; nullopt when no such study.
  base::Result<std::optional<std::uint64_t>> purge(const std::string& study_instance_uid);
  // Studies whose last instance is older than `days` (the retention rule).
  base::Result<std::vector<StudySummary>> older_than(int days);

 private:
  Store(StoreOptions o, std::unique_ptr<jobs::sql::Database> db);
  std::int64_t now() const;
  base::Status index_locked(const InstanceInfo& info, const std::string& path, std::int64_t now);
  base::Result<std::vector<StudySummary>> query_locked(const std::string& where, const std::vector<std::string>& args, int limit);
  base::Status fill_details_locked(StudySummary& s, bool with_series);

  StoreOptions options_;
  std::unique_ptr<jobs::sql::Database> db_;
  std::mutex mutex_;
};

}  // namespace discus::store
