#include "media/author/scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

#include "base/parallel.h"

namespace discus::media::author {

namespace fs = std::filesystem;

namespace {

// What a directory entry is, for the report, when it is no regular file.
const char* kind_of(fs::file_type t) {
  switch (t) {
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::character: return "a character device";
    case fs::file_type::block: return "a block device";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::symlink: return "a symbolic link";
    default: return "of an unknown kind";
  }
}

// An entry that is not read, listed with why: the report has one entry per input found.
ScannedFile not_read(std::string path, std::string why) {
  base::Error e = base::Error{base::ErrorCode::kNotDicom, std::move(why)}.in_file(path);
  return ScannedFile{std::move(path), std::nullopt, std::move(e), {}};
}

std::string skipped_link(const fs::path& p) {
  std::error_code ec;
  const fs::path target = fs::read_symlink(p, ec);
  return fmt::format("is a symbolic link{}, not followed inside an input folder (name its target to include it)",
                     ec ? std::string() : fmt::format(" to '{}'", target.string()));
}

void list(const std::string& input, std::vector<ScannedFile>& out) {
  std::error_code ec;
  // A name given on the command line is followed when it is a link (the user chose it); links
  // met while walking a folder are not, so a job never leaves the folders it was given.
  const fs::file_status st = fs::status(input, ec);
  if (ec || !fs::exists(st)) {
    const bool dangling = fs::is_symlink(fs::symlink_status(input, ec));
    out.push_back(ScannedFile{input, std::nullopt,
                              base::Error{base::ErrorCode::kIo, dangling ? "symbolic link to nothing" : "no such file or folder"}.in_file(input), {}});
    return;
  }
  if (fs::is_regular_file(st)) {
    out.push_back(ScannedFile{input, std::nullopt, std::nullopt, {}});
    return;
  }
  if (!fs::is_directory(st)) {
    out.push_back(not_read(input, fmt::format("is {}, not a regular file", kind_of(st.type()))));
    return;
  }
  std::vector<ScannedFile> found;
  for (auto it = fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code kind_ec;
    const fs::file_status entry = it->symlink_status(kind_ec);
    if (kind_ec) {
      found.push_back(ScannedFile{it->path().string(), std::nullopt,
                                  base::Error{base::ErrorCode::kIo, fmt::format("cannot look at: {}", kind_ec.message())}.in_file(it->path().string()), {}});
    } else if (fs::is_regular_file(entry)) {
      found.push_back(ScannedFile{it->path().string(), std::nullopt, std::nullopt, {}});
    } else if (fs::is_symlink(entry)) {
      found.push_back(not_read(it->path().string(), skipped_link(it->path())));
    } else if (!fs::is_directory(entry)) {
      found.push_back(not_read(it->path().string(), fmt::format("is {}, not a regular file", kind_of(entry.type()))));
    }
  }
  std::sort(found.begin(), found.end(), [](const ScannedFile& a, const ScannedFile& b) { return a.path < b.path; });
  for (ScannedFile& f : found) out.push_back(std::move(f));
}

void read_one(ScannedFile& f, const dicom::part10::ReadOptions& opt, const ScanOptions& so) {
  if (f.error) return;
  if (so.skip_read && so.skip_read(f.path)) {
    f.identity = base::identity_of(f.path);
    return;
  }
  auto r = dicom::part10::read_file(f.path, opt);
  if (!r) {
    f.error = std::move(r).error();
    f.identity = base::identity_of(f.path);  // a file that is not DICOM is still listed once
    return;
  }
  f.identity = r->identity;  // from the read's own fstat: no stat of its own per file
  if (so.after_read) {
    if (auto st = so.after_read(*r); !st) {
      f.error = std::move(st).error().in_file(f.path);
      return;
    }
  }
  f.dicom = std::move(*r);
  f.dicom->source.reset();
  release_files(f.dicom->dataset);
  dicom::part10::add_pixel_data_reference(*f.dicom);  // validators see Pixel Data present
}

}  // namespace

std::vector<ScannedFile> scan(const std::vector<std::string>& inputs, const ScanOptions& options) {
  std::vector<ScannedFile> files;
  for (const std::string& in : inputs) list(in, files);
  dicom::part10::ReadOptions opt;
  opt.stop_before_pixels = true;
  opt.defer_threshold = options.defer_threshold;
  opt.wanted = options.wanted;
  base::parallel_for(files.size(), options.threads, [&](std::size_t i) { read_one(files[i], opt, options); });
  // A file named twice (two inputs, a folder and a file in it, a hard link) is kept once, where
  // it was first listed. Identity is the device and inode the read found anyway.
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen;
  std::vector<ScannedFile> once;
  once.reserve(files.size());
  for (ScannedFile& f : files)
    if (!f.identity.known || seen.insert({f.identity.device, f.identity.inode}).second) once.push_back(std::move(f));
  return once;
}

void release_files(dicom::DataSet& ds) {
  for (dicom::Element& e : ds) {
    e.value.release_file();
    for (dicom::Value& f : e.fragments) f.release_file();
    for (dicom::DataSet& item : e.items) release_files(item);
  }
}

}  // namespace discus::media::author
