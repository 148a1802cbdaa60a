#include "net/services/worklist_scu.h"

#include "net/services/find_scu.h"
#include "net/services/query_keys.h"

namespace discus::net::services {
namespace {

void key(std::vector<std::string>& keys, std::string_view keyword, const std::string& value) {
  keys.push_back(std::string(keyword) + "=" + value);
}

}  // namespace

base::Result<dicom::DataSet> worklist_identifier(const WorklistQuery& q) {
  std::vector<std::string> k;
  // PS3.4 Table K.6-1, the keys an importer reconciles against (spec/network.md §9).
  key(k, "SpecificCharacterSet", "");
  key(k, "AccessionNumber", q.accession_number);
  key(k, "IssuerOfAccessionNumberSequence", "");
  key(k, "ReferringPhysicianName", "");
  key(k, "PatientName", q.patient_name);
  key(k, "PatientID", q.patient_id);
  key(k, "IssuerOfPatientID", "");
  key(k, "PatientBirthDate", "");
  key(k, "PatientSex", "");
  key(k, "OtherPatientIDsSequence", "");
  key(k, "StudyInstanceUID", q.study_instance_uid);
  key(k, "RequestedProcedureDescription", "");
  key(k, "RequestedProcedureCodeSequence", "");
  key(k, "RequestedProcedureID", q.requested_procedure_id);
  key(k, "AdmissionID", "");
  const std::string sps = "ScheduledProcedureStepSequence.";
  key(k, sps + "Modality", q.modality);
  key(k, sps + "ScheduledStationAETitle", q.scheduled_station_ae_title);
  key(k, sps + "ScheduledProcedureStepStartDate", q.sps_start_date);
  key(k, sps + "ScheduledProcedureStepStartTime", q.sps_start_time);
  key(k, sps + "ScheduledProcedureStepDescription", "");
  key(k, sps + "ScheduledProtocolCodeSequence", "");
  key(k, sps + "ScheduledProcedureStepID", q.sps_id);
  key(k, sps + "ScheduledProcedureStepStatus", q.sps_status);
  k.insert(k.end(), q.extra_keys.begin(), q.extra_keys.end());
  return build_identifier(k, std::nullopt);
}

base::Result<std::vector<dicom::DataSet>> query_worklist(const ScuOptions& scu, const WorklistQuery& q) {
  DISCUS_TRY(dicom::DataSet id, worklist_identifier(q));
  return find_matches(scu, QueryModel::kWorklist, id);
}

}  // namespace discus::net::services
