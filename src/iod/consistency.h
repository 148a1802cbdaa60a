// discus::iod — consistency of many instances (a file-set, an import), as Findings.
//
// The identifying attributes of each instance are collected while scanning (summarize), then
// compared: one Patient ID with different Patient's Name / Birth Date / Sex; one SOP Instance
// UID with different content or SOP class; one Study Instance UID under two Patient IDs; one
// Series Instance UID under two studies (PS3.3 C.7.1.1, C.7.2.1, C.7.3.1, C.12.1: the UIDs
// identify one entity each). In the spirit of dicom3tools' dcentvfy.
//
//   std::vector<InstanceSummary> all;  all.push_back(summarize(ds, path, digest));
//   auto findings = validate_consistency(all);
#pragma once

#include <string>
#include <vector>

#include "base/finding.h"
#include "dicom/core/dataset.h"

namespace discus::iod {

struct InstanceSummary {
  std::string file, patient_id, patient_name, patient_birth_date, patient_sex, study_uid, series_uid,
      sop_instance_uid, sop_class_uid;
  std::string content_digest;  // caller-supplied hash of the data set's bytes without meta
};

InstanceSummary summarize(const dicom::DataSet& ds, const std::string& file, std::string content_digest);
std::vector<base::Finding> validate_consistency(const std::vector<InstanceSummary>& instances);

}  // namespace discus::iod
