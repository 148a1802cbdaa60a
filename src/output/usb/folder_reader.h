// discus::output::usb — a mounted stick (or any folder) read back as a MediumReader.
//
// Each file is read with the page cache dropped first (posix_fadvise DONTNEED), so what is
// compared is, as far as the kernel allows, what the device holds rather than what was just
// written into memory. Stands in until output/verify's DirectoryMediumReader is committed.
//   FolderMediumReader r("/media/usb");  DISCUS_TRY(auto files, r.list_files());
#pragma once

#include <string>
#include <vector>

#include "output/verify/medium_reader.h"

namespace discus::output::usb {

class FolderMediumReader final : public MediumReader {
 public:
  explicit FolderMediumReader(std::string root) : root_(std::move(root)) {}
  base::Result<std::vector<MediumFile>> list_files() const override;
  base::Status read_file(const std::string& path, const std::function<base::Status(base::ByteView)>& sink) const override;
  std::string describe() const override { return "folder " + root_; }

 private:
  std::string root_;
};

}  // namespace discus::output::usb
