// discus::dicom::encoding — the version of zlib (deflate, PS3.5 A.5) as the library reports it at
// run time. For `discus --version`.
#pragma once

#include <string>

namespace discus::dicom::encoding {

std::string zlib_library_version();

}  // namespace discus::dicom::encoding
