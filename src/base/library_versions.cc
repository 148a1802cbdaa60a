#include "base/library_versions.h"

#include <fmt/format.h>
#include <openssl/crypto.h>

namespace discus::base {

std::string openssl_version() { return OpenSSL_version(OPENSSL_VERSION); }

std::string fmt_version() { return fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100); }

}  // namespace discus::base
