#include "dicom/dump/value_format.h"

#include <fmt/format.h>

#include "base/endian.h"
#include "dicom/dict/tags.h"

namespace discus::dicom::dump {

namespace {

bool single_valued_text(VR vr) { return vr == VR::LT || vr == VR::ST || vr == VR::UT || vr == VR::UR; }

template <typename T>
std::string number_at(const std::uint8_t* p) {
  return fmt::format("{}", base::load_le<T>(p));
}

}  // namespace

std::size_t value_multiplicity(const Element& e) {
  if (e.kind == Element::Kind::kSequence) return 1;
  if (e.kind == Element::Kind::kEncapsulated) return 1;
  const std::uint64_t size = e.value.size();
  if (size == 0) return 0;
  if (is_string(e.vr)) {
    if (single_valued_text(e.vr) || e.value.is_deferred()) return 1;
    std::size_t n = 1;
    for (std::uint8_t b : e.value.bytes) n += b == '\\';
    return n;
  }
  switch (e.vr) {
    case VR::AT: return static_cast<std::size_t>(size / 4);
    case VR::US: case VR::SS: return static_cast<std::size_t>(size / 2);
    case VR::UL: case VR::SL: case VR::FL: return static_cast<std::size_t>(size / 4);
    case VR::FD: case VR::SV: case VR::UV: return static_cast<std::size_t>(size / 8);
    default: return 1;  // OB, OW, UN...: one value
  }
}

std::vector<std::string> decoded_strings(const Element& e, const charset::SpecificCharacterSet& cs,
                                         std::vector<charset::CharsetIssue>* issues) {
  std::vector<std::string> out;
  if (e.kind != Element::Kind::kPrimitive || e.value.is_deferred() || e.value.bytes.empty()) return out;
  std::string text = cs.decode_lossy(e.value.bytes, e.vr, issues);
  // Padding is not part of the value (PS3.5 6.2); UI pads with NUL, the others with spaces.
  auto trim = [&](std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    if (e.vr != VR::LT && e.vr != VR::ST && e.vr != VR::UT)
      while (!s.empty() && s.front() == ' ') s.erase(s.begin());
    return s;
  };
  if (single_valued_text(e.vr)) {
    out.push_back(trim(std::move(text)));
    return out;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = text.find('\\', start);
    out.push_back(trim(text.substr(start, pos == std::string::npos ? std::string::npos : pos - start)));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return out;
}

std::vector<std::string> binary_values_as_text(const Element& e, std::size_t limit) {
  std::vector<std::string> out;
  if (e.kind != Element::Kind::kPrimitive || e.value.is_deferred()) return out;
  const base::Bytes& b = e.value.bytes;
  std::size_t width = 0;
  switch (e.vr) {
    case VR::AT: case VR::UL: case VR::SL: case VR::FL: case VR::OF: case VR::OL: width = 4; break;
    case VR::US: case VR::SS: case VR::OW: width = 2; break;
    case VR::FD: case VR::SV: case VR::UV: case VR::OD: case VR::OV: width = 8; break;
    default: return out;
  }
  for (std::size_t i = 0; i + width <= b.size() && out.size() < limit; i += width) {
    const std::uint8_t* p = b.data() + i;
    switch (e.vr) {
      case VR::AT:
        out.push_back(fmt::format("({:04X},{:04X})", base::load_le<std::uint16_t>(p), base::load_le<std::uint16_t>(p + 2)));
        break;
      case VR::US: case VR::OW: out.push_back(number_at<std::uint16_t>(p)); break;
      case VR::SS: out.push_back(number_at<std::int16_t>(p)); break;
      case VR::UL: case VR::OL: out.push_back(number_at<std::uint32_t>(p)); break;
      case VR::SL: out.push_back(number_at<std::int32_t>(p)); break;
      case VR::UV: case VR::OV: out.push_back(number_at<std::uint64_t>(p)); break;
      case VR::SV: out.push_back(number_at<std::int64_t>(p)); break;
      case VR::FL: case VR::OF: {
        float f;
        std::memcpy(&f, p, 4);
        out.push_back(fmt::format("{}", f));
        break;
      }
      default: {
        double d;
        std::memcpy(&d, p, 8);
        out.push_back(fmt::format("{}", d));
        break;
      }
    }
  }
  return out;
}

charset::SpecificCharacterSet charset_of(const DataSet& ds, const charset::SpecificCharacterSet& inherited) {
  const Element* e = ds.find(tags::SpecificCharacterSet);
  if (e == nullptr || e->kind != Element::Kind::kPrimitive || e->value.is_deferred()) return inherited;
  const std::string_view raw = base::as_chars(e->value.bytes);
  if (auto cs = charset::SpecificCharacterSet::parse(raw)) return *cs;
  if (auto cs = charset::SpecificCharacterSet::parse_lenient(raw, nullptr)) return *cs;
  return inherited;
}

}  // namespace discus::dicom::dump
