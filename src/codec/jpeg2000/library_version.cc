#include <openjpeg.h>

#include "codec/library_versions.h"

namespace discus::codec {

std::string openjpeg_version() { return opj_version(); }

}  // namespace discus::codec
