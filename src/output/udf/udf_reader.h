// discus::output::udf — a UDF volume read back: verification of what we wrote, and discs from
// elsewhere (issue 21 item 3). Hostile input is the normal case.
//
// Every descriptor's tag is checked (identifier, checksum, CRC, location: ECMA-167 3/7.2); every
// extent, length and location is checked against the partition and the image before it is read
// or allocated; folders are walked breadth first with their ICBs remembered, so a loop is found,
// and depth, file count and folder size are bounded. UDF 1.02-2.60 with Type 1 and Metadata
// partition maps; virtual (VAT) and sparable maps, which PS3.12 forbids on our media, are refused.
//   DISCUS_TRY(auto r, UdfMediumReader::open_image("disc.img"));  DISCUS_TRY(auto files, r->list_files());
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "base/result.h"
#include "output/verify/medium_reader.h"

namespace discus::output::udf {

// Reads `out.size() / 2048` sectors starting at `lba`.
using SectorReader = std::function<base::Status(std::uint64_t lba, std::span<std::uint8_t> out)>;

struct UdfLimits {
  std::size_t max_files = 2'000'000;          // files and folders together
  unsigned max_depth = 64;                    // folders below the root
  std::uint64_t max_directory_bytes = 256u << 20;
  unsigned max_extents = 1u << 20;            // allocation descriptors of one file, continuations included
};

struct UdfVolume {
  std::uint16_t revision = 0;     // the domain identifier's UDF revision (0x0260)
  std::string volume_id;          // the PVD's Volume Identifier
  std::uint32_t lvid_files = 0, lvid_directories = 0;
  bool metadata_partition = false;
};

class UdfMediumReader : public MediumReader {
 public:
  static base::Result<std::unique_ptr<UdfMediumReader>> open_image(const std::string& path, const UdfLimits& limits = {});
  // `concurrent`: `sectors` may be called from several threads at once (an image file read with
  // pread; not a drive, which is read in order).
  static base::Result<std::unique_ptr<UdfMediumReader>> open_sectors(SectorReader sectors, std::uint64_t total_sectors,
                                                                     std::string what, const UdfLimits& limits = {},
                                                                     bool concurrent = false);
  ~UdfMediumReader() override = default;
  virtual const UdfVolume& volume() const = 0;
};

// Whether the Volume Recognition Sequence (ECMA-167 2/8.3) names an NSR02 or NSR03 descriptor:
// the image holds a UDF volume (a bridge disc also holds ISO 9660).
base::Result<bool> is_udf_image(const std::string& path);
bool has_udf_recognition(const SectorReader& sectors, std::uint64_t total_sectors);

}  // namespace discus::output::udf
