// discus::net::services — the Modality Performed Procedure Step SCU (PS3.4 F.7) as an Importer
// uses it (IHE RAD-59 Import Procedure Step In Progress, RAD-60 Completed/Discontinued;
// ihe-irwf-import.md §10): N-CREATE with status IN PROGRESS when sending begins, N-SET with
// COMPLETED or DISCONTINUED, the end date/time and the Performed Series Sequence at the end.
//
// The attribute lists are pure functions of an ImportProcedureStep (PS3.4 Table F.7.2-1: every
// Type 1 and 2 attribute of N-CREATE present, the Type 2 ones empty when unknown), so the unit
// tests and a dcmdump of them check what goes out; mpps_create/mpps_set do the DIMSE exchange,
// each on its own association (the PPS spans the whole import).
//   ImportProcedureStep s = ...;   DISCUS_TRY(MppsResult c, mpps_create(scu, uid, mpps_in_progress(s)));
//   ...   DISCUS_TRY(MppsResult f, mpps_set(scu, uid, mpps_final(s, true, "20261207", "101500", series)));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "dicom/core/dataset.h"
#include "net/services/commitment_scu.h"
#include "net/services/scu.h"

namespace discus::net::services {

inline constexpr std::string_view kModalityPerformedProcedureStep = "1.2.840.10008.3.1.2.3.3";

struct ImportProcedureStep {
  std::string specific_character_set;  // "ISO_IR 192" when a name is not ASCII
  // The local patient (after reconciliation).
  std::string patient_name, patient_id, issuer_of_patient_id, birth_date, sex;
  // The scheduled step (from the worklist, scheduled import) or the imported study (unscheduled).
  std::string study_instance_uid, accession_number, requested_procedure_id, requested_procedure_description;
  std::string scheduled_procedure_step_id, scheduled_procedure_step_description;
  // The performed step.
  std::string pps_id, station_ae_title, station_name, start_date, start_time, modality, description, study_id;
};

struct PerformedSeries {
  std::string series_instance_uid, modality, series_description, protocol_name, retrieve_ae_title;
  std::vector<SopRef> images, non_images;  // Referenced Image / Non-Image Composite SOP Instance
};

// N-CREATE attribute list, status IN PROGRESS (PS3.4 F.7.2.1).
dicom::DataSet mpps_in_progress(const ImportProcedureStep& step);
// N-SET modification list: COMPLETED (every series sent) or DISCONTINUED, end date/time and the
// Performed Series Sequence (PS3.4 F.7.2.2, Table F.7.2-1 "Final State" requirements).
dicom::DataSet mpps_final(const ImportProcedureStep& step, bool completed, const std::string& end_date,
                          const std::string& end_time, const std::vector<PerformedSeries>& series);

struct MppsResult {
  std::optional<std::uint16_t> status;      // the response's; unset when nothing was answered
  std::string error_comment;                // (0000,0902), or why there was no response
  std::optional<ul::AssociateRj> rejected;
  std::string sop_instance_uid;             // N-CREATE: the instance the SCP created
  bool ok() const;                          // success or warning
};

// N-CREATE of `sop_instance_uid` (ours: PS3.4 F.7.2.1.1 lets the SCU name it).
base::Result<MppsResult> mpps_create(const ScuOptions& scu, const std::string& sop_instance_uid, const dicom::DataSet& attributes);
base::Result<MppsResult> mpps_set(const ScuOptions& scu, const std::string& sop_instance_uid, const dicom::DataSet& modifications);

}  // namespace discus::net::services
