// discus::iod — consistency of many instances (a file-set, an import), as Findings.
//
// The identifying attributes of each instance are collected while scanning (summarize), then
// compared: one Patient ID with different Patient's Name / Birth Date / Sex; one Study Instance
// UID with different study attributes (date, time, ID, accession number, referring physician,
// description); one SOP Instance UID with different content or SOP class; one Study Instance
// UID under two Patient IDs; one Series Instance UID under two studies (PS3.3 C.7.1.1, C.7.2.1,
// C.7.3.1, C.12.1: the UIDs identify one entity each). In the spirit of dicom3tools' dcentvfy.
// Text is compared after decoding through each instance's Specific Character Set (PS3.5 6.1),
// names by components (same_person_name), so one name in Latin-1 and UTF-8 is one name. A
// difference is only ever reported: nothing is merged or rewritten here.
//
//   std::vector<InstanceSummary> all;  all.push_back(summarize(ds, path, digest));
//   auto findings = validate_consistency(all);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/finding.h"
#include "dicom/core/dataset.h"

namespace discus::iod {

// Text fields are UTF-8, decoded through the instance's (0008,0005); invalid bytes are U+FFFD.
struct InstanceSummary {
  std::string file, patient_id, patient_name, patient_birth_date, patient_sex, study_uid, series_uid,
      sop_instance_uid, sop_class_uid;
  std::string study_date, study_time, study_id, accession_number, referring_physician, study_description;
  std::string content_digest;  // caller-supplied hash of the data set's bytes without meta
};

InstanceSummary summarize(const dicom::DataSet& ds, const std::string& file, std::string content_digest);
std::vector<base::Finding> validate_consistency(const std::vector<InstanceSummary>& instances);

// PS3.5 6.2.1: a PN value is up to three component groups (alphabetic, ideographic, phonetic)
// separated by '=', each up to five components (family^given^middle^prefix^suffix) separated
// by '^'. Two decoded names are the same name when every component is equal once leading and
// trailing spaces are removed, trailing empty components and groups being absent ones.
bool same_person_name(std::string_view a, std::string_view b);
// The canonical form used by same_person_name: "Doe^Jane^^^" -> "Doe^Jane", " Doe ^ Jane=" -> "Doe^Jane".
std::string normalize_person_name(std::string_view name);

}  // namespace discus::iod
