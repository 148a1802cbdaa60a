#include <cstdio>  // jpeglib.h needs FILE and size_t first

#include <jpeglib.h>

#include "codec/library_versions.h"

namespace discus::codec {

#define DISCUS_STRINGIFY_INNER(x) #x
#define DISCUS_STRINGIFY(x) DISCUS_STRINGIFY_INNER(x)

// libjpeg-turbo 2.1 has no run-time version call; this is the version compiled against.
std::string libjpeg_turbo_version() { return DISCUS_STRINGIFY(LIBJPEG_TURBO_VERSION) " (built with)"; }

}  // namespace discus::codec
