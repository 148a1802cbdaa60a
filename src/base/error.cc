#include "base/error.h"

#include <fmt/format.h>

namespace discus::base {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kIo: return "io";
    case ErrorCode::kNotDicom: return "not-dicom";
    case ErrorCode::kTruncated: return "truncated";
    case ErrorCode::kBadLength: return "bad-length";
    case ErrorCode::kBadVr: return "bad-vr";
    case ErrorCode::kBadStructure: return "bad-structure";
    case ErrorCode::kTooDeep: return "too-deep";
    case ErrorCode::kLimitExceeded: return "limit-exceeded";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kInvalidArgument: return "invalid-argument";
    case ErrorCode::kCharset: return "charset";
    case ErrorCode::kDeflate: return "deflate";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kConflict: return "conflict";
  }
  return "unknown";
}

std::string Error::describe() const {
  std::string out;
  if (!file.empty()) out += file + ": ";
  if (offset) out += fmt::format("offset {}: ", *offset);
  if (!tag_path.empty()) out += tag_path + ": ";
  out += message;
  out += fmt::format(" [{}]", to_string(code));
  return out;
}

}  // namespace discus::base
