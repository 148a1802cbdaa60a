// discus::daemon::audit — the local audit log: append-only, fsync'd, in the state directory.
//
// STATE/audit/messages.log holds one JSON object per line: the record's sequence number, time,
// event kind, the DICOM audit message (PS3.15 A.5 XML) and, for a medium made, the
// release-of-information record (release.h) tied to that Export message by the same sequence
// number. append() returns only after fdatasync(2), so an acknowledged record survives a power
// cut. A line torn by a crash is ended by the next open (a newline appended: nothing is
// rewritten) and skipped by readers. The file is also the syslog queue: the sender keeps the
// byte offset of what the repository has received in STATE/audit/sent (sender.h).
//   DISCUS_TRY(auto log, LogStore::open(state_dir));  DISCUS_TRY(auto seq, log.append(rec));
//   DISCUS_TRY(auto page, read_audit_log(state_dir, {.after = 0, .limit = 100}));   // GET /v1/audit
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace discus::daemon::audit {

// PS3.15 A.5.3.4 Data Export tied to its release-of-information record (issue 14 item 6).
struct ReleaseRecord {
  std::string user;       // who asked
  std::string recipient;  // for whom
  std::string purpose;    // why
  std::vector<std::string> studies;  // Study Instance UIDs
  std::vector<std::string> patients; // Patient IDs
  std::int64_t job_id = 0;
  int copy = 0;
  std::string output;            // image path or device
  std::string media_identifier;  // File-set UID or volume id
};

struct LogRecord {
  std::uint64_t sequence = 0;  // 1, 2, ... in order of append
  std::int64_t time_ms = 0;
  std::string kind;            // event_kind(): "export", "security-alert", ...
  std::vector<std::string> messages;  // the XML audit message(s) of the event
  std::optional<ReleaseRecord> release;
};

class LogStore {
 public:
  // Makes STATE/audit (0750) and opens messages.log (0640) for appending.
  static base::Result<LogStore> open(const std::string& state_dir);
  LogStore(LogStore&& other) noexcept;
  LogStore& operator=(LogStore&&) = delete;
  ~LogStore();

  // Gives the record the next sequence number, appends it and fdatasyncs. Thread-safe.
  base::Result<std::uint64_t> append(LogRecord record);
  // The same, the record made by `make(sequence)` under the store's lock (a message that names
  // its own sequence number).
  base::Result<std::uint64_t> append_with(const std::function<LogRecord(std::uint64_t)>& make);
  std::uint64_t last_sequence() const;
  const std::string& path() const { return path_; }

 private:
  LogStore(int fd, std::string path, std::uint64_t last) : fd_(fd), path_(std::move(path)), last_(last) {}
  int fd_ = -1;
  std::string path_;
  std::uint64_t last_ = 0;
  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();
};

struct ReadOptions {
  std::uint64_t after = 0;     // records with a sequence number above this
  std::size_t limit = 100;     // at most this many
  std::string kind;            // only this kind; empty: all
  bool releases_only = false;  // only Data Export records that carry a release record
};

struct LogPage {
  std::vector<LogRecord> records;
  std::uint64_t next_after = 0;  // pass as `after` for the next page (0 when none)
};

// Reads the log of a state directory (GET /v1/audit). A missing log is an empty page.
base::Result<LogPage> read_audit_log(const std::string& state_dir, const ReadOptions& options);

// GET /v1/audit as a JSON document: {"records": [{"seq", "time_ms", "kind", "messages": [XML...],
// "release"?}], "next_after": N}, the log's own record form (to_json_line) in a page.
std::string audit_page_json(const LogPage& page);

// One line of the log as JSON and back (the sender and the reader share them).
std::string to_json_line(const LogRecord& record);
std::optional<LogRecord> from_json_line(std::string_view line);

std::string audit_dir(const std::string& state_dir);
std::string log_path(const std::string& state_dir);

}  // namespace discus::daemon::audit
