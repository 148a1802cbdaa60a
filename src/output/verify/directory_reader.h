// discus::output — a MediumReader over a folder: a mounted CD/DVD/USB stick or a staged file-set.
//
// Lists every regular file under the root (recursively, sorted, paths '/'-separated and relative
// to the root); symbolic links are not followed, so nothing outside the medium is read. With
// drop_page_cache each file's cached pages are dropped (posix_fadvise DONTNEED) before it is
// read, so a freshly written and fsync'ed USB stick is read from the device, not from memory.
//   DirectoryMediumReader medium("/media/cdrom");
//   DISCUS_TRY(VerifyReport r, verify_medium(medium, {}));
#pragma once

#include <string>
#include <vector>

#include "output/verify/medium_reader.h"

namespace discus::output {

class DirectoryMediumReader : public MediumReader {
 public:
  explicit DirectoryMediumReader(std::string root, bool drop_page_cache = false)
      : root_(std::move(root)), drop_page_cache_(drop_page_cache) {}
  base::Result<std::vector<MediumFile>> list_files() const override;
  bool concurrent_reads() const override { return true; }  // one descriptor per read
  base::Status read_file(const std::string& path,
                         const std::function<base::Status(base::ByteView)>& sink) const override;
  std::string describe() const override { return "folder " + root_; }
  // Checked as read_file checks; with drop_page_cache the file's cached pages are dropped first,
  // so what the caller reads comes from the device.
  std::optional<std::string> host_path(const std::string& path) const override;

 private:
  std::string root_;
  bool drop_page_cache_;
};

}  // namespace discus::output
