#include "cli/version.h"

#include <CLI/Version.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/settings.h"
#include "base/library_versions.h"
#include "codec/library_versions.h"
#include "dicom/encoding/zlib_version.h"
#include "output/burn/library_version.h"
#include "output/iso/library_version.h"

namespace discus::cli {

std::string discus_version() { return DISCUS_VERSION; }

std::string version_text() {
  std::string out = fmt::format("discus {}\n", discus_version());
  const std::pair<const char*, std::string> libraries[] = {
      {"OpenSSL", base::openssl_version()},
      {"zlib", dicom::encoding::zlib_library_version()},
      {"libisofs", output::iso::libisofs_version()},
      {"libburn", output::burn::libburn_version()},
      {"OpenJPEG", codec::openjpeg_version()},
      {"CharLS", codec::charls_version()},
      {"libjpeg-turbo", codec::libjpeg_turbo_version()},
      {"libpng", codec::libpng_version()},
      {"fmt", base::fmt_version() + " (built with)"},
      {"nlohmann-json", fmt::format("{}.{}.{} (built with)", NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
                                    NLOHMANN_JSON_VERSION_PATCH)},
      {"CLI11", CLI11_VERSION " (built with)"},
      {"toml++", app::toml_parser_version()},
  };
  for (const auto& [name, version] : libraries) out += fmt::format("  {:<14} {}\n", name, version);
  return out;
}

}  // namespace discus::cli
