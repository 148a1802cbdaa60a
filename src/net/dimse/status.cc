#include "net/dimse/status.h"

#include <array>

#include <fmt/format.h>

namespace discus::net::dimse {
namespace {

struct StatusInfo {
  std::uint16_t code;
  StatusClass cls;
  std::string_view meaning;
};

// PS3.7 C.1-C.5 and PS3.4 B.2.3 (Storage), the codes Discus names.
constexpr std::array<StatusInfo, 17> kStatuses = {{
    {0x0000, StatusClass::kSuccess, "Success"},
    {0xFF00, StatusClass::kPending, "Pending"},
    {0xFF01, StatusClass::kPending, "Pending: optional keys not supported"},
    {0xFE00, StatusClass::kCancel, "Cancel"},
    {0xB000, StatusClass::kWarning, "Warning: coercion of data elements"},
    {0xB006, StatusClass::kWarning, "Warning: elements discarded"},
    {0xB007, StatusClass::kWarning, "Warning: data set does not match SOP class"},
    {0xA700, StatusClass::kFailure, "Refused: out of resources"},
    {0xA900, StatusClass::kFailure, "Error: data set does not match SOP class"},
    {0xC000, StatusClass::kFailure, "Error: cannot understand"},
    {0x0110, StatusClass::kFailure, "Processing failure"},
    {0x0111, StatusClass::kFailure, "Duplicate SOP instance"},
    {0x0122, StatusClass::kFailure, "Refused: SOP class not supported"},
    {0x0124, StatusClass::kFailure, "Refused: not authorized"},
    {0x0210, StatusClass::kFailure, "Duplicate invocation"},
    {0x0211, StatusClass::kFailure, "Unrecognized operation"},
    {0x0213, StatusClass::kFailure, "Resource limitation"},
}};

}  // namespace

StatusClass classify(std::uint16_t code) {
  for (const StatusInfo& s : kStatuses)
    if (s.code == code) return s.cls;
  if ((code & 0xFF00) == 0xFF00) return StatusClass::kPending;
  if (code == 0xFE00) return StatusClass::kCancel;
  if ((code & 0xF000) == 0xB000 || code == 0x0001 || code == 0x0107 || code == 0x0116) return StatusClass::kWarning;
  return StatusClass::kFailure;
}

std::string_view class_name(StatusClass c) {
  switch (c) {
    case StatusClass::kSuccess: return "Success";
    case StatusClass::kWarning: return "Warning";
    case StatusClass::kFailure: return "Failure";
    case StatusClass::kCancel: return "Cancel";
    case StatusClass::kPending: return "Pending";
  }
  return "Failure";
}

std::string describe_status(std::uint16_t code) {
  for (const StatusInfo& s : kStatuses)
    if (s.code == code) return fmt::format("{:04X}H {}", code, s.meaning);
  return fmt::format("{:04X}H {}", code, class_name(classify(code)));
}

}  // namespace discus::net::dimse
