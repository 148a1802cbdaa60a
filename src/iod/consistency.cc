// discus::iod — cross-instance consistency (see consistency.h).
#include "iod/consistency.h"

#include <fmt/format.h>

#include <map>

#include "dicom/dict/tags.h"

namespace discus::iod {
namespace {

std::string get(const dicom::DataSet& ds, dicom::Tag t) { return std::string(ds.get_string(t).value_or("")); }

base::Finding finding(std::string rule, const InstanceSummary& s, std::string path, std::string message,
                      std::string reference) {
  return {std::move(rule), base::Severity::kError, s.file, std::move(path), std::move(message), std::move(reference)};
}

}  // namespace

InstanceSummary summarize(const dicom::DataSet& ds, const std::string& file, std::string content_digest) {
  namespace tags = dicom::tags;
  InstanceSummary s;
  s.file = file;
  s.patient_id = get(ds, tags::PatientID);
  s.patient_name = get(ds, tags::PatientName);
  s.patient_birth_date = get(ds, tags::PatientBirthDate);
  s.patient_sex = get(ds, tags::PatientSex);
  s.study_uid = get(ds, tags::StudyInstanceUID);
  s.series_uid = get(ds, tags::SeriesInstanceUID);
  s.sop_instance_uid = get(ds, tags::SOPInstanceUID);
  s.sop_class_uid = get(ds, tags::SOPClassUID);
  s.content_digest = std::move(content_digest);
  return s;
}

std::vector<base::Finding> validate_consistency(const std::vector<InstanceSummary>& instances) {
  std::vector<base::Finding> out;
  std::map<std::string, const InstanceSummary*> by_patient, by_sop, by_study, by_series;
  for (const auto& s : instances) {
    if (!s.patient_id.empty()) {
      auto [it, fresh] = by_patient.emplace(s.patient_id, &s);
      const InstanceSummary& f = *it->second;
      auto compare = [&](const std::string& a, const std::string& b, const char* rule, const char* tag,
                         const char* what) {
        if (a != b)
          out.push_back(finding(rule, s, tag,
                                fmt::format("Patient ID \"{}\" has {} \"{}\" here and \"{}\" in {}", s.patient_id,
                                            what, b, a, f.file),
                                "PS3.3 C.7.1.1"));
      };
      if (!fresh) {
        compare(f.patient_name, s.patient_name, "consistency.patient-name", "(0010,0010)", "Patient's Name");
        compare(f.patient_birth_date, s.patient_birth_date, "consistency.patient-birth-date", "(0010,0030)",
                "Patient's Birth Date");
        compare(f.patient_sex, s.patient_sex, "consistency.patient-sex", "(0010,0040)", "Patient's Sex");
      }
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
        auto f2 = finding("consistency.sop-instance-duplicate", s, "(0008,0018)",
                          fmt::format("SOP Instance UID {} is also in {} with the same content", s.sop_instance_uid,
                                      f.file),
                          "PS3.3 C.12.1");
        f2.severity = base::Severity::kWarning;
        out.push_back(std::move(f2));
      }
    }
    if (!s.study_uid.empty()) {
      auto [it, fresh] = by_study.emplace(s.study_uid, &s);
      if (!fresh && it->second->patient_id != s.patient_id)
        out.push_back(finding("consistency.study-patient", s, "(0020,000D)",
                              fmt::format("Study Instance UID {} is under Patient ID \"{}\" here and \"{}\" in {}",
                                          s.study_uid, s.patient_id, it->second->patient_id, it->second->file),
                              "PS3.3 C.7.2.1"));
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
