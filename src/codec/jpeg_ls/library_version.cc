#include <charls/charls.h>

#include "codec/library_versions.h"

namespace discus::codec {

std::string charls_version() { return charls_get_version_string(); }

}  // namespace discus::codec
