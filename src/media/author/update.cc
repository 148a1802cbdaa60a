#include "media/author/update.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "base/file.h"
#include "base/parallel.h"
#include "base/sha256.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"
#include "iod/consistency.h"
#include "media/author/intake.h"
#include "media/author/pdi_readme.h"
#include "media/dicomdir/builder.h"
#include "media/dicomdir/reader.h"
#include "media/dicomdir/resolver.h"
#include "media/fileset/file_id.h"

namespace discus::media::author {

namespace fs = std::filesystem;
namespace tags = dicom::tags;
using base::Error;
using base::ErrorCode;
using base::Finding;
using base::Result;
using base::Severity;
using base::Status;

namespace {

constexpr std::string_view kReadmeFirstLine = "DICOM MEDIUM - README";  // what pdi_readme() starts with

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// A file of the file-set root that the update rewrites itself.
bool is_root_file(const std::string& rel, std::string_view name) { return upper(rel) == name; }

// An instance the DICOMDIR references and the update keeps, untouched.
struct Kept {
  std::vector<std::string> file_id;  // as the old DICOMDIR spelt it
  std::string path;                  // resolved inside the root
  dicom::part10::DicomFile header;   // pixel data left unread
};

// A file found in the root before the update, with its hash as it is now.
struct Present {
  std::string rel;   // "DICOM/P0000001/..." as on disk
  std::string path;
  std::uint64_t bytes = 0;
  std::string sha256;
  bool referenced = false;
};

// "<hash>  <path>" lines of a sha256sum manifest ("*" marks binary mode).
std::map<std::string, std::string> parse_manifest(const std::string& text) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() < 66 || line[64] != ' ') continue;
    std::string name = line.substr(65);
    if (!name.empty() && (name[0] == ' ' || name[0] == '*')) name.erase(0, 1);
    out[name] = line.substr(0, 64);
  }
  return out;
}

class Updater {
 public:
  Updater(const UpdateOptions& opt, const profile::ApplicationProfile& p, base::UidSource& uids)
      : opt_(opt), profile_(p), uids_(uids), intake_(p, result_, detail::Conversion{opt.compression, opt.codecs, &uids, false, {}}) {}

  Result<AuthorResult> run() {
    DISCUS_CHECK(refuse_without_fsu());
    DISCUS_CHECK(read_existing());
    DISCUS_CHECK(survey_root());
    DISCUS_CHECK(detail::check_no_overlap(opt_.inputs, opt_.root));
    for (const Kept& k : kept_) {
      intake_.add_summary(iod::summarize(k.header.dataset, k.path, ""));
      intake_.add_existing(std::string(k.header.dataset.get_string(tags::SOPInstanceUID).value_or("")), k.path,
                           fmt::format("{}", fmt::join(k.file_id, "/")));
    }
    intake_.set_hooks({opt_.progress, opt_.cancel});
    intake_.take(opt_.inputs, opt_.threads);
    verify_existing();
    add_kept_records();
    if (intake_.candidates().empty()) {
      result_.findings.push_back(Finding{"update.nothing-to-add", Severity::kInfo, "", "",
                                         "no new instance to add; the file-set was left as it was", "PS3.10 8.3", false});
      result_.instances = kept_.size();
      return std::move(result_);
    }
    DISCUS_CHECK(plan());
    if (auto st = intake_.copy_all(opt_.root, opt_.threads); !st) return roll_back(std::move(st).error());
    if (auto st = flush(); !st) return roll_back(std::move(st).error());
    if (auto st = write_dicomdir(); !st) return roll_back(std::move(st).error());
    // From here the new DICOMDIR references the new files: no roll back.
    DISCUS_CHECK(write_readme());
    DISCUS_CHECK(write_other_content());
    DISCUS_CHECK(write_manifest());
    return std::move(result_);
  }

 private:
  Status refuse_without_fsu() {
    if (profile_.fsu_allowed) return {};
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("profile {} ({}) gives no File-set Updater (FSU) role (its roles: {}); a file-set of this "
                             "profile cannot be updated, only authored anew (PS3.10 8.3; {})",
                             profile_.id, profile_.title, profile_.roles.empty() ? "none" : fmt::format("{}", fmt::join(profile_.roles, ", ")),
                             profile_.reference.empty() ? "PS3.11" : profile_.reference)};
  }

  Status read_existing() {
    result_.profile_id = profile_.id;
    result_.out_dir = opt_.root;
    if (!fs::is_directory(opt_.root)) return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not a folder", opt_.root)};
    auto where = dicomdir::resolve_file_id(opt_.root, {"DICOMDIR"});
    if (!where)
      return Error{ErrorCode::kNotFound, fmt::format("'{}' holds no DICOMDIR, so it is no file-set to update (PS3.10 8.4): {}",
                                                     opt_.root, where.error().message)};
    DISCUS_TRY(dir_, dicomdir::read_dicomdir(*where));
    for (Finding& f : dir_.findings) {
      f.message = "existing DICOMDIR: " + f.message + " (the DICOMDIR is rebuilt)";
      result_.findings.push_back(std::move(f));
    }
    result_.fileset_uid = dir_.fileset_uid;
    if (result_.fileset_uid.empty()) {
      result_.fileset_uid = uids_.next();
      result_.findings.push_back(Finding{"update.fileset-uid", Severity::kWarning, *where, "(0002,0003)",
                                         "the existing DICOMDIR has no File-set UID; a new one was given", "PS3.10 7.1", true});
    }
    std::set<std::string> seen;
    std::vector<Referenced> refs;
    for (const dicomdir::DirectoryRecord& r : dir_.roots) keep(r, seen, refs);
    read_kept(std::move(refs));
    return {};
  }

  // A file the old DICOMDIR references, found in the root.
  struct Referenced {
    std::vector<std::string> file_id;
    std::string path;
  };

  // Every record that references a file, depth first; a file referenced twice is kept once.
  void keep(const dicomdir::DirectoryRecord& r, std::set<std::string>& seen, std::vector<Referenced>& refs) {
    auto item = r.has_file_id ? dir_.load(r) : base::Result<dicomdir::RecordItem>(dicomdir::RecordItem{});
    if (!item) {
      result_.findings.push_back(Finding{"update.missing", Severity::kError, dir_.path, "(0004,1220)",
                                         fmt::format("the {} record at offset {} cannot be read again: {}; left out of "
                                                     "the new DICOMDIR", r.type, r.offset, item.error().message),
                                         "PS3.3 F.4", false});
    } else if (!item->file_id.empty()) {
      const std::vector<std::string>& file_id = item->file_id;
      auto path = dicomdir::resolve_file_id(opt_.root, file_id);
      if (!path) {
        const std::string id = fmt::format("{}", fmt::join(file_id, "\\"));
        result_.findings.push_back(Finding{"update.missing", Severity::kError, id, "(0004,1500)",
                                           fmt::format("the DICOMDIR references {} but it cannot be found: {}; left out of the "
                                                       "new DICOMDIR", id, path.error().message),
                                           "PS3.3 F.4", false});
      } else if (seen.insert(*path).second) {
        refs.push_back(Referenced{file_id, *path});
      }
    }
    for (const dicomdir::DirectoryRecord& c : r.children) keep(c, seen, refs);
  }

  // Their headers, by the scanner the new inputs go through (each read once, on every thread).
  // Values up to 256 KiB are kept in memory, as a full read keeps them: these headers are
  // summarised and listed in the new DICOMDIR.
  void read_kept(std::vector<Referenced> refs) {
    std::vector<std::string> paths;
    for (const Referenced& r : refs) paths.push_back(r.path);
    ScanOptions so;
    so.threads = opt_.threads;
    so.defer_threshold = dicom::part10::ReadOptions{}.defer_threshold;
    std::vector<ScannedFile> scanned = scan(paths, so);
    std::map<std::string, ScannedFile*> by_path;
    for (ScannedFile& s : scanned) by_path.emplace(s.path, &s);
    for (Referenced& r : refs) {
      auto it = by_path.find(r.path);
      std::error_code ec;
      // Left out by the scan: the same file (a hard link) as an earlier reference, kept once.
      if (it == by_path.end() && fs::is_regular_file(fs::symlink_status(r.path, ec))) continue;
      const std::optional<Error> error = it == by_path.end() ? std::optional<Error>(Error{ErrorCode::kIo, "not a regular file"}.in_file(r.path))
                                                             : it->second->error;
      if (error) {
        const std::string id = fmt::format("{}", fmt::join(r.file_id, "\\"));
        result_.findings.push_back(Finding{"update.unreadable", Severity::kError, r.path, error->tag_path,
                                           fmt::format("{} cannot be read: {}; left on the medium as it is, out of the new DICOMDIR",
                                                       id, error->describe()),
                                           "PS3.10 7", false});
      } else {
        ScannedFile& s = *it->second;
        kept_.push_back(Kept{std::move(r.file_id), r.path, std::move(*s.dicom)});
      }
    }
  }

  // Every file already in the root: the File IDs a new one must avoid, and what to re-hash.
  Status survey_root() {
    std::error_code ec;
    std::set<std::string> referenced;
    for (const Kept& k : kept_) referenced.insert(k.path);
    for (auto it = fs::recursive_directory_iterator(opt_.root, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const fs::file_status st = it->symlink_status();
      if (fs::is_directory(st)) continue;
      const fs::path rel = it->path().lexically_relative(opt_.root);
      fileset::FileId id;
      for (const auto& c : rel) id.push_back(c.string());
      taken_.push_back(id);
      if (!fs::is_regular_file(st)) continue;
      std::error_code e1, e2;
      const std::string real = fs::canonical(it->path(), e1).string();
      const std::uint64_t size = fs::file_size(it->path(), e2);
      Present p{rel.generic_string(), e1 ? it->path().string() : real, e2 ? 0 : size, "", !e1 && referenced.count(real) != 0};
      if (is_root_file(p.rel, "SHA256.TXT")) {
        old_manifest_ = p.path;
        continue;
      }
      if (is_root_file(p.rel, "README.TXT")) readme_ = p.rel;
      present_.push_back(std::move(p));
    }
    if (ec) return Error{ErrorCode::kIo, fmt::format("cannot list '{}': {}", opt_.root, ec.message())};
    std::sort(present_.begin(), present_.end(), [](const Present& a, const Present& b) { return a.rel < b.rel; });
    return {};
  }

  bool readme_is_ours() const {
    if (readme_.empty()) return true;  // absent: the update writes one
    auto bytes = base::read_whole_file((fs::path(opt_.root) / readme_).string(), 1 << 20);
    return bytes && std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()).starts_with(kReadmeFirstLine);
  }

  // Existing files are re-hashed (never trusted) and compared with the old SHA256.TXT.
  void verify_existing() {
    std::vector<std::optional<Error>> errors(present_.size());
    base::parallel_for(present_.size(), opt_.threads, [&](std::size_t k) {
      auto h = base::sha256_file(present_[k].path);
      if (h) present_[k].sha256 = std::move(*h);
      else errors[k] = std::move(h).error();
    });
    std::map<std::string, std::string> old;
    if (!old_manifest_.empty()) {
      auto text = base::read_whole_file(old_manifest_, 64u << 20);
      if (text) old = parse_manifest(std::string(reinterpret_cast<const char*>(text->data()), text->size()));
    }
    for (std::size_t k = 0; k < present_.size(); ++k) {
      const Present& p = present_[k];
      if (errors[k]) {
        result_.findings.push_back(Finding{"update.unreadable", Severity::kError, p.path, "", errors[k]->describe(), "PS3.10 8.3", false});
        continue;
      }
      auto it = old.find(p.rel);
      if (it != old.end() && it->second != p.sha256)
        result_.findings.push_back(Finding{"update.manifest-mismatch", Severity::kError, p.path, "",
                                           fmt::format("{} no longer matches SHA256.TXT ({} listed, {} found); the new "
                                                       "manifest lists what is there now",
                                                       p.rel, it->second, p.sha256),
                                           "", false});
      if (it != old.end()) old.erase(it);
      if (!p.referenced && !is_root_file(p.rel, "DICOMDIR") && !is_root_file(p.rel, "README.TXT"))
        result_.findings.push_back(Finding{"update.unreferenced", Severity::kWarning, p.path, "",
                                           fmt::format("{} is in the file-set but not referenced by its DICOMDIR; left as it is", p.rel),
                                           "PS3.3 F.4", false});
    }
    for (const auto& [name, hash] : old)
      result_.findings.push_back(Finding{"update.manifest-missing-file", Severity::kWarning, name, "",
                                         fmt::format("SHA256.TXT lists {} but the file is not there", name), "", false});
    if (old_manifest_.empty())
      result_.findings.push_back(Finding{"update.no-manifest", Severity::kInfo, "", "",
                                         "the file-set had no SHA256.TXT; every file was hashed afresh", "", false});
  }

  // One kOnMedium record per kept instance (after the inputs' records), hashed by verify_existing().
  void add_kept_records() {
    std::map<std::string, const Present*> by_path;
    for (const Present& p : present_) by_path[p.path] = &p;
    for (const Kept& k : kept_) {
      FileRecord rec;
      rec.source = k.path;
      rec.outcome = Outcome::kOnMedium;
      rec.reason = "already on the medium; untouched";
      rec.transfer_syntax = std::string(k.header.transfer_syntax->uid);
      if (auto it = by_path.find(k.path); it != by_path.end()) {
        rec.file_id = it->second->rel;
        rec.sha256 = it->second->sha256;
        rec.bytes = it->second->bytes;
      }
      result_.files.push_back(std::move(rec));
    }
  }

  Status plan() {
    std::uint64_t reserved = 1u << 20;  // DICOMDIR growth, README.TXT, SHA256.TXT
    for (const Present& p : present_) reserved += (p.bytes + 2047) / 2048 * 2048;
    fileset::PlanOptions po;
    po.capacity_bytes = profile_.capacity_bytes;
    po.reserved_bytes = reserved;
    po.taken = taken_;
    DISCUS_TRY(fileset::Plan p, fileset::plan_file_set(intake_.plan_inputs(), po));
    intake_.assign(std::move(p.file_ids));
    return {};
  }

  // New files reach stable storage before the DICOMDIR that references them replaces the old one.
  Status flush() {
    const int fd = ::open(opt_.root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Error{ErrorCode::kIo, fmt::format("cannot open '{}'", opt_.root)};
    const int rc = ::syncfs(fd);
    ::close(fd);
    if (rc != 0) return Error{ErrorCode::kIo, fmt::format("syncfs of '{}' failed", opt_.root)};
    return {};
  }

  // The new files go again (and the folders they alone used); the old file-set stays as it was.
  Error roll_back(Error e) {
    const fs::path root = fs::path(opt_.root);
    for (const std::string& file : intake_.written(opt_.root)) {
      std::error_code ec;
      fs::remove(file, ec);
      for (fs::path dir = fs::path(file).parent_path(); dir.has_relative_path() && dir != root && fs::is_empty(dir, ec);
           dir = dir.parent_path())
        if (!fs::remove(dir, ec)) break;
    }
    return e;
  }

  Status write_dicomdir() {
    std::vector<dicomdir::InstanceEntry> entries;
    for (const Kept& k : kept_)
      entries.push_back(dicomdir::InstanceEntry{k.file_id, &k.header.dataset, std::string(k.header.transfer_syntax->uid), k.path});
    for (dicomdir::InstanceEntry& e : intake_.entries()) entries.push_back(std::move(e));
    dicomdir::BuildOptions bo = detail::build_options(profile_, dir_.fileset_id, result_.fileset_uid);
    DISCUS_TRY(auto built, dicomdir::build_dicomdir(entries, bo));
    for (Finding& x : built.findings) result_.findings.push_back(std::move(x));
    result_.patients = built.patients;
    result_.studies = built.studies;
    result_.series = built.series;
    result_.instances = entries.size();
    // The one file an FSU rewrites (PS3.10 8.3): a temporary file, fsync, rename over the old one.
    DISCUS_CHECK(detail::write_root_file(opt_.root, "DICOMDIR", built.bytes, true));
    root_hashes_.emplace_back("DICOMDIR", base::sha256_hex(built.bytes));
    result_.total_bytes += built.bytes.size();
    return {};
  }

  Status write_readme() {
    if (!readme_is_ours()) {
      result_.findings.push_back(Finding{"update.readme-kept", Severity::kInfo, readme_, "",
                                         "README.TXT was not written by Discus; left as it is (its content may be out of date)", "", false});
      return {};
    }
    const std::string text = pdi_readme(result_, profile_, readme_options(result_, profile_, opt_.institution, opt_.readme_sections));
    DISCUS_CHECK(detail::write_root_file(opt_.root, readme_.empty() ? "README.TXT" : readme_, base::as_bytes(text), true));
    root_hashes_.emplace_back(readme_.empty() ? "README.TXT" : readme_, base::sha256_hex(base::as_bytes(text)));
    result_.total_bytes += text.size();
    readme_written_ = true;
    return {};
  }

  Status write_other_content() {
    if (!opt_.other_content) return {};
    auto other = opt_.other_content(opt_.root);
    if (!other) {
      result_.findings.push_back(Finding{"update.other-content", Severity::kWarning, "", "",
                                         fmt::format("other content (the viewer) not refreshed: {}", other.error().describe()), "", false});
      return {};
    }
    for (const auto& [name, bytes] : *other) {
      std::error_code ec;
      fs::create_directories((fs::path(opt_.root) / name).parent_path(), ec);
      DISCUS_CHECK(detail::write_root_file(opt_.root, name, bytes, true));
      root_hashes_.emplace_back(name, base::sha256_hex(bytes));
      rewritten_.insert(name);
      result_.total_bytes += bytes.size();
    }
    return {};
  }

  // Everything in the file-set: kept and new instances, then the other files as they are now.
  Status write_manifest() {
    std::vector<std::pair<std::string, std::string>> extra = root_hashes_;
    for (const Present& p : present_) {
      if (p.referenced || is_root_file(p.rel, "DICOMDIR") || (readme_written_ && p.rel == readme_) || p.sha256.empty() ||
          rewritten_.count(p.rel) != 0)
        continue;
      extra.emplace_back(p.rel, p.sha256);
      result_.total_bytes += p.bytes;
    }
    DISCUS_TRY(std::uint64_t size, detail::write_manifest(opt_.root, result_.files, extra, true));
    for (const FileRecord& f : result_.files) result_.total_bytes += f.bytes;
    result_.total_bytes += size;
    return {};
  }

  const UpdateOptions& opt_;
  const profile::ApplicationProfile& profile_;
  base::UidSource& uids_;
  AuthorResult result_;
  detail::Intake intake_;
  dicomdir::Dicomdir dir_;
  std::vector<Kept> kept_;
  std::vector<fileset::FileId> taken_;
  std::vector<Present> present_;
  std::string old_manifest_;  // path of the old SHA256.TXT, when there was one
  std::string readme_;        // relative name of the existing README.TXT, when there is one
  bool readme_written_ = false;
  std::set<std::string> rewritten_;  // other content written anew (its old hashes are stale)
  std::vector<std::pair<std::string, std::string>> root_hashes_;
};

}  // namespace

Result<AuthorResult> update(const UpdateOptions& options, const profile::ApplicationProfile& profile, base::UidSource& uids) {
  return Updater(options, profile, uids).run();
}

}  // namespace discus::media::author
