#include "media/author/author.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "base/file.h"
#include "base/sha256.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/dict/uids.h"
#include "dicom/part10/writer.h"
#include "iod/consistency.h"
#include "iod/validator.h"
#include "media/author/pdi_readme.h"
#include "media/author/scan.h"
#include "media/dicomdir/builder.h"
#include "media/dicomdir/record_types.h"
#include "media/fileset/file_id.h"

namespace discus::media::author {

namespace fs = std::filesystem;
namespace tags = dicom::tags;
using base::Error;
using base::ErrorCode;
using base::Finding;
using base::Result;
using base::Severity;

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::kCopied: return "copied";
    case Outcome::kRewritten: return "rewritten";
    case Outcome::kExcluded: return "excluded";
    case Outcome::kDuplicate: return "duplicate";
    case Outcome::kNotDicom: return "not-dicom";
    case Outcome::kUnreadable: return "unreadable";
    case Outcome::kDicomdir: return "dicomdir";
  }
  return "unknown";
}

bool AuthorResult::complete() const {
  return std::none_of(files.begin(), files.end(), [](const FileRecord& f) {
    return f.outcome == Outcome::kExcluded || f.outcome == Outcome::kUnreadable;
  });
}

namespace {

std::string text(const dicom::DataSet& ds, dicom::Tag t) { return std::string(ds.get_string(t).value_or("")); }

// One instance on its way to the medium.
struct Candidate {
  std::size_t file;             // index into the scan
  std::string target_ts;        // as it will be written
  bool rewrite = false;         // re-encode instead of copying the bytes
  fileset::FileId file_id;
};

class Job {
  using Status = base::Status;

 public:
  Job(const AuthorOptions& opt, const profile::ApplicationProfile& p, base::UidSource& uids)
      : opt_(opt), profile_(p), uids_(uids) {}

  Result<AuthorResult> run() {
    DISCUS_CHECK(prepare_output());
    scanned_ = scan(opt_.inputs, opt_.threads);
    result_.profile_id = profile_.id;
    result_.out_dir = opt_.out_dir;
    result_.files.resize(scanned_.size());
    for (std::size_t i = 0; i < scanned_.size(); ++i) classify(i);
    check_consistency();
    if (candidates_.empty())
      return Error{ErrorCode::kInvalidArgument,
                   "no DICOM instance can go on this medium; PS3.11 allows no empty DICOMDIR (see the findings)"};
    DISCUS_CHECK(plan());
    DISCUS_CHECK(copy_all());
    DISCUS_CHECK(write_dicomdir());
    DISCUS_CHECK(write_readme());
    DISCUS_CHECK(write_manifest());
    return std::move(result_);
  }

 private:
  Status prepare_output() {
    std::error_code ec;
    if (fs::exists(opt_.out_dir, ec) && !fs::is_empty(opt_.out_dir, ec))
      return Error{ErrorCode::kInvalidArgument, fmt::format("output folder '{}' exists and is not empty", opt_.out_dir)};
    fs::create_directories(opt_.out_dir, ec);
    if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create '{}': {}", opt_.out_dir, ec.message())};
    // A source inside the output would be read while being written.
    const std::string out = fs::weakly_canonical(opt_.out_dir).string() + "/";
    for (const std::string& in : opt_.inputs) {
      const std::string src = fs::weakly_canonical(in).string() + "/";
      if (src.rfind(out, 0) == 0 || out.rfind(src, 0) == 0)
        if (fs::is_directory(in)) return Error{ErrorCode::kInvalidArgument, fmt::format("input '{}' and output '{}' overlap", in, opt_.out_dir)};
    }
    return {};
  }

  void classify(std::size_t i) {
    ScannedFile& s = scanned_[i];
    FileRecord& rec = result_.files[i];
    rec.source = s.path;
    if (s.error) {
      rec.outcome = s.error->code == ErrorCode::kNotDicom ? Outcome::kNotDicom : Outcome::kUnreadable;
      rec.reason = s.error->describe();
      if (rec.outcome == Outcome::kUnreadable)
        result_.findings.push_back(Finding{"author.unreadable", Severity::kError, s.path, s.error->tag_path, rec.reason, "PS3.10 7", false});
      return;
    }
    const auto& f = *s.dicom;
    const dicom::DataSet& ds = f.dataset;
    const std::string sop_class = text(ds, tags::SOPClassUID);
    if (f.meta.get_string(tags::MediaStorageSOPClassUID) == dicom::uids::MediaStorageDirectoryStorage) {
      rec.outcome = Outcome::kDicomdir;
      rec.reason = "an existing DICOMDIR; the new file-set gets its own";
      return;
    }
    // A second copy of an instance already accepted: one copy goes on the medium. (A copy that
    // was excluded, e.g. in a compressed syntax, does not block a later one that fits.)
    const std::string uid = text(ds, tags::SOPInstanceUID);
    if (auto it = by_uid_.find(uid); it != by_uid_.end() && !uid.empty()) {
      duplicate(i, it->second);
      return;
    }
    for (Finding& x : iod::validate_instance(ds, s.path)) result_.findings.push_back(std::move(x));
    summaries_.push_back(iod::summarize(ds, s.path, ""));
    decide(i, sop_class);
  }

  // Same SOP Instance UID twice: one copy goes on the medium; different content is an error.
  void duplicate(std::size_t i, std::size_t first) {
    FileRecord& rec = result_.files[i];
    rec.outcome = Outcome::kDuplicate;
    const auto a = base::sha256_file(scanned_[first].path);
    const auto b = base::sha256_file(scanned_[i].path);
    const bool same = a && b && *a == *b;
    rec.reason = same ? fmt::format("identical to {}", scanned_[first].path)
                      : fmt::format("same SOP Instance UID as {} but different content", scanned_[first].path);
    if (!same)
      result_.findings.push_back(Finding{"consistency.sop-instance-content", Severity::kError, scanned_[i].path, "(0008,0018)",
                                         rec.reason + "; only the first is on the medium", "PS3.3 C.12.1.1.1", false});
  }

  void decide(std::size_t i, const std::string& sop_class) {
    const auto& f = *scanned_[i].dicom;
    FileRecord& rec = result_.files[i];
    const std::string ts(f.transfer_syntax->uid);
    const std::vector<std::string> allowed = profile_.transfer_syntaxes_for(sop_class);
    if (dicomdir::record_type_for(sop_class) == nullptr) {
      exclude(i, fmt::format("SOP Class '{}' has no DICOMDIR record type", sop_class), "PS3.3 F.4-1");
      return;
    }
    if (allowed.empty()) {
      exclude(i, fmt::format("SOP Class '{}' is not allowed by {}", sop_class, profile_.id), profile_.reference);
      return;
    }
    for (Finding& x : profile::check_instance(profile_, f.dataset, ts, scanned_[i].path)) {
      if (x.rule == "profile.transfer-syntax") continue;  // decided below, with the repair
      if (x.severity == Severity::kError) {
        exclude(i, x.message, x.reference);
        result_.findings.push_back(std::move(x));
        return;
      }
      result_.findings.push_back(std::move(x));
    }
    Candidate c{i, ts, false, {}};
    const bool allowed_as_is = std::find(allowed.begin(), allowed.end(), ts) != allowed.end();
    const bool explicit_allowed = std::find(allowed.begin(), allowed.end(), dicom::uids::ExplicitVRLittleEndian) != allowed.end();
    if (!allowed_as_is) {
      if (f.transfer_syntax->encapsulated() || !explicit_allowed) {
        exclude(i, fmt::format("transfer syntax {} ({}) is not allowed by {} (allowed: {}); converting compressed "
                               "pixel data needs the codec layer, not yet available",
                               f.transfer_syntax->name, ts, profile_.id, fmt::join(allowed, ", ")),
                profile_.reference);
        return;
      }
      c.target_ts = std::string(dicom::uids::ExplicitVRLittleEndian);
      c.rewrite = true;
      result_.findings.push_back(Finding{"profile.transfer-syntax", Severity::kWarning, scanned_[i].path, "(0002,0010)",
                                         fmt::format("{} is not allowed by {}; rewritten as Explicit VR Little Endian, "
                                                     "every element kept",
                                                     f.transfer_syntax->name, profile_.id),
                                         profile_.reference, true});
    }
    // A file without a proper preamble and meta, or with tolerated damage, is rewritten clean.
    if (!f.has_preamble || !f.has_meta || !f.warnings.empty()) {
      c.rewrite = true;
      result_.findings.push_back(Finding{"author.rewritten", Severity::kInfo, scanned_[i].path, "",
                                         fmt::format("re-encoded as a conformant Part 10 file ({})",
                                                     f.warnings.empty() ? std::string("no preamble or File Meta Information")
                                                                        : f.warnings.front().message),
                                         "PS3.10 7.1", true});
    }
    rec.outcome = c.rewrite ? Outcome::kRewritten : Outcome::kCopied;
    rec.transfer_syntax = c.target_ts;
    by_uid_.emplace(text(f.dataset, tags::SOPInstanceUID), i);
    candidates_.push_back(std::move(c));
  }

  void exclude(std::size_t i, std::string reason, std::string reference) {
    FileRecord& rec = result_.files[i];
    rec.outcome = Outcome::kExcluded;
    rec.reason = reason;
    result_.findings.push_back(Finding{"author.excluded", Severity::kError, scanned_[i].path, "", std::move(reason),
                                       std::move(reference), false});
  }

  void check_consistency() {
    for (Finding& x : iod::validate_consistency(summaries_)) result_.findings.push_back(std::move(x));
  }

  Status plan() {
    std::vector<fileset::PlanInput> in;
    for (const Candidate& c : candidates_) {
      const dicom::DataSet& ds = scanned_[c.file].dicom->dataset;
      in.push_back(fileset::PlanInput{text(ds, tags::PatientID), text(ds, tags::StudyInstanceUID), text(ds, tags::SeriesInstanceUID),
                                      text(ds, tags::SOPInstanceUID), ds.get_int(tags::InstanceNumber).value_or(0),
                                      fs::file_size(scanned_[c.file].path)});
    }
    fileset::PlanOptions po;
    po.capacity_bytes = profile_.capacity_bytes;
    po.reserved_bytes = 1u << 20;  // DICOMDIR, README.TXT, SHA256.TXT: generous for thousands of records
    DISCUS_TRY(fileset::Plan p, fileset::plan_file_set(in, po));
    for (std::size_t k = 0; k < candidates_.size(); ++k) candidates_[k].file_id = std::move(p.file_ids[k]);
    return {};
  }

  Status copy_one(const Candidate& c) {
    const ScannedFile& s = scanned_[c.file];
    FileRecord& rec = result_.files[c.file];
    const std::string rel = fileset::to_relative_path(c.file_id);
    const fs::path out = fs::path(opt_.out_dir) / rel;
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    if (c.rewrite) {
      DISCUS_TRY(auto full, dicom::part10::read_file(s.path));  // pixel data stays in the source, copied in chunks
      dicom::part10::WriteOptions w;
      w.transfer_syntax_uid = c.target_ts;
      w.sync = false;
      DISCUS_CHECK(dicom::part10::write_file(out.string(), full.dataset, &full.meta, w));
    } else {
      fs::copy_file(s.path, out, fs::copy_options::none, ec);
      if (ec) return Error{ErrorCode::kIo, fmt::format("cannot copy to {}: {}", out.string(), ec.message())}.in_file(s.path);
    }
    DISCUS_TRY(rec.sha256, base::sha256_file(out.string()));  // what is on disk, read back
    rec.file_id = rel;
    rec.bytes = fs::file_size(out);
    return {};
  }

  Status copy_all() {
    std::atomic<std::size_t> next{0};
    std::vector<std::optional<Error>> errors(candidates_.size());
    auto work = [&] {
      for (std::size_t k = next++; k < candidates_.size(); k = next++)
        if (auto st = copy_one(candidates_[k]); !st) errors[k] = std::move(st).error();
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::max(1u, opt_.threads); ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    for (auto& e : errors)
      if (e) return *e;
    return {};
  }

  Status write_dicomdir() {
    std::vector<dicomdir::InstanceEntry> entries;
    for (const Candidate& c : candidates_) {
      const dicom::DataSet& ds = scanned_[c.file].dicom->dataset;
      entries.push_back(dicomdir::InstanceEntry{c.file_id, &ds, c.target_ts, scanned_[c.file].path});
    }
    dicomdir::BuildOptions bo;
    bo.fileset_id = opt_.fileset_id;
    bo.fileset_uid = uids_.next();
    for (const profile::DirectoryKey& k : profile_.directory_keys)
      if (!k.in_sequence) bo.extra_keys.push_back(dicomdir::ExtraKey{k.record_type, k.tag, k.type, profile_.directory_keys_reference});
    DISCUS_TRY(auto built, dicomdir::build_dicomdir(entries, bo));
    for (Finding& x : built.findings) result_.findings.push_back(std::move(x));
    result_.fileset_uid = bo.fileset_uid;
    result_.patients = built.patients;
    result_.studies = built.studies;
    result_.series = built.series;
    result_.instances = candidates_.size();
    return write_small("DICOMDIR", built.bytes);
  }

  Status write_readme() {
    return write_small("README.TXT", base::to_bytes(pdi_readme(result_, profile_, opt_.institution)));
  }

  Status write_manifest() {
    std::string text;
    for (const FileRecord& f : result_.files)
      if (!f.file_id.empty()) text += fmt::format("{}  {}\n", f.sha256, f.file_id);
    for (const auto& [name, hash] : extra_hashes_) text += fmt::format("{}  {}\n", hash, name);
    DISCUS_TRY(auto out, base::AtomicOutputFile::create((fs::path(opt_.out_dir) / "SHA256.TXT").string()));
    DISCUS_CHECK(out.write(base::as_bytes(text)));
    DISCUS_CHECK(out.commit(false));
    for (const FileRecord& f : result_.files) result_.total_bytes += f.bytes;
    result_.total_bytes += text.size();
    return {};
  }

  Status write_small(const std::string& name, const base::Bytes& bytes) {
    DISCUS_TRY(auto out, base::AtomicOutputFile::create((fs::path(opt_.out_dir) / name).string()));
    DISCUS_CHECK(out.write(bytes));
    DISCUS_CHECK(out.commit(false));
    extra_hashes_.emplace_back(name, base::sha256_hex(bytes));
    result_.total_bytes += bytes.size();
    return {};
  }

  const AuthorOptions& opt_;
  const profile::ApplicationProfile& profile_;
  base::UidSource& uids_;
  std::vector<ScannedFile> scanned_;
  AuthorResult result_;
  std::map<std::string, std::size_t> by_uid_;
  std::vector<iod::InstanceSummary> summaries_;
  std::vector<Candidate> candidates_;
  std::vector<std::pair<std::string, std::string>> extra_hashes_;
};

}  // namespace

Result<AuthorResult> author(const AuthorOptions& options, const profile::ApplicationProfile& profile, base::UidSource& uids) {
  return Job(options, profile, uids).run();
}

}  // namespace discus::media::author
