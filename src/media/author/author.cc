#include "media/author/author.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>

#include "base/sha256.h"
#include "media/author/intake.h"
#include "media/author/pdi_readme.h"
#include "media/dicomdir/builder.h"
#include "media/fileset/file_id.h"

namespace discus::media::author {

namespace fs = std::filesystem;
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
    case Outcome::kConflict: return "conflict";
    case Outcome::kNotDicom: return "not-dicom";
    case Outcome::kUnreadable: return "unreadable";
    case Outcome::kDicomdir: return "dicomdir";
    case Outcome::kOnMedium: return "on-medium";
  }
  return "unknown";
}

bool AuthorResult::complete() const {
  return std::none_of(files.begin(), files.end(), [](const FileRecord& f) {
    return f.outcome == Outcome::kExcluded || f.outcome == Outcome::kUnreadable || f.outcome == Outcome::kConflict;
  });
}

namespace {

// The FSC: a new file-set in an empty folder.
class Job {
  using Status = base::Status;

 public:
  Job(const AuthorOptions& opt, const profile::ApplicationProfile& p, base::UidSource& uids,
      std::optional<std::vector<ScannedFile>> scanned = std::nullopt)
      : opt_(opt), profile_(p), uids_(uids), intake_(p, result_, detail::Conversion{opt.compression, opt.codecs, &uids, opt.replace_invalid_uids, opt.uid_root}),
        scanned_(std::move(scanned)) {}

  Result<AuthorResult> run() {
    DISCUS_CHECK(prepare_output());
    result_.profile_id = profile_.id;
    result_.out_dir = opt_.out_dir;
    intake_.set_hooks({opt_.progress, opt_.cancel});
    if (scanned_) intake_.take(std::move(*scanned_), opt_.threads);
    else intake_.take(opt_.inputs, opt_.threads);
    if (intake_.candidates().empty())
      return Error{ErrorCode::kInvalidArgument,
                   fmt::format("no DICOM instance can go on this medium; PS3.11 allows no empty DICOMDIR{}", why_nothing())};
    DISCUS_CHECK(plan());
    // Icons the profile requires (STD-XABC-CD, STD-XA1K-*: PS3.11 A.3.3.2, B.3.3.2), rendered
    // from the files as written. Where a profile only allows them, they are left out: they cost a
    // decode of every image and no reader needs them.
    const bool icons = profile_.icons.level == profile::IconRule::Level::kRequired;
    // Without icons, and when no compression can fall back to another syntax, the DICOMDIR does
    // not depend on the copies: it is encoded on this thread while the others copy.
    std::optional<Result<dicomdir::BuiltDicomdir>> built;
    std::function<void()> alongside;
    if (!icons && intake_.entries_final()) alongside = [&] { built.emplace(build_dicomdir()); };
    DISCUS_CHECK(intake_.copy_all(opt_.out_dir, opt_.threads, alongside));
    if (intake_.candidates().empty())
      return Error{ErrorCode::kInvalidArgument,
                   fmt::format("no DICOM instance could be copied; PS3.11 allows no empty DICOMDIR{}", why_nothing())};
    if (icons) intake_.make_icons(profile_.icons, opt_.out_dir, opt_.threads);
    // A DICOMDIR encoded alongside the copies names every candidate: again without the failed ones.
    if (intake_.dropped() != 0) built.reset();
    if (!built) built.emplace(build_dicomdir());
    DISCUS_CHECK(write_dicomdir(std::move(*built)));
    DISCUS_CHECK(write_small("README.TXT", base::to_bytes(pdi_readme(result_, profile_, readme_options(result_, profile_, opt_.institution, opt_.readme_sections)))));
    if (opt_.other_content) {
      DISCUS_TRY(auto other, opt_.other_content(opt_.out_dir));
      for (const auto& [name, bytes] : other) DISCUS_CHECK(write_small(name, bytes));
    }
    intake_.release_headers(opt_.threads);  // not needed past the DICOMDIR; freed on every thread
    DISCUS_TRY(std::uint64_t manifest, detail::write_manifest(opt_.out_dir, result_.files, extra_hashes_, false));
    for (const FileRecord& f : result_.files) result_.total_bytes += f.bytes;
    result_.total_bytes += manifest;
    return std::move(result_);
  }

 private:
  Status prepare_output() {
    std::error_code ec;
    if (fs::exists(opt_.out_dir, ec) && !fs::is_empty(opt_.out_dir, ec))
      return Error{ErrorCode::kInvalidArgument, fmt::format("output folder '{}' exists and is not empty", opt_.out_dir)};
    fs::create_directories(opt_.out_dir, ec);
    if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create '{}': {}", opt_.out_dir, ec.message())};
    return detail::check_no_overlap(opt_.inputs, opt_.out_dir);  // a source inside the output would be read while written
  }

  // The reasons the inputs stayed off the medium (the first few), for the error that ends the job.
  std::string why_nothing() const {
    std::string out;
    std::size_t shown = 0, more = 0;
    for (const FileRecord& f : result_.files) {
      if (f.reason.empty() || f.outcome == Outcome::kNotDicom) continue;
      if (shown < 3) out += fmt::format("\n  {}: {}", f.source, f.reason), ++shown;
      else ++more;
    }
    if (more) out += fmt::format("\n  ... and {} more", more);
    return out;
  }

  Status plan() {
    fileset::PlanOptions po;
    po.capacity_bytes = profile_.capacity_bytes;
    po.reserved_bytes = 1u << 20;  // DICOMDIR, README.TXT, SHA256.TXT: generous for thousands of records
    DISCUS_TRY(fileset::Plan p, fileset::plan_file_set(intake_.plan_inputs(), po));
    intake_.assign(std::move(p.file_ids));
    return {};
  }

  Result<dicomdir::BuiltDicomdir> build_dicomdir() {
    dicomdir::BuildOptions bo = detail::build_options(profile_, opt_.fileset_id, uids_.next());
    fileset_uid_ = bo.fileset_uid;
    return dicomdir::build_dicomdir(intake_.entries(), bo);
  }

  Status write_dicomdir(Result<dicomdir::BuiltDicomdir> result) {
    DISCUS_TRY(auto built, std::move(result));
    for (Finding& x : built.findings) result_.findings.push_back(std::move(x));
    result_.fileset_uid = fileset_uid_;
    result_.patients = built.patients;
    result_.studies = built.studies;
    result_.series = built.series;
    result_.instances = intake_.candidates().size();
    return write_small("DICOMDIR", built.bytes);
  }

  Status write_small(const std::string& name, const base::Bytes& bytes) {
    if (name.find('/') != std::string::npos) {  // other content in its own folder (VIEWER/...)
      std::error_code ec;
      fs::create_directories((fs::path(opt_.out_dir) / name).parent_path(), ec);
      if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create the folder of '{}': {}", name, ec.message())};
    }
    DISCUS_CHECK(detail::write_root_file(opt_.out_dir, name, bytes, false));
    extra_hashes_.emplace_back(name, base::sha256_hex(bytes));
    result_.total_bytes += bytes.size();
    return {};
  }

  const AuthorOptions& opt_;
  const profile::ApplicationProfile& profile_;
  base::UidSource& uids_;
  AuthorResult result_;
  detail::Intake intake_;
  std::optional<std::vector<ScannedFile>> scanned_;  // given by author_scanned(): not scanned again
  std::vector<std::pair<std::string, std::string>> extra_hashes_;
  std::string fileset_uid_;
};

}  // namespace

Result<AuthorResult> author(const AuthorOptions& options, const profile::ApplicationProfile& profile, base::UidSource& uids) {
  return Job(options, profile, uids).run();
}

Result<AuthorResult> detail::author_scanned(const AuthorOptions& options, std::vector<ScannedFile> scanned,
                                            const profile::ApplicationProfile& profile, base::UidSource& uids) {
  return Job(options, profile, uids, std::move(scanned)).run();
}

}  // namespace discus::media::author
