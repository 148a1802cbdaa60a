#include "media/author/mkdir.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <utility>

#include "base/file.h"
#include "codec/frames/pixel_check.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"
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

// A key too large to have been read with the header (a 6 KB description) is read now, while the
// file is open: a value left in the file could not be written into the DICOMDIR.
base::Status load_deferred(dicom::DataSet& ds) {
  for (dicom::Element& e : ds) {
    DISCUS_CHECK(e.value.make_resident(1u << 24));
    for (dicom::DataSet& item : e.items) DISCUS_CHECK(load_deferred(item));
  }
  return {};
}

// Every regular file under the root (links not followed), sorted, as `discus author` lists one
// folder, so that a DICOMDIR does not depend on the order the file system returns names in; each
// header read once, on `threads` threads, keeping only the DICOMDIR keys. The DICOMDIR being
// replaced is listed (so that a link to it is not listed again) but never read.
// Each file's Pixel Data gets the structural check (codec/frames/pixel_check.h) while it is open:
// its findings by path, filled from the scanning threads.
struct PixelFindings {
  std::mutex mutex;
  std::map<std::string, std::vector<Finding>> by_path;
};

std::vector<ScannedFile> read_all(const fs::path& root, const MkdirOptions& opt, const std::vector<dicom::Tag>& keys,
                                  PixelFindings& pixels) {
  ScanOptions so;
  so.threads = opt.threads;
  std::vector<dicom::Tag> wanted = keys;
  for (dicom::Tag t : codec::pixel_check_tags()) wanted.push_back(t);
  if (opt.key_only_reads) so.wanted = dicom::part10::TagSet(wanted);
  // Listed paths are root / relative path, spelt as the folder walk spells them.
  const std::string replaced = (root / "DICOMDIR").string();
  so.skip_read = [&](const std::string& path) { return path == replaced; };
  so.after_read = [&](dicom::part10::DicomFile& d) -> base::Status {
    if (auto found = codec::check_pixel_data(d); !found.empty()) {
      std::lock_guard lock(pixels.mutex);
      pixels.by_path[d.path] = std::move(found);
    }
    dicomdir::keep_only_directory_keys(d.dataset, keys);  // the Image Pixel attributes were for the check
    return load_deferred(d.dataset);
  };
  return scan({root.string()}, so);
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
  PixelFindings pixels;
  const std::vector<ScannedFile> files = read_all(root, opt, keys, pixels);  // a file reached by two paths comes once
  MkdirResult result;
  std::vector<dicomdir::InstanceEntry> entries;
  for (const ScannedFile& f : files) {
    const fs::path rel = fs::path(f.path).lexically_relative(root);  // listed paths start with root
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
    if (auto it = pixels.by_path.find(f.path); it != pixels.by_path.end()) {
      // Broken Pixel Data (a truncated value, a fragment past the end) is never listed.
      const bool broken = std::any_of(it->second.begin(), it->second.end(), [](const Finding& x) { return x.severity == Severity::kError; });
      result.findings.insert(result.findings.end(), it->second.begin(), it->second.end());
      if (broken) {
        ++result.skipped;
        continue;
      }
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
