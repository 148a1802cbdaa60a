#include "dicom/core/vr.h"

#include <array>

namespace discus::dicom {
namespace {

constexpr std::array kAll = {
    VR::AE, VR::AS, VR::AT, VR::CS, VR::DA, VR::DS, VR::DT, VR::FD, VR::FL, VR::IS, VR::LO, VR::LT,
    VR::OB, VR::OD, VR::OF, VR::OL, VR::OV, VR::OW, VR::PN, VR::SH, VR::SL, VR::SQ, VR::SS, VR::ST,
    VR::SV, VR::TM, VR::UC, VR::UI, VR::UL, VR::UN, VR::UR, VR::US, VR::UT, VR::UV,
};

}  // namespace

std::optional<VR> vr_from_chars(char a, char b) {
  const auto code = vr_code(a, b);
  for (VR vr : kAll)
    if (static_cast<std::uint16_t>(vr) == code) return vr;
  return std::nullopt;
}

std::optional<VR> vr_from_string(std::string_view s) {
  if (s == "NONE") return VR::None;
  if (s.size() != 2) return std::nullopt;
  return vr_from_chars(s[0], s[1]);
}

std::string_view to_string(VR vr) {
  static constexpr std::string_view kNames[] = {
      "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV",
      "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV"};
  for (std::size_t i = 0; i < kAll.size(); ++i)
    if (kAll[i] == vr) return kNames[i];
  return "NONE";
}

bool has_long_header(VR vr) {
  switch (vr) {
    case VR::OB: case VR::OD: case VR::OF: case VR::OL: case VR::OV: case VR::OW:
    case VR::SQ: case VR::SV: case VR::UC: case VR::UN: case VR::UR: case VR::UT: case VR::UV:
      return true;
    default:
      return false;
  }
}

bool is_string(VR vr) {
  switch (vr) {
    case VR::AE: case VR::AS: case VR::CS: case VR::DA: case VR::DS: case VR::DT: case VR::IS:
    case VR::LO: case VR::LT: case VR::PN: case VR::SH: case VR::ST: case VR::TM: case VR::UC:
    case VR::UI: case VR::UR: case VR::UT:
      return true;
    default:
      return false;
  }
}

bool is_charset_sensitive(VR vr) {
  switch (vr) {
    case VR::LO: case VR::LT: case VR::PN: case VR::SH: case VR::ST: case VR::UC: case VR::UT:
      return true;
    default:
      return false;
  }
}

std::uint8_t padding_byte(VR vr) {
  if (vr == VR::UI) return 0x00;
  return is_string(vr) ? 0x20 : 0x00;
}

unsigned swap_width(VR vr) {
  switch (vr) {
    case VR::US: case VR::SS: case VR::OW: case VR::AT: return 2;
    case VR::UL: case VR::SL: case VR::FL: case VR::OL: case VR::OF: return 4;
    case VR::FD: case VR::OD: case VR::SV: case VR::UV: case VR::OV: return 8;
    default: return 1;
  }
}

bool allows_undefined_length(VR vr) {
  switch (vr) {
    case VR::SQ: case VR::UN: case VR::OB: case VR::OD: case VR::OF: case VR::OL: case VR::OV: case VR::OW:
      return true;
    default:
      return false;
  }
}

}  // namespace discus::dicom
