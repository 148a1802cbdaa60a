// discus::output::iso — the version of libisofs as it reports itself at run time (--version).
#pragma once

#include <string>

namespace discus::output::iso {

std::string libisofs_version();

}  // namespace discus::output::iso
