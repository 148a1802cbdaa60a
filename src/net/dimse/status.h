// discus::net::dimse — DIMSE status codes (PS3.7 Annex C, PS3.4 B.2.3) as data.
//
// kStatuses (status.cc) lists the codes Discus sends or explains; classify() follows PS3.7 C.1
// ranges for codes it does not list: FFxxH pending, FE00H cancel, Bxxx warning, 0000H success,
// everything else failure.
//   if (classify(rsp.status) == StatusClass::kFailure) log(describe_status(rsp.status));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace discus::net::dimse {

enum class StatusClass { kSuccess, kWarning, kFailure, kCancel, kPending };

namespace status {
inline constexpr std::uint16_t kSuccess = 0x0000;
inline constexpr std::uint16_t kCoercionOfDataElements = 0xB000;       // C-STORE warning
inline constexpr std::uint16_t kElementsDiscarded = 0xB006;
inline constexpr std::uint16_t kDataSetDoesNotMatchSopClassWarning = 0xB007;
inline constexpr std::uint16_t kOutOfResources = 0xA700;               // C-STORE refused
inline constexpr std::uint16_t kDataSetDoesNotMatchSopClass = 0xA900;
inline constexpr std::uint16_t kCannotUnderstand = 0xC000;
inline constexpr std::uint16_t kProcessingFailure = 0x0110;
inline constexpr std::uint16_t kDuplicateSopInstance = 0x0111;
inline constexpr std::uint16_t kSopClassNotSupported = 0x0122;
inline constexpr std::uint16_t kNotAuthorized = 0x0124;
inline constexpr std::uint16_t kDuplicateInvocation = 0x0210;
inline constexpr std::uint16_t kUnrecognizedOperation = 0x0211;
inline constexpr std::uint16_t kMistypedArgument = 0x0212;
inline constexpr std::uint16_t kResourceLimitation = 0x0213;
}  // namespace status

StatusClass classify(std::uint16_t code);
std::string_view class_name(StatusClass c);  // "Success", "Warning", ...
// "A700H Refused: Out of Resources"
std::string describe_status(std::uint16_t code);

}  // namespace discus::net::dimse
