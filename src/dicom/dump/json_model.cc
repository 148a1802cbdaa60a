#include "dicom/dump/json_model.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>

#include "base/base64.h"
#include "base/endian.h"
#include "dicom/dump/value_format.h"

namespace discus::dicom::dump {

using nlohmann::ordered_json;

namespace {

// PS3.18 F.2.3: DS and IS are JSON numbers. A value that is not a number in the first place
// (seen on real media) stays a string rather than being invented.
ordered_json number_or_string(const std::string& s, bool integer) {
  std::string_view v = s;
  if (!v.empty() && v.front() == '+') v.remove_prefix(1);
  if (integer) {
    long long n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec == std::errc() && p == v.data() + v.size()) return n;
  } else {
    const std::string copy(v);
    char* end = nullptr;
    const double d = std::strtod(copy.c_str(), &end);
    if (!copy.empty() && end == copy.c_str() + copy.size() && std::isfinite(d)) return d;
  }
  return s;
}

ordered_json person_name(const std::string& s) {
  // PS3.18 F.2.2: up to three component groups, alphabetic=ideographic=phonetic.
  static constexpr const char* kGroups[] = {"Alphabetic", "Ideographic", "Phonetic"};
  ordered_json pn = ordered_json::object();
  std::size_t start = 0;
  for (int g = 0; g < 3; ++g) {
    const std::size_t pos = s.find('=', start);
    const std::string part = s.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
    if (!part.empty()) pn[kGroups[g]] = part;
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return pn;
}

class JsonBuilder {
 public:
  explicit JsonBuilder(const JsonOptions& opt) : opt_(opt) {}

  ordered_json dataset(const DataSet& ds, const charset::SpecificCharacterSet& inherited) {
    const charset::SpecificCharacterSet cs = charset_of(ds, inherited);
    ordered_json obj = ordered_json::object();
    for (const Element& e : ds) {
      if (e.tag.is_group_length()) continue;  // PS3.18 F.2: group lengths are not encoded
      obj[fmt::format("{:04X}{:04X}", e.tag.group(), e.tag.element())] = element(e, cs);
    }
    return obj;
  }

 private:
  ordered_json element(const Element& e, const charset::SpecificCharacterSet& cs) {
    ordered_json attr = ordered_json::object();
    attr["vr"] = std::string(to_string(e.vr == VR::None ? VR::UN : e.vr));
    if (e.kind == Element::Kind::kSequence) {
      attr["vr"] = e.vr == VR::UN ? "UN" : "SQ";
      if (!e.items.empty()) {
        ordered_json items = ordered_json::array();
        for (const DataSet& item : e.items) items.push_back(dataset(item, cs));
        attr["Value"] = std::move(items);
      }
      return attr;
    }
    if (e.kind == Element::Kind::kEncapsulated) {
      const Value& first = e.fragments.empty() ? Value{} : e.fragments.front();
      attr["vr"] = "OB";
      attr["BulkDataURI"] = bulk_uri(first, e);
      return attr;
    }
    if (e.value.size() == 0) return attr;
    if (is_string(e.vr)) {
      ordered_json values = ordered_json::array();
      for (const std::string& s : decoded_strings(e, cs, nullptr)) {
        if (s.empty()) values.push_back(nullptr);  // PS3.18 F.2.5: empty value in a multi-valued list
        else if (e.vr == VR::PN) values.push_back(person_name(s));
        else if (e.vr == VR::DS) values.push_back(number_or_string(s, false));
        else if (e.vr == VR::IS) values.push_back(number_or_string(s, true));
        else values.push_back(s);
      }
      attr["Value"] = std::move(values);
      return attr;
    }
    switch (e.vr) {
      case VR::AT: case VR::US: case VR::SS: case VR::UL: case VR::SL: case VR::FL: case VR::FD: case VR::SV: case VR::UV:
        if (!e.value.is_deferred()) {
          attr["Value"] = numbers(e);
          return attr;
        }
        break;
      default: break;
    }
    if (e.value.is_deferred() || e.value.size() > opt_.inline_binary_limit) attr["BulkDataURI"] = bulk_uri(e.value, e);
    else attr["InlineBinary"] = base::base64_encode(e.value.bytes);
    return attr;
  }

  static ordered_json numbers(const Element& e) {
    ordered_json values = ordered_json::array();
    const base::Bytes& b = e.value.bytes;
    const std::size_t width = e.vr == VR::US || e.vr == VR::SS ? 2 : (e.vr == VR::FD || e.vr == VR::SV || e.vr == VR::UV) ? 8 : 4;
    for (std::size_t i = 0; i + width <= b.size(); i += width) {
      const std::uint8_t* p = b.data() + i;
      switch (e.vr) {
        case VR::AT:
          values.push_back(fmt::format("{:04X}{:04X}", base::load_le<std::uint16_t>(p), base::load_le<std::uint16_t>(p + 2)));
          break;
        case VR::US: values.push_back(base::load_le<std::uint16_t>(p)); break;
        case VR::SS: values.push_back(base::load_le<std::int16_t>(p)); break;
        case VR::UL: values.push_back(base::load_le<std::uint32_t>(p)); break;
        case VR::SL: values.push_back(base::load_le<std::int32_t>(p)); break;
        case VR::UV: values.push_back(base::load_le<std::uint64_t>(p)); break;
        case VR::SV: values.push_back(base::load_le<std::int64_t>(p)); break;
        case VR::FL: {
          float f;
          std::memcpy(&f, p, 4);
          values.push_back(std::isfinite(f) ? ordered_json(static_cast<double>(f)) : ordered_json(fmt::format("{}", f)));
          break;
        }
        default: {
          double d;
          std::memcpy(&d, p, 8);
          values.push_back(std::isfinite(d) ? ordered_json(d) : ordered_json(fmt::format("{}", d)));
          break;
        }
      }
    }
    return values;
  }

  std::string bulk_uri(const Value& v, const Element& e) const {
    if (v.deferred && v.deferred->file)
      return fmt::format("file://{}?offset={}&length={}", v.deferred->file->path(), v.deferred->offset, v.deferred->length);
    return fmt::format("element:{}?offset={}", to_string(e.tag), e.source_offset);
  }

  const JsonOptions& opt_;
};

}  // namespace

ordered_json to_json(const DataSet& dataset, const JsonOptions& options, const charset::SpecificCharacterSet& inherited) {
  return JsonBuilder(options).dataset(dataset, inherited);
}

}  // namespace discus::dicom::dump
