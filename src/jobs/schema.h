// discus::jobs — the queue's schema as versioned migrations shared by every backend.
//
// One schema for SQLite and PostgreSQL (issue 14 item 2): portable types (BIGINT, TEXT,
// INTEGER 0/1 for booleans, times as epoch milliseconds) and two dialect tokens: {{id}} for an
// auto-generated key (SQLite "INTEGER PRIMARY KEY", PostgreSQL "BIGINT GENERATED ALWAYS AS
// IDENTITY PRIMARY KEY") and {{clustered}} after a table kept in key order (SQLite "WITHOUT
// ROWID", PostgreSQL nothing). A migration is applied once, recorded in schema_migrations with its
// version; a database newer than this program is refused rather than guessed at.
//   for (const Migration& m : migrations()) if (m.version > current) run(render(m, Dialect::kSqlite));
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace discus::jobs {

enum class Dialect { kSqlite, kPostgresql };

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // several statements separated by ';'
};

std::span<const Migration> migrations();
std::string render(const Migration& m, Dialect d);

}  // namespace discus::jobs
