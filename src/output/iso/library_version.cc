#include "output/iso/library_version.h"

#include <fmt/format.h>
#include <libisofs/libisofs.h>

namespace discus::output::iso {

std::string libisofs_version() {
  int major = 0, minor = 0, micro = 0;
  ::iso_lib_version(&major, &minor, &micro);
  return fmt::format("{}.{}.{}", major, minor, micro);
}

}  // namespace discus::output::iso
