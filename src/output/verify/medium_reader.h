// discus::output — a written medium, read back: the one interface read-back verification needs.
//
// Every sink that writes a file-set (ISO image through libisofs, a drive through libburn, a
// mounted USB stick or folder, a FAT image written without mounting) supplies a MediumReader
// over what it wrote; verify_medium() (verify.h) then compares every file with the manifest's
// SHA-256 and re-reads the DICOMDIR through it. Paths are relative to the file-set root, with
// '/' separators, exactly as stored on the medium (ISO 9660 level 1 names are upper case).
//   DirectoryMediumReader r("/media/usb");  DISCUS_TRY(auto files, r.list_files());
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::output {

struct MediumFile {
  std::string path;        // relative, '/'-separated
  std::uint64_t size = 0;  // bytes, as the medium records it
};

class MediumReader {
 public:
  virtual ~MediumReader() = default;
  // Every regular file on the medium, in a stable order.
  virtual base::Result<std::vector<MediumFile>> list_files() const = 0;
  // Streams one file's bytes to `sink` in bounded chunks (never the whole file in memory). A sink
  // error stops the read and is returned.
  virtual base::Status read_file(const std::string& path,
                                 const std::function<base::Status(base::ByteView)>& sink) const = 0;
  // What the medium is, for messages: "ISO image out.iso", "drive stdio:/tmp/x.iso", ...
  virtual std::string describe() const = 0;
  // Whether read_file may be called from several threads at once (verification then reads and
  // hashes on every core). A drive is read in order: seeks on an optical disc cost seconds.
  virtual bool concurrent_reads() const { return false; }
  // The file's path on the host when the medium is a folder, so that a large file (a DICOMDIR of
  // 300,000 records) is read in place, by offset, rather than into memory. nullopt otherwise.
  virtual std::optional<std::string> host_path(const std::string& path) const {
    (void)path;
    return std::nullopt;
  }
};

}  // namespace discus::output
