#include "import/irwf_services.h"

#include <chrono>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "base/text.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"
#include "net/dimse/status.h"

namespace discus::import {
namespace {

namespace tags = dicom::tags;
namespace svc = net::services;
using Json = nlohmann::ordered_json;

std::string text(const dicom::DataSet& ds, dicom::Tag t) {
  std::string s(ds.get_string(t).value_or(""));
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  return s;
}

// PS3.5 DA and TM of now, local time (the station's clock, as the PPS start of a modality is).
std::pair<std::string, std::string> now_da_tm() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  localtime_r(&t, &tm);
  return {fmt::format("{:04}{:02}{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
          fmt::format("{:02}{:02}{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec)};
}

// Image IODs have Rows; everything else (SR, KOS, PDF, presentation states) is a non-image
// composite instance for the Performed Series Sequence (PS3.4 F.7.2.2).
bool is_image(const std::string& sop_class_uid) {
  return sop_class_uid.rfind("1.2.840.10008.5.1.4.1.1.88.", 0) != 0 && sop_class_uid.rfind("1.2.840.10008.5.1.4.1.1.11.", 0) != 0 &&
         sop_class_uid != "1.2.840.10008.5.1.4.1.1.104.1" && sop_class_uid != "1.2.840.10008.5.1.4.1.1.104.2" &&
         sop_class_uid.rfind("1.2.840.10008.5.1.4.1.1.481.", 0) != 0;
}

std::string status_text(const std::optional<svc::MppsResult>& r, const std::string& error) {
  if (!error.empty()) return error;
  if (!r) return "not sent";
  if (r->rejected || !r->status) return r->error_comment.empty() ? "no answer" : r->error_comment;
  std::string s = net::dimse::describe_status(*r->status);
  if (!r->error_comment.empty()) s += ": " + r->error_comment;
  return s;
}

}  // namespace

namespace {

SentInstance sent_instance_of(const dicom::DataSet& ds) {
  SentInstance s;
  s.sop_class_uid = text(ds, tags::SOPClassUID);
  s.sop_instance_uid = text(ds, tags::SOPInstanceUID);
  s.study_instance_uid = text(ds, tags::StudyInstanceUID);
  s.series_instance_uid = text(ds, tags::SeriesInstanceUID);
  s.modality = text(ds, tags::Modality);
  s.series_description = text(ds, tags::SeriesDescription);
  s.protocol_name = text(ds, tags::ProtocolName);
  s.study_id = text(ds, tags::StudyID);
  s.specific_character_set = text(ds, tags::SpecificCharacterSet);
  s.patient_name = text(ds, tags::PatientName);
  s.patient_id = text(ds, tags::PatientID);
  s.issuer_of_patient_id = text(ds, tags::IssuerOfPatientID);
  s.birth_date = text(ds, tags::PatientBirthDate);
  s.sex = text(ds, tags::PatientSex);
  s.accession_number = text(ds, tags::AccessionNumber);
  // The order coercion wrote (scheduled import): Request Attributes Sequence, first item.
  if (const dicom::Element* r = ds.find(tags::RequestAttributesSequence); r != nullptr && r->is_sequence() && !r->items.empty()) {
    s.requested_procedure_id = text(r->items.front(), tags::RequestedProcedureID);
    s.scheduled_procedure_step_id = text(r->items.front(), tags::ScheduledProcedureStepID);
    s.requested_procedure_description = text(r->items.front(), tags::RequestedProcedureDescription);
  }
  return s;
}

}  // namespace

base::Result<SentInstance> read_sent_instance(const std::string& path) {
  dicom::part10::ReadOptions o;
  o.stop_before_pixels = true;
  DISCUS_TRY(dicom::part10::DicomFile f, dicom::part10::read_file(path, o));
  return sent_instance_of(f.dataset);
}

base::Result<SentInstance> read_sent_instance(base::ByteView bytes) {
  dicom::part10::ReadOptions o;
  o.stop_before_pixels = true;
  DISCUS_TRY(dicom::part10::DicomFile f, dicom::part10::read_memory(bytes, o, "<outgoing instance>"));
  return sent_instance_of(f.dataset);
}

void TrackingDestination::will_send(const SentInstance& s) {
  if (!s.study_instance_uid.empty() && studies_.insert(s.study_instance_uid).second && on_new_study_) on_new_study_(s);
}

void TrackingDestination::sent(const SentInstance& s, const std::string& error) {
  if (error.empty()) stored_.push_back(s);
  else if (!s.study_instance_uid.empty()) failed_studies_.insert(s.study_instance_uid);
}

void TrackingDestination::send(const std::vector<Staged>& files, const std::function<void(std::size_t)>& before,
                               const std::function<void(std::size_t, const std::string&)>& after) {
  // Every header of the batch first: the N-CREATE of a study precedes its first C-STORE.
  std::vector<SentInstance> info(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto s = read_sent_instance(files[i].path);
    if (s) info[i] = std::move(*s);
    // Unreadable here (the destination will say why): still committed by its UIDs, in no PPS.
    if (info[i].sop_instance_uid.empty()) info[i].sop_class_uid = files[i].sop_class_uid, info[i].sop_instance_uid = files[i].sop_instance_uid;
    will_send(info[i]);
  }
  inner_.send(files, before, [&](std::size_t i, const std::string& error) {
    if (i < info.size()) sent(info[i], error);
    after(i, error);
  });
}

void ImportPps::record(const std::string& what, const std::string& uid, const dicom::DataSet& ds) {
  if (record_dir_.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(record_dir_, ec);
  // A Part 10 copy of the data set exactly as sent; the meta names the MPPS instance.
  dicom::DataSet meta;
  meta.set_string(tags::MediaStorageSOPClassUID, dicom::VR::UI, svc::kModalityPerformedProcedureStep);
  meta.set_string(tags::MediaStorageSOPInstanceUID, dicom::VR::UI, uid);
  dicom::part10::WriteOptions o;
  o.require_sop_uids = false;
  o.sync = false;
  (void)dicom::part10::write_file(fmt::format("{}/{}-{}.dcm", record_dir_, uid, what), ds, &meta, o);
}

void ImportPps::begin(const SentInstance& first) {
  if (by_study_.count(first.study_instance_uid) != 0) return;
  Step s;
  s.uid = uids_.next();
  const auto [date, time] = now_da_tm();
  svc::ImportProcedureStep& p = s.step;
  p.specific_character_set = first.specific_character_set;
  p.patient_name = first.patient_name, p.patient_id = first.patient_id, p.issuer_of_patient_id = first.issuer_of_patient_id;
  p.birth_date = first.birth_date, p.sex = first.sex;
  p.study_instance_uid = first.study_instance_uid, p.accession_number = first.accession_number;
  p.requested_procedure_id = first.requested_procedure_id, p.requested_procedure_description = first.requested_procedure_description;
  p.scheduled_procedure_step_id = first.scheduled_procedure_step_id;
  // PS3.3 SH: 16 characters; the tail of the UID is unique enough within the station.
  p.pps_id = s.uid.size() > 16 ? s.uid.substr(s.uid.size() - 16) : s.uid;
  p.station_ae_title = scu_.calling_ae_title;
  p.station_name = "DISCUS";
  p.start_date = date, p.start_time = time;
  p.modality = first.modality;
  p.description = "Import of outside media (IHE IRWF)";
  p.study_id = first.study_id;
  const dicom::DataSet ds = svc::mpps_in_progress(p);
  record("n-create", s.uid, ds);
  auto r = svc::mpps_create(scu_, s.uid, ds);
  if (!r) s.create_error = r.error().message;
  else s.created = std::move(*r);
  by_study_[first.study_instance_uid] = steps_.size();
  steps_.push_back(std::move(s));
}

void ImportPps::finish(const ImportReport& report, const std::vector<SentInstance>& stored, const std::set<std::string>& failed_studies) {
  const auto [date, time] = now_da_tm();
  for (auto& [study, index] : by_study_) {
    Step& s = steps_[index];
    if (!s.created || !s.created->ok()) continue;  // no PPS exists to complete
    std::map<std::string, svc::PerformedSeries> series;
    for (const SentInstance& i : stored) {
      if (i.study_instance_uid != study || i.series_instance_uid.empty()) continue;
      svc::PerformedSeries& p = series[i.series_instance_uid];
      p.series_instance_uid = i.series_instance_uid;
      p.modality = i.modality;
      p.series_description = i.series_description;
      p.protocol_name = i.protocol_name;
      (is_image(i.sop_class_uid) ? p.images : p.non_images).push_back({i.sop_class_uid, i.sop_instance_uid});
      ++s.instances;
    }
    bool completed = failed_studies.count(study) == 0;
    for (const FileResult& f : report.files)
      if (f.study_instance_uid == study && f.outcome != Outcome::kImported && f.outcome != Outcome::kAlreadyImported) completed = false;
    std::vector<svc::PerformedSeries> list;
    for (auto& [uid, p] : series) list.push_back(std::move(p));
    s.series = list.size();
    s.final_status = completed ? "COMPLETED" : "DISCONTINUED";
    const dicom::DataSet ds = svc::mpps_final(s.step, completed, date, time, list);
    record("n-set", s.uid, ds);
    auto r = svc::mpps_set(scu_, s.uid, ds);
    if (!r) s.set_error = r.error().message;
    else s.set = std::move(*r);
  }
}

Json ImportPps::to_json() const {
  Json a = Json::array();
  for (const Step& s : steps_) {
    a.push_back(Json{{"study_instance_uid", s.step.study_instance_uid}, {"sop_instance_uid", s.uid}, {"pps_id", s.step.pps_id},
                     {"n_create", base::to_valid_utf8(status_text(s.created, s.create_error))},
                     {"created", s.created && s.created->ok()},
                     {"final_status", s.final_status},
                     {"n_set", base::to_valid_utf8(s.final_status.empty() ? std::string("not sent") : status_text(s.set, s.set_error))},
                     {"set", s.set && s.set->ok()},
                     {"series", s.series}, {"instances", s.instances}});
  }
  return a;
}

std::string ImportPps::to_text() const {
  std::string out;
  for (const Step& s : steps_) {
    out += fmt::format("Import PPS {} (study {}): N-CREATE {}", s.uid, s.step.study_instance_uid, status_text(s.created, s.create_error));
    if (!s.final_status.empty())
      out += fmt::format("; N-SET {} with {} series, {} instances: {}", s.final_status, s.series, s.instances, status_text(s.set, s.set_error));
    out += "\n";
  }
  return out;
}

CommitSummary commit(const svc::CommitmentOptions& options, const std::vector<SentInstance>& stored) {
  CommitSummary c;
  std::vector<svc::SopRef> refs;
  for (const SentInstance& i : stored) refs.push_back({i.sop_class_uid, i.sop_instance_uid});
  c.requested = refs.size();
  if (refs.empty()) return c;
  auto r = svc::request_commitment(options, refs);
  if (!r) c.error = r.error().message;
  else c.result = std::move(*r);
  return c;
}

Json to_json(const CommitSummary& c) {
  Json j{{"requested", c.requested}};
  if (!c.error.empty()) j["error"] = base::to_valid_utf8(c.error);
  if (!c.result) {
    j["committed"] = 0;
    return j;
  }
  const svc::CommitmentResult& r = *c.result;
  j["transaction_uid"] = r.transaction_uid;
  if (r.action_status) j["n_action_status"] = fmt::format("{:04X}", *r.action_status);
  j["report_received"] = r.report_received;
  j["report_via"] = r.report_via;
  j["committed"] = r.committed.size();
  Json failed = Json::array();
  for (const svc::FailedRef& f : r.failed)
    failed.push_back(Json{{"sop_instance_uid", f.ref.sop_instance_uid}, {"failure_reason", fmt::format("{:04X}", f.reason)}});
  j["failed"] = std::move(failed);
  j["unanswered"] = r.unanswered.size();
  if (r.not_asked != 0) j["not_asked"] = r.not_asked;
  if (!r.error.empty()) j["error"] = base::to_valid_utf8(r.error);
  j["all_committed"] = r.all_committed();
  return j;
}

std::string to_text(const CommitSummary& c) {
  if (c.requested == 0) return "Storage Commitment: nothing stored to commit\n";
  if (!c.result) return fmt::format("Storage Commitment of {} instances: not asked: {}\n", c.requested, c.error);
  const svc::CommitmentResult& r = *c.result;
  std::string s = fmt::format("Storage Commitment of {} instances (transaction {}): {} committed, {} failed, {} unanswered", c.requested,
                              r.transaction_uid, r.committed.size(), r.failed.size(), r.unanswered.size());
  if (r.report_received) s += fmt::format(" (report on {})", r.report_via);
  if (!r.error.empty()) s += ": " + r.error;
  return s + "\n";
}

std::map<std::string, std::string> commitment_by_uid(const CommitSummary& c) {
  std::map<std::string, std::string> out;
  if (!c.result) return out;
  for (const svc::SopRef& r : c.result->unanswered) out[r.sop_instance_uid] = "unanswered";
  for (const svc::SopRef& r : c.result->committed) out[r.sop_instance_uid] = "committed";
  for (const svc::FailedRef& f : c.result->failed) out[f.ref.sop_instance_uid] = fmt::format("failed ({:04X}H)", f.reason);
  return out;
}

}  // namespace discus::import
