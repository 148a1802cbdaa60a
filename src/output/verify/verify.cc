#include "output/verify/verify.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "base/file.h"
#include "base/parallel.h"
#include "base/sha256.h"
#include "codec/frames/pixel_check.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"
#include "media/dicomdir/reader.h"
#include "media/dicomdir/resolver.h"
#include "output/verify/unreferenced.h"

namespace discus::output {
using base::Error;
using base::ErrorCode;
namespace tags = dicom::tags;
namespace dd = media::dicomdir;

namespace {

constexpr std::uint64_t kMaxManifestBytes = 64ull << 20;
constexpr std::uint64_t kMaxDicomdirBytes = 512ull << 20;
// The first bytes of a referenced file are kept from the hashing pass to parse its header;
// headers of real instances are far smaller, and pixel data is never needed.
constexpr std::size_t kHeaderPrefixBytes = 8u << 20;
// The header is first parsed once this much of the file has passed (then at 4x that, ...): most
// headers are whole in the first chunk, so the Pixel Data can be checked as its bytes go by.
constexpr std::size_t kFirstParseBytes = 64u << 10;
// What a read that only has to tell whether a file is DICOM returns from its sink to stop.
constexpr std::string_view kSniffed = "enough bytes to tell whether the file is DICOM";

constexpr std::string_view kManifestName = "SHA256.TXT";
constexpr std::string_view kDicomdirName = "DICOMDIR";

// What a DICOMDIR record says about the file it references.
struct Expected {
  std::string record;  // "IMAGE record at offset 1234"
  std::string file_id;
  std::optional<std::string> sop_class, sop_instance, transfer_syntax;
};

// One file to read: hashed when the manifest lists it, parsed when a record references it.
struct Job {
  const MediumFile* file = nullptr;
  std::optional<std::string> sha256;  // from the manifest
  std::string manifest_path;  // empty when it is file->path (the usual case: no second copy)
  // The records that reference the file, compact (they point into Verifier::dir_); their keys
  // are read again when the file is checked (expected()), so 300,000 records cost little.
  std::vector<const dd::DirectoryRecord*> records;
  // No record references it: read (only its first bytes, when the manifest does not list it) to
  // tell whether it is DICOM; `allowed` when the allowed content list names it.
  bool unreferenced = false, sniff_only = false, allowed = false;
  // Filled by check_file, which may run on any thread; merged into the report in medium order.
  std::vector<VerifyProblem> problems;
  std::vector<VerifyProblem> warnings;
  base::Bytes magic;  // the first kDicomMagicBytes bytes
  bool pixel_checked = false;
  std::uint64_t bytes_read = 0;
};

// One streaming pass over a file: what check_file keeps between chunks.
struct Pass {
  base::Sha256 hash;
  base::Bytes* prefix = nullptr;  // the first bytes, for the header (kHeaderPrefixBytes at most)
  std::uint64_t read = 0;
  std::size_t parse_at = kFirstParseBytes;
  bool parse_given_up = false;
  std::optional<base::Result<dicom::part10::DicomFile>> header;  // once parsed (or failed for good)
  std::optional<codec::PixelDataCheck> pixels;
};

std::optional<std::string> key(const dicom::DataSet& ds, dicom::Tag tag) {
  auto v = ds.get_string(tag);
  return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

// Reads a whole (small) file from the medium into memory, refusing anything above `cap`.
base::Result<base::Bytes> slurp(const MediumReader& medium, const MediumFile& f, std::uint64_t cap) {
  if (f.size > cap)
    return Error{ErrorCode::kLimitExceeded, fmt::format("{} bytes, more than the {} allowed", f.size, cap)}.in_file(f.path);
  base::Bytes bytes;
  bytes.reserve(f.size);
  DISCUS_CHECK(medium.read_file(f.path, [&](base::ByteView chunk) -> base::Status {
    if (bytes.size() + chunk.size() > cap)
      return Error{ErrorCode::kLimitExceeded, fmt::format("more than {} bytes", cap)}.in_file(f.path);
    bytes.insert(bytes.end(), chunk.begin(), chunk.end());
    return {};
  }));
  return bytes;
}

void collect_records(const dd::RecordList& records, std::vector<const dd::DirectoryRecord*>& out) {
  for (const dd::DirectoryRecord& r : records) {
    if (r.has_file_id) out.push_back(&r);
    collect_records(r.children, out);
  }
}

class Verifier {
 public:
  Verifier(const MediumReader& medium, const VerifyOptions& options) : medium_(medium), options_(options) {}

  base::Result<VerifyReport> run() {
    report_.medium = medium_.describe();
    DISCUS_TRY(files_, medium_.list_files());
    by_name_.reserve(files_.size());
    for (std::size_t i = 0; i < files_.size(); ++i) by_name_.emplace(name_hash(normalize_medium_path(files_[i].path)), i);
    if (options_.check_dicomdir) read_dicomdir();
    {
      DISCUS_TRY(std::vector<ManifestEntry> manifest, load_manifest());
      for (ManifestEntry& e : manifest) add_manifest_entry(std::move(e));
    }  // 300,000 manifest lines are not kept past here
    if (options_.check_dicomdir) check_dicomdir();
    note_unexpected();
    if (dicomdir_read_) mark_unreferenced();
    std::uint64_t total = 0;
    for (const auto& [index, job] : jobs_)
      if (!job.sniff_only) total += job.file->size;
    // Files are read and hashed on every core when the medium can serve reads at once (an image
    // file, a folder); a drive is read in order. Problems are reported in medium order either way.
    std::vector<Job*> order;
    for (auto& [index, job] : jobs_) order.push_back(&job);
    const unsigned threads = medium_.concurrent_reads() ? base::worker_count() : 1;
    base::parallel_for(order.size(), threads, [&](std::size_t k) {
      if (!cancelled()) check_file(*order[k], total);
    });
    if (cancelled()) return base::Error{base::ErrorCode::kCancelled, fmt::format("cancelled while verifying {}", report_.medium)};
    report_.frames_decoded = options_.decode != nullptr;
    for (Job* job : order) {
      report_.bytes_checked += job->bytes_read;
      report_.pixel_data_checked += job->pixel_checked ? 1 : 0;
      for (VerifyProblem& p : job->problems) report_.failures.push_back(std::move(p));
      for (VerifyProblem& p : job->warnings) report_.warnings.push_back(std::move(p));
    }
    return std::move(report_);
  }

 private:
  bool cancelled() const { return options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed); }
  void fail(std::string path, std::string rule, std::string message) {
    report_.failures.push_back({std::move(path), std::move(rule), std::move(message)});
  }
  static void fail(Job& job, std::string path, std::string rule, std::string message) {
    job.problems.push_back({std::move(path), std::move(rule), std::move(message)});
  }

  // 64-bit FNV-1a of a normalised path: by_name_ holds hashes, not a second copy of every path.
  static std::uint64_t name_hash(std::string_view s) {
    std::uint64_t h = 14695981039346656037ull;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
  }
  const MediumFile* find(std::string_view path) const {
    const std::string want = normalize_medium_path(path);
    for (auto [it, last] = by_name_.equal_range(name_hash(want)); it != last; ++it)
      if (normalize_medium_path(files_[it->second].path) == want) return &files_[it->second];
    return nullptr;
  }
  Job& job_for(const MediumFile* f) {
    Job& job = jobs_[static_cast<std::size_t>(f - files_.data())];
    job.file = f;
    return job;
  }

  base::Result<std::vector<ManifestEntry>> load_manifest() {
    if (!options_.manifest_path.empty()) {
      DISCUS_TRY(base::Bytes text, base::read_whole_file(options_.manifest_path, kMaxManifestBytes));
      return parse_manifest(base::as_chars(text), options_.manifest_path);
    }
    const MediumFile* f = find(kManifestName);
    if (!f)
      return Error{ErrorCode::kNotFound,
                   fmt::format("{} has no {} manifest; give one with --manifest", report_.medium, kManifestName)};
    manifest_on_medium_ = f;
    DISCUS_TRY(base::Bytes text, slurp(medium_, *f, kMaxManifestBytes));
    return parse_manifest(base::as_chars(text), f->path);
  }

  void add_manifest_entry(ManifestEntry&& e) {
    const MediumFile* f = find(e.path);
    ++report_.files_checked;
    if (!f) {
      fail(e.path, "verify.missing", "listed in the manifest but not on the medium");
      return;
    }
    Job& job = job_for(f);
    job.sha256 = std::move(e.sha256);  // moved: 300,000 hashes are not held twice
    if (e.path != f->path) job.manifest_path = e.path;
  }

  // Read before the manifest fills jobs_: the record tree of a 300,000-record DICOMDIR needs
  // transient memory best spent while little else is held. Problems are reported later, in
  // check_dicomdir, where they always were.
  // A folder's DICOMDIR is read in place (records are re-read by offset, one at a time); other
  // media give it as bytes, kept as long as dir_. It stays open while files are checked: their
  // records' keys are read from it again.
  void read_dicomdir() {
    dicomdir_file_ = find(kDicomdirName);
    if (!dicomdir_file_) return;
    const MediumFile* f = dicomdir_file_;
    const std::optional<std::string> host = medium_.host_path(f->path);
    if (!host) {
      auto bytes = slurp(medium_, *f, kMaxDicomdirBytes);
      if (!bytes) {
        dicomdir_error_ = bytes.error().describe();
        return;
      }
      dicomdir_bytes_ = std::move(*bytes);
    }
    auto dir = host ? dd::read_dicomdir(*host) : dd::read_dicomdir_memory(dicomdir_bytes_, f->path);
    if (!dir) {
      base::Error e = std::move(dir).error();
      if (host && e.file == *host) e.file = f->path;
      dicomdir_error_ = e.describe();
      return;
    }
    dir_ = std::move(*dir);
  }

  void check_dicomdir() {
    const MediumFile* f = dicomdir_file_;
    if (!f) {
      fail(std::string(kDicomdirName), "verify.dicomdir-missing", "no DICOMDIR in the root of the medium (PS3.10 8.6)");
      return;
    }
    if (!dir_) {
      fail(f->path, "verify.dicomdir-unreadable", dicomdir_error_);
      return;
    }
    for (const base::Finding& finding : dir_->findings)
      if (finding.severity == base::Severity::kError)
        fail(f->path, "verify.dicomdir", fmt::format("{} [{}]", finding.message, finding.rule));
    std::vector<const dd::DirectoryRecord*> records;
    collect_records(dir_->roots, records);
    for (const dd::DirectoryRecord* r : records) add_record(*dir_, *r, f->path);
    dicomdir_read_ = true;
  }

  // Every file no record references (PS3.10 8.6) gets a job: read to tell whether it is DICOM.
  void mark_unreferenced() {
    for (std::size_t i = 0; i < files_.size(); ++i) {
      const MediumFile& f = files_[i];
      if (normalize_medium_path(f.path) == kDicomdirName) continue;
      if (auto it = jobs_.find(i); it != jobs_.end() && !it->second.records.empty()) continue;
      Job& job = job_for(&f);
      job.unreferenced = true;
      job.sniff_only = !job.sha256;
      job.allowed = options_.allowed_content != nullptr && options_.allowed_content->allows(f.path);
    }
  }

  static std::string record_name(const dd::DirectoryRecord& r) {
    return fmt::format("the {} record at offset {}", r.type, r.offset);
  }

  // What the records that reference a job's file say about it (read again from dir_; may run on
  // any thread: loads are positioned reads).
  std::vector<Expected> expected(const Job& job) const {
    std::vector<Expected> out;
    for (const dd::DirectoryRecord* r : job.records) {
      auto item = dir_->load(*r);
      if (!item) continue;  // it was read in add_record; a DICOMDIR changed since is not ours to judge
      std::string id;
      for (const std::string& c : item->file_id) id += (id.empty() ? "" : "/") + c;
      out.push_back(Expected{record_name(*r), std::move(id), key(item->keys, tags::ReferencedSOPClassUIDInFile),
                             key(item->keys, tags::ReferencedSOPInstanceUIDInFile),
                             key(item->keys, tags::ReferencedTransferSyntaxUIDInFile)});
    }
    return out;
  }

  void add_record(const dd::Dicomdir& dir, const dd::DirectoryRecord& r, const std::string& dicomdir_path) {
    ++report_.records_checked;
    const std::string where = record_name(r);
    auto item = dir.load(r);  // records are kept compact; their keys are read again, one at a time
    if (!item) {
      fail(dicomdir_path, "verify.dicomdir-unreadable", fmt::format("{}: {}", where, item.error().describe()));
      return;
    }
    std::string id;
    for (const std::string& c : item->file_id) id += (id.empty() ? "" : "/") + c;
    if (auto ok = dd::check_file_id(item->file_id); !ok) {
      fail(dicomdir_path, "verify.record-file-id", fmt::format("{}: {}", where, ok.error().message));
      return;
    }
    const MediumFile* f = find(id);
    if (!f) {
      fail(id, "verify.record-unresolved", fmt::format("{} references '{}', which is not on the medium", where, id));
      return;
    }
    job_for(f).records.push_back(&r);
  }

  void note_unexpected() {
    for (std::size_t i = 0; i < files_.size(); ++i)
      if ((!jobs_.contains(i) || jobs_.at(i).sniff_only) && &files_[i] != manifest_on_medium_ && normalize_medium_path(files_[i].path) != kDicomdirName)
        report_.unexpected.push_back(files_[i].path);
  }

  void check_file(Job& job, std::uint64_t total) {
    const MediumFile& f = *job.file;
    Pass pass;
    // Reused per thread: a fresh buffer per file would be allocated and faulted in 1,400 times.
    thread_local base::Bytes prefix;
    prefix.clear();
    pass.prefix = &prefix;
    auto status = medium_.read_file(f.path, [&](base::ByteView chunk) { return on_chunk(job, pass, chunk, total); });
    job.bytes_read = pass.read;
    if (job.sniff_only && !status && status.error().code == ErrorCode::kCancelled && status.error().message == kSniffed)
      status = {};
    if (!status) {
      fail(job, f.path, "verify.unreadable", status.error().describe());
      return;
    }
    if (job.unreferenced) report_unreferenced(job);
    if (job.sniff_only) return;
    if (pass.read != f.size)
      fail(job, f.path, "verify.size", fmt::format("the medium records {} bytes but {} were read", f.size, pass.read));
    bool hash_ok = true;
    if (job.sha256) {
      const std::string got = pass.hash.hex_digest();
      hash_ok = got == *job.sha256;
      if (!hash_ok)
        fail(job, f.path, "verify.sha256",
             fmt::format("SHA-256 {} read back, the manifest lists {} for '{}'", got, *job.sha256,
                         job.manifest_path.empty() ? f.path : job.manifest_path));
    }
    if (job.records.empty()) return;
    try_header(job, pass, true);
    check_dicom(job, *pass.header, pass.read > prefix.size(), hash_ok);
    finish_pixels(job, pass);
  }

  base::Status on_chunk(Job& job, Pass& pass, base::ByteView chunk, std::uint64_t total) {
    if (job.magic.size() < kDicomMagicBytes) {
      const std::size_t take = std::min(chunk.size(), kDicomMagicBytes - job.magic.size());
      job.magic.insert(job.magic.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(take));
    }
    if (job.sniff_only) {
      pass.read += chunk.size();
      if (job.magic.size() >= kDicomMagicBytes) return Error{ErrorCode::kCancelled, std::string(kSniffed)};
      return {};
    }
    pass.hash.update(chunk);
    const std::uint64_t at = pass.read;
    base::Bytes& prefix = *pass.prefix;
    if (!job.records.empty() && prefix.size() < kHeaderPrefixBytes) {
      const std::size_t take = std::min(chunk.size(), kHeaderPrefixBytes - prefix.size());
      prefix.insert(prefix.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(take));
    }
    pass.read += chunk.size();
    if (pass.pixels) {
      if (pass.pixels->needs_bytes()) pass.pixels->feed(at, chunk);
    } else if (!job.records.empty()) {
      try_header(job, pass, false);
    }
    if (options_.progress) {
      std::lock_guard lock(progress_mutex_);
      done_ += chunk.size();
      options_.progress(done_, total);
    }
    return {};
  }

  // Parses the header from the prefix once enough has passed (at the end in any case), and starts
  // the Pixel Data check on it, fed the bytes seen so far. A parse that stops at a clean element
  // boundary without reaching Pixel Data is not trusted before the end: the prefix may end there.
  void try_header(Job& job, Pass& pass, bool at_end) {
    const base::Bytes& prefix = *pass.prefix;
    if (pass.header) return;
    if (!at_end && (pass.parse_given_up || prefix.size() < pass.parse_at || pass.read > prefix.size())) return;
    pass.parse_at = std::min(pass.parse_at * 4, kHeaderPrefixBytes);
    dicom::part10::ReadOptions ro;
    ro.stop_before_pixels = true;
    auto file = dicom::part10::read_memory(prefix, ro, job.file->path);
    if (!at_end && (!file || !file->pixel_data)) {
      pass.parse_given_up = !file && file.error().code != ErrorCode::kTruncated;
      return;
    }
    pass.header.emplace(std::move(file));
    if (!*pass.header || !(*pass.header)->pixel_data) return;
    codec::PixelCheckOptions po;
    po.decode = options_.decode;
    pass.pixels.emplace(**pass.header, job.file->size, po);
    // The check needs the bytes from the Pixel Data on: all there when the prefix is the whole
    // file so far; otherwise (a header of more than 8 MiB) an encapsulated one cannot be walked.
    if (prefix.size() == pass.read) pass.pixels->feed(0, prefix);
  }

  void finish_pixels(Job& job, Pass& pass) {
    if (!pass.pixels) return;
    const std::string& path = job.file->path;
    if (pass.pixels->needs_bytes() && pass.prefix->size() != pass.read) {
      job.warnings.push_back({path, "verify.pixel-unchecked",
                              "the header is longer than the bytes kept to parse it: its Pixel Data was not checked"});
      return;
    }
    job.pixel_checked = true;
    for (const base::Finding& f : pass.pixels->finish()) {
      if (f.severity == base::Severity::kInfo) continue;
      VerifyProblem p{path, f.rule, fmt::format("{}: {} [{}]", f.tag_path, f.message, f.reference)};
      (f.severity == base::Severity::kError ? job.problems : job.warnings).push_back(std::move(p));
    }
  }

  void report_unreferenced(Job& job) {
    const std::string& path = job.file->path;
    if (looks_like_dicom(job.magic))
      fail(job, path, "verify.unreferenced-dicom",
           "a DICOM file that no DICOMDIR record references: every DICOM file of a file-set is in its DICOMDIR (PS3.10 8.6)");
    else if (options_.allowed_content != nullptr && !job.allowed)
      job.warnings.push_back({path, "verify.unreferenced",
                              "no DICOMDIR record references this file and the list of allowed non-DICOM content "
                              "(profiles/common/allowed-content.json) does not name it"});
  }

  void check_dicom(Job& job, const base::Result<dicom::part10::DicomFile>& file, bool truncated, bool hash_ok) {
    const std::string& path = job.file->path;
    const std::vector<Expected> records = expected(job);
    if (!file) {
      // A header longer than the prefix is only acceptable when the bytes are exactly the ones
      // the author parsed (manifest match); anything else is a file no reader could open.
      if (truncated && hash_ok && job.sha256 && file.error().code == ErrorCode::kTruncated) return;
      for (const Expected& e : records)
        fail(job, path, "verify.not-dicom", fmt::format("{} references '{}', which cannot be read as DICOM: {}", e.record,
                                                   e.file_id, file.error().describe()));
      return;
    }
    auto either = [&](dicom::Tag meta_tag, dicom::Tag ds_tag) {
      auto v = file->meta.get_string(meta_tag);
      return v ? v : file->dataset.get_string(ds_tag);
    };
    std::optional<std::string_view> ts = file->meta.get_string(tags::TransferSyntaxUID);
    if (!ts && file->transfer_syntax) ts = file->transfer_syntax->uid;
    const auto cls = either(tags::MediaStorageSOPClassUID, tags::SOPClassUID);
    const auto inst = either(tags::MediaStorageSOPInstanceUID, tags::SOPInstanceUID);
    for (const Expected& e : records) {
      compare(job, path, e, "(0004,1510) SOP Class UID", e.sop_class, cls);
      compare(job, path, e, "(0004,1511) SOP Instance UID", e.sop_instance, inst);
      compare(job, path, e, "(0004,1512) Transfer Syntax UID", e.transfer_syntax, ts);
    }
  }

  static void compare(Job& job, const std::string& path, const Expected& e, std::string_view what, const std::optional<std::string>& want,
               std::optional<std::string_view> got) {
    if (!want) return;  // absent keys are the DICOMDIR reader's business (a finding there)
    if (got && *got == *want) return;
    fail(job, path, "verify.record-mismatch",
         fmt::format("{} gives {} {} but the file has {}", e.record, what, *want, got ? std::string(*got) : "none"));
  }

  const MediumReader& medium_;
  const VerifyOptions& options_;
  VerifyReport report_;
  std::vector<MediumFile> files_;
  std::unordered_multimap<std::uint64_t, std::size_t> by_name_;  // name_hash(normalised path) -> index
  std::map<std::size_t, Job> jobs_;  // by index in files_: the medium's order, for sequential reads
  std::optional<dd::Dicomdir> dir_;  // the medium's DICOMDIR, once read
  base::Bytes dicomdir_bytes_;       // its bytes, when the medium is not a folder (dir_ reads them)
  const MediumFile* dicomdir_file_ = nullptr;
  std::string dicomdir_error_;       // why dir_ is empty though dicomdir_file_ is not
  const MediumFile* manifest_on_medium_ = nullptr;
  bool dicomdir_read_ = false;
  std::mutex progress_mutex_;
  std::uint64_t done_ = 0;  // bytes read so far, for progress (under progress_mutex_)
};

bool is_hex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

std::string human_bytes(std::uint64_t n) {
  if (n >= (1ull << 30)) return fmt::format("{:.2f} GiB", static_cast<double>(n) / (1ull << 30));
  if (n >= (1ull << 20)) return fmt::format("{:.1f} MiB", static_cast<double>(n) / (1ull << 20));
  return fmt::format("{} bytes", n);
}

}  // namespace

std::string normalize_medium_path(std::string_view path) { return media::profile::comparable_medium_path(path); }

base::Result<std::vector<ManifestEntry>> parse_manifest(std::string_view text, const std::string& name) {
  std::vector<ManifestEntry> entries;
  std::size_t line_no = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    // sha256sum: 64 hex digits, a space, then ' ' (text mode) or '*' (binary mode), then the name.
    if (line.size() < 67 || !is_hex64(line.substr(0, 64)) || line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
      return Error{ErrorCode::kInvalidArgument,
                   fmt::format("line {} is not '<64 hex digits>  <path>' as sha256sum writes it", line_no)}
          .in_file(name);
    std::string hex(line.substr(0, 64));
    std::transform(hex.begin(), hex.end(), hex.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
    std::string path(line.substr(66));
    if (path.starts_with("./")) path.erase(0, 2);
    entries.push_back({std::move(hex), std::move(path)});
  }
  if (entries.empty()) return Error{ErrorCode::kInvalidArgument, "the manifest lists no files"}.in_file(name);
  return entries;
}

base::Result<VerifyReport> verify_medium(const MediumReader& medium, const VerifyOptions& options) {
  return Verifier(medium, options).run();
}

std::string to_text(const VerifyReport& r) {
  std::string out;
  for (const VerifyProblem& p : r.failures)
    out += fmt::format("FAILED {}: {} [{}]\n", p.path.empty() ? r.medium : p.path, p.message, p.rule);
  for (const VerifyProblem& p : r.warnings)
    out += fmt::format("warning {}: {} [{}]\n", p.path.empty() ? r.medium : p.path, p.message, p.rule);
  for (const std::string& u : r.unexpected) out += fmt::format("note: {} is on the medium but not in the manifest\n", u);
  out += fmt::format("{}: {} files against the manifest, {} DICOMDIR references, {} instances' Pixel Data {}, {} read: {}\n",
                     r.medium, r.files_checked, r.records_checked, r.pixel_data_checked,
                     r.frames_decoded ? "checked and decoded" : "checked (headers only)", human_bytes(r.bytes_checked),
                     r.ok() ? "VERIFIED" : fmt::format("FAILED ({} problems)", r.failures.size()));
  if (r.level == "envelope")
    out += "secure file-set checked at the envelope level only (manifest, envelope structure, no plain DICOM File); give "
           "--password-file F or --key KEY.pem to open the files in memory and check them as DICOM\n";
  else if (r.level == "opened")
    out += "secure file-set: envelopes opened in memory where they could; the DICOM-level check (DICOMDIR records against "
           "instances) runs only when every envelope opens\n";
  else if (r.level == "dicom")
    out += "secure file-set: every envelope opened in memory (digests and signatures checked), DICOMDIR and instances checked as DICOM\n";
  return out;
}

}  // namespace discus::output
