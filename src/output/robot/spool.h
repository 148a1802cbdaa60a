// discus::output::robot — the hot folder all three vendors watch, as plain functions.
//
// Vendors rename a job file to signal its state (the extension is the state, compared without
// case: robots.md §0), so a job is found by its base name. A job file is written completely under
// a name no vendor watches and renamed into place (one file system: atomic). Data for the robot
// is placed beside it by hard link, else reflink (FICLONE), else copy: a 700 MB image costs no
// second 700 MB when the spool and the staging share a file system. Paths the robot PC reads are
// translated from our mount of its share to its own spelling (\\HOST\Share\...).
//   write_job_file(spool, "DISCUS-S1-J12-C1-A1.JRQ", text);   find_job_file(spool, "DISCUS-S1-J12-C1-A1");
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace discus::output::robot {

namespace fs = std::filesystem;

// Robot job id from our job: "DISCUS-<station>-J<job>-C<copy>-A<attempt>", only [A-Za-z0-9_-]
// (TD Bridge JOB_ID allows nothing else; 40 characters at most, PTBurn's JobID 32: a long
// station name is shortened to a hash of 6 hex digits). The same job, copy and attempt give the
// same id on every run, so a restarted daemon finds its own jobs.
std::string job_name(std::string_view station, std::int64_t job, int copy, int attempt);
struct JobNameParts {
  std::int64_t job = 0;
  int copy = 0, attempt = 0;
};
std::optional<JobNameParts> parse_job_name(std::string_view name);

// Local path -> the robot PC's path. Without a mapping the path is returned as it is.
struct PathMap {
  std::string local_prefix, share_prefix;
  std::string translate(const fs::path& local) const;
};

// The job file `name` written into `dir` atomically (temp name beginning with '.', fsync,
// rename, directory fsync). Lines end in CRLF (Windows software reads the files).
base::Status write_job_file(const fs::path& dir, const std::string& name, std::string_view text);

// A job file in `dir` whose base name is `base` (any extension, case-insensitive; or only the
// upper-case extensions in `only`), or nullopt.
std::optional<fs::path> find_job_file(const fs::path& dir, std::string_view base, std::vector<std::string_view> only = {});
// Its extension upper-cased without the dot ("JRQ", "DON"); empty when none.
std::string extension_of(const fs::path& file);

// `from` (a file or a folder tree) made available at `to` without copying bytes where possible:
// hard link, else reflink, else a copy. Returns how: "link", "reflink" or "copy".
base::Result<std::string> place(const fs::path& from, const fs::path& to);

// INI-style text as the vendors write it: [sections], Key=Value, CRLF or LF, spaces around '='
// tolerated, section and key names without case. A partly written file gives what it holds.
struct Ini {
  std::map<std::string, std::map<std::string, std::string>> sections;  // lower-cased names
  const std::string* find(std::string_view section, std::string_view key) const;
  std::string get(std::string_view section, std::string_view key, std::string_view fallback = {}) const;
  int get_int(std::string_view section, std::string_view key, int fallback) const;
  bool has(std::string_view section) const;
};
Ini parse_ini(std::string_view text);

// Key=value lines in order (job files: repeatable keys keep their order). `trim_key`: PTBurn
// tolerates spaces around '='; TD Bridge does not (a key with spaces is invalid, dropped).
std::vector<std::pair<std::string, std::string>> parse_lines(std::string_view text, bool tolerant);

// A small text file read whole (status files are rewritten every few seconds: read fast, close).
base::Result<std::string> read_text(const fs::path& file);
// A vendor's status file parsed (an absent or unreadable file: an empty Ini, as a robot whose
// software has not written it yet).
Ini read_ini(const fs::path& file);

// The small text helpers every driver and simulator needs (ASCII only: vendor keys and file
// extensions are ASCII). to_int: the value, or `fallback` when it is not a whole number.
std::string upper(std::string_view s);
std::string lower(std::string_view s);
int to_int(std::string_view v, int fallback);
// Writes a file atomically (temp + rename) — the simulators' status files.
base::Status write_text_atomic(const fs::path& file, std::string_view text);

}  // namespace discus::output::robot
