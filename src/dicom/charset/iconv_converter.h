// discus::dicom::charset — a move-only owner of one glibc iconv conversion to UTF-8 (internal).
//
// The only place that includes <iconv.h> is iconv_converter.cc (DESIGN.md: a third-party header in
// exactly one adapter). The handle is not thread-safe, so decoders open their own per call
// instead of sharing one in a const object.
//   DISCUS_TRY(auto cv, IconvConverter::open("ISO-8859-7"));
//   auto r = cv.convert(bytes, out);  // r.status == IconvConverter::Status::kOk
#pragma once

#include <cstddef>
#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::dicom::charset {

class IconvConverter {
 public:
  // kUnsupported when this system's iconv cannot convert from `from_encoding`.
  static base::Result<IconvConverter> open(const char* from_encoding);

  IconvConverter(IconvConverter&& other) noexcept;
  IconvConverter& operator=(IconvConverter&& other) noexcept;
  IconvConverter(const IconvConverter&) = delete;
  IconvConverter& operator=(const IconvConverter&) = delete;
  ~IconvConverter();

  enum class Status { kOk, kInvalid, kIncomplete };
  struct Outcome {
    Status status;
    std::size_t consumed;  // bytes of `in` converted; on failure the offset of the bad sequence
  };
  // Appends the UTF-8 for `in` to `out`, stopping at the first byte sequence the source
  // encoding does not define (kInvalid) or that the input cuts short (kIncomplete).
  Outcome convert(base::ByteView in, std::string& out);

 private:
  explicit IconvConverter(void* handle) : handle_(handle) {}
  void* handle_;  // iconv_t, which glibc defines as void*
};

}  // namespace discus::dicom::charset
