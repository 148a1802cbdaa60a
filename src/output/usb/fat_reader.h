// discus::output::usb — reads a FAT16/FAT32 volume (image or device) without mounting it.
//
// Read-back verification of a stick written with write_fat() (PS3.12 Annex R), and a way to
// take a file-set off any FAT image. The volume is treated as hostile: every cluster number,
// chain length, directory size and depth is checked before it is used, and errors name the file
// and byte offset. Long file name entries are skipped (their 8.3 aliases are read); deleted
// entries and the volume label are ignored.
//   DISCUS_TRY(auto r, FatMediumReader::open("stick.img"));  DISCUS_TRY(auto files, r->list_files());
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "output/usb/fat_format.h"
#include "output/verify/medium_reader.h"

namespace discus::output::usb {

class FatMediumReader final : public MediumReader {
 public:
  static base::Result<std::unique_ptr<FatMediumReader>> open(const std::string& path);
  ~FatMediumReader() override;
  FatMediumReader(const FatMediumReader&) = delete;
  FatMediumReader& operator=(const FatMediumReader&) = delete;

  base::Result<std::vector<MediumFile>> list_files() const override;
  base::Status read_file(const std::string& path, const std::function<base::Status(base::ByteView)>& sink) const override;
  std::string describe() const override;

  const FatGeometry& geometry() const { return g_; }
  std::string label() const { return label_; }  // from the boot sector, trailing spaces removed

 private:
  struct Entry {
    std::string path;
    std::uint32_t first = 0;
    std::uint32_t size = 0;
  };
  FatMediumReader(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  base::Status load();
  base::Status read_at(std::uint64_t offset, std::uint8_t* dst, std::size_t n) const;
  base::Result<std::vector<std::uint32_t>> chain(std::uint32_t first, const std::string& what) const;
  base::Status walk(const std::string& prefix, std::uint32_t first, bool fixed_root, int depth,
                    std::vector<std::uint32_t>& seen);

  int fd_;
  std::string path_;
  FatGeometry g_;
  std::string label_;
  std::vector<std::uint32_t> fat_;  // the first FAT, entries masked to 28 bits (FAT32)
  std::vector<Entry> entries_;      // sorted by path
};

}  // namespace discus::output::usb
