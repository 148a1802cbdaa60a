#include "media/author/scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

namespace discus::media::author {

namespace fs = std::filesystem;

namespace {

void list(const std::string& input, std::vector<ScannedFile>& out, std::set<std::string>& seen) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(input, ec);
  if (ec || !fs::exists(st)) {
    out.push_back(ScannedFile{input, std::nullopt, base::Error{base::ErrorCode::kIo, "no such file or folder"}.in_file(input)});
    return;
  }
  if (fs::is_regular_file(st)) {
    if (seen.insert(fs::weakly_canonical(input).string()).second) out.push_back(ScannedFile{input, std::nullopt, std::nullopt});
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
    if (seen.insert(fs::weakly_canonical(p).string()).second) out.push_back(ScannedFile{std::move(p), std::nullopt, std::nullopt});
}

}  // namespace

std::vector<ScannedFile> scan(const std::vector<std::string>& inputs, unsigned threads) {
  std::vector<ScannedFile> files;
  std::set<std::string> seen;
  for (const std::string& in : inputs) list(in, files, seen);
  dicom::part10::ReadOptions opt;
  opt.stop_before_pixels = true;
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      ScannedFile& f = files[i];
      if (f.error) continue;
      auto r = dicom::part10::read_file(f.path, opt);
      if (r) {
        f.dicom = std::move(*r);
        // Release the descriptor (thousands of files per job); values left in the file keep
        // their own reference to it, which is rare before the pixel data.
        f.dicom->source.reset();
        dicom::part10::add_pixel_data_reference(*f.dicom);  // validators see Pixel Data present
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

}  // namespace discus::media::author
