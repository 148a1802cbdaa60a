#include "dicom/encoding/zlib_version.h"

#include <zlib.h>

namespace discus::dicom::encoding {

std::string zlib_library_version() { return zlibVersion(); }

}  // namespace discus::dicom::encoding
