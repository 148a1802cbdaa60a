#include "jobs/postgres/pg_db.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <vector>

#include "jobs/open_repository.h"

namespace discus::jobs::postgres {
namespace {

using base::Error;
using base::ErrorCode;

// Any 64-bit key shared by every discusd: "discus" in ASCII and the lock's purpose (1).
constexpr std::string_view kMigrationLock = "SELECT pg_advisory_xact_lock(7235443331061105921)";
// Held from a transaction's first event to its commit (Database::lock_events).
constexpr std::string_view kEventsLock = "SELECT pg_advisory_xact_lock(7235443331061105922)";

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// libpq's connection messages run over several lines ("\n\tThis probably means..."); the
// first says what happened.
std::string first_line(const char* message) {
  std::string s = trimmed(message);
  if (const auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s;
}

void ignore_notice(void*, const char*) {}  // "relation already exists, skipping" is not news

class PgDatabase;

class PgStatement final : public sql::Statement {
 public:
  PgStatement(PgDatabase& db, std::string original, std::string text, int params, int number)
      : db_(db), original_(std::move(original)), text_(std::move(text)), name_(fmt::format("discus_{}", number)),
        params_(static_cast<std::size_t>(params)) {}
  using sql::Statement::bind;

  Statement& bind(int index, std::int64_t value) override { return set(index, std::to_string(value)); }
  Statement& bind(int index, std::string_view value) override { return set(index, std::string(value)); }
  base::Result<bool> step() override;
  void reset() override {
    result_.reset();
    row_ = -1;
    for (auto& p : params_) p.reset();
  }
  std::int64_t integer(int column) const override {
    return std::strtoll(PQgetvalue(result_.get(), row_, column), nullptr, 10);
  }
  std::string text(int column) const override {
    return std::string(PQgetvalue(result_.get(), row_, column),
                       static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
  }

 private:
  Statement& set(int index, std::string value) {
    if (index >= 1 && static_cast<std::size_t>(index) <= params_.size())
      params_[static_cast<std::size_t>(index) - 1] = std::move(value);
    return *this;
  }

  PgDatabase& db_;
  std::string original_, text_, name_;
  std::vector<std::optional<std::string>> params_;
  std::uint64_t prepared_on_ = 0;  // the connection generation it was prepared on (0: never)
  ResultPtr result_;
  int row_ = -1;
};

class PgDatabase final : public sql::Database {
 public:
  PgDatabase(PGconn* conn, std::string where) : conn_(conn), where_(std::move(where)) {}
  ~PgDatabase() override {
    cache_.clear();
    PQfinish(conn_);
  }
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  Dialect dialect() const override { return Dialect::kPostgresql; }
  const std::string& where() const override { return where_; }

  base::Status exec(std::string_view sql) override {
    ResultPtr r(PQexec(conn_, std::string(sql).c_str()));
    return check(r.get(), fmt::format("running \"{:.60}\"", sql));
  }

  base::Result<sql::Statement*> statement(std::string_view sql) override {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second.get();
    int count = 0;
    std::string text = rewrite_placeholders(sql, &count);
    auto stmt = std::make_unique<PgStatement>(*this, std::string(sql), std::move(text), count,
                                              static_cast<int>(cache_.size()) + 1);
    auto [it, _] = cache_.emplace(std::string(sql), std::move(stmt));
    return it->second.get();
  }

  std::int64_t changes() const override { return changes_; }

  base::Status begin(sql::TxKind kind) override {
    // REPEATABLE READ for reads: jobs and their copies from one snapshot (one list, one view).
    const std::string_view sql =
        kind == sql::TxKind::kWrite
            ? "BEGIN; SELECT (extract(epoch FROM now()) * 1000)::bigint"
            : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT (extract(epoch FROM now()) * 1000)::bigint";
    for (int attempt = 0;; ++attempt) {
      if (PQstatus(conn_) != CONNECTION_OK) DISCUS_CHECK(reconnect());
      if (PQtransactionStatus(conn_) != PQTRANS_IDLE) rollback();  // a failed begin left one open
      ResultPtr r(PQexec(conn_, std::string(sql).c_str()));
      auto s = check(r.get(), "starting a transaction");
      if (s) {
        time_ms_ = std::strtoll(PQgetvalue(r.get(), 0, 0), nullptr, 10);
        return {};
      }
      // A server restarted since the last call: the socket was dead but libpq learns it only
      // now. Nothing was done yet, so one reconnect and a second try are safe.
      if (attempt > 0 || !lost(r.get())) return s;
      if (PQstatus(conn_) == CONNECTION_OK) DISCUS_CHECK(reconnect());
    }
  }

  base::Status commit() override {
    ResultPtr r(PQexec(conn_, "COMMIT"));
    if (PQresultStatus(r.get()) == PGRES_COMMAND_OK) {
      if (std::string_view(PQcmdStatus(r.get())) == "COMMIT") return {};
      // COMMIT of a transaction that had failed answers ROLLBACK, not an error.
      return Error{ErrorCode::kConflict, "the transaction was rolled back by the server"}.in_file(where_);
    }
    if (lost(r.get()))
      return Error{ErrorCode::kIo,
                   fmt::format("the connection to the PostgreSQL queue was lost during COMMIT ({}): the change may "
                               "or may not have been recorded; the next call reconnects",
                               first_line(PQresultErrorMessage(r.get())))}
          .in_file(where_);
    auto e = error(r.get(), "COMMIT");
    rollback();
    return e;
  }

  void rollback() noexcept override {
    if (PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
  }

  std::optional<std::int64_t> transaction_time_ms() const override { return time_ms_; }
  std::string_view lock_rows() const override { return " FOR UPDATE"; }
  std::string_view skip_locked() const override { return " FOR UPDATE SKIP LOCKED"; }
  base::Status lock_for_migration() override { return exec(kMigrationLock); }
  base::Status lock_events() override { return exec(kEventsLock); }
  base::Status lock_jobs(std::span<const std::int64_t> ids) override {
    std::string list;
    for (auto id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
    DISCUS_TRY(sql::Statement * s, statement("SELECT id FROM jobs WHERE id = ANY(string_to_array(?1, ',')::bigint[]) "
                                             "ORDER BY id FOR UPDATE"));
    return s->bind(1, list).run();
  }

  // The server keeps its own pages (checksums, WAL replay); what we can check is that it is a
  // server the queue works with: SKIP LOCKED and GENERATED AS IDENTITY need PostgreSQL 10.
  base::Status check_integrity() override {
    const int version = PQserverVersion(conn_);
    if (version >= 100000) return {};
    return Error{ErrorCode::kUnsupported,
                 fmt::format("the PostgreSQL server is version {}; the queue needs 10 or newer", version)}
        .in_file(where_);
  }

  // Session settings, again after every reconnect.
  base::Status configure() {
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
    // on (the default, said here so a server configured otherwise cannot weaken it): COMMIT
    // returns once the WAL is flushed on the server; "group commit" happens there, by
    // commit_delay, and our callers batch several transitions per commit.
    return exec("SET synchronous_commit = on; SET application_name = 'discusd'");
  }

  base::Status check(PGresult* r, std::string_view what) {
    const auto status = PQresultStatus(r);
    if (r && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)) return {};
    return error(r, what);
  }

  // The connection is gone, or going: libpq may still say CONNECTION_OK after the server
  // closed the socket (no SQLSTATE: the error is libpq's own), or the server said it is
  // shutting down (57P01-57P03) or that the connection failed (class 08).
  bool lost(PGresult* r) const {
    if (PQstatus(conn_) != CONNECTION_OK) return true;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view code = state ? state : "";
    return code.empty() || code.substr(0, 2) == "08" || code.substr(0, 3) == "57P";
  }

  Error error(PGresult* r, std::string_view what) {
    if (lost(r))
      return Error{ErrorCode::kIo,
                   fmt::format("{}: the connection to the PostgreSQL queue was lost ({}); nothing of this call was "
                               "committed, and the next call reconnects",
                               what, first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_)))}
          .in_file(where_);
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view code = state ? state : "";
    // 23xxx: a constraint; 40001/40P01: serialization failure or deadlock, both retryable.
    const ErrorCode kind = (code.substr(0, 2) == "23" || code == "40001" || code == "40P01") ? ErrorCode::kConflict
                                                                                             : ErrorCode::kIo;
    const std::string message = trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
    return Error{kind, fmt::format("{}: {}{}", what, message, code.empty() ? "" : fmt::format(" (SQLSTATE {})", code))}
        .in_file(where_);
  }

  PGconn* conn() { return conn_; }
  std::uint64_t generation() const { return generation_; }
  void set_changes(std::int64_t n) { changes_ = n; }

 private:
  base::Status reconnect() {
    PQreset(conn_);
    ++generation_;  // every statement is prepared again on the new session
    if (PQstatus(conn_) != CONNECTION_OK)
      return Error{ErrorCode::kIo, fmt::format("cannot reach the PostgreSQL queue: {}", trimmed(PQerrorMessage(conn_)))}
          .in_file(where_);
    return configure();
  }

  PGconn* conn_;
  std::string where_;
  std::map<std::string, std::unique_ptr<PgStatement>, std::less<>> cache_;
  std::uint64_t generation_ = 1;
  std::int64_t changes_ = 0;
  std::optional<std::int64_t> time_ms_;
};

base::Result<bool> PgStatement::step() {
  if (!result_) {
    PGconn* conn = db_.conn();
    if (prepared_on_ != db_.generation()) {
      // Parameter types are left to the server to infer from where they are used.
      ResultPtr p(PQprepare(conn, name_.c_str(), text_.c_str(), static_cast<int>(params_.size()), nullptr));
      if (auto s = db_.check(p.get(), fmt::format("preparing \"{:.60}\"", original_)); !s) return s.error();
      prepared_on_ = db_.generation();
    }
    std::vector<const char*> values;
    values.reserve(params_.size());
    for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
    result_.reset(PQexecPrepared(conn, name_.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                 nullptr, 0));
    if (auto s = db_.check(result_.get(), fmt::format("running \"{:.60}\"", original_)); !s) {
      auto e = s.error();
      reset();
      return e;
    }
    const char* tuples = PQcmdTuples(result_.get());
    db_.set_changes(tuples && *tuples ? std::strtoll(tuples, nullptr, 10) : 0);
    row_ = -1;
  }
  return ++row_ < PQntuples(result_.get());
}

}  // namespace

std::string rewrite_placeholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 8);
  int highest = 0;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c != '?') {
      out += c;
      continue;
    }
    std::size_t j = i + 1;
    int n = 0;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
    if (j == i + 1) n = highest + 1;  // bare "?": the next number, as SQLite counts them
    highest = std::max(highest, n);
    out += '$';
    out += std::to_string(n);
    i = j - 1;
  }
  if (count) *count = highest;
  return out;
}

base::Result<std::unique_ptr<sql::Database>> open_database(std::string_view url) {
  const std::string where = redact_queue_url(url);
  PGconn* conn = PQconnectdb(std::string(url).c_str());
  auto db = std::make_unique<PgDatabase>(conn, where);
  if (!conn) return Error{ErrorCode::kIo, "cannot connect to the PostgreSQL queue: out of memory"}.in_file(where);
  if (PQstatus(conn) != CONNECTION_OK)
    return Error{ErrorCode::kIo, fmt::format("cannot connect to the PostgreSQL queue: {}", trimmed(PQerrorMessage(conn)))}
        .in_file(where);
  DISCUS_CHECK(db->configure());
  return std::unique_ptr<sql::Database>(std::move(db));
}

}  // namespace discus::jobs::postgres
