// discus CLI — `discus --version`: the Discus version (CMake's PROJECT_VERSION) and the versions
// of the libraries it is linked with, each asked through its adapter folder.
#pragma once

#include <string>

namespace discus::cli {

std::string discus_version();  // "0.1.0"
std::string version_text();    // several lines, ending in a newline

}  // namespace discus::cli
