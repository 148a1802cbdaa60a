// discus::output — files of a file-set that no DICOMDIR record references (PS3.10 8.6).
//
// Every DICOM file of a file-set is in its DICOMDIR, so a DICOM file no record references is an
// error (a viewer never shows it); other files (README.TXT, a viewer, PDI web content) are fine
// when the allowed content list (media/profile/allowed_content.h) names them and a warning
// otherwise. `verify` tells DICOM files by the bytes it streams anyway; `dir --check` asks here.
//   auto found = check_unreferenced_files("/media/cdrom", dicomdir, allowed);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/finding.h"
#include "media/dicomdir/reader.h"
#include "media/profile/allowed_content.h"

namespace discus::output {

// The bytes looks_like_dicom needs: the 128-byte preamble and "DICM" (PS3.10 7.1).
inline constexpr std::size_t kDicomMagicBytes = 132;
bool looks_like_dicom(base::ByteView first_bytes);

// Every regular file under the folder `root` but the DICOMDIR (`dicomdir_name` in the root) that
// no record of `dir` references, as findings naming the file: "dicomdir.unreferenced-dicom"
// (error) or "dicomdir.unreferenced" (warning, when `allowed` does not name it). Symbolic links
// are not followed; only the first bytes of unreferenced files are read.
std::vector<base::Finding> check_unreferenced_files(const std::string& root, const media::dicomdir::Dicomdir& dir,
                                                    const media::profile::AllowedContent& allowed,
                                                    std::string_view dicomdir_name = "DICOMDIR");

}  // namespace discus::output
