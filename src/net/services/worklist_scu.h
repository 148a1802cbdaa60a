// discus::net::services — Modality Worklist C-FIND SCU (PS3.4 K.4, K.6): the identifier an import
// reconciler sends (the return keys of PS3.4 Table K.6-1 it needs, asked for empty) with its
// matching values, and the query itself.
//
// Matching keys follow PS3.4 C.2.2.2: patient_name "DOE^*" (wild card), sps_start_date
// "20261201-20261207" (range), modality / station inside the Scheduled Procedure Step Sequence
// (sequence matching: K.6.1.2.2). Every field left empty is a universal (return) key.
//
//   WorklistQuery q;  q.patient_id = "12345";  q.modality = "CT";  q.sps_start_date = "20261206";
//   DISCUS_TRY(auto items, query_worklist(scu, q));   // one DataSet per Scheduled Procedure Step
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "dicom/core/dataset.h"
#include "net/services/scu.h"

namespace discus::net::services {

struct WorklistQuery {
  std::string patient_id, patient_name, accession_number, requested_procedure_id, study_instance_uid;
  // Inside the Scheduled Procedure Step Sequence (0040,0100).
  std::string modality, scheduled_station_ae_title, sps_start_date, sps_start_time, sps_id, sps_status;
  // More "KEY=VALUE" keys as build_identifier() takes them (e.g. "PatientBirthDate=19700101").
  std::vector<std::string> extra_keys;
};

// The identifier: the query's values as matching keys, every other K.6-1 key a return key.
base::Result<dicom::DataSet> worklist_identifier(const WorklistQuery& query);

// One Modality Worklist C-FIND on its own association: the matching items, or an error
// (association refused, a failure status, a malformed response).
base::Result<std::vector<dicom::DataSet>> query_worklist(const ScuOptions& scu, const WorklistQuery& query);

}  // namespace discus::net::services
