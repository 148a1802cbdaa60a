#include <png.h>

#include "codec/library_versions.h"

namespace discus::codec {

std::string libpng_version() { return png_get_libpng_ver(nullptr); }

}  // namespace discus::codec
