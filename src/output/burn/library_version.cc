#include "output/burn/library_version.h"

#include <fmt/format.h>
#include <libburn/libburn.h>

namespace discus::output::burn {

// libburn.h declares its C API inside namespace burn when compiled as C++.
std::string libburn_version() {
  int major = 0, minor = 0, micro = 0;
  ::burn::burn_version(&major, &minor, &micro);
  return fmt::format("{}.{}.{}", major, minor, micro);
}

}  // namespace discus::output::burn
