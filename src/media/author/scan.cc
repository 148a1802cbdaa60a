#include "media/author/scan.h"

#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <set>
#include <thread>
#include <utility>

namespace discus::media::author {

namespace fs = std::filesystem;

namespace {

// A file named twice (two inputs, or a folder and a file in it) is scanned once. Identity is the
// device and inode: one stat per file, where a canonical path cost a readlink per component.
using FileKey = std::pair<dev_t, ino_t>;

bool first_time(const std::string& path, std::set<FileKey>& seen) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return true;  // let the read report what is wrong
  return seen.insert({st.st_dev, st.st_ino}).second;
}

// Values too large to be DICOMDIR keys stay in the file: a scan of thousands of files keeps
// only what it needs in memory (an 80 KB private block per MR file was 35 MB of page faults).
constexpr std::uint64_t kScanDeferThreshold = 4096;

void list(const std::string& input, std::vector<ScannedFile>& out, std::set<FileKey>& seen) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(input, ec);
  if (ec || !fs::exists(st)) {
    out.push_back(ScannedFile{input, std::nullopt, base::Error{base::ErrorCode::kIo, "no such file or folder"}.in_file(input)});
    return;
  }
  if (fs::is_regular_file(st)) {
    if (first_time(input, seen)) out.push_back(ScannedFile{input, std::nullopt, std::nullopt});
    return;
  }
  if (!fs::is_directory(st)) return;  // sockets, devices, links at the top: not media content
  std::vector<std::string> found;
  for (auto it = fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  for (std::string& p : found)
    if (first_time(p, seen)) out.push_back(ScannedFile{std::move(p), std::nullopt, std::nullopt});
}

}  // namespace

std::vector<ScannedFile> scan(const std::vector<std::string>& inputs, unsigned threads,
                              const std::function<void(dicom::part10::DicomFile&)>& after_read) {
  std::vector<ScannedFile> files;
  std::set<FileKey> seen;
  for (const std::string& in : inputs) list(in, files, seen);
  dicom::part10::ReadOptions opt;
  opt.stop_before_pixels = true;
  opt.defer_threshold = kScanDeferThreshold;
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      ScannedFile& f = files[i];
      if (f.error) continue;
      auto r = dicom::part10::read_file(f.path, opt);
      if (r) {
        f.dicom = std::move(*r);
        f.dicom->source.reset();
        release_files(f.dicom->dataset);
        dicom::part10::add_pixel_data_reference(*f.dicom);  // validators see Pixel Data present
        if (after_read) after_read(*f.dicom);
      } else {
        f.error = std::move(r).error();
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::max(1u, threads); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return files;
}

void release_files(dicom::DataSet& ds) {
  for (dicom::Element& e : ds) {
    if (e.value.deferred) e.value.deferred->file.reset();
    for (dicom::Value& f : e.fragments)
      if (f.deferred) f.deferred->file.reset();
    for (dicom::DataSet& item : e.items) release_files(item);
  }
}

}  // namespace discus::media::author
