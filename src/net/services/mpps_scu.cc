#include "net/services/mpps_scu.h"

#include <fmt/format.h>

#include "dicom/dict/tags.h"
#include "net/dimse/message.h"
#include "net/dimse/n_messages.h"
#include "net/dimse/n_set_event.h"
#include "net/dimse/query_retrieve.h"
#include "net/dimse/status.h"
#include "net/services/find_scu.h"

namespace discus::net::services {
namespace {

using base::Error;
using base::ErrorCode;
namespace tags = dicom::tags;
using dicom::VR;

dicom::Element sequence(dicom::Tag t, std::vector<dicom::DataSet> items = {}) {
  dicom::Element e;
  e.tag = t;
  e.vr = VR::SQ;
  e.kind = dicom::Element::Kind::kSequence;
  e.items = std::move(items);
  return e;
}

std::vector<dicom::DataSet> references(const std::vector<SopRef>& refs) {
  std::vector<dicom::DataSet> items;
  for (const SopRef& r : refs) {
    dicom::DataSet i;
    i.set_string(tags::ReferencedSOPClassUID, VR::UI, r.sop_class_uid);
    i.set_string(tags::ReferencedSOPInstanceUID, VR::UI, r.sop_instance_uid);
    items.push_back(std::move(i));
  }
  return items;
}

// One N-CREATE or N-SET on its own association; the response as data.
base::Result<MppsResult> exchange(const ScuOptions& scu, bool create, const std::string& uid, const dicom::DataSet& ds) {
  MppsResult r;
  DISCUS_TRY(Established e, open_association(scu, {query_context(1, kModalityPerformedProcedureStep)}));
  if (e.rejected) {
    r.rejected = e.rejected;
    r.error_comment = describe_reject(*e.rejected);
    return r;
  }
  const dimse::AcceptedContext* pc = dimse::find_context(e.contexts, kModalityPerformedProcedureStep);
  if (pc == nullptr) {
    (void)e.association->release();
    r.error_comment = "the peer did not accept the Modality Performed Procedure Step SOP class";
    return r;
  }
  DISCUS_TRY(base::Bytes bytes, dimse::encode_dataset(ds, pc->transfer_syntax));
  dimse::MemorySource source(bytes);
  const std::string cls(kModalityPerformedProcedureStep);
  const dimse::Command rq = create ? dimse::n_create_rq(1, cls, uid) : dimse::n_set_rq(1, cls, uid);
  DISCUS_CHECK(dimse::send_message(*e.association, pc->id, e.ac.user_information.max_pdu_length, rq, &source));
  auto rsp = dimse::receive_response(*e.association, 1u << 20);
  if (!rsp) {
    r.error_comment = fmt::format("no {}: {}", create ? "N-CREATE-RSP" : "N-SET-RSP", rsp.error().message);
    return r;
  }
  const dimse::Command& c = rsp->command;
  const std::uint16_t expected = create ? dimse::kNCreateRsp : dimse::kNSetRsp;
  if (c.command_field != expected || c.message_id_being_responded_to.value_or(0) != 1 || !c.status) {
    e.association->abort();
    r.error_comment = fmt::format("{} in answer to the {}", dimse::command_name(c.command_field), dimse::command_name(rq.command_field));
    return r;
  }
  r.status = *c.status;
  r.error_comment = c.error_comment;
  r.sop_instance_uid = c.affected_sop_instance_uid.empty() ? uid : c.affected_sop_instance_uid;
  (void)e.association->release();
  return r;
}

}  // namespace

bool MppsResult::ok() const {
  if (!status) return false;
  const auto c = dimse::classify(*status);
  return c == dimse::StatusClass::kSuccess || c == dimse::StatusClass::kWarning;
}

dicom::DataSet mpps_in_progress(const ImportProcedureStep& s) {
  dicom::DataSet ds;
  if (!s.specific_character_set.empty()) ds.set_string(tags::SpecificCharacterSet, VR::CS, s.specific_character_set);
  // Scheduled Step Attributes Sequence (0040,0270), Type 1, one item (PS3.4 F.7.2.1).
  dicom::DataSet step;
  step.set_string(tags::StudyInstanceUID, VR::UI, s.study_instance_uid);
  step.insert(sequence(tags::ReferencedStudySequence));
  step.set_string(tags::AccessionNumber, VR::SH, s.accession_number);
  step.set_string(tags::RequestedProcedureID, VR::SH, s.requested_procedure_id);
  step.set_string(tags::RequestedProcedureDescription, VR::LO, s.requested_procedure_description);
  step.set_string(tags::ScheduledProcedureStepID, VR::SH, s.scheduled_procedure_step_id);
  step.set_string(tags::ScheduledProcedureStepDescription, VR::LO, s.scheduled_procedure_step_description);
  step.insert(sequence(tags::ScheduledProtocolCodeSequence));
  std::vector<dicom::DataSet> steps;
  steps.push_back(std::move(step));
  ds.insert(sequence(tags::ScheduledStepAttributesSequence, std::move(steps)));
  // Patient (Type 2, the local identity after reconciliation).
  ds.set_string(tags::PatientName, VR::PN, s.patient_name);
  ds.set_string(tags::PatientID, VR::LO, s.patient_id);
  if (!s.issuer_of_patient_id.empty()) ds.set_string(tags::IssuerOfPatientID, VR::LO, s.issuer_of_patient_id);
  ds.set_string(tags::PatientBirthDate, VR::DA, s.birth_date);
  ds.set_string(tags::PatientSex, VR::CS, s.sex);
  ds.insert(sequence(tags::ReferencedPatientSequence));
  // The performed step.
  ds.set_string(tags::PerformedProcedureStepID, VR::SH, s.pps_id);
  ds.set_string(tags::PerformedStationAETitle, VR::AE, s.station_ae_title);
  ds.set_string(tags::PerformedStationName, VR::SH, s.station_name);
  ds.set_string(tags::PerformedLocation, VR::SH, "");
  ds.set_string(tags::PerformedProcedureStepStartDate, VR::DA, s.start_date);
  ds.set_string(tags::PerformedProcedureStepStartTime, VR::TM, s.start_time);
  ds.set_string(tags::PerformedProcedureStepStatus, VR::CS, "IN PROGRESS");
  ds.set_string(tags::PerformedProcedureStepDescription, VR::LO, s.description);
  ds.set_string(tags::PerformedProcedureTypeDescription, VR::LO, "");
  ds.insert(sequence(tags::ProcedureCodeSequence));
  ds.set_string(tags::PerformedProcedureStepEndDate, VR::DA, "");
  ds.set_string(tags::PerformedProcedureStepEndTime, VR::TM, "");
  ds.set_string(tags::Modality, VR::CS, s.modality.empty() ? "OT" : s.modality);
  ds.set_string(tags::StudyID, VR::SH, s.study_id);
  ds.insert(sequence(tags::PerformedProtocolCodeSequence));
  ds.insert(sequence(tags::PerformedSeriesSequence));
  return ds;
}

dicom::DataSet mpps_final(const ImportProcedureStep& s, bool completed, const std::string& end_date, const std::string& end_time,
                          const std::vector<PerformedSeries>& series) {
  dicom::DataSet ds;
  if (!s.specific_character_set.empty()) ds.set_string(tags::SpecificCharacterSet, VR::CS, s.specific_character_set);
  ds.set_string(tags::PerformedProcedureStepStatus, VR::CS, completed ? "COMPLETED" : "DISCONTINUED");
  ds.set_string(tags::PerformedProcedureStepEndDate, VR::DA, end_date);
  ds.set_string(tags::PerformedProcedureStepEndTime, VR::TM, end_time);
  std::vector<dicom::DataSet> items;
  for (const PerformedSeries& p : series) {
    dicom::DataSet i;
    i.set_string(tags::PerformingPhysicianName, VR::PN, "");
    // Protocol Name is Type 1 in the final state: an imported series without one says so.
    i.set_string(tags::ProtocolName, VR::LO, p.protocol_name.empty() ? "IMPORT" : p.protocol_name);
    i.set_string(tags::OperatorsName, VR::PN, "");
    i.set_string(tags::SeriesInstanceUID, VR::UI, p.series_instance_uid);
    i.set_string(tags::SeriesDescription, VR::LO, p.series_description);
    i.set_string(tags::RetrieveAETitle, VR::AE, p.retrieve_ae_title);
    i.insert(sequence(tags::ReferencedImageSequence, references(p.images)));
    i.insert(sequence(tags::ReferencedNonImageCompositeSOPInstanceSequence, references(p.non_images)));
    items.push_back(std::move(i));
  }
  ds.insert(sequence(tags::PerformedSeriesSequence, std::move(items)));
  return ds;
}

base::Result<MppsResult> mpps_create(const ScuOptions& scu, const std::string& uid, const dicom::DataSet& attributes) {
  return exchange(scu, true, uid, attributes);
}

base::Result<MppsResult> mpps_set(const ScuOptions& scu, const std::string& uid, const dicom::DataSet& modifications) {
  return exchange(scu, false, uid, modifications);
}

}  // namespace discus::net::services
