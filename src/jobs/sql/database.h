// discus::jobs::sql — the small SQL interface the queue's repository is written against, so
// SQLite and PostgreSQL share one repository (issue 14 item 2: one schema, one logic).
//
// Positional parameters are written "?1".."?N" (or bare "?", numbered left to right as SQLite
// does); the PostgreSQL adapter rewrites them to "$N". Statements are prepared once per
// connection and cached by text. Values are 64-bit integers and UTF-8 text only: the schema
// keeps to those (schema.h). What differs per backend is said by the few dialect hooks below:
// row locking, the claim's SKIP LOCKED, the migration lock, the integrity check, the clock.
//   sql::Transaction tx(db); DISCUS_CHECK(tx.begin(sql::TxKind::kWrite));
//   DISCUS_TRY(Statement * s, db.statement("SELECT state FROM jobs WHERE id = ?1")); s->bind(1, id);
//   DISCUS_TRY(bool row, s->step()); ... s->reset(); DISCUS_CHECK(tx.commit());
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "jobs/schema.h"

namespace discus::jobs::sql {

class Statement {
 public:
  virtual ~Statement() = default;
  virtual Statement& bind(int index, std::int64_t value) = 0;
  virtual Statement& bind(int index, std::string_view value) = 0;
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  // Runs the statement on the first call; true while a row is there to read.
  virtual base::Result<bool> step() = 0;
  // Step to the end, then reset: for statements without rows.
  base::Status run() {
    for (;;) {
      DISCUS_TRY(bool row, step());
      if (!row) break;
    }
    reset();
    return {};
  }
  virtual void reset() = 0;  // always call after a partial read; clears bindings
  virtual std::int64_t integer(int column) const = 0;
  virtual std::string text(int column) const = 0;
};

enum class TxKind {
  kWrite,  // SQLite: BEGIN IMMEDIATE (the one writer); PostgreSQL: BEGIN, READ COMMITTED + row locks
  kRead,   // one consistent snapshot that takes no write lock (list of jobs and their copies)
};

class Database {
 public:
  virtual ~Database() = default;

  virtual Dialect dialect() const = 0;
  // Where the queue is, for messages: the file, or the URL without its password.
  virtual const std::string& where() const = 0;

  virtual base::Status exec(std::string_view sql) = 0;  // statements without results, ';'-separated
  virtual base::Result<Statement*> statement(std::string_view sql) = 0;  // cached, owned by the database
  // Rows the last INSERT/UPDATE/DELETE run through statement() changed.
  virtual std::int64_t changes() const = 0;

  // A dropped connection is reconnected here, at the start of a transaction, never inside one.
  virtual base::Status begin(TxKind kind) = 0;
  virtual base::Status commit() = 0;
  virtual void rollback() noexcept = 0;

  // The database's own time at the start of the current transaction, epoch ms; nullopt where
  // the backend has no shared clock (SQLite: the process clock is the only one).
  virtual std::optional<std::int64_t> transaction_time_ms() const = 0;
  // Appended to a SELECT that reads a row the transaction then changes: PostgreSQL
  // " FOR UPDATE" (another station waits for us); SQLite "" (one writer already).
  virtual std::string_view lock_rows() const = 0;
  // Appended to the claim's SELECT: PostgreSQL " FOR UPDATE SKIP LOCKED" (stations claim
  // different jobs without waiting on each other); SQLite "".
  virtual std::string_view skip_locked() const = 0;
  // Inside the migration transaction, before the version is read: PostgreSQL takes an
  // advisory lock so two stations starting at once do not both migrate; SQLite holds the
  // write lock already.
  virtual base::Status lock_for_migration() = 0;
  // Locks the rows of these jobs (ids ascending) for the rest of the transaction, in one round
  // trip: PostgreSQL "SELECT ... FOR UPDATE" (a batch locks all its rows before it records an
  // event, see lock_events); SQLite nothing.
  virtual base::Status lock_jobs(std::span<const std::int64_t> ids) = 0;
  // Before a transaction records its first event. PostgreSQL: an advisory lock held to the
  // commit, so events get their seq in commit order and a reader of events_since(after) never
  // sees seq 11 committed before seq 10 (which it would then skip for good); SQLite: nothing
  // (one writer already).
  virtual base::Status lock_events() = 0;
  // At open: SQLite's PRAGMA integrity_check; PostgreSQL checks its own pages.
  virtual base::Status check_integrity() = 0;
};

// begin() ... commit(); destroyed without commit() it rolls back, so an early error return
// leaves nothing written.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) {}
  ~Transaction() {
    if (open_) db_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  base::Status begin(TxKind kind) {
    DISCUS_CHECK(db_.begin(kind));
    open_ = true;
    return {};
  }
  base::Status commit() {
    open_ = false;
    return db_.commit();
  }

 private:
  Database& db_;
  bool open_ = false;
};

}  // namespace discus::jobs::sql
