#include "jobs/import_ledger.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "jobs/sql/database.h"
#include "jobs/sqlite/sqlite_db.h"

namespace discus::jobs {
namespace {


constexpr std::string_view kSchema = R"(
CREATE TABLE IF NOT EXISTS import_sent (
  destination TEXT NOT NULL, sop_instance_uid TEXT NOT NULL, source_sha256 TEXT NOT NULL,
  sent_sha256 TEXT NOT NULL, state TEXT NOT NULL, import_id TEXT NOT NULL,
  PRIMARY KEY (destination, sop_instance_uid));
CREATE TABLE IF NOT EXISTS import_holds (
  id TEXT PRIMARY KEY, import_id TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, reason TEXT NOT NULL,
  import_args TEXT NOT NULL, decision TEXT NOT NULL, patient_id TEXT NOT NULL, issuer TEXT NOT NULL);
)";

class SqliteLedger final : public import::Ledger {
 public:
  explicit SqliteLedger(std::unique_ptr<sql::Database> db) : db_(std::move(db)) {}

  // synchronous=NORMAL on this connection (WAL): a commit survives the death of the process,
  // which is what resume needs, without an fsync per row (two per C-STORE at FULL cost the
  // import three quarters of its time). A power cut may lose the last rows: an instance sent
  // then is sent again after the reboot (a PACS keeps one copy), never lost.
  base::Status init() {
    DISCUS_CHECK(db_->exec("PRAGMA synchronous = NORMAL"));
    return db_->exec(kSchema);
  }

  base::Result<std::optional<import::LedgerEntry>> find(const std::string& destination, const std::string& uid) override {
    DISCUS_TRY(sql::Statement * s, db_->statement("SELECT source_sha256, sent_sha256, state, import_id FROM import_sent "
                                                   "WHERE destination = ?1 AND sop_instance_uid = ?2"));
    s->bind(1, destination).bind(2, uid);
    DISCUS_TRY(bool row, s->step());
    std::optional<import::LedgerEntry> out;
    if (row) out = import::LedgerEntry{destination, uid, s->text(0), s->text(1), s->text(2), s->text(3)};
    s->reset();
    return out;
  }

  base::Status begin_send(const import::LedgerEntry& e) override {
    return write("INSERT INTO import_sent (destination, sop_instance_uid, source_sha256, sent_sha256, state, import_id) "
                 "VALUES (?1, ?2, ?3, '', 'sending', ?4) ON CONFLICT (destination, sop_instance_uid) DO UPDATE SET "
                 "source_sha256 = excluded.source_sha256, sent_sha256 = '', state = 'sending', import_id = excluded.import_id",
                 {e.destination, e.sop_instance_uid, e.source_sha256, e.import_id});
  }

  base::Status end_send(const std::string& destination, const std::string& uid, bool ok, const std::string& sent_sha256) override {
    if (!ok) return write("DELETE FROM import_sent WHERE destination = ?1 AND sop_instance_uid = ?2", {destination, uid});
    return write("UPDATE import_sent SET state = 'sent', sent_sha256 = ?3 WHERE destination = ?1 AND sop_instance_uid = ?2",
                 {destination, uid, sent_sha256});
  }

  base::Result<std::optional<import::Hold>> find_hold(const std::string& id) override {
    DISCUS_TRY(std::vector<import::Hold> all, select("WHERE id = ?1", id));
    if (all.empty()) return std::optional<import::Hold>();
    return std::optional<import::Hold>(all.front());
  }

  base::Status save_hold(const import::Hold& h) override {
    return write("INSERT INTO import_holds (id, import_id, kind, subject, reason, import_args, decision, patient_id, issuer) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', '', '') ON CONFLICT (id) DO UPDATE SET subject = excluded.subject, "
                 "reason = excluded.reason, import_args = excluded.import_args WHERE import_holds.decision = ''",
                 {h.id, h.import_id, h.kind, h.subject, h.reason, h.import_args});
  }

  base::Status decide(const std::string& id, const std::string& decision, const std::string& patient_id,
                      const std::string& issuer) override {
    return write("UPDATE import_holds SET decision = ?2, patient_id = ?3, issuer = ?4 WHERE id = ?1", {id, decision, patient_id, issuer});
  }

  base::Result<std::vector<import::Hold>> holds() override { return select("", ""); }

 private:
  base::Status write(std::string_view text, std::initializer_list<std::string_view> values) {
    sql::Transaction tx(*db_);
    DISCUS_CHECK(tx.begin(sql::TxKind::kWrite));
    DISCUS_TRY(sql::Statement * s, db_->statement(text));
    int k = 1;
    for (std::string_view v : values) s->bind(k++, v);
    DISCUS_CHECK(s->run());
    return tx.commit();
  }

  base::Result<std::vector<import::Hold>> select(std::string_view where, const std::string& id) {
    const std::string text = "SELECT id, import_id, kind, subject, reason, import_args, decision, patient_id, issuer FROM import_holds " +
                             std::string(where) + " ORDER BY id";
    DISCUS_TRY(sql::Statement * s, db_->statement(text));
    if (!where.empty()) s->bind(1, id);
    std::vector<import::Hold> out;
    for (;;) {
      auto row = s->step();
      if (!row) {
        s->reset();
        return std::move(row).error();
      }
      if (!*row) break;
      out.push_back({s->text(0), s->text(1), s->text(2), s->text(3), s->text(4), s->text(5), s->text(6), s->text(7), s->text(8)});
    }
    s->reset();
    return out;
  }

  std::unique_ptr<sql::Database> db_;
};

}  // namespace

std::string default_import_ledger_path() {
  std::string dir;
  if (const char* s = std::getenv("DISCUS_STATE_DIR"); s != nullptr && *s != '\0') dir = s;
  else if (const char* x = std::getenv("XDG_STATE_HOME"); x != nullptr && *x != '\0') dir = std::string(x) + "/discus";
  else if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') dir = std::string(h) + "/.local/state/discus";
  else dir = ".";
  return dir + "/import-ledger.sqlite";
}

base::Result<std::unique_ptr<import::Ledger>> open_import_ledger(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  DISCUS_TRY(std::unique_ptr<sql::Database> db, sqlite::open_database(path));
  auto ledger = std::make_unique<SqliteLedger>(std::move(db));
  DISCUS_CHECK(ledger->init());
  return std::unique_ptr<import::Ledger>(std::move(ledger));
}

}  // namespace discus::jobs
