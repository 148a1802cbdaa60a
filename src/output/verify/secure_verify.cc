// Secure media read back (see secure_verify.h): an envelope pass of our own over the raw medium,
// then, given a key, verify_medium over a decrypting view of it.
#include "output/verify/secure_verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "base/file.h"
#include "base/parallel.h"
#include "base/sha256.h"

namespace discus::output {

using base::Error;
using base::ErrorCode;
namespace secure = media::secure;

// ---- PulledFile: push (MediumReader::read_file) to pull (ByteSource) --------------------------

struct PulledFile::State {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<base::Bytes> queue;   // at most kDepth chunks wait here
  std::size_t front_pos = 0;       // consumed bytes of queue.front()
  bool done = false;               // the reading thread returned
  bool draining = false;           // finish(): stop queueing, keep tapping
  bool abandoned = false;          // destructor: stop reading
  base::Status status;             // of read_file, valid when done
  std::thread reader;
  static constexpr std::size_t kDepth = 4;
};

PulledFile::PulledFile(const MediumReader& medium, std::string path, std::function<void(base::ByteView)> tap)
    : state_(std::make_unique<State>()) {
  State* s = state_.get();
  s->reader = std::thread([s, &medium, path = std::move(path), tap = std::move(tap)] {
    base::Status st = medium.read_file(path, [&](base::ByteView chunk) -> base::Status {
      if (tap) tap(chunk);
      std::unique_lock lock(s->mu);
      s->cv.wait(lock, [&] { return s->queue.size() < State::kDepth || s->draining || s->abandoned; });
      if (s->abandoned) return Error{ErrorCode::kCancelled, "reading abandoned"};
      if (!s->draining) s->queue.emplace_back(chunk.begin(), chunk.end());
      s->cv.notify_all();
      return {};
    });
    std::lock_guard lock(s->mu);
    s->status = std::move(st);
    s->done = true;
    s->cv.notify_all();
  });
}

PulledFile::~PulledFile() {
  {
    std::lock_guard lock(state_->mu);
    state_->abandoned = true;
    state_->cv.notify_all();
  }
  if (state_->reader.joinable()) state_->reader.join();
}

base::Result<std::size_t> PulledFile::read(std::uint8_t* dst, std::size_t n) {
  State& s = *state_;
  std::unique_lock lock(s.mu);
  s.cv.wait(lock, [&] { return !s.queue.empty() || s.done; });
  if (s.queue.empty()) {
    if (!s.status) return s.status.error();
    return std::size_t{0};
  }
  base::Bytes& front = s.queue.front();
  const std::size_t k = std::min(n, front.size() - s.front_pos);
  std::memcpy(dst, front.data() + s.front_pos, k);
  s.front_pos += k;
  if (s.front_pos == front.size()) {
    s.queue.pop_front();
    s.front_pos = 0;
    s.cv.notify_all();
  }
  return k;
}

base::Status PulledFile::finish() {
  State& s = *state_;
  {
    std::lock_guard lock(s.mu);
    s.draining = true;
    s.queue.clear();
    s.cv.notify_all();
  }
  if (s.reader.joinable()) s.reader.join();
  return s.status;
}

namespace {

constexpr std::string_view kManifestName = "SHA256.TXT";
constexpr std::string_view kDicomdirName = "DICOMDIR";
constexpr std::uint64_t kMaxManifestBytes = 64ull << 20;
constexpr std::size_t kHead = 512;  // enough to tell an envelope (and a plain DICOM File, "DICM" at 128)

base::Result<base::Bytes> slurp(const MediumReader& medium, const MediumFile& f, std::uint64_t cap) {
  if (f.size > cap) return Error{ErrorCode::kLimitExceeded, fmt::format("{} bytes, more than the {} allowed", f.size, cap)}.in_file(f.path);
  base::Bytes bytes;
  DISCUS_CHECK(medium.read_file(f.path, [&](base::ByteView chunk) -> base::Status {
    if (bytes.size() + chunk.size() > cap) return Error{ErrorCode::kLimitExceeded, fmt::format("more than {} bytes", cap)}.in_file(f.path);
    bytes.insert(bytes.end(), chunk.begin(), chunk.end());
    return {};
  }));
  return bytes;
}

// Bytes already taken from a stream, then the rest of it.
class Replay : public secure::ByteSource {
 public:
  Replay(const base::Bytes& prefix, secure::ByteSource& rest) : prefix_(prefix), rest_(rest) {}
  base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) override {
    if (pos_ == prefix_.size()) return rest_.read(dst, n);
    const std::size_t k = std::min(n, prefix_.size() - pos_);
    std::memcpy(dst, prefix_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  const base::Bytes& prefix_;
  secure::ByteSource& rest_;
  std::size_t pos_ = 0;
};

const MediumFile* find(const std::vector<MediumFile>& files, std::string_view name) {
  const std::string want = normalize_medium_path(name);
  for (const MediumFile& f : files)
    if (normalize_medium_path(f.path) == want) return &f;
  return nullptr;
}

// What the envelope pass learnt of one file.
struct FileResult {
  bool envelope = false;
  std::uint64_t raw_bytes = 0;
  std::uint64_t plain_bytes = 0;  // with a key
  std::string plain_sha256;       // with a key
  bool unexpected = false;        // not in the manifest, not DICOM: a note
  std::vector<VerifyProblem> problems;
};

// The medium as its plaintext: envelopes decrypted on the fly, other files as they are, and
// SHA256.TXT replaced by a manifest of the plaintext (from the envelope pass), so verify_medium
// checks what it reads against what was decrypted and hashed there.
class PlainView : public MediumReader {
 public:
  PlainView(const MediumReader& medium, const secure::Decryptor& key, std::vector<MediumFile> files, std::set<std::string> envelopes,
            std::string manifest_path, std::string manifest)
      : medium_(medium), key_(key), files_(std::move(files)), envelopes_(std::move(envelopes)),
        manifest_path_(std::move(manifest_path)), manifest_(std::move(manifest)) {}
  base::Result<std::vector<MediumFile>> list_files() const override { return files_; }
  std::string describe() const override { return medium_.describe(); }
  bool concurrent_reads() const override { return medium_.concurrent_reads(); }
  base::Status read_file(const std::string& path, const std::function<base::Status(base::ByteView)>& sink) const override {
    if (path == manifest_path_) return sink(base::as_bytes(manifest_));
    if (!envelopes_.contains(path)) return medium_.read_file(path, sink);
    PulledFile raw(medium_, path);
    auto opened = key_.decrypt_stream(raw, path, sink);
    if (!opened) return std::move(opened).error();
    return raw.finish();
  }

 private:
  const MediumReader& medium_;
  const secure::Decryptor& key_;
  std::vector<MediumFile> files_;
  std::set<std::string> envelopes_;
  std::string manifest_path_, manifest_;
};

class SecureVerifier {
 public:
  SecureVerifier(const MediumReader& medium, const VerifyOptions& options, const secure::Decryptor* key)
      : medium_(medium), options_(options), key_(key) {}

  base::Result<VerifyReport> run() {
    report_.medium = medium_.describe();
    report_.level = key_ ? "dicom" : "envelope";
    DISCUS_TRY(files_, medium_.list_files());
    DISCUS_CHECK(load_manifest());
    results_.resize(files_.size());
    std::uint64_t total = 0;
    for (const MediumFile& f : files_) total += f.size;
    total_ = key_ ? 2 * total : total;  // a key reads everything twice: envelopes, then plaintext
    const unsigned threads = medium_.concurrent_reads() ? base::worker_count() : 1;
    base::parallel_for(files_.size(), threads, [&](std::size_t i) {
      if (!cancelled()) check_file(i);
    });
    if (cancelled()) return Error{ErrorCode::kCancelled, fmt::format("cancelled while verifying {}", report_.medium)};
    for (std::size_t i = 0; i < files_.size(); ++i) {
      report_.bytes_checked += results_[i].raw_bytes;
      if (results_[i].unexpected) report_.unexpected.push_back(files_[i].path);
      for (VerifyProblem& p : results_[i].problems) report_.failures.push_back(std::move(p));
    }
    const MediumFile* dicomdir = find(files_, kDicomdirName);
    if (!dicomdir) report_.failures.push_back({std::string(kDicomdirName), "verify.dicomdir-missing", "no DICOMDIR in the root of the medium (PS3.10 8.6)"});
    if (!key_) return std::move(report_);
    if (!report_.ok()) {
      report_.level = "opened";
      return std::move(report_);
    }
    return dicom_level(total);
  }

 private:
  bool cancelled() const { return options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed); }

  base::Status load_manifest() {
    std::vector<ManifestEntry> entries;
    if (!options_.manifest_path.empty()) {
      DISCUS_TRY(base::Bytes text, base::read_whole_file(options_.manifest_path, kMaxManifestBytes));
      DISCUS_TRY(entries, parse_manifest(base::as_chars(text), options_.manifest_path));
    } else {
      manifest_ = find(files_, kManifestName);
      if (!manifest_)
        return Error{ErrorCode::kNotFound, fmt::format("{} has no {} manifest; give one with --manifest", report_.medium, kManifestName)};
      DISCUS_TRY(base::Bytes text, slurp(medium_, *manifest_, kMaxManifestBytes));
      DISCUS_TRY(entries, parse_manifest(base::as_chars(text), manifest_->path));
    }
    for (ManifestEntry& e : entries) {
      ++report_.files_checked;
      const std::string key = normalize_medium_path(e.path);
      if (!find(files_, e.path)) {
        report_.failures.push_back({e.path, "verify.missing", "listed in the manifest but not on the medium"});
        continue;
      }
      listed_.emplace(key, std::move(e));
    }
    return {};
  }

  void progress(std::uint64_t bytes) {
    if (!options_.progress) return;
    std::lock_guard lock(progress_mutex_);
    done_ += bytes;
    options_.progress(std::min(done_, total_), total_);
  }

  void check_file(std::size_t i) {
    const MediumFile& f = files_[i];
    FileResult& out = results_[i];
    auto problem = [&](std::string rule, std::string message) { out.problems.push_back({f.path, std::move(rule), std::move(message)}); };
    if (&f == manifest_) return;
    const std::string key = normalize_medium_path(f.path);
    auto listed = listed_.find(key);

    base::Sha256 raw_hash;
    auto tap = [&](base::ByteView chunk) {
      raw_hash.update(chunk);
      out.raw_bytes += chunk.size();
      progress(chunk.size());
    };
    PulledFile raw(medium_, f.path, tap);
    // The first bytes decide what the file must be; they are then replayed to the envelope reader.
    base::Bytes first(kHead);
    std::size_t have = 0;
    base::Status head_read;
    while (have < first.size()) {
      auto got = raw.read(first.data() + have, first.size() - have);
      if (!got) { head_read = std::move(got).error(); break; }
      if (*got == 0) break;
      have += *got;
    }
    first.resize(have);
    out.envelope = head_read && secure::looks_secure(first);
    const bool plain_dicom = first.size() >= 132 && std::memcmp(first.data() + 128, "DICM", 4) == 0;
    Replay source(first, raw);
    // A DICOM File (enveloped or not) the manifest does not list was never checked by anyone;
    // other unlisted files are noted, as verify_medium notes them.
    if (listed == listed_.end()) {
      if (out.envelope || plain_dicom)
        problem("verify.unlisted", "a DICOM File on a secure medium that its manifest does not list: nothing on it may go unchecked");
      else
        out.unexpected = true;
    }

    base::Status walked;
    if (out.envelope && key_) {
      base::Sha256 plain_hash;
      std::uint64_t plain_bytes = 0;
      auto opened = key_->decrypt_stream(source, f.path, [&](base::ByteView b) -> base::Status {
        plain_hash.update(b);
        plain_bytes += b.size();
        return {};
      });
      if (opened) {
        out.plain_bytes = plain_bytes;
        out.plain_sha256 = plain_hash.hex_digest();
      } else {
        walked = std::move(opened).error();
      }
    } else if (out.envelope) {
      auto summary = secure::check_envelope(source, f.path);
      if (!summary) walked = std::move(summary).error();
    }
    base::Status read = raw.finish();
    if (!read) {
      problem("verify.unreadable", read.error().describe());
      return;
    }
    if (out.raw_bytes != f.size)
      problem("verify.size", fmt::format("the medium records {} bytes but {} were read", f.size, out.raw_bytes));
    if (listed != listed_.end()) {
      const std::string got = raw_hash.hex_digest();
      if (got != listed->second.sha256)
        problem("verify.sha256", fmt::format("SHA-256 {} read back, the manifest lists {} for '{}'", got, listed->second.sha256,
                                             listed->second.path));
    }
    if (!walked) {
      problem(key_ ? "verify.decrypt" : "verify.envelope", fmt::format("the Secure DICOM File does not {}: {}",
                                                                     key_ ? "open" : "check out", walked.error().describe()));
    } else if (plain_dicom) {
      problem("verify.plain-dicom", "a plain DICOM File on a secure medium: every DICOM File, the DICOMDIR included, must be a Secure "
                                    "DICOM File (PS3.11 D.3.5, PS3.10 7.4)");
    } else if (!out.envelope && normalize_medium_path(f.path) == kDicomdirName) {
      problem("verify.envelope", "the DICOMDIR is not a Secure DICOM File");
    }
  }

  base::Result<VerifyReport> dicom_level(std::uint64_t raw_total) {
    std::vector<MediumFile> plain = files_;
    std::set<std::string> envelopes;
    std::string manifest_text;
    std::uint64_t plain_total = 0;
    for (std::size_t i = 0; i < files_.size(); ++i) {
      if (&files_[i] == manifest_) continue;
      if (results_[i].envelope) {
        envelopes.insert(files_[i].path);
        plain[i].size = results_[i].plain_bytes;
        manifest_text += fmt::format("{}  {}\n", results_[i].plain_sha256, files_[i].path);
      } else if (auto it = listed_.find(normalize_medium_path(files_[i].path)); it != listed_.end()) {
        manifest_text += fmt::format("{}  {}\n", it->second.sha256, files_[i].path);
      }
      plain_total += plain[i].size;
    }
    std::string manifest_path = manifest_ ? manifest_->path : std::string(kManifestName);
    if (manifest_) {
      plain[static_cast<std::size_t>(manifest_ - files_.data())].size = manifest_text.size();
    } else {
      plain.push_back({manifest_path, manifest_text.size()});
    }
    PlainView view(medium_, *key_, std::move(plain), std::move(envelopes), manifest_path, std::move(manifest_text));
    VerifyOptions inner;
    inner.check_dicomdir = options_.check_dicomdir;
    inner.cancel = options_.cancel;
    if (options_.progress) {
      inner.progress = [this, raw_total, plain_total](std::uint64_t done, std::uint64_t) {
        const std::uint64_t total = raw_total + plain_total;
        options_.progress(std::min(raw_total + done, total), total);
      };
    }
    DISCUS_TRY(VerifyReport dicom, verify_medium(view, inner));
    report_.records_checked = dicom.records_checked;
    for (VerifyProblem& p : dicom.failures) report_.failures.push_back(std::move(p));
    return std::move(report_);
  }

  const MediumReader& medium_;
  const VerifyOptions& options_;
  const secure::Decryptor* key_;
  VerifyReport report_;
  std::vector<MediumFile> files_;
  std::vector<FileResult> results_;
  std::map<std::string, ManifestEntry> listed_;  // by normalized path
  const MediumFile* manifest_ = nullptr;
  std::mutex progress_mutex_;
  std::uint64_t done_ = 0, total_ = 0;
};

}  // namespace

base::Result<bool> is_secure_medium(const MediumReader& medium) {
  DISCUS_TRY(std::vector<MediumFile> files, medium.list_files());
  const MediumFile* dicomdir = find(files, kDicomdirName);
  if (!dicomdir) return false;
  base::Bytes head;
  auto st = medium.read_file(dicomdir->path, [&](base::ByteView chunk) -> base::Status {
    head.insert(head.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(chunk.size(), 64 - head.size())));
    return head.size() < 64 ? base::Status{} : Error{ErrorCode::kCancelled, "enough"};
  });
  if (!st && st.error().code != ErrorCode::kCancelled) return std::move(st).error();
  return secure::looks_secure(head);
}

base::Result<VerifyReport> verify_secure_medium(const MediumReader& medium, const VerifyOptions& options, const secure::Decryptor* key) {
  return SecureVerifier(medium, options, key).run();
}

}  // namespace discus::output
