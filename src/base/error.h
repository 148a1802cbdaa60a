// discus::base — Error: a typed code, a message and where it happened.
//
// Every failure that leaves a module is an Error value (DESIGN.md "Errors are values"). The
// context names what a user needs to find the problem: the file, the byte offset in that file
// and the tag path inside the data set, e.g. "(0008,1115)[0]/(0008,1150)".
//
//   return Error{ErrorCode::kTruncated, "value runs past end of file"}.at(path, 1234, "(7FE0,0010)");
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace discus::base {

enum class ErrorCode {
  kIo,              // the operating system refused a read, write or open
  kNotDicom,        // no DICM prefix and nothing that looks like a data set
  kTruncated,       // the input ends inside an element, item or header
  kBadLength,       // a length that cannot be right (odd where forbidden, past the end, undefined where not allowed)
  kBadVr,           // an explicit VR that is not one of PS3.5 6.2
  kBadStructure,    // delimiters, items or sequences out of place
  kTooDeep,         // nesting beyond the configured cap
  kLimitExceeded,   // a configured resource cap (inflated size, element size) was reached
  kUnsupported,     // valid DICOM we do not handle (yet), e.g. writing big endian
  kInvalidArgument, // a caller passed something meaningless
  kCharset,         // bytes not valid in the declared Specific Character Set
  kDeflate,         // the deflate stream is corrupt
  kNotFound,        // a lookup found nothing
  kCancelled,       // the caller asked the operation to stop (app::CancelToken)
  kConflict,        // the state changed under the caller, or a transition the state machine forbids (jobs)
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInvalidArgument;
  std::string message;
  std::string file;                    // empty when not about a file
  std::optional<std::uint64_t> offset; // byte offset in `file` (or in the inflated stream, said in message)
  std::string tag_path;                // e.g. "(0040,0275)[1]/(0008,0100)"

  Error() = default;
  Error(ErrorCode c, std::string msg) : code(c), message(std::move(msg)) {}

  // Fluent setters so the place that knows the context can add it.
  Error& in_file(std::string f) & { file = std::move(f); return *this; }
  Error&& in_file(std::string f) && { file = std::move(f); return std::move(*this); }
  Error& at_offset(std::uint64_t o) & { offset = o; return *this; }
  Error&& at_offset(std::uint64_t o) && { offset = o; return std::move(*this); }
  Error& at_tag(std::string p) & { tag_path = std::move(p); return *this; }
  Error&& at_tag(std::string p) && { tag_path = std::move(p); return std::move(*this); }

  // "file: offset 1234: (0008,1115)[0]/(0008,1150): message [truncated]"
  std::string describe() const;
};

}  // namespace discus::base
