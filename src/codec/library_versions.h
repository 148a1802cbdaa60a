// discus::codec — the versions of the codec libraries, each defined in the one folder that may
// include the library's header (run-time where the library offers a function; libjpeg-turbo has
// none, so its compile-time version). For `discus --version`.
#pragma once

#include <string>

namespace discus::codec {

std::string openjpeg_version();       // jpeg2000/library_version.cc: opj_version()
std::string charls_version();         // jpeg_ls/library_version.cc: charls_get_version_string()
std::string libjpeg_turbo_version();  // jpeg/library_version.cc: LIBJPEG_TURBO_VERSION (compile time)
std::string libpng_version();         // render/library_version.cc: png_get_libpng_ver()

}  // namespace discus::codec
