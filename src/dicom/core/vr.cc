#include "dicom/core/vr.h"

#include <array>

namespace discus::dicom {
namespace {

// PS3.5 Table 6.2-1 and 7.1-1/7.1-2, one row per VR: the facts the encoders need.
struct VrTraits {
  VR vr;
  std::string_view name;
  bool long_header;        // 12-byte explicit header (PS3.5 7.1.2)
  bool string;             // character string value
  bool charset_sensitive;  // affected by Specific Character Set (PS3.5 6.1.2.3)
  unsigned swap_width;     // bytes per binary value (AT as two 16-bit numbers)
  bool undefined_ok;       // may have undefined length
};

constexpr std::array<VrTraits, 34> kTraits = {{
    {VR::AE, "AE", false, true, false, 1, false}, {VR::AS, "AS", false, true, false, 1, false},
    {VR::AT, "AT", false, false, false, 2, false}, {VR::CS, "CS", false, true, false, 1, false},
    {VR::DA, "DA", false, true, false, 1, false}, {VR::DS, "DS", false, true, false, 1, false},
    {VR::DT, "DT", false, true, false, 1, false}, {VR::FD, "FD", false, false, false, 8, false},
    {VR::FL, "FL", false, false, false, 4, false}, {VR::IS, "IS", false, true, false, 1, false},
    {VR::LO, "LO", false, true, true, 1, false},   {VR::LT, "LT", false, true, true, 1, false},
    {VR::OB, "OB", true, false, false, 1, true},   {VR::OD, "OD", true, false, false, 8, true},
    {VR::OF, "OF", true, false, false, 4, true},   {VR::OL, "OL", true, false, false, 4, true},
    {VR::OV, "OV", true, false, false, 8, true},   {VR::OW, "OW", true, false, false, 2, true},
    {VR::PN, "PN", false, true, true, 1, false},   {VR::SH, "SH", false, true, true, 1, false},
    {VR::SL, "SL", false, false, false, 4, false}, {VR::SQ, "SQ", true, false, false, 1, true},
    {VR::SS, "SS", false, false, false, 2, false}, {VR::ST, "ST", false, true, true, 1, false},
    {VR::SV, "SV", true, false, false, 8, false},  {VR::TM, "TM", false, true, false, 1, false},
    {VR::UC, "UC", true, true, true, 1, false},    {VR::UI, "UI", false, true, false, 1, false},
    {VR::UL, "UL", false, false, false, 4, false}, {VR::UN, "UN", true, false, false, 1, true},
    {VR::UR, "UR", true, true, false, 1, false},   {VR::US, "US", false, false, false, 2, false},
    {VR::UT, "UT", true, true, true, 1, false},    {VR::UV, "UV", true, false, false, 8, false},
}};

// Index of each VR's row by its two letters, built at compile time: encoders ask for VR traits
// once per element, so the lookup must not be a search (it was 10% of a DICOMDIR build).
constexpr std::size_t slot(std::uint16_t code) {
  const unsigned a = code >> 8, b = code & 0xFF;
  return (a - 'A') * 26 + (b - 'A');
}
constexpr std::array<std::int8_t, 26 * 26> kIndex = [] {
  std::array<std::int8_t, 26 * 26> index{};
  for (auto& i : index) i = -1;
  for (std::size_t k = 0; k < kTraits.size(); ++k) index[slot(static_cast<std::uint16_t>(kTraits[k].vr))] = static_cast<std::int8_t>(k);
  return index;
}();

const VrTraits* traits(VR vr) {
  const auto code = static_cast<std::uint16_t>(vr);
  const unsigned a = code >> 8, b = code & 0xFF;
  if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') return nullptr;
  const std::int8_t i = kIndex[slot(code)];
  return i < 0 ? nullptr : &kTraits[static_cast<std::size_t>(i)];
}

}  // namespace

std::optional<VR> vr_from_chars(char a, char b) {
  const VrTraits* t = traits(static_cast<VR>(vr_code(a, b)));
  if (t == nullptr) return std::nullopt;
  return t->vr;
}

std::optional<VR> vr_from_string(std::string_view s) {
  if (s == "NONE") return VR::None;
  if (s.size() != 2) return std::nullopt;
  return vr_from_chars(s[0], s[1]);
}

std::string_view to_string(VR vr) {
  const VrTraits* t = traits(vr);
  return t ? t->name : "NONE";
}

bool has_long_header(VR vr) {
  const VrTraits* t = traits(vr);
  return t && t->long_header;
}

bool is_string(VR vr) {
  const VrTraits* t = traits(vr);
  return t && t->string;
}

bool is_charset_sensitive(VR vr) {
  const VrTraits* t = traits(vr);
  return t && t->charset_sensitive;
}

std::uint8_t padding_byte(VR vr) {
  // PS3.5 6.2: UI pads with 00H, the other strings with a space, binary values with 00H.
  if (vr == VR::UI) return 0x00;
  return is_string(vr) ? 0x20 : 0x00;
}

unsigned swap_width(VR vr) {
  const VrTraits* t = traits(vr);
  return t ? t->swap_width : 1;
}

bool allows_undefined_length(VR vr) {
  const VrTraits* t = traits(vr);
  return t && t->undefined_ok;
}

}  // namespace discus::dicom
