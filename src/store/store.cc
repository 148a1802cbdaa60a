#include "store/store.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "base/sha256.h"
#include "jobs/sql/database.h"
#include "jobs/sqlite/sqlite_db.h"

namespace discus::store {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;
using base::Status;
using jobs::sql::Statement;
using jobs::sql::Transaction;
using jobs::sql::TxKind;

// Version 1. IF NOT EXISTS: opening is idempotent; a later version adds its own statements.
constexpr std::string_view kSchema = R"(
CREATE TABLE IF NOT EXISTS store_studies (
  study_uid TEXT PRIMARY KEY, patient_id TEXT NOT NULL, patients_name TEXT NOT NULL, study_date TEXT NOT NULL,
  study_description TEXT NOT NULL, accession_number TEXT NOT NULL, first_received_ms BIGINT NOT NULL,
  last_received_ms BIGINT NOT NULL, completed_ms BIGINT NOT NULL DEFAULT 0, state TEXT NOT NULL,
  digest TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS store_instances (
  sop_uid TEXT PRIMARY KEY, study_uid TEXT NOT NULL, series_uid TEXT NOT NULL, sop_class_uid TEXT NOT NULL,
  modality TEXT NOT NULL, series_description TEXT NOT NULL, calling_ae TEXT NOT NULL, path TEXT NOT NULL,
  bytes BIGINT NOT NULL, digest TEXT NOT NULL, received_ms BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS store_instances_study ON store_instances (study_uid, sop_uid);
CREATE INDEX IF NOT EXISTS store_instances_path ON store_instances (path);
CREATE TABLE IF NOT EXISTS store_fires (
  rule TEXT NOT NULL, study_uid TEXT NOT NULL, digest TEXT NOT NULL, job BIGINT NOT NULL, fired_ms BIGINT NOT NULL,
  PRIMARY KEY (rule, study_uid, digest));
)";

std::optional<StudyState> state_from(std::string_view s) {
  if (s == "receiving") return StudyState::kReceiving;
  if (s == "quiet") return StudyState::kQuiet;
  if (s == "complete") return StudyState::kComplete;
  return std::nullopt;
}

// PS3.4 C.2.2.2.4: '*' any run, '?' one character; compared case-insensitively (ASCII), as
// patient names are typed at a kiosk.
bool wildcard_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  const auto eq = [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); };
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || eq(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

constexpr std::string_view kStudyColumns =
    "study_uid, patient_id, patients_name, study_date, study_description, accession_number, first_received_ms, "
    "last_received_ms, completed_ms, state, digest";

}  // namespace

std::string_view to_string(StudyState s) {
  switch (s) {
    case StudyState::kReceiving: return "receiving";
    case StudyState::kQuiet: return "quiet";
    case StudyState::kComplete: return "complete";
  }
  return "receiving";
}

Store::Store(StoreOptions o, std::unique_ptr<jobs::sql::Database> db) : options_(std::move(o)), db_(std::move(db)) {}
Store::~Store() = default;

base::Result<std::unique_ptr<Store>> Store::open(StoreOptions options) {
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create the store folder {}: {}", options.dir, ec.message())};
  DISCUS_TRY(auto db, jobs::sqlite::open_database(options.database));
  DISCUS_CHECK(db->exec(kSchema));
  return std::unique_ptr<Store>(new Store(std::move(options), std::move(db)));
}

std::int64_t Store::now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string Store::folder_of(const std::string& study) const { return (fs::path(options_.dir) / study).string(); }

base::Result<InstanceInfo> Store::add(const std::string& path, const std::string& calling_ae_title) {
  DISCUS_TRY(InstanceInfo info, read_instance_info(path));  // outside the lock: file I/O and hashing
  if (info.source_ae_title.empty()) info.source_ae_title = calling_ae_title;
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  DISCUS_CHECK(tx.begin(TxKind::kWrite));
  DISCUS_CHECK(index_locked(info, path, now()));
  DISCUS_CHECK(tx.commit());
  return info;
}

Status Store::index_locked(const InstanceInfo& i, const std::string& path, std::int64_t t) {
  DISCUS_TRY(Statement * ins, db_->statement(
      "INSERT INTO store_instances (sop_uid, study_uid, series_uid, sop_class_uid, modality, series_description, calling_ae, "
      "path, bytes, digest, received_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
      "ON CONFLICT (sop_uid) DO UPDATE SET study_uid = ?2, series_uid = ?3, sop_class_uid = ?4, modality = ?5, "
      "series_description = ?6, calling_ae = ?7, path = ?8, bytes = ?9, digest = ?10, received_ms = ?11"));
  ins->bind(1, i.sop_instance_uid).bind(2, i.study_instance_uid).bind(3, i.series_instance_uid).bind(4, i.sop_class_uid);
  ins->bind(5, i.modality).bind(6, i.series_description).bind(7, i.source_ae_title).bind(8, path);
  ins->bind(9, static_cast<std::int64_t>(i.bytes)).bind(10, i.digest).bind(11, t);
  DISCUS_CHECK(ins->run());
  // A new instance makes a complete study "receiving" again: it is judged anew once quiet.
  DISCUS_TRY(Statement * st, db_->statement(
      "INSERT INTO store_studies (study_uid, patient_id, patients_name, study_date, study_description, accession_number, "
      "first_received_ms, last_received_ms, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 'receiving') "
      "ON CONFLICT (study_uid) DO UPDATE SET patient_id = ?2, patients_name = ?3, study_date = ?4, study_description = ?5, "
      "accession_number = ?6, last_received_ms = ?7, state = 'receiving'"));
  st->bind(1, i.study_instance_uid).bind(2, i.patient_id).bind(3, i.patients_name).bind(4, i.study_date);
  st->bind(5, i.study_description).bind(6, i.accession_number).bind(7, t);
  return st->run();
}

base::Result<std::size_t> Store::reconcile() {
  // Rows whose file is gone (a purge killed half way, a hand-removed file) are forgotten first.
  {
    std::lock_guard lock(mutex_);
    std::vector<std::string> gone;
    DISCUS_TRY(Statement * q, db_->statement("SELECT sop_uid, path FROM store_instances"));
    for (;;) {
      DISCUS_TRY(bool row, q->step());
      if (!row) break;
      std::error_code ec;
      if (!fs::exists(q->text(1), ec)) gone.push_back(q->text(0));
    }
    q->reset();
    Transaction tx(*db_);
    DISCUS_CHECK(tx.begin(TxKind::kWrite));
    for (const std::string& uid : gone) {
      DISCUS_TRY(Statement * d, db_->statement("DELETE FROM store_instances WHERE sop_uid = ?1"));
      d->bind(1, uid);
      DISCUS_CHECK(d->run());
    }
    DISCUS_CHECK(db_->exec("DELETE FROM store_studies WHERE study_uid NOT IN (SELECT study_uid FROM store_instances)"));
    DISCUS_CHECK(tx.commit());
  }
  // Files a crash left unindexed (renamed into place, killed before the index commit).
  std::size_t added = 0;
  std::error_code ec;
  for (const auto& study : fs::directory_iterator(options_.dir, ec)) {
    if (!study.is_directory()) continue;
    std::error_code ec2;
    for (const auto& f : fs::directory_iterator(study.path(), ec2)) {
      const std::string path = f.path().string();
      if (f.path().extension() != ".dcm" || !f.is_regular_file()) continue;
      bool known = false;
      {
        std::lock_guard lock(mutex_);
        DISCUS_TRY(Statement * q, db_->statement("SELECT 1 FROM store_instances WHERE path = ?1"));
        q->bind(1, path);
        DISCUS_TRY(known, q->step());
        q->reset();
      }
      if (known) continue;
      if (auto got = add(path); got) ++added;
    }
  }
  return added;
}

base::Result<std::vector<StudySummary>> Store::query_locked(const std::string& where, const std::vector<std::string>& args,
                                                            int limit) {
  std::string sql = fmt::format("SELECT {} FROM store_studies {} ORDER BY study_uid", kStudyColumns, where);
  if (limit > 0) sql += fmt::format(" LIMIT {}", limit);
  DISCUS_TRY(Statement * q, db_->statement(sql));
  for (std::size_t i = 0; i < args.size(); ++i) q->bind(static_cast<int>(i + 1), args[i]);
  std::vector<StudySummary> out;
  for (;;) {
    DISCUS_TRY(bool row, q->step());
    if (!row) break;
    StudySummary s;
    s.study_instance_uid = q->text(0);
    s.patient_id = q->text(1);
    s.patients_name = q->text(2);
    s.study_date = q->text(3);
    s.study_description = q->text(4);
    s.accession_number = q->text(5);
    s.first_received_ms = q->integer(6);
    s.last_received_ms = q->integer(7);
    s.completed_ms = q->integer(8);
    s.state = state_from(q->text(9)).value_or(StudyState::kReceiving);
    s.digest = q->text(10);
    s.folder = folder_of(s.study_instance_uid);
    out.push_back(std::move(s));
  }
  q->reset();
  return out;
}

Status Store::fill_details_locked(StudySummary& s, bool with_series) {
  DISCUS_TRY(Statement * n, db_->statement("SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM store_instances WHERE study_uid = ?1"));
  n->bind(1, s.study_instance_uid);
  DISCUS_TRY(bool row, n->step());
  if (row) {
    s.instances = static_cast<int>(n->integer(0));
    s.bytes = static_cast<std::uint64_t>(n->integer(1));
  }
  n->reset();
  std::set<std::string> modalities, callers;
  DISCUS_TRY(Statement * m, db_->statement(
      "SELECT series_uid, modality, series_description, calling_ae, COUNT(*) FROM store_instances WHERE study_uid = ?1 "
      "GROUP BY series_uid, modality, series_description, calling_ae ORDER BY series_uid"));
  m->bind(1, s.study_instance_uid);
  for (;;) {
    DISCUS_TRY(bool r, m->step());
    if (!r) break;
    if (!m->text(1).empty()) modalities.insert(m->text(1));
    if (!m->text(3).empty()) callers.insert(m->text(3));
    if (!with_series) continue;
    if (!s.series.empty() && s.series.back().series_instance_uid == m->text(0)) {
      s.series.back().instances += static_cast<int>(m->integer(4));
    } else {
      s.series.push_back(SeriesSummary{m->text(0), m->text(1), m->text(2), static_cast<int>(m->integer(4))});
    }
  }
  m->reset();
  s.modalities.assign(modalities.begin(), modalities.end());
  s.calling_ae_titles.assign(callers.begin(), callers.end());
  DISCUS_TRY(Statement * j, db_->statement("SELECT job FROM store_fires WHERE study_uid = ?1 AND job > 0 ORDER BY job"));
  j->bind(1, s.study_instance_uid);
  for (;;) {
    DISCUS_TRY(bool r, j->step());
    if (!r) break;
    s.jobs.push_back(j->integer(0));
  }
  j->reset();
  return {};
}

base::Result<std::vector<StudySummary>> Store::list(const StudyQuery& query) {
  std::lock_guard lock(mutex_);
  std::string where;
  std::vector<std::string> args;
  const auto add_where = [&](const std::string& clause, const std::string& value) {
    where += (where.empty() ? "WHERE " : " AND ") + fmt::format(fmt::runtime(clause), args.size() + 1);
    args.push_back(value);
  };
  if (!query.patient_id.empty()) add_where("patient_id = ?{}", query.patient_id);
  if (!query.after.empty()) add_where("study_uid > ?{}", query.after);
  // A name pattern is matched here, so the SQL limit would cut before the filter: none then.
  DISCUS_TRY(auto found, query_locked(where, args, query.patient_name.empty() ? query.limit : 0));
  std::vector<StudySummary> out;
  for (StudySummary& s : found) {
    if (!query.patient_name.empty() && !wildcard_match(query.patient_name, s.patients_name)) continue;
    DISCUS_CHECK(fill_details_locked(s, false));
    out.push_back(std::move(s));
    if (query.limit > 0 && static_cast<int>(out.size()) >= query.limit) break;
  }
  return out;
}

base::Result<std::optional<StudySummary>> Store::show(const std::string& study) {
  std::lock_guard lock(mutex_);
  DISCUS_TRY(auto found, query_locked("WHERE study_uid = ?1", {study}, 1));
  if (found.empty()) return std::optional<StudySummary>();
  DISCUS_CHECK(fill_details_locked(found.front(), true));
  return std::optional<StudySummary>(std::move(found.front()));
}

base::Result<std::vector<StudySummary>> Store::complete_quiet_studies() {
  std::lock_guard lock(mutex_);
  const std::int64_t t = now();
  Transaction tx(*db_);
  DISCUS_CHECK(tx.begin(TxKind::kWrite));
  DISCUS_TRY(auto quiet, query_locked("WHERE state = 'receiving' AND last_received_ms <= ?1", {std::to_string(t - options_.quiet_ms)}, 0));
  for (StudySummary& s : quiet) {
    // The content digest: the sorted SOP Instance UIDs with their data set digests.
    base::Sha256 h;
    DISCUS_TRY(Statement * q, db_->statement("SELECT sop_uid, digest FROM store_instances WHERE study_uid = ?1 ORDER BY sop_uid"));
    q->bind(1, s.study_instance_uid);
    for (;;) {
      DISCUS_TRY(bool row, q->step());
      if (!row) break;
      const std::string line = q->text(0) + " " + q->text(1) + "\n";
      h.update(base::ByteView(reinterpret_cast<const std::uint8_t*>(line.data()), line.size()));
    }
    q->reset();
    s.digest = h.hex_digest();
    s.state = StudyState::kQuiet;
    s.completed_ms = t;
    DISCUS_TRY(Statement * u, db_->statement("UPDATE store_studies SET state = 'quiet', digest = ?2, completed_ms = ?3 WHERE study_uid = ?1"));
    u->bind(1, s.study_instance_uid).bind(2, s.digest).bind(3, t);
    DISCUS_CHECK(u->run());
    DISCUS_CHECK(fill_details_locked(s, false));
  }
  DISCUS_CHECK(tx.commit());
  return quiet;
}

base::Result<std::vector<StudySummary>> Store::studies_awaiting_rules() {
  std::lock_guard lock(mutex_);
  DISCUS_TRY(auto found, query_locked("WHERE state = 'quiet'", {}, 0));
  for (StudySummary& s : found) DISCUS_CHECK(fill_details_locked(s, false));
  return found;
}

Status Store::rules_done(const std::string& study, const std::string& digest) {
  std::lock_guard lock(mutex_);
  DISCUS_TRY(Statement * u, db_->statement("UPDATE store_studies SET state = 'complete' WHERE study_uid = ?1 AND state = 'quiet' AND digest = ?2"));
  u->bind(1, study).bind(2, digest);
  return u->run();
}

base::Result<bool> Store::claim_fire(const std::string& rule, const std::string& study, const std::string& digest, Fire* previous) {
  std::lock_guard lock(mutex_);
  DISCUS_TRY(Statement * i, db_->statement(
      "INSERT INTO store_fires (rule, study_uid, digest, job, fired_ms) VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT DO NOTHING"));
  i->bind(1, rule).bind(2, study).bind(3, digest).bind(4, now());
  DISCUS_CHECK(i->run());
  if (db_->changes() == 1) return true;
  DISCUS_TRY(Statement * q, db_->statement("SELECT job, fired_ms FROM store_fires WHERE rule = ?1 AND study_uid = ?2 AND digest = ?3"));
  q->bind(1, rule).bind(2, study).bind(3, digest);
  DISCUS_TRY(bool row, q->step());
  if (row && previous != nullptr) *previous = Fire{rule, study, digest, q->integer(0), q->integer(1)};
  q->reset();
  return false;
}

Status Store::set_fire_job(const std::string& rule, const std::string& study, const std::string& digest, std::int64_t job) {
  std::lock_guard lock(mutex_);
  DISCUS_TRY(Statement * u, db_->statement("UPDATE store_fires SET job = ?4 WHERE rule = ?1 AND study_uid = ?2 AND digest = ?3"));
  u->bind(1, rule).bind(2, study).bind(3, digest).bind(4, job);
  return u->run();
}

base::Result<std::optional<std::uint64_t>> Store::purge(const std::string& study) {
  std::lock_guard lock(mutex_);
  DISCUS_TRY(auto found, query_locked("WHERE study_uid = ?1", {study}, 1));
  if (found.empty()) return std::optional<std::uint64_t>();
  DISCUS_CHECK(fill_details_locked(found.front(), false));
  // Files first, rows after: a purge killed in between leaves rows reconcile() forgets.
  std::error_code ec;
  fs::remove_all(folder_of(study), ec);
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot remove {}: {}", folder_of(study), ec.message())};
  Transaction tx(*db_);
  DISCUS_CHECK(tx.begin(TxKind::kWrite));
  DISCUS_TRY(Statement * d1, db_->statement("DELETE FROM store_instances WHERE study_uid = ?1"));
  d1->bind(1, study);
  DISCUS_CHECK(d1->run());
  DISCUS_TRY(Statement * d2, db_->statement("DELETE FROM store_studies WHERE study_uid = ?1"));
  d2->bind(1, study);
  DISCUS_CHECK(d2->run());
  DISCUS_CHECK(tx.commit());
  return std::optional<std::uint64_t>(found.front().bytes);
}

base::Result<std::vector<StudySummary>> Store::older_than(int days) {
  std::lock_guard lock(mutex_);
  const std::int64_t cutoff = now() - static_cast<std::int64_t>(days) * 86400000;
  DISCUS_TRY(auto found, query_locked("WHERE last_received_ms <= ?1", {std::to_string(cutoff)}, 0));
  for (StudySummary& s : found) DISCUS_CHECK(fill_details_locked(s, false));
  return found;
}

}  // namespace discus::store
