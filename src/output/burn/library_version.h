// discus::output::burn — the version of libburn as it reports itself at run time (--version).
#pragma once

#include <string>

namespace discus::output::burn {

std::string libburn_version();

}  // namespace discus::output::burn
