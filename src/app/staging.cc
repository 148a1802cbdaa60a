#include "app/staging.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include <fmt/format.h>

#include "base/file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>
#include <vector>

namespace discus::app {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

namespace {

constexpr const char* kPrivatePrefix = "discus-secure-";

// The private folders alive in this process, for remove_private_staging().
struct Live {
  std::mutex lock;
  std::vector<std::string> dirs;
};
Live& live() {
  static Live* l = new Live;  // never destroyed: atexit handlers and late signals may still use it
  return *l;
}

void forget(const std::string& dir) {
  Live& l = live();
  std::lock_guard guard(l.lock);
  l.dirs.erase(std::remove(l.dirs.begin(), l.dirs.end(), dir), l.dirs.end());
}

extern "C" void remove_private_staging_at_exit() { remove_private_staging(); }

// Folders "discus-secure-PID-*" whose process is gone (killed before it could clean up).
void remove_orphans(const std::string& root) {
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(kPrivatePrefix)) continue;
    const long pid = std::strtol(name.c_str() + std::strlen(kPrivatePrefix), nullptr, 10);
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
    std::error_code rm;
    fs::remove_all(it->path(), rm);
  }
}

void sync_folder(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

const std::string& private_staging_root() {
  static const std::string root = "/dev/shm";
  return root;
}

// ---- StagedFolder

base::Result<StagedFolder> StagedFolder::create(const std::string& target) {
  std::string clean = target;
  while (clean.size() > 1 && clean.back() == '/') clean.pop_back();
  if (clean.empty()) return Error{ErrorCode::kInvalidArgument, "no output folder given"};
  std::error_code ec;
  if (fs::exists(clean, ec)) {
    if (!fs::is_directory(clean, ec) || !fs::is_empty(clean, ec))
      return Error{ErrorCode::kInvalidArgument, fmt::format("output folder '{}' exists and is not empty", clean)};
  }
  const std::string partial = clean + ".partial";
  fs::remove_all(partial, ec);  // a killed run's leftovers: never a finished file-set
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot remove the stale '{}': {}", partial, ec.message())};
  fs::create_directories(partial, ec);
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create '{}': {}", partial, ec.message())};
  // Patient data while it fills: private (0700) until commit() gives it the mode the folder was
  // created with (the umask's), so no one else reads a half-made file-set.
  StagedFolder staged(clean, partial);
  staged.final_perms_ = fs::status(partial, ec).permissions();
  fs::permissions(partial, fs::perms::owner_all, fs::perm_options::replace, ec);
  return staged;
}

StagedFolder::StagedFolder(StagedFolder&& other) noexcept
    : target_(std::move(other.target_)), path_(std::move(other.path_)), final_perms_(other.final_perms_),
      committed_(other.committed_) {
  other.path_.clear();
}

StagedFolder::~StagedFolder() {
  if (committed_ || path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

base::Status StagedFolder::commit() {
  if (committed_) return {};
  std::error_code ec;
  fs::permissions(path_, final_perms_, fs::perm_options::replace, ec);
  // rename(2) replaces an empty folder at the target; anything else was refused by create().
  fs::rename(path_, target_, ec);
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot rename '{}' to '{}': {}", path_, target_, ec.message())};
  committed_ = true;
  sync_folder(fs::path(target_).parent_path().empty() ? "." : fs::path(target_).parent_path().string());
  return {};
}

// ---- StagedFile

base::Result<StagedFile> StagedFile::create(const std::string& target) {
  if (target.empty() || target.back() == '/') return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not a file name", target)};
  std::error_code ec;
  if (fs::exists(fs::symlink_status(target, ec)))
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' exists; remove it first", target)};
  const std::string dir = target + ".partial";
  fs::remove_all(dir, ec);  // a killed run's leftovers
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot remove the stale '{}': {}", dir, ec.message())};
  if (::mkdir(dir.c_str(), 0700) != 0)
    return Error{ErrorCode::kIo, fmt::format("cannot create '{}': {}", dir, std::strerror(errno))};
  return StagedFile(target, dir, (fs::path(dir) / fs::path(target).filename()).string());
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : target_(std::move(other.target_)), dir_(std::move(other.dir_)), path_(std::move(other.path_)),
      committed_(other.committed_) {
  other.dir_.clear();
}

StagedFile::~StagedFile() {
  if (committed_ || dir_.empty()) return;
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

base::Status StagedFile::commit() {
  if (committed_) return {};
  // link(2) + unlink: unlike rename(2), never replaces a file someone put at TARGET meanwhile.
  if (::link(path_.c_str(), target_.c_str()) != 0)
    return Error{ErrorCode::kIo, fmt::format("cannot move '{}' to '{}': {}", path_, target_, std::strerror(errno))};
  committed_ = true;
  std::error_code ec;
  fs::remove_all(dir_, ec);
  sync_folder(fs::path(target_).parent_path().empty() ? "." : fs::path(target_).parent_path().string());
  return {};
}

// ---- UpdateJournal

std::string journal_root() {
  const char* env = std::getenv("DISCUS_JOURNAL_DIR");  // tests
  return env != nullptr && *env != '\0' ? env : "/var/tmp";
}

namespace {

constexpr const char* kJournalHeader = "discus-update-journal 1";

// A file name on one line: '%' and newline escaped, so every name reads back as it was.
std::string escape_line(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '%') out += "%25";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string unescape_line(const std::string& line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '%' && line.compare(i, 3, "%25") == 0) out += '%', i += 2;
    else if (line[i] == '%' && line.compare(i, 3, "%0A") == 0) out += '\n', i += 2;
    else out += line[i];
  }
  return out;
}

std::string inode_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "none";
  return fmt::format("{}:{}", st.st_dev, st.st_ino);
}

std::vector<std::string> files_below(const std::string& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
    if (!it->is_directory(ec)) out.push_back(it->path().lexically_relative(root).string());
  return out;
}

// Undoes what a dead update left: see the header. Returns how many files it removed.
base::Result<std::size_t> recover(const std::string& root, const std::string& journal) {
  auto bytes = base::read_whole_file(journal, 256u << 20);
  if (!bytes) return std::move(bytes).error();
  std::vector<std::string> lines;
  std::string text(bytes->begin(), bytes->end()), line;
  for (std::size_t at = 0, nl; at < text.size(); at = nl + 1) {
    nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(at, nl - at));
  }
  // Written whole by rename: anything else is not our journal, and nothing is removed on its word.
  if (lines.size() < 4 || lines[0] != kJournalHeader || !lines[1].starts_with("pid ") || !lines[2].starts_with("dicomdir ") ||
      lines.back() != "end")
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not an update journal Discus wrote; remove it by hand", journal)};
  const long pid = std::strtol(lines[1].c_str() + 4, nullptr, 10);
  if (pid > 0 && pid != ::getpid() && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH))
    return Error{ErrorCode::kInvalidArgument, fmt::format("another update of '{}' is running (process {})", root, pid)};
  std::size_t removed = 0;
  if (lines[2].substr(9) == inode_of((fs::path(root) / "DICOMDIR").string())) {
    std::set<std::string> before;
    for (std::size_t i = 3; i + 1 < lines.size(); ++i) before.insert(unescape_line(lines[i]));
    std::error_code ec;
    for (const std::string& rel : files_below(root)) {
      if (before.count(rel)) continue;
      fs::remove(fs::path(root) / rel, ec);
      removed += !ec;
      // And the folders only it used.
      for (fs::path dir = (fs::path(root) / rel).parent_path(); dir != fs::path(root) && fs::is_empty(dir, ec); dir = dir.parent_path())
        if (!fs::remove(dir, ec)) break;
    }
  }
  std::error_code ec;
  fs::remove(journal, ec);
  return removed;
}

}  // namespace

base::Result<UpdateJournal> UpdateJournal::begin(const std::string& root) {
  std::string clean = root;
  while (clean.size() > 1 && clean.back() == '/') clean.pop_back();
  // Keyed by the file-set folder's identity, in /var/tmp (kept across a reboot, unlike /tmp; the
  // folder holding a mounted stick is often not writable, and inside the file-set it would be
  // listed in the file-set's manifest).
  const base::FileIdentity id = base::identity_of(clean);
  if (!id.known) return Error{ErrorCode::kIo, fmt::format("cannot look at '{}': {}", clean, std::strerror(errno))};
  const std::string path = fmt::format("{}/discus-update-{}-{}.journal", journal_root(), id.device, id.inode);
  std::size_t recovered = 0;
  std::error_code ec;
  if (fs::exists(path, ec)) {
    DISCUS_TRY(recovered, recover(clean, path));
  }
  std::string text = fmt::format("{}\npid {}\ndicomdir {}\n", kJournalHeader, ::getpid(), inode_of((fs::path(clean) / "DICOMDIR").string()));
  for (const std::string& rel : files_below(clean)) text += escape_line(rel) + "\n";
  text += "end\n";
  DISCUS_TRY(base::AtomicOutputFile out, base::AtomicOutputFile::create(path));
  DISCUS_CHECK(out.write(base::as_bytes(text)));
  DISCUS_CHECK(out.commit());
  // commit() gives the file-set's mode (0644); the journal lists names of patient files: private.
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
  UpdateJournal journal(path);
  journal.recovered_ = recovered;
  return journal;
}

UpdateJournal::~UpdateJournal() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove(path_, ec);
}

// ---- PrivateStaging

base::Result<PrivateStaging> PrivateStaging::create() {
  const std::string& root = private_staging_root();
  remove_orphans(root);
  std::string pattern = fmt::format("{}/{}{}-XXXXXX", root, kPrivatePrefix, ::getpid());
  if (::mkdtemp(pattern.data()) == nullptr)  // mode 0700
    return Error{ErrorCode::kIo, fmt::format("cannot make a private folder in {}: {}", root, std::strerror(errno))};
  static std::once_flag registered;
  std::call_once(registered, [] { std::atexit(remove_private_staging_at_exit); });
  Live& l = live();
  std::lock_guard guard(l.lock);
  l.dirs.push_back(pattern);
  return PrivateStaging(pattern);
}

PrivateStaging::PrivateStaging(PrivateStaging&& other) noexcept : dir_(std::move(other.dir_)) { other.dir_.clear(); }

PrivateStaging::~PrivateStaging() {
  if (dir_.empty()) return;
  std::error_code ec;
  fs::remove_all(dir_, ec);
  forget(dir_);
}

void remove_private_staging() noexcept {
  Live& l = live();
  // try_lock: a signal may arrive while this thread holds the lock; better to leave the folder to
  // the next run's orphan sweep than to deadlock.
  std::unique_lock guard(l.lock, std::try_to_lock);
  if (!guard.owns_lock()) return;
  for (const std::string& dir : l.dirs) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  l.dirs.clear();
}

}  // namespace discus::app
