// discus::output::udf — a UDF image of a file-set for BD and DVD-RAM (PS3.12 Annexes X and J).
//
// PS3.12 X puts BD-R on UDF 2.60 and BD-RE on UDF 2.50 (with the Metadata Partition and its
// mirror, UDF 2.2.10), J puts DVD-RAM on UDF 1.50; neither allows a VAT or sparing tables, and
// both ask for interchange level 2, one volume, one partition, one file-set, OSTA CS0 names and
// permissions that let everybody read files and enter folders. No library: the structures of
// ECMA-167 3rd ed. and OSTA UDF are laid out here (udf_format.h). The layout is computed from
// the file sizes first, so the image size is exact and checked against the medium before the
// first byte; file contents are then streamed from the source files in bounded chunks.
//   DISCUS_TRY(UdfMedium m, udf_medium(table, "bd"));
//   DISCUS_TRY(UdfPlan p, write_udf("out/fs", "fs.img", {.revision = m.revision, .capacity_bytes = m.capacity_bytes}));
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "media/profile/medium_table.h"
#include "output/udf/udf_format.h"

namespace discus::output::udf {

// A medium written as UDF, with the revision PS3.12 asks for it.
struct UdfMedium {
  std::string name;                   // "BD 25 GB"
  std::uint64_t capacity_bytes = 0;
  Revision revision = Revision::k260;
};
// By size name: "bd"/"bd-r" (UDF 2.60), "bd-dl" (2.60), "bd-re" (2.50), "dvd-ram" (1.50). kNotFound
// when `name` is not a UDF medium of `media` (the caller then tries ISO 9660).
base::Result<UdfMedium> udf_medium(const media::profile::MediumTable& media, std::string_view name);

struct UdfOptions {
  std::string volume_id;                 // empty: the DICOMDIR's File-set ID, else "DICOM"
  bool volume_id_from_dicomdir = true;
  Revision revision = Revision::k260;
  std::uint64_t capacity_bytes = 0;      // 0: no check
  std::string medium_name = "image file";
  bool sync = true;
  std::int64_t now = 0;                  // recording time (Unix seconds); 0: the clock
  const std::atomic<bool>* cancel = nullptr;
};

struct UdfPlan {
  std::uint64_t image_bytes = 0;  // exact, known before writing
  std::size_t files = 0, directories = 0;  // directories without the root
  std::string volume_id;
  Revision revision = Revision::k260;
};

using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

// The image of `fileset_dir` written to `image_path` atomically (a partial image never remains).
base::Result<UdfPlan> write_udf(const std::string& fileset_dir, const std::string& image_path, const UdfOptions& options,
                                const ProgressFn& progress = {});

}  // namespace discus::output::udf
