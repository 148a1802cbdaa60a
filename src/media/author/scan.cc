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

void list(const std::string& input, std::vector<ScannedFile>& out) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(input, ec);
  if (ec || !fs::exists(st)) {
    out.push_back(ScannedFile{input, std::nullopt, base::Error{base::ErrorCode::kIo, "no such file or folder"}.in_file(input), {}});
    return;
  }
  if (fs::is_regular_file(st)) {
    out.push_back(ScannedFile{input, std::nullopt, std::nullopt, {}});
    return;
  }
  if (!fs::is_directory(st)) return;  // sockets, devices, links at the top: not media content
  std::vector<std::string> found;
  for (auto it = fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  for (std::string& p : found) out.push_back(ScannedFile{std::move(p), std::nullopt, std::nullopt, {}});
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
