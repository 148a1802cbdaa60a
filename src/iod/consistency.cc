// discus::iod — cross-instance consistency (see consistency.h).
#include "iod/consistency.h"

#include <fmt/format.h>

#include <map>

#include "dicom/charset/specific_character_set.h"
#include "dicom/dict/tags.h"

namespace discus::iod {
namespace {

using dicom::charset::SpecificCharacterSet;
namespace tags = dicom::tags;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.remove_suffix(1);
  return s;
}

// The value of `t` as UTF-8: text VRs through the declared character set (PS3.5 6.1.2.3 lists
// the VRs it applies to; decode() knows), padding removed.
std::string text(const dicom::DataSet& ds, const SpecificCharacterSet& cs, dicom::Tag t) {
  const dicom::Element* e = ds.find(t);
  if (e == nullptr || e->kind != dicom::Element::Kind::kPrimitive || e->value.is_deferred()) return {};
  const auto& b = e->value.bytes;
  return std::string(trim(cs.decode_lossy(base::ByteView(b.data(), b.size()), e->vr, nullptr)));
}

SpecificCharacterSet character_set(const dicom::DataSet& ds) {
  const dicom::Element* e = ds.find(tags::SpecificCharacterSet);
  if (e == nullptr || e->value.is_deferred()) return {};
  const auto& b = e->value.bytes;
  std::vector<dicom::charset::CharsetIssue> issues;  // a misspelt term is the validator's finding
  auto cs = SpecificCharacterSet::parse_lenient(
      std::string_view(reinterpret_cast<const char*>(b.data()), b.size()), &issues);
  return cs ? std::move(*cs) : SpecificCharacterSet{};
}

base::Finding finding(std::string rule, const InstanceSummary& s, std::string path, std::string message,
                      std::string reference, base::Severity severity = base::Severity::kError) {
  return {std::move(rule), severity, s.file, std::move(path), std::move(message), std::move(reference)};
}

struct Field {
  std::string InstanceSummary::*member;
  const char* rule;
  dicom::Tag tag;
  const char* name;
  bool person_name;
  base::Severity severity;
};

// Patient identity (PS3.3 C.7.1.1): one Patient ID, one person.
constexpr Field kPatientFields[] = {
    {&InstanceSummary::patient_name, "consistency.patient-name", tags::PatientName, "Patient's Name", true,
     base::Severity::kError},
    {&InstanceSummary::patient_birth_date, "consistency.patient-birth-date", tags::PatientBirthDate,
     "Patient's Birth Date", false, base::Severity::kError},
    {&InstanceSummary::patient_sex, "consistency.patient-sex", tags::PatientSex, "Patient's Sex", false,
     base::Severity::kError},
};

// Study attributes (PS3.3 C.7.2.1): one Study Instance UID, one study. Warnings: they describe
// the study, they do not identify the patient, and real archives amend them per series.
constexpr Field kStudyFields[] = {
    {&InstanceSummary::study_date, "consistency.study-date", tags::StudyDate, "Study Date", false,
     base::Severity::kWarning},
    {&InstanceSummary::study_time, "consistency.study-time", tags::StudyTime, "Study Time", false,
     base::Severity::kWarning},
    {&InstanceSummary::study_id, "consistency.study-id", tags::StudyID, "Study ID", false, base::Severity::kWarning},
    {&InstanceSummary::accession_number, "consistency.accession-number", tags::AccessionNumber, "Accession Number",
     false, base::Severity::kWarning},
    {&InstanceSummary::referring_physician, "consistency.referring-physician", tags::ReferringPhysicianName,
     "Referring Physician's Name", true, base::Severity::kWarning},
    {&InstanceSummary::study_description, "consistency.study-description", tags::StudyDescription,
     "Study Description", false, base::Severity::kWarning},
};

template <std::size_t N>
void compare_fields(const Field (&fields)[N], const InstanceSummary& first, const InstanceSummary& s,
                    const char* key_name, const std::string& key, const char* reference, std::vector<base::Finding>& out) {
  for (const Field& f : fields) {
    const std::string& a = first.*(f.member);
    const std::string& b = s.*(f.member);
    if (f.person_name ? same_person_name(a, b) : a == b) continue;
    // An empty value is "unknown" (PS3.5 7.4.3, Type 2), which contradicts no known value: worth
    // a warning, as dcentvfy gives, not an error.
    const bool one_unknown = (f.person_name ? normalize_person_name(a).empty() || normalize_person_name(b).empty()
                                            : a.empty() || b.empty());
    out.push_back(finding(f.rule, s, dicom::to_string(f.tag),
                          fmt::format("{} \"{}\" has {} \"{}\" here and \"{}\" in {}", key_name, key, f.name, b, a,
                                      first.file),
                          reference, one_unknown ? base::Severity::kWarning : f.severity));
  }
}

}  // namespace

std::string normalize_person_name(std::string_view name) {
  std::vector<std::string> groups;
  while (true) {
    const auto eq = name.find('=');
    std::string_view group = name.substr(0, eq);
    std::vector<std::string_view> components;
    while (true) {
      const auto caret = group.find('^');
      components.push_back(trim(group.substr(0, caret)));
      if (caret == std::string_view::npos) break;
      group.remove_prefix(caret + 1);
    }
    while (!components.empty() && components.back().empty()) components.pop_back();
    std::string joined;
    for (std::size_t i = 0; i < components.size(); ++i) {
      if (i > 0) joined += '^';
      joined += components[i];
    }
    groups.push_back(std::move(joined));
    if (eq == std::string_view::npos) break;
    name.remove_prefix(eq + 1);
  }
  while (!groups.empty() && groups.back().empty()) groups.pop_back();
  std::string out;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (i > 0) out += '=';
    out += groups[i];
  }
  return out;
}

bool same_person_name(std::string_view a, std::string_view b) { return normalize_person_name(a) == normalize_person_name(b); }

InstanceSummary summarize(const dicom::DataSet& ds, const std::string& file, std::string content_digest) {
  const SpecificCharacterSet cs = character_set(ds);
  InstanceSummary s;
  s.file = file;
  s.patient_id = text(ds, cs, tags::PatientID);
  s.patient_name = text(ds, cs, tags::PatientName);
  s.patient_birth_date = text(ds, cs, tags::PatientBirthDate);
  s.patient_sex = text(ds, cs, tags::PatientSex);
  s.study_uid = text(ds, cs, tags::StudyInstanceUID);
  s.series_uid = text(ds, cs, tags::SeriesInstanceUID);
  s.sop_instance_uid = text(ds, cs, tags::SOPInstanceUID);
  s.sop_class_uid = text(ds, cs, tags::SOPClassUID);
  s.study_date = text(ds, cs, tags::StudyDate);
  s.study_time = text(ds, cs, tags::StudyTime);
  s.study_id = text(ds, cs, tags::StudyID);
  s.accession_number = text(ds, cs, tags::AccessionNumber);
  s.referring_physician = text(ds, cs, tags::ReferringPhysicianName);
  s.study_description = text(ds, cs, tags::StudyDescription);
  s.content_digest = std::move(content_digest);
  return s;
}

std::vector<base::Finding> validate_consistency(const std::vector<InstanceSummary>& instances) {
  std::vector<base::Finding> out;
  std::map<std::string, const InstanceSummary*> by_patient, by_sop, by_study, by_series;
  for (const auto& s : instances) {
    if (!s.patient_id.empty()) {
      auto [it, fresh] = by_patient.emplace(s.patient_id, &s);
      if (!fresh) compare_fields(kPatientFields, *it->second, s, "Patient ID", s.patient_id, "PS3.3 C.7.1.1", out);
    }
    if (!s.sop_instance_uid.empty()) {
      auto [it, fresh] = by_sop.emplace(s.sop_instance_uid, &s);
      const InstanceSummary& f = *it->second;
      if (!fresh && f.sop_class_uid != s.sop_class_uid) {
        out.push_back(finding("consistency.sop-instance-class", s, "(0008,0018)",
                              fmt::format("SOP Instance UID {} has SOP class {} here and {} in {}",
                                          s.sop_instance_uid, s.sop_class_uid, f.sop_class_uid, f.file),
                              "PS3.3 C.12.1"));
      } else if (!fresh && f.content_digest != s.content_digest) {
        out.push_back(finding("consistency.sop-instance-content", s, "(0008,0018)",
                              fmt::format("SOP Instance UID {} names different content here and in {}",
                                          s.sop_instance_uid, f.file),
                              "PS3.3 C.12.1"));
      } else if (!fresh) {
        out.push_back(finding("consistency.sop-instance-duplicate", s, "(0008,0018)",
                              fmt::format("SOP Instance UID {} is also in {} with the same content", s.sop_instance_uid,
                                          f.file),
                              "PS3.3 C.12.1", base::Severity::kWarning));
      }
    }
    if (!s.study_uid.empty()) {
      auto [it, fresh] = by_study.emplace(s.study_uid, &s);
      if (!fresh && it->second->patient_id != s.patient_id)
        out.push_back(finding("consistency.study-patient", s, "(0020,000D)",
                              fmt::format("Study Instance UID {} is under Patient ID \"{}\" here and \"{}\" in {}",
                                          s.study_uid, s.patient_id, it->second->patient_id, it->second->file),
                              "PS3.3 C.7.2.1"));
      if (!fresh) compare_fields(kStudyFields, *it->second, s, "Study Instance UID", s.study_uid, "PS3.3 C.7.2.1", out);
    }
    if (!s.series_uid.empty()) {
      auto [it, fresh] = by_series.emplace(s.series_uid, &s);
      if (!fresh && it->second->study_uid != s.study_uid)
        out.push_back(finding("consistency.series-study", s, "(0020,000E)",
                              fmt::format("Series Instance UID {} is in study {} here and {} in {}", s.series_uid,
                                          s.study_uid, it->second->study_uid, it->second->file),
                              "PS3.3 C.7.3.1"));
    }
  }
  return out;
}

}  // namespace discus::iod
