#include "import/destination.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <system_error>

#include <fmt/format.h>

#include "base/file.h"

namespace discus::import {
namespace fs = std::filesystem;

void PacsDestination::send(const std::vector<Staged>& files, const std::function<void(std::size_t)>& before,
                           const std::function<void(std::size_t, const std::string&)>& after) {
  std::map<std::string, std::size_t> index;
  std::vector<std::string> paths;
  for (std::size_t k = 0; k < files.size(); ++k) {
    index[files[k].path] = k;
    paths.push_back(files[k].path);
  }
  net::services::SendOptions o = options_;
  o.before_send = [&](const net::services::FileOutcome& f) {
    if (auto it = index.find(f.path); it != index.end()) before(it->second);
  };
  // A file reopened after a lost association is announced again by before_send: the ledger row
  // is simply rewritten (still "sending").
  (void)net::services::send_files(paths, o, [&](const net::services::FileOutcome& f) {
    auto it = index.find(f.path);
    if (it == index.end()) return;
    after(it->second, f.ok() ? std::string() : (f.error.empty() ? std::string("refused") : f.error));
  });
}

FolderDestination::FolderDestination(std::string dir) {
  std::error_code ec;
  const fs::path abs = fs::absolute(dir, ec);
  dir_ = ec ? dir : abs.lexically_normal().string();
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
}

void FolderDestination::send(const std::vector<Staged>& files, const std::function<void(std::size_t)>& before,
                             const std::function<void(std::size_t, const std::string&)>& after) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  for (std::size_t k = 0; k < files.size(); ++k) {
    before(k);
    // The SOP Instance UID is a safe file name (digits and dots, checked valid before staging).
    const std::string target = (fs::path(dir_) / (files[k].sop_instance_uid + ".dcm")).string();
    std::string error;
    auto copied = base::read_whole_file(files[k].path, 1ull << 34);
    if (!copied) {
      error = copied.error().message;
    } else {
      auto out = base::AtomicOutputFile::create(target);
      if (!out) error = out.error().message;
      else if (auto w = out->write(*copied); !w) error = w.error().message;
      else if (auto c = out->commit(true); !c) error = c.error().message;
    }
    after(k, error);
  }
}

}  // namespace discus::import
