#include "net/services/query_keys.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "base/endian.h"
#include "dicom/dict/dictionary.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"

namespace discus::net::services {
namespace {

using base::Error;
using base::ErrorCode;
using dicom::DataSet;
using dicom::Element;
using dicom::Tag;
using dicom::VR;

Error bad(std::string what) { return Error{ErrorCode::kInvalidArgument, std::move(what)}; }

std::optional<std::uint16_t> hex16(std::string_view s) {
  if (s.size() != 4) return std::nullopt;
  std::uint16_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

// A binary VR's value from text: "1\2" for US, "0.5" for FD, "(0010,0020)" for AT.
base::Result<base::Bytes> binary_value(VR vr, std::string_view text, std::string_view key) {
  base::Bytes out;
  if (text.empty()) return out;
  for (std::string_view part : split(text, '\\')) {
    const std::string v(part);
    auto fail = [&] { return bad(fmt::format("'{}' is not a {} value for {}", v, dicom::to_string(vr), key)); };
    std::uint8_t b[8];
    std::size_t n = 0;
    auto integer = [&](auto& x) {
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
      return ec == std::errc() && p == v.data() + v.size();
    };
    if (vr == VR::US) { std::uint16_t x; if (!integer(x)) return fail(); base::store_le(b, x); n = 2; }
    else if (vr == VR::SS) { std::int16_t x; if (!integer(x)) return fail(); base::store_le(b, static_cast<std::uint16_t>(x)); n = 2; }
    else if (vr == VR::UL) { std::uint32_t x; if (!integer(x)) return fail(); base::store_le(b, x); n = 4; }
    else if (vr == VR::SL) { std::int32_t x; if (!integer(x)) return fail(); base::store_le(b, static_cast<std::uint32_t>(x)); n = 4; }
    else if (vr == VR::FL || vr == VR::FD) {
      char* end = nullptr;
      const double d = std::strtod(v.c_str(), &end);
      if (v.empty() || end != v.c_str() + v.size()) return fail();
      if (vr == VR::FL) { const float f = static_cast<float>(d); std::uint32_t u; std::memcpy(&u, &f, 4); base::store_le(b, u); n = 4; }
      else { std::uint64_t u; std::memcpy(&u, &d, 8); base::store_le(b, u); n = 8; }
    } else if (vr == VR::AT) {
      auto t = parse_tag(v);
      if (!t) return fail();
      base::store_le(b, t->group());
      base::store_le(b + 2, t->element());
      n = 4;
    } else {
      return bad(fmt::format("{} ({}) cannot be a matching key", key, dicom::to_string(vr)));
    }
    out.insert(out.end(), b, b + n);
  }
  return out;
}

bool non_ascii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

}  // namespace

std::string_view level_name(QueryLevel l) {
  switch (l) {
    case QueryLevel::kPatient: return "PATIENT";
    case QueryLevel::kStudy: return "STUDY";
    case QueryLevel::kSeries: return "SERIES";
    case QueryLevel::kImage: return "IMAGE";
  }
  return "STUDY";
}

std::optional<QueryLevel> parse_level(std::string_view text) {
  std::string u(text);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (QueryLevel l : {QueryLevel::kPatient, QueryLevel::kStudy, QueryLevel::kSeries, QueryLevel::kImage})
    if (u == level_name(l)) return l;
  return std::nullopt;
}

std::string_view model_name(QueryModel m) {
  switch (m) {
    case QueryModel::kPatientRoot: return "Patient Root";
    case QueryModel::kStudyRoot: return "Study Root";
    case QueryModel::kWorklist: return "Modality Worklist";
  }
  return "Study Root";
}

std::string_view find_sop_class(QueryModel m) {
  switch (m) {
    case QueryModel::kPatientRoot: return dicom::uids::PatientRootQueryRetrieveInformationModelFind;
    case QueryModel::kStudyRoot: return dicom::uids::StudyRootQueryRetrieveInformationModelFind;
    case QueryModel::kWorklist: return dicom::uids::ModalityWorklistInformationModelFind;
  }
  return {};
}

std::string_view move_sop_class(QueryModel m) {
  if (m == QueryModel::kPatientRoot) return dicom::uids::PatientRootQueryRetrieveInformationModelMove;
  if (m == QueryModel::kStudyRoot) return dicom::uids::StudyRootQueryRetrieveInformationModelMove;
  return {};
}

std::string_view get_sop_class(QueryModel m) {
  if (m == QueryModel::kPatientRoot) return dicom::uids::PatientRootQueryRetrieveInformationModelGet;
  if (m == QueryModel::kStudyRoot) return dicom::uids::StudyRootQueryRetrieveInformationModelGet;
  return {};
}

Tag unique_key(QueryLevel l) {
  switch (l) {
    case QueryLevel::kPatient: return dicom::tags::PatientID;
    case QueryLevel::kStudy: return dicom::tags::StudyInstanceUID;
    case QueryLevel::kSeries: return dicom::tags::SeriesInstanceUID;
    case QueryLevel::kImage: return dicom::tags::SOPInstanceUID;
  }
  return dicom::tags::StudyInstanceUID;
}

base::Result<Tag> parse_tag(std::string_view text) {
  std::string_view t = text;
  if (t.size() >= 2 && t.front() == '(' && t.back() == ')') t = t.substr(1, t.size() - 2);
  if (t.size() == 9 && t[4] == ',') {
    auto g = hex16(t.substr(0, 4)), e = hex16(t.substr(5));
    if (g && e) return Tag{*g, *e};
  } else if (t.size() == 8) {
    auto g = hex16(t.substr(0, 4)), e = hex16(t.substr(4));
    if (g && e) return Tag{*g, *e};
  }
  if (const auto* d = dicom::dict::find_keyword(text); d != nullptr && d->mask == 0xFFFFFFFFu) return d->as_tag();
  return bad(fmt::format("'{}' is neither a PS3.6 keyword nor a tag (gggg,eeee)", text));
}

base::Status add_key(DataSet& identifier, std::string_view key_value) {
  const auto eq = key_value.find('=');
  const std::string_view key = key_value.substr(0, eq);
  const std::string_view value = eq == std::string_view::npos ? std::string_view{} : key_value.substr(eq + 1);
  if (key.empty()) return bad(fmt::format("'{}' names no key", key_value));
  const std::vector<std::string_view> path = split(key, '.');
  DataSet* into = &identifier;
  for (std::size_t i = 0; i < path.size(); ++i) {
    DISCUS_TRY(Tag tag, parse_tag(path[i]));
    if (tag.group() == 0x0002 || tag.group() == 0x0000 || tag.is_delimiter() || tag.is_group_length())
      return bad(fmt::format("{} cannot be a matching key", path[i]));
    const auto* d = tag.is_private() ? nullptr : dicom::dict::find(tag);
    if (d == nullptr) return bad(fmt::format("{} is not in the PS3.6 dictionary (private keys are not supported)", path[i]));
    const bool last = i + 1 == path.size();
    if (!last) {
      // A path element: a sequence with one item that every key of it shares.
      if (d->vr != VR::SQ) return bad(fmt::format("{} in '{}' is not a sequence", path[i], key));
      Element* e = into->find(tag);
      if (e == nullptr || !e->is_sequence()) {
        Element s;
        s.tag = tag;
        s.vr = VR::SQ;
        s.kind = Element::Kind::kSequence;
        e = &into->insert(std::move(s));
      }
      if (e->items.empty()) e->items.emplace_back();
      into = &e->items.front();
      continue;
    }
    if (d->vr == VR::SQ) {
      if (!value.empty()) return bad(fmt::format("{} is a sequence: give its keys as {}.Keyword=VALUE", path[i], path[i]));
      if (into->find(tag) == nullptr) {
        Element s;
        s.tag = tag;
        s.vr = VR::SQ;
        s.kind = Element::Kind::kSequence;
        into->insert(std::move(s));  // zero items: universal matching, the whole sequence returned
      }
      return {};
    }
    if (dicom::is_string(d->vr)) {
      into->set_string(tag, d->vr, value);
    } else {
      DISCUS_TRY(base::Bytes b, binary_value(d->vr, value, path[i]));
      into->set_bytes(tag, d->vr, std::move(b));
    }
  }
  return {};
}

base::Result<DataSet> build_identifier(const std::vector<std::string>& keys, std::optional<QueryLevel> level) {
  DataSet id;
  bool utf8 = false;
  for (const std::string& k : keys) {
    DISCUS_CHECK(add_key(id, k));
    utf8 = utf8 || non_ascii(k);
  }
  if (level) {
    id.set_string(dicom::tags::QueryRetrieveLevel, VR::CS, level_name(*level));
    if (!id.contains(unique_key(*level))) {
      const auto* d = dicom::dict::find(unique_key(*level));
      id.set_string(unique_key(*level), d->vr, "");
    }
  }
  // PS3.4 C.4.1.1.3.1: asked for always, so the matches' text can be decoded (an SCP returns only
  // what it is asked for; wlmscpfs then sends ISO_IR 100 names without saying so).
  if (!id.contains(dicom::tags::SpecificCharacterSet)) id.set_string(dicom::tags::SpecificCharacterSet, VR::CS, "");
  if (utf8) {
    const auto cs = id.get_string(dicom::tags::SpecificCharacterSet);
    if (!cs || cs->empty()) id.set_string(dicom::tags::SpecificCharacterSet, VR::CS, "ISO_IR 192");
  }
  return id;
}

}  // namespace discus::net::services
