#include "jobs/import_step.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "import/report.h"
#include "jobs/import_ledger.h"
#include "jobs/sql/database.h"
#include "jobs/sqlite/sqlite_db.h"

namespace discus::jobs {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;
using Json = nlohmann::json;

// The desk's own tables, in the ledger's file (the ledger's are created by open_import_ledger).
constexpr std::string_view kSchema = R"(
CREATE TABLE IF NOT EXISTS import_jobs (
  job INTEGER PRIMARY KEY, import_id TEXT NOT NULL, report TEXT NOT NULL, step TEXT NOT NULL,
  done INTEGER NOT NULL, total INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS import_hold_jobs (
  hold TEXT PRIMARY KEY, job INTEGER NOT NULL, opened_ms INTEGER NOT NULL, decided_ms INTEGER NOT NULL,
  decided_by TEXT NOT NULL, note TEXT NOT NULL);
)";

base::Result<std::unique_ptr<sql::Database>> open_records(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  DISCUS_TRY(std::unique_ptr<sql::Database> db, sqlite::open_database(path.string()));
  // As the ledger: a commit survives the death of the process without an fsync per row.
  DISCUS_CHECK(db->exec("PRAGMA synchronous = NORMAL"));
  DISCUS_CHECK(db->exec(kSchema));
  return db;
}

base::Status write(sql::Database& db, std::string_view text, const std::vector<std::string>& values,
                   const std::vector<std::int64_t>& numbers = {}) {
  sql::Transaction tx(db);
  DISCUS_CHECK(tx.begin(sql::TxKind::kWrite));
  DISCUS_TRY(sql::Statement * s, db.statement(text));
  int k = 1;
  for (const std::string& v : values) s->bind(k++, v);
  for (std::int64_t n : numbers) s->bind(k++, n);
  DISCUS_CHECK(s->run());
  return tx.commit();
}

// A medium named by the job: a drive ("stdio:PATH", "/dev/srN"), a folder, or an image file.
import::SourceKind source_kind(const std::string& source) {
  std::error_code ec;
  if (source.starts_with("stdio:") || source.starts_with("/dev/")) return import::SourceKind::kDrive;
  if (fs::is_directory(source, ec)) return import::SourceKind::kDir;
  return import::SourceKind::kIso;
}

// Coerced files wait for their C-STORE in memory (/dev/shm, as `discus import` does) in a folder
// of the job's: a kill leaves it, and the next run of the job clears it first.
std::string staging_for(const fs::path& state_dir, JobId job) {
  std::error_code ec;
  if (fs::is_directory("/dev/shm", ec)) return fmt::format("/dev/shm/discusd-import-job-{}", job);
  return (state_dir / "staging" / fmt::format("import-job-{}", job)).string();
}

// Counts instances as the destination answers for them: the "send" step's progress.
class CountingDestination final : public import::Destination {
 public:
  CountingDestination(import::Destination& inner, std::function<void(std::uint64_t)> tick) : inner_(inner), tick_(std::move(tick)) {}
  std::string id() const override { return inner_.id(); }
  void send(const std::vector<import::Staged>& files, const std::function<void(std::size_t)>& before,
            const std::function<void(std::size_t, const std::string&)>& after) override {
    inner_.send(files, before, [&](std::size_t i, const std::string& error) {
      after(i, error);
      tick_(++sent_);
    });
  }

 private:
  import::Destination& inner_;
  std::function<void(std::uint64_t)> tick_;
  std::uint64_t sent_ = 0;
};

std::string accounting(const import::ImportReport& r) {
  std::string out = fmt::format("{} files:", r.files.size());
  const auto counts = r.counts();
  bool first = true;
  for (import::Outcome o : import::kAllOutcomes) {
    const std::string name(import::outcome_name(o));
    out += fmt::format("{} {} {}", first ? "" : ",", name, counts.at(name));
    first = false;
  }
  return out;
}

HoldRecord record_of(import::Hold h, JobId job, std::int64_t opened, std::int64_t decided, std::string by, std::string note) {
  HoldRecord r;
  r.hold = std::move(h);
  r.job = job;
  r.opened_ms = opened;
  r.decided_ms = decided;
  r.decided_by = std::move(by);
  r.note = std::move(note);
  return r;
}

}  // namespace

Json to_json(const HoldRecord& r) {
  const import::Hold& h = r.hold;
  Json j{{"id", h.id}, {"job", r.job}, {"kind", h.kind}, {"question", h.reason}, {"opened_ms", r.opened_ms}};
  j["options"] = h.kind == "identity" ? Json::array({"patient", "reject"}) : Json::array({"resend", "reject"});
  const Json subject = Json::parse(h.subject, nullptr, false);
  if (subject.is_object()) {
    if (h.kind == "identity") {
      if (subject.contains("foreign")) j["foreign"] = subject["foreign"];
      j["candidates"] = subject.value("candidates", Json::array());
      if (subject.contains("instances")) j["instances"] = subject["instances"];
    } else {
      if (subject.contains("sop_instance_uid")) j["sop_instance_uid"] = subject["sop_instance_uid"];
      if (subject.contains("source")) j["source"] = subject["source"];
    }
  }
  if (!h.decision.empty()) {
    Json d{{"action", h.decision}};
    if (h.decision == "patient") {
      d["patient_id"] = h.patient_id;
      if (!h.issuer.empty()) d["issuer"] = h.issuer;
    }
    if (!r.note.empty()) d["note"] = r.note;
    j["decision"] = std::move(d);
    j["decided_by"] = r.decided_by;
    j["decided_ms"] = r.decided_ms;
  }
  return j;
}

ImportDesk::ImportDesk(ImportDeskOptions options) : o_(std::move(options)) {}

std::int64_t ImportDesk::now() const {
  if (o_.clock) return o_.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

base::Result<ImportEnd> ImportDesk::run(const Job& job, app::Progress& progress) {
  if (!o_.setup) return Error{ErrorCode::kUnsupported, "this station has no import destinations configured"};
  const std::string& source = job.spec.import.source;
  DISCUS_TRY(std::unique_ptr<sql::Database> db, open_records(ledger_path()));
  DISCUS_TRY(std::unique_ptr<import::Ledger> ledger, open_import_ledger(ledger_path().string()));

  // Progress: the step and its counts in the job's row (what the inventory shows while it runs,
  // written at most every quarter second) and to the scheduler's listener.
  std::mutex progress_mutex;
  std::int64_t last_write = 0;
  auto report_progress = [&](std::string_view step, app::Stage stage, std::uint64_t done, std::uint64_t total, bool force) {
    progress.on_progress(app::ProgressEvent{stage, app::Unit::kFiles, done, total, {}});
    std::lock_guard lock(progress_mutex);
    const std::int64_t t = now();
    if (!force && t - last_write < 250) return;
    last_write = t;
    (void)write(*db,
                "INSERT INTO import_jobs (job, import_id, report, step, done, total, updated_ms) VALUES (?2, '', '{}', ?1, ?3, ?4, ?5) "
                "ON CONFLICT (job) DO UPDATE SET step = excluded.step, done = excluded.done, total = excluded.total, "
                "updated_ms = excluded.updated_ms",
                {std::string(step)}, {job.id, static_cast<std::int64_t>(done), static_cast<std::int64_t>(total), t});
  };

  report_progress("scan", app::Stage::kScan, 0, 0, true);
  auto medium = import::open_medium(source_kind(source), source);
  if (!medium) return Error{medium.error().code, fmt::format("the medium {}: {}", source, medium.error().describe())};
  report_progress("scan", app::Stage::kScan, medium->entries.size(), medium->entries.size(), true);
  DISCUS_TRY(ImportSetup setup, o_.setup(job));

  std::uint64_t total = 0;
  CountingDestination counting(*setup.destination, [&](std::uint64_t sent) {
    report_progress("send", app::Stage::kCopy, sent, std::max(total, sent), false);
  });
  import::ImportOptions io;
  io.destination = &counting;
  io.ledger = ledger.get();
  io.demographics = setup.demographics.get();
  io.local_issuer = setup.local_issuer;
  io.uid_root = o_.uid_root;
  io.modifying_system = o_.modifying_system;
  io.staging_dir = staging_for(o_.state_dir, job.id);
  io.import_args = Json{{"job", job.id}}.dump();  // a daemon's hold is answered through the API, not --resolve
  // The importer's notices say how far sending got ("N of M instances sent"): M is the total.
  io.notice = [&](std::string_view line) {
    std::size_t n = 0, m = 0;
    if (std::sscanf(std::string(line).c_str(), "%zu of %zu instances sent", &n, &m) == 2) {
      std::lock_guard lock(progress_mutex);
      total = m;
    }
  };
  report_progress("import", app::Stage::kRead, 0, medium->entries.size(), true);
  auto report = import::run_import(*medium, io);
  std::error_code ec;
  fs::remove_all(io.staging_dir, ec);
  if (!report) return std::move(report).error();
  if (o_.audit) o_.audit(job, *report);

  // The report and the holds it opened, kept with the job.
  const std::int64_t t = now();
  DISCUS_CHECK(write(*db,
                     "INSERT INTO import_jobs (job, import_id, report, step, done, total, updated_ms) VALUES (?3, ?1, ?2, 'done', ?4, ?4, ?5) "
                     "ON CONFLICT (job) DO UPDATE SET import_id = excluded.import_id, report = excluded.report, step = 'done', "
                     "done = excluded.done, total = excluded.total, updated_ms = excluded.updated_ms",
                     {report->import_id, import::to_json(*report).dump(-1, ' ', false, Json::error_handler_t::replace)},
                     {job.id, static_cast<std::int64_t>(report->files.size()), t}));
  std::set<std::string> open;
  for (const import::FileResult& f : report->files)
    if (f.outcome == import::Outcome::kHeld && !f.hold.empty()) open.insert(f.hold);
  for (const std::string& h : open)
    DISCUS_CHECK(write(*db,
                       "INSERT INTO import_hold_jobs (hold, job, opened_ms, decided_ms, decided_by, note) VALUES (?1, ?2, ?3, 0, '', '') "
                       "ON CONFLICT (hold) DO UPDATE SET job = excluded.job WHERE import_hold_jobs.decided_ms = 0",
                       {h}, {job.id, t}));
  if (open.empty()) return ImportEnd{JobState::kDone, accounting(*report)};
  std::string waits;
  for (const std::string& h : open) waits += (waits.empty() ? "" : ", ") + h;
  return ImportEnd{JobState::kHeld, fmt::format("waiting for a person's decision ({} hold{}: {}); {}", open.size(),
                                                open.size() == 1 ? "" : "s", waits, accounting(*report))};
}

base::Result<std::optional<Json>> ImportDesk::inventory(JobId job) {
  DISCUS_TRY(std::unique_ptr<sql::Database> db, open_records(ledger_path()));
  DISCUS_TRY(sql::Statement * s, db->statement("SELECT import_id, report, step, done, total FROM import_jobs WHERE job = ?1"));
  s->bind(1, job);
  DISCUS_TRY(bool row, s->step());
  if (!row) {
    s->reset();
    return std::optional<Json>();
  }
  const std::string import_id = s->text(0), text = s->text(1), step = s->text(2);
  const std::int64_t done = s->integer(3), total = s->integer(4);
  s->reset();
  Json report = Json::parse(text, nullptr, false);
  if (!report.is_object()) report = Json::object();
  Json inv{{"job", job}, {"files_seen", report.value("files_seen", 0)}, {"outcomes", report.value("outcomes", Json::object())}};
  if (!import_id.empty()) inv["import_id"] = import_id;
  for (const char* k : {"medium", "destination"})
    if (report.contains(k)) inv[k] = report[k];
  inv["complete"] = report.contains("files") && std::none_of(report["files"].begin(), report["files"].end(), [](const Json& f) {
    const std::string o = f.value("outcome", "");
    return o == "held" || o == "conflict" || o == "unreadable";
  });
  inv["problems"] = report.value("problems", Json::array());
  inv["patients"] = report.value("patients", Json::array());
  inv["progress"] = Json{{"step", step}, {"done", done}, {"total", total}};
  if (!report.empty()) inv["report"] = std::move(report);
  return std::optional<Json>(std::move(inv));
}

base::Result<std::vector<HoldRecord>> ImportDesk::holds(bool open_only) {
  DISCUS_TRY(std::unique_ptr<sql::Database> db, open_records(ledger_path()));
  DISCUS_TRY(std::unique_ptr<import::Ledger> ledger, open_import_ledger(ledger_path().string()));
  DISCUS_TRY(std::vector<import::Hold> all, ledger->holds());
  std::vector<HoldRecord> out;
  DISCUS_TRY(sql::Statement * s, db->statement("SELECT job, opened_ms, decided_ms, decided_by, note FROM import_hold_jobs WHERE hold = ?1"));
  for (import::Hold& h : all) {
    if (open_only && !h.decision.empty()) continue;
    s->bind(1, h.id);
    auto row = s->step();
    if (!row) {
      s->reset();
      return std::move(row).error();
    }
    if (!*row) {  // a hold of `discus import` run on this ledger: no job waits for it
      s->reset();
      continue;
    }
    HoldRecord r = record_of(std::move(h), s->integer(0), s->integer(1), s->integer(2), s->text(3), s->text(4));
    s->reset();
    out.push_back(std::move(r));
  }
  return out;
}

base::Result<HoldRecord> ImportDesk::decide(const std::string& id, const std::string& action, const std::string& patient_id,
                                            const std::string& issuer, const std::string& who, const std::string& note) {
  std::lock_guard lock(decide_mutex_);
  DISCUS_TRY(std::vector<HoldRecord> all, holds(false));
  auto it = std::find_if(all.begin(), all.end(), [&](const HoldRecord& r) { return r.hold.id == id; });
  if (it == all.end()) return Error{ErrorCode::kNotFound, fmt::format("no hold {} of an import job", id)};
  HoldRecord r = *it;
  if (!r.hold.decision.empty())
    return Error{ErrorCode::kConflict, fmt::format("hold {} was decided already ({} by {})", id, r.hold.decision, r.decided_by)};
  if (action != "patient" && action != "reject" && action != "resend")
    return Error{ErrorCode::kInvalidArgument, fmt::format("unknown action \"{}\" (patient, reject, resend)", action)};
  if (r.hold.kind == "identity" && action == "resend")
    return Error{ErrorCode::kInvalidArgument, fmt::format("{} holds a patient: answer with patient (and its patient_id) or reject", id)};
  if (r.hold.kind != "identity" && action == "patient")
    return Error{ErrorCode::kInvalidArgument, fmt::format("{} holds an instance: answer with resend or reject", id)};
  if (action == "patient" && patient_id.empty())
    return Error{ErrorCode::kInvalidArgument, "the action patient needs the local patient_id"};
  if (action != "patient" && (!patient_id.empty() || !issuer.empty()))
    return Error{ErrorCode::kInvalidArgument, "patient_id and issuer go with the action patient only"};
  DISCUS_TRY(std::unique_ptr<import::Ledger> ledger, open_import_ledger(ledger_path().string()));
  DISCUS_CHECK(ledger->decide(id, action, patient_id, issuer));
  DISCUS_TRY(std::unique_ptr<sql::Database> db, open_records(ledger_path()));
  const std::int64_t t = now();
  DISCUS_CHECK(write(*db, "UPDATE import_hold_jobs SET decided_by = ?1, note = ?2, decided_ms = ?4 WHERE hold = ?3", {who, note, id}, {t}));
  r.hold.decision = action;
  r.hold.patient_id = patient_id;
  r.hold.issuer = issuer;
  r.decided_by = who;
  r.decided_ms = t;
  r.note = note;
  return r;
}

}  // namespace discus::jobs
