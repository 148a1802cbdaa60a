// discus::base — the versions of the libraries this layer wraps, as they report themselves at run
// time (OpenSSL) or were compiled against (fmt, which has no run-time version). For `discus --version`.
//   fmt::print("OpenSSL {}\n", base::openssl_version());
#pragma once

#include <string>

namespace discus::base {

std::string openssl_version();  // "OpenSSL 3.0.15 3 Sep 2024"
std::string fmt_version();      // "9.1.0"

}  // namespace discus::base
