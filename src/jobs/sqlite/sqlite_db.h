// discus::jobs::sqlite — a small RAII adapter over the SQLite C API; sqlite3.h is included in
// sqlite_db.cc only (DESIGN.md: a third-party header lives in one adapter folder).
//
// Errors come back as base::Error naming the database file and SQLite's own message. Statements
// are prepared once and reset after each use (prepare costs more than most of our queries).
//   DISCUS_TRY(Database db, Database::open(path));
//   Statement& s = db.statement("SELECT state FROM jobs WHERE id = ?"); s.bind(1, id);
//   DISCUS_TRY(bool row, s.step()); if (row) use(s.text(0)); s.reset();
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace discus::jobs::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::string path) : db_(db), stmt_(stmt), path_(std::move(path)) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  base::Result<bool> step();  // true: a row is there to read
  base::Status run();         // step to the end, then reset
  void reset();               // always call after a partial read; clears bindings

  std::int64_t integer(int column) const;
  std::string text(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::string path_;
};

class Database {
 public:
  // Opens (creating if asked) with WAL, synchronous=FULL and foreign keys on.
  static base::Result<std::unique_ptr<Database>> open(const std::string& path, bool create);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  base::Status exec(std::string_view sql);  // statements without results, ';'-separated
  base::Result<Statement*> statement(std::string_view sql);  // cached, owned by the database
  std::int64_t last_insert_id() const;
  int changes() const;
  const std::string& path() const { return path_; }
  base::Error error(std::string_view what) const;  // "PATH: WHAT: sqlite's message"

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
};

// BEGIN IMMEDIATE ... COMMIT: the write lock is taken at the start (one writer, no upgrade
// deadlock); destroyed without commit() it rolls back, so an early error return leaves nothing.
class Transaction {
 public:
  static base::Result<Transaction> begin(Database& db);
  // BEGIN (deferred): a read snapshot that takes no write lock, for list().
  static base::Result<Transaction> begin_read(Database& db);
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  base::Status commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace discus::jobs::sqlite
