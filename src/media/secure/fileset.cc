// Secure file-sets: a directory walk, files processed in parallel, a rollback on failure.
#include "media/secure/fileset.h"

#include <sys/stat.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <mutex>

#include "base/file.h"
#include "base/parallel.h"
#include "base/sha256.h"
#include "media/secure/durable.h"

namespace discus::media::secure {

using base::Error;
using base::ErrorCode;
namespace fs = std::filesystem;

namespace {

constexpr const char* kManifest = "SHA256.TXT";

bool is_dicom_file(const std::string& path) {
  auto f = base::InputFile::open(path);
  if (!f || (*f)->size() < 132) return false;
  std::uint8_t magic[4];
  return (*f)->read_at(128, magic) && std::memcmp(magic, "DICM", 4) == 0;
}

// Relative paths of the regular files under `root`, sorted; anything else is an error.
base::Result<std::vector<std::string>> list_files(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return Error{ErrorCode::kNotFound, "not a directory"}.in_file(root);
  std::vector<std::string> out;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory()) continue;
    if (!it->is_regular_file() || it->is_symlink())
      return Error{ErrorCode::kUnsupported, "neither a regular file nor a directory"}.in_file(it->path().string());
    out.push_back(fs::relative(it->path(), root).generic_string());
  }
  if (ec) return Error{ErrorCode::kIo, ec.message()}.in_file(root);
  std::sort(out.begin(), out.end());
  return out;
}

// OUT is built in "OUT.partial" beside it, mode 0700 while it is filled (an opened file-set is
// plaintext), and renamed onto OUT (rename(2): atomic; an empty OUT is replaced) only when complete.
// A failed or cancelled run removes the partial folder (destructor); a killed one leaves it, and
// the next run for the same OUT removes it first (crash-only: run it again). So nothing at OUT
// ever looks like a finished file-set that is not one.
class OutputDir {
 public:
  static base::Result<OutputDir> prepare(const std::string& in, const std::string& out) {
    std::error_code ec;
    const bool existed = fs::exists(out, ec);
    if (existed && (!fs::is_directory(out, ec) || !fs::is_empty(out, ec)))
      return Error{ErrorCode::kInvalidArgument, "the output directory must not exist or be empty"}.in_file(out);
    if (fs::exists(in, ec) && fs::equivalent(in, out, ec)) return Error{ErrorCode::kInvalidArgument, "input and output are the same directory"}.in_file(out);
    std::string clean = fs::path(out).lexically_normal().string();
    while (clean.size() > 1 && clean.back() == '/') clean.pop_back();
    const std::string partial = clean + ".partial";
    fs::remove_all(partial, ec);  // a killed run's
    if (ec) return Error{ErrorCode::kIo, "cannot remove a stale partial output: " + ec.message()}.in_file(partial);
    const fs::path parent = fs::path(partial).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
    if (::mkdir(partial.c_str(), 0700) != 0)
      return Error{ErrorCode::kIo, std::string("cannot create: ") + std::strerror(errno)}.in_file(partial);
    return OutputDir(clean, partial);
  }
  OutputDir(OutputDir&& o) noexcept : target_(std::move(o.target_)), dir_(std::move(o.dir_)), armed_(o.armed_) { o.armed_ = false; }
  ~OutputDir() {
    if (!armed_) return;
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const std::string& path() const { return dir_; }  // where to write
  // Gives the folder its final mode and renames it onto OUT; with `sync`, the parent is synced.
  base::Status commit(bool sync) {
    if (::chmod(dir_.c_str(), 0755) != 0)
      return Error{ErrorCode::kIo, std::string("cannot set the mode: ") + std::strerror(errno)}.in_file(dir_);
    if (::rename(dir_.c_str(), target_.c_str()) != 0)
      return Error{ErrorCode::kIo, std::string("cannot rename into place: ") + std::strerror(errno)}.in_file(target_);
    armed_ = false;
    if (!sync) return {};
    const fs::path parent = fs::absolute(target_).lexically_normal().parent_path();
    return sync_directory(parent.empty() ? "/" : parent.string());
  }

 private:
  OutputDir(std::string target, std::string dir) : target_(std::move(target)), dir_(std::move(dir)) {}
  std::string target_, dir_;
  bool armed_ = true;
};

bool cancelled(const FileSetHooks& hooks) { return hooks.cancel != nullptr && hooks.cancel->load(std::memory_order_relaxed); }

// Runs fn(i) for i in [0, n) on `threads` threads; the first error (or a cancellation, seen
// between files) wins and the files not yet started are passed over.
base::Status parallel(std::size_t n, unsigned threads, const FileSetHooks& hooks, const std::function<base::Status(std::size_t)>& fn) {
  std::atomic<bool> failed{false};
  std::mutex mu;
  base::Status first;
  base::parallel_for(n, threads, [&](std::size_t i) {
    if (failed) return;
    base::Status s = cancelled(hooks) ? base::Status(Error{ErrorCode::kCancelled, "cancelled between files"}) : fn(i);
    if (!s) {
      std::lock_guard<std::mutex> lock(mu);
      if (!failed.exchange(true)) first = std::move(s);
    }
  });
  return first;
}

base::Status copy_plain(const std::string& from, const std::string& to, bool sync) {
  DISCUS_TRY(base::Bytes bytes, base::read_whole_file(from));
  DISCUS_TRY(auto out, base::AtomicOutputFile::create(to));
  DISCUS_CHECK(out.write(bytes));
  return out.commit(sync);
}

// Every directory of the output (and the one holding it, where OUT itself may have been created)
// once, after all files were renamed into place: the renames become durable.
base::Status sync_directories(const std::string& out_dir, const std::vector<std::string>& files) {
  std::vector<std::string> dirs;
  for (const std::string& rel : files) dirs.push_back((fs::path(out_dir) / rel).parent_path().string());
  std::sort(dirs.begin(), dirs.end());
  dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
  // deepest first, so a directory is synced after the entries of the ones below it
  std::sort(dirs.begin(), dirs.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  dirs.push_back(out_dir);
  const fs::path parent = fs::absolute(out_dir).lexically_normal().parent_path();
  dirs.push_back(parent.empty() ? "/" : parent.string());
  for (const std::string& d : dirs) DISCUS_CHECK(sync_directory(d));
  return {};
}

base::Status write_manifest(const std::string& out_dir, const std::vector<std::string>& files, bool sync) {
  std::string text;
  for (const std::string& rel : files) {
    if (rel == kManifest) continue;
    DISCUS_TRY(std::string hex, base::sha256_file((fs::path(out_dir) / rel).string()));
    text += fmt::format("{}  {}\n", hex, rel);
  }
  DISCUS_TRY(auto out, base::AtomicOutputFile::create((fs::path(out_dir) / kManifest).string()));
  DISCUS_CHECK(out.write(base::as_bytes(text)));
  return out.commit(sync);
}

// The walk both directions share: `secure_one` handles a file of the kind being converted and
// returns false when the file is not of that kind (it is then copied plain).
base::Result<FileSetReport> convert(const std::string& in_dir, const std::string& final_dir, unsigned threads, bool sync,
                                    const FileSetHooks& hooks, const std::function<base::Result<bool>(const std::string&, const std::string&, FileSetReport&, std::mutex&)>& one) {
  DISCUS_TRY(std::vector<std::string> files, list_files(in_dir));
  DISCUS_TRY(OutputDir guard, OutputDir::prepare(in_dir, final_dir));
  const std::string& out_dir = guard.path();
  for (const std::string& rel : files) {
    std::error_code ec;
    fs::create_directories((fs::path(out_dir) / rel).parent_path(), ec);
    if (ec) return Error{ErrorCode::kIo, ec.message()}.in_file((fs::path(out_dir) / rel).parent_path().string());
  }
  FileSetReport report;
  std::mutex mu;
  const bool has_manifest = std::find(files.begin(), files.end(), kManifest) != files.end();
  std::size_t done = 0;
  auto finished = [&](const std::string& rel) {
    ++done;  // under mu
    if (hooks.progress) hooks.progress(done, files.size(), rel);
  };
  base::Status all = parallel(files.size(), threads, hooks, [&](std::size_t i) -> base::Status {
    const std::string& rel = files[i];
    if (rel == kManifest) return {};
    const std::string from = (fs::path(in_dir) / rel).string(), to = (fs::path(out_dir) / rel).string();
    DISCUS_TRY(bool converted, one(from, to, report, mu));
    if (!converted) DISCUS_CHECK(copy_plain(from, to, sync));
    std::lock_guard<std::mutex> lock(mu);
    if (!converted) ++report.plain;
    finished(rel);
    return {};
  });
  DISCUS_CHECK(all);  // the guard removes OUT.partial, whatever it holds
  if (cancelled(hooks)) return Error{ErrorCode::kCancelled, "cancelled before the file-set was put in place"}.in_file(final_dir);
  if (has_manifest) {
    DISCUS_CHECK(write_manifest(out_dir, files, sync));
    ++report.plain;
  }
  if (sync) DISCUS_CHECK(sync_directories(out_dir, files));
  DISCUS_CHECK(guard.commit(sync));
  return report;
}

}  // namespace

base::Result<FileSetReport> secure_file_set(const std::string& plain_dir, const std::string& out_dir, const Encryptor& encryptor,
                                            unsigned threads, const FileSetHooks& hooks) {
  return convert(plain_dir, out_dir, threads, encryptor.sync(), hooks, [&](const std::string& from, const std::string& to, FileSetReport& r, std::mutex& mu) -> base::Result<bool> {
    if (!is_dicom_file(from)) return false;
    DISCUS_CHECK(encryptor.encrypt_file(from, to, false));
    std::lock_guard<std::mutex> lock(mu);
    ++r.enveloped;
    return true;
  });
}

base::Result<FileSetReport> secure_file_set(const std::string& plain_dir, const std::string& out_dir, const SecureOptions& options) {
  DISCUS_TRY(Encryptor e, Encryptor::create(options));
  return secure_file_set(plain_dir, out_dir, e, options.threads);
}

base::Result<FileSetReport> open_secure_file_set(const std::string& secure_dir, const std::string& out_dir, const Decryptor& decryptor,
                                                 unsigned threads, const FileSetHooks& hooks) {
  return convert(secure_dir, out_dir, threads, decryptor.sync(), hooks, [&](const std::string& from, const std::string& to, FileSetReport& r, std::mutex& mu) -> base::Result<bool> {
    DISCUS_TRY(bool secure, is_secure_file(from));
    if (!secure) return false;
    DISCUS_TRY(DecryptReport d, decryptor.decrypt_file(from, to, false));
    std::lock_guard<std::mutex> lock(mu);
    ++r.enveloped;
    r.opened.emplace_back(fs::relative(from, secure_dir).generic_string(), std::move(d));
    return true;
  });
}

}  // namespace discus::media::secure
