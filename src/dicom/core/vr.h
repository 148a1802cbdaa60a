// discus::dicom — Value Representations (PS3.5 6.2) and their encoding rules.
//
// The enumerator value is the two ASCII characters of the VR, so converting from the explicit
// VR field of a file is a range check, not a table walk.
//   VR vr = vr_from_chars('P', 'N');  has_long_header(vr) == false;  padding_byte(VR::UI) == 0
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace discus::dicom {

constexpr std::uint16_t vr_code(char a, char b) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(a) << 8 | static_cast<unsigned char>(b));
}

enum class VR : std::uint16_t {
  None = 0,  // items and delimiters carry no VR
  AE = vr_code('A', 'E'), AS = vr_code('A', 'S'), AT = vr_code('A', 'T'), CS = vr_code('C', 'S'),
  DA = vr_code('D', 'A'), DS = vr_code('D', 'S'), DT = vr_code('D', 'T'), FD = vr_code('F', 'D'),
  FL = vr_code('F', 'L'), IS = vr_code('I', 'S'), LO = vr_code('L', 'O'), LT = vr_code('L', 'T'),
  OB = vr_code('O', 'B'), OD = vr_code('O', 'D'), OF = vr_code('O', 'F'), OL = vr_code('O', 'L'),
  OV = vr_code('O', 'V'), OW = vr_code('O', 'W'), PN = vr_code('P', 'N'), SH = vr_code('S', 'H'),
  SL = vr_code('S', 'L'), SQ = vr_code('S', 'Q'), SS = vr_code('S', 'S'), ST = vr_code('S', 'T'),
  SV = vr_code('S', 'V'), TM = vr_code('T', 'M'), UC = vr_code('U', 'C'), UI = vr_code('U', 'I'),
  UL = vr_code('U', 'L'), UN = vr_code('U', 'N'), UR = vr_code('U', 'R'), US = vr_code('U', 'S'),
  UT = vr_code('U', 'T'), UV = vr_code('U', 'V'),
};

// The VR for two characters read from a file, or nullopt when they name no VR of PS3.5 6.2.
std::optional<VR> vr_from_chars(char a, char b);
std::optional<VR> vr_from_string(std::string_view s);
std::string_view to_string(VR vr);  // "PN"; "NONE" for VR::None

// PS3.5 7.1.2: OB OD OF OL OV OW SQ SV UC UN UR UT UV use the 12-byte explicit header.
bool has_long_header(VR vr);
// Character string VRs (values are text, possibly multi-valued with '\').
bool is_string(VR vr);
// String VRs whose value is affected by Specific Character Set (PS3.5 6.1.2.3).
bool is_charset_sensitive(VR vr);
// Pad byte for odd-length values: 00H for UI and OB, space for other strings, 00H otherwise.
std::uint8_t padding_byte(VR vr);
// Byte width of one binary value, for byte swapping between little and big endian
// (AT is swapped as two 16-bit numbers). 1 for strings, OB and UN.
unsigned swap_width(VR vr);
// VRs that may carry an undefined length (PS3.5 7.1.2): SQ, UN and the O* binaries.
bool allows_undefined_length(VR vr);

}  // namespace discus::dicom
