// discus::base — Base64 (RFC 4648 section 4), for InlineBinary in the PS3.18 JSON model.
//   std::string s = base64_encode(bytes);
#pragma once

#include <string>

#include "base/bytes.h"

namespace discus::base {

std::string base64_encode(ByteView data);

}  // namespace discus::base
