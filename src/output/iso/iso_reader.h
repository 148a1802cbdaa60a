// discus::output::iso — a written ISO 9660 image read back through libisofs, for verification.
//
// IsoMediumReader imports the image's last session with libisofs (as any ISO 9660 reader
// would see it: Level 1 names without the ";1" version) and streams each file's bytes through
// libisofs' file streams. The blocks come from an image file, or from any 2048-byte block
// source, which is how a drive is read back through libburn (output/burn) without either
// adapter including the other's library.
//   IsoMediumReader medium = ...;  DISCUS_TRY(auto r, IsoMediumReader::open_image("out.iso"));
//   DISCUS_TRY(VerifyReport v, verify_medium(*r, {}));
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "output/verify/medium_reader.h"

namespace discus::output::iso {

// Reads logical block `lba` (2048 bytes) of the medium into `block`.
using BlockReader = std::function<base::Status(std::uint32_t lba, std::span<std::uint8_t, 2048> block)>;

class IsoMediumReader : public MediumReader {
 public:
  static base::Result<std::unique_ptr<IsoMediumReader>> open_image(const std::string& iso_path);
  // `what` describes the medium in messages ("drive stdio:/tmp/x.iso"); `start_block` is where the
  // session to read begins (a multi-session disc's last session, PS3.12 F.2).
  static base::Result<std::unique_ptr<IsoMediumReader>> open_blocks(BlockReader blocks, std::string what,
                                                                    std::uint32_t start_block = 0);
  ~IsoMediumReader() override = default;
  // The PVD Volume Identifier, spaces trimmed.
  virtual std::string volume_id() const = 0;
};

}  // namespace discus::output::iso
