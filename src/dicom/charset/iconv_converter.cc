#include "dicom/charset/iconv_converter.h"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

namespace discus::dicom::charset {
namespace {

const auto kInvalidHandle = reinterpret_cast<void*>(static_cast<std::intptr_t>(-1));

}  // namespace

base::Result<IconvConverter> IconvConverter::open(const char* from_encoding) {
  iconv_t cd = iconv_open("UTF-8", from_encoding);
  if (cd == reinterpret_cast<iconv_t>(-1))
    return base::Error{base::ErrorCode::kUnsupported,
                       fmt::format("iconv cannot convert from {} on this system", from_encoding)};
  return IconvConverter(cd);
}

IconvConverter::IconvConverter(IconvConverter&& other) noexcept
    : handle_(std::exchange(other.handle_, kInvalidHandle)) {}

IconvConverter& IconvConverter::operator=(IconvConverter&& other) noexcept {
  if (this != &other) {
    if (handle_ != kInvalidHandle) iconv_close(static_cast<iconv_t>(handle_));
    handle_ = std::exchange(other.handle_, kInvalidHandle);
  }
  return *this;
}

IconvConverter::~IconvConverter() {
  if (handle_ != kInvalidHandle) iconv_close(static_cast<iconv_t>(handle_));
}

IconvConverter::Outcome IconvConverter::convert(base::ByteView in, std::string& out) {
  auto cd = static_cast<iconv_t>(handle_);
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // back to the initial shift state
  // iconv's input pointer is char* but it never writes through it.
  char* src = const_cast<char*>(reinterpret_cast<const char*>(in.data()));
  std::size_t src_left = in.size();
  char buffer[512];
  for (;;) {
    char* dst = buffer;
    std::size_t dst_left = sizeof buffer;
    const std::size_t rc = src_left == 0 ? iconv(cd, nullptr, nullptr, &dst, &dst_left)
                                         : iconv(cd, &src, &src_left, &dst, &dst_left);
    const int err = errno;
    out.append(buffer, static_cast<std::size_t>(dst - buffer));
    const std::size_t consumed = in.size() - src_left;
    if (rc != static_cast<std::size_t>(-1)) {
      if (src_left == 0) return {Status::kOk, consumed};
      continue;
    }
    if (err == E2BIG) continue;  // output buffer full: flush it and go on
    return {err == EINVAL ? Status::kIncomplete : Status::kInvalid, consumed};
  }
}

}  // namespace discus::dicom::charset
