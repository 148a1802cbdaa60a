#include "jobs/sqlite/sqlite_db.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <map>

namespace discus::jobs::sqlite {
namespace {

base::Error make_error(sqlite3* db, const std::string& path, std::string_view what) {
  const int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
  const auto primary = code & 0xff;
  // A file that is not a database or is damaged is a structure problem, not an I/O hiccup.
  const auto kind = (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) ? base::ErrorCode::kBadStructure
                    : primary == SQLITE_CONSTRAINT                          ? base::ErrorCode::kConflict
                                                                            : base::ErrorCode::kIo;
  // Busy past the timeout: another process has held the write lock for 10 s. SQLite is one
  // writer per file; several stations share a queue through PostgreSQL instead.
  const std::string_view hint = primary == SQLITE_BUSY ? " (another process holds the queue's write lock: one SQLite "
                                                         "queue serves one station; share a queue with --queue "
                                                         "postgresql://...)"
                                                       : "";
  return base::Error{kind, fmt::format("{}: {}{}", what, db ? sqlite3_errmsg(db) : "out of memory", hint)}.in_file(path);
}

class SqliteStatement final : public sql::Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, const std::string& path) : db_(db), stmt_(stmt), path_(path) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  using sql::Statement::bind;

  Statement& bind(int index, std::int64_t value) override {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Statement& bind(int index, std::string_view value) override {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
  }
  base::Result<bool> step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    auto e = make_error(db_, path_, fmt::format("running \"{:.60}\"", sqlite3_sql(stmt_)));
    reset();
    return e;
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::int64_t integer(int column) const override { return sqlite3_column_int64(stmt_, column); }
  std::string text(int column) const override {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  const std::string& path_;
};

class SqliteDatabase final : public sql::Database {
 public:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteDatabase() override {
    cache_.clear();  // statements first: sqlite3_close refuses while any is alive
    sqlite3_close(db_);
  }
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }
  const std::string& where() const override { return path_; }

  base::Status exec(std::string_view sql) override {
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return {};
    sqlite3_free(message);
    return error(fmt::format("running \"{:.60}\"", text));
  }

  base::Result<sql::Statement*> statement(std::string_view sql) override {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second.get();
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK)
      return error(fmt::format("preparing \"{:.60}\"", sql));
    auto [it, _] = cache_.emplace(std::string(sql), std::make_unique<SqliteStatement>(db_, stmt, path_));
    return it->second.get();
  }

  std::int64_t changes() const override { return sqlite3_changes(db_); }

  // BEGIN IMMEDIATE takes the write lock at the start: one writer, and no deadlock from two
  // readers upgrading at once. With WAL a plain BEGIN is a read snapshot that blocks no one.
  base::Status begin(sql::TxKind kind) override {
    return exec(kind == sql::TxKind::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  base::Status commit() override {
    auto s = exec("COMMIT");
    if (!s) rollback();
    return s;
  }
  void rollback() noexcept override { (void)exec("ROLLBACK"); }

  std::optional<std::int64_t> transaction_time_ms() const override { return std::nullopt; }
  std::string_view lock_rows() const override { return ""; }
  std::string_view skip_locked() const override { return ""; }
  base::Status lock_for_migration() override { return {}; }
  base::Status lock_events() override { return {}; }
  base::Status lock_jobs(std::span<const std::int64_t>) override { return {}; }

  base::Status check_integrity() override {
    DISCUS_TRY(sql::Statement * s, statement("PRAGMA integrity_check"));
    std::string report;
    for (int lines = 0;; ++lines) {
      DISCUS_TRY(bool row, s->step());
      if (!row) break;
      if (lines < 5) report += (report.empty() ? "" : "; ") + s->text(0);
    }
    s->reset();
    if (report == "ok") return {};
    return base::Error{base::ErrorCode::kBadStructure,
                       fmt::format("the queue database fails PRAGMA integrity_check ({}); move it aside and restore "
                                   "the last backup, or start with an empty queue",
                                   report)}
        .in_file(path_);
  }

  base::Error error(std::string_view what) const { return make_error(db_, path_, what); }

 private:
  sqlite3* db_;
  std::string path_;
  std::map<std::string, std::unique_ptr<SqliteStatement>, std::less<>> cache_;
};

}  // namespace

base::Result<std::unique_ptr<sql::Database>> open_database(const std::string& path) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  auto db = std::make_unique<SqliteDatabase>(raw, path);
  if (rc != SQLITE_OK) return make_error(raw, path, "opening the queue database");
  // Another process's write lock is waited for a while instead of failing at once (two
  // processes on one file: the second waits in BEGIN IMMEDIATE, nothing is lost).
  sqlite3_busy_timeout(raw, 10000);
  // WAL: readers (list, the event stream) never block the writer. synchronous=FULL: the WAL is
  // fsync'd at every commit, so a committed transition survives a power cut, not just a crash.
  DISCUS_CHECK(db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON"));
  // Reads through a memory map and a 16 MiB page cache: listing 10,000 jobs then copies no
  // pages through read() (issue 14: the list answers in under 50 ms). Writes still go through
  // the WAL, so durability is unchanged.
  DISCUS_CHECK(db->exec("PRAGMA mmap_size=268435456; PRAGMA cache_size=-16384"));
  return std::unique_ptr<sql::Database>(std::move(db));
}

}  // namespace discus::jobs::sqlite
