#include "media/author/mkdir.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "base/file.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"
#include "dicom/part10/header_keys.h"
#include "dicom/part10/reader.h"
#include "media/author/scan.h"
#include "media/dicomdir/builder.h"
#include "media/fileset/file_id.h"

namespace discus::media::author {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;
using base::Finding;
using base::Severity;

namespace {

std::vector<std::string> components_of(const fs::path& relative) {
  std::vector<std::string> out;
  for (const auto& c : relative) out.push_back(c.string());
  return out;
}

// One file under the root, as listed and as read.
struct Found {
  std::string path;
  fs::path rel;
  dicom::part10::FileIdentity id;
  std::optional<dicom::part10::DicomFile> dicom;
  std::optional<Error> error;
};

// Every regular file under the root (links not followed), sorted, as `discus author`'s scan
// lists one folder: a DICOMDIR must not depend on the order the file system returns names in.
std::vector<Found> list_files(const std::string& root) {
  std::vector<std::string> paths;
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(root, ec))) return {};
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) paths.push_back(it->path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<Found> out(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) out[i].path = std::move(paths[i]);
  return out;
}

base::Status load_deferred(dicom::DataSet& ds) {
  for (dicom::Element& e : ds) {
    if (e.value.is_deferred()) {
      DISCUS_TRY(base::Bytes bytes, e.value.load(1u << 24));
      e.value.bytes = std::move(bytes);
      e.value.deferred.reset();
    }
    for (dicom::DataSet& item : e.items) DISCUS_CHECK(load_deferred(item));
  }
  return {};
}

// Reads the DICOMDIR keys of one file: the key-only walk when the file is plain, else the full
// headers-only read (the same settings as `discus author`'s scan), pruned to the same keys.
void read_keys(Found& f, const fs::path& root, dicom::part10::HeaderKeyReader* reader, const std::vector<dicom::Tag>& keys) {
  f.rel = fs::path(f.path).lexically_relative(root);  // listed paths start with root
  if (f.rel == "DICOMDIR") {  // the one being replaced: listed (for identity) but never read
    f.id = dicom::part10::identity_of(f.path);
    return;
  }
  dicom::part10::DicomFile d;
  if (reader == nullptr || reader->read(f.path, d, f.id) == dicom::part10::KeyReadOutcome::kNeedFullRead) {
    if (!f.id.known) f.id = dicom::part10::identity_of(f.path);
    dicom::part10::ReadOptions opt;
    opt.stop_before_pixels = true;
    opt.defer_threshold = 4096;
    auto r = dicom::part10::read_file(f.path, opt);
    if (!r) {
      f.error = std::move(r).error();
      return;
    }
    d = std::move(*r);
    dicomdir::keep_only_directory_keys(d.dataset, keys);
    // A key too large to have been read (a 6 KB description) is read now, while the file is
    // open: a value left in the file could not be written into the DICOMDIR.
    if (auto st = load_deferred(d.dataset); !st) {
      f.error = std::move(st).error().in_file(f.path);
      return;
    }
    d.source.reset();
    release_files(d.dataset);
  }
  dicom::part10::add_pixel_data_reference(d);  // validators see Pixel Data present
  dicomdir::keep_only_directory_keys(d.dataset, keys);
  f.dicom = std::move(d);
}

// Reads every listed file on `threads` threads, each with its own read buffer.
void read_all(std::vector<Found>& files, const fs::path& root, const MkdirOptions& opt, const std::vector<dicom::Tag>& keys) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    dicom::part10::HeaderKeyReader reader(keys);
    for (std::size_t i = next++; i < files.size(); i = next++)
      read_keys(files[i], root, opt.key_only_reads ? &reader : nullptr, keys);
  };
  const unsigned threads = opt.threads;
  std::vector<std::thread> pool;
  const unsigned n = static_cast<unsigned>(std::min<std::size_t>(std::max(1u, threads), std::max<std::size_t>(1, files.size())));
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace

base::Result<MkdirResult> make_dicomdir(const MkdirOptions& opt, const profile::ApplicationProfile* profile, base::UidSource& uids) {
  const fs::path root(opt.root);
  const fs::path target = root / "DICOMDIR";
  if (!fs::is_directory(root)) return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not a folder", opt.root)};
  if (fs::exists(target) && !opt.replace)
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' already has a DICOMDIR (use --replace)", opt.root)};
  std::vector<dicomdir::ExtraKey> extra_keys;
  if (profile != nullptr)
    for (const profile::DirectoryKey& k : profile->directory_keys)
      if (!k.in_sequence) extra_keys.push_back(dicomdir::ExtraKey{k.record_type, k.tag, k.type, profile->directory_keys_reference});
  // Only the DICOMDIR keys are kept from each header, taken in the reading threads.
  const std::vector<dicom::Tag> keys = dicomdir::directory_key_tags(extra_keys);
  std::vector<Found> files = list_files(opt.root);
  read_all(files, root, opt, keys);
  MkdirResult result;
  std::vector<dicomdir::InstanceEntry> entries;
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen;  // a file reached by two paths is listed once
  for (const Found& f : files) {
    if (f.id.known && !seen.insert({f.id.device, f.id.inode}).second) continue;
    const fs::path& rel = f.rel;
    if (rel == "DICOMDIR") continue;
    auto skip = [&](Severity sev, std::string rule, std::string message, std::string reference) {
      ++result.skipped;
      result.findings.push_back(Finding{std::move(rule), sev, f.path, "", std::move(message), std::move(reference), false});
    };
    if (f.error) {
      if (f.error->code == ErrorCode::kNotDicom) skip(Severity::kInfo, "mkdir.not-dicom", "not a DICOM file; not listed", "PS3.10 8.4");
      else skip(Severity::kError, "mkdir.unreadable", f.error->describe(), "PS3.10 7");
      continue;
    }
    const std::vector<std::string> id = components_of(rel);
    if (auto st = fileset::check_file_id(id); !st) {
      skip(Severity::kError, "mkdir.file-id", fmt::format("path '{}' is not a File ID: {}", rel.string(), st.error().message), "PS3.10 8.2");
      continue;
    }
    const auto& d = *f.dicom;
    const std::string ts(d.transfer_syntax->uid);
    if (profile != nullptr) {
      std::vector<Finding> found = profile::check_instance(*profile, d.dataset, ts, f.path);
      const bool refused = std::any_of(found.begin(), found.end(), [](const Finding& x) { return x.severity == Severity::kError; });
      result.findings.insert(result.findings.end(), found.begin(), found.end());
      if (refused) {
        ++result.skipped;
        continue;
      }
    }
    entries.push_back(dicomdir::InstanceEntry{id, &d.dataset, ts, f.path});
  }
  if (entries.empty()) return Error{ErrorCode::kInvalidArgument, fmt::format("no DICOM file under '{}' can be listed", opt.root)};
  dicomdir::BuildOptions bo;
  bo.fileset_id = opt.fileset_id;
  bo.fileset_uid = uids.next();
  bo.extra_keys = extra_keys;
  DISCUS_TRY(auto built, dicomdir::build_dicomdir(entries, bo));
  result.findings.insert(result.findings.end(), built.findings.begin(), built.findings.end());
  DISCUS_TRY(auto out, base::AtomicOutputFile::create(target.string()));
  DISCUS_CHECK(out.write(built.bytes));
  DISCUS_CHECK(out.commit(opt.sync));
  result.referenced = entries.size();
  return result;
}

}  // namespace discus::media::author
