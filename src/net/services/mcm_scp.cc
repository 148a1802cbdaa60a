#include "net/services/mcm_scp.h"

#include <fmt/format.h>

#include <algorithm>

#include "dicom/dict/tags.h"
#include "net/dimse/n_messages.h"
#include "net/dimse/status.h"
#include "net/services/storage_scp.h"

namespace discus::net::services {
namespace {

namespace tags = dicom::tags;
using dicom::DataSet;
using dicom::Element;
using dicom::VR;

std::string text(const DataSet& ds, dicom::Tag t) {
  auto v = ds.get_string(t);
  return v ? std::string(*v) : std::string();
}

// A YES/NO flag of the request (PS3.3 C.22.1 enumerated values); absent or empty: nullopt.
std::optional<Refusal> flag(const DataSet& ds, dicom::Tag t, std::string_view keyword, std::optional<bool>& out) {
  const std::string v = text(ds, t);
  if (v.empty()) return std::nullopt;
  if (v == "YES") out = true;
  else if (v == "NO") out = false;
  else return Refusal{mcm_status::kInvalidAttributeValue, fmt::format("{} must be YES or NO", keyword)};
  return std::nullopt;
}

Element sequence(dicom::Tag t, std::vector<DataSet> items) {
  Element e;
  e.tag = t;
  e.vr = VR::SQ;
  e.kind = Element::Kind::kSequence;
  e.items = std::move(items);
  return e;
}

void set_flag(DataSet& ds, dicom::Tag t, const std::optional<bool>& v) {
  if (v) ds.set_string(t, VR::CS, *v ? "YES" : "NO");
}

void set_if(DataSet& ds, dicom::Tag t, VR vr, const std::string& v) {
  if (!v.empty()) ds.set_string(t, vr, v);
}

dimse::Command failure(const dimse::Command& rq, std::uint16_t status, std::string comment) {
  switch (rq.command_field) {
    case dimse::kNCreateRq: return dimse::n_create_rsp(rq, status, rq.affected_sop_instance_uid, false, std::move(comment));
    case dimse::kNActionRq: return dimse::n_action_rsp(rq, status, false, std::move(comment));
    case dimse::kNGetRq: return dimse::n_get_rsp(rq, status, false, std::move(comment));
    default: {
      dimse::Command c;
      c.command_field = static_cast<std::uint16_t>(rq.command_field | 0x8000);
      c.message_id_being_responded_to = rq.message_id.value_or(0);
      c.affected_sop_class_uid = rq.affected_sop_class_uid.empty() ? rq.requested_sop_class_uid : rq.affected_sop_class_uid;
      c.status = status;
      c.error_comment = comment.substr(0, 64);
      return c;
    }
  }
}

}  // namespace

std::string_view to_string(ExecutionStatus s) {
  switch (s) {
    case ExecutionStatus::kIdle: return "IDLE";
    case ExecutionStatus::kPending: return "PENDING";
    case ExecutionStatus::kCreating: return "CREATING";
    case ExecutionStatus::kDone: return "DONE";
    case ExecutionStatus::kFailure: return "FAILURE";
  }
  return "FAILURE";
}

int queue_priority(std::string_view p) {
  if (p == "HIGH") return 1;
  if (p == "LOW") return -1;
  return 0;
}

std::optional<Refusal> parse_media_creation_request(const DataSet& ds, MediaCreationRequest& out) {
  out.specific_character_set = text(ds, tags::SpecificCharacterSet);
  out.storage_media_fileset_id = text(ds, tags::StorageMediaFileSetID);
  out.storage_media_fileset_uid = text(ds, tags::StorageMediaFileSetUID);
  out.label_text = text(ds, tags::LabelText);
  out.label_style_selection = text(ds, tags::LabelStyleSelection);
  out.media_disposition = text(ds, tags::MediaDisposition);
  out.barcode_value = text(ds, tags::BarcodeValue);
  out.barcode_symbology = text(ds, tags::BarcodeSymbology);
  if (!out.storage_media_fileset_uid.empty() && !valid_uid(out.storage_media_fileset_uid))
    return Refusal{mcm_status::kInvalidAttributeValue, "Storage Media File-set UID is not a UID"};
  if (auto r = flag(ds, tags::LabelUsingInformationExtractedFromInstances, "Label Using Information Extracted From Instances",
                    out.label_using_information_extracted_from_instances))
    return r;
  if (auto r = flag(ds, tags::AllowMediaSplitting, "Allow Media Splitting", out.allow_media_splitting)) return r;
  if (auto r = flag(ds, tags::IncludeNonDICOMObjects, "Include Non-DICOM Objects", out.include_non_dicom_objects)) return r;
  if (auto r = flag(ds, tags::IncludeDisplayApplication, "Include Display Application", out.include_display_application)) return r;
  if (auto r = flag(ds, tags::PreserveCompositeInstancesAfterMediaCreation, "Preserve Composite Instances After Media Creation",
                    out.preserve_composite_instances))
    return r;
  if (auto r = flag(ds, tags::AllowLossyCompression, "Allow Lossy Compression", out.allow_lossy_compression)) return r;

  // Referenced SOP Sequence: type 1 for both SCU and SCP (PS3.4 Table S.3.2.1.1-1).
  const Element* refs = ds.find(tags::ReferencedSOPSequence);
  if (refs == nullptr) return Refusal{mcm_status::kMissingAttribute, "no Referenced SOP Sequence (0008,1199)"};
  if (!refs->is_sequence() || refs->items.empty())
    return Refusal{mcm_status::kMissingAttributeValue, "the Referenced SOP Sequence (0008,1199) has no item"};
  for (std::size_t i = 0; i < refs->items.size(); ++i) {
    const DataSet& item = refs->items[i];
    ReferencedInstance r{text(item, tags::ReferencedSOPClassUID), text(item, tags::ReferencedSOPInstanceUID),
                         text(item, tags::RequestedMediaApplicationProfile)};
    if (r.sop_class_uid.empty() || r.sop_instance_uid.empty())
      return Refusal{mcm_status::kMissingAttributeValue, fmt::format("Referenced SOP Sequence item {} lacks a SOP class or instance UID", i + 1)};
    if (!valid_uid(r.sop_class_uid) || !valid_uid(r.sop_instance_uid))
      return Refusal{mcm_status::kInvalidAttributeValue, fmt::format("Referenced SOP Sequence item {}: not a UID", i + 1)};
    out.instances.push_back(std::move(r));
  }
  return std::nullopt;
}

std::optional<Refusal> parse_initiate_action(const DataSet& ds, InitiateAction& out) {
  if (ds.contains(tags::NumberOfCopies)) {
    const auto n = ds.get_int(tags::NumberOfCopies);
    // jobs::validate's bound: a robot makes a few hundred discs; more in one request is a typo.
    if (!n || *n < 1 || *n > 999)
      return Refusal{mcm_status::kInvalidArgumentValue, "Number of Copies must be 1 to 999"};
    out.copies = static_cast<int>(*n);
  }
  out.priority = text(ds, tags::RequestPriority);
  if (!out.priority.empty() && out.priority != "HIGH" && out.priority != "MED" && out.priority != "LOW")
    return Refusal{mcm_status::kInvalidArgumentValue, "Request Priority must be HIGH, MED or LOW"};
  return std::nullopt;
}

DataSet media_creation_attributes(const MediaCreationRequest* rq, const MediaCreationState& st) {
  DataSet ds;
  if (rq != nullptr) {
    // The request's own attributes (PS3.4 Table S.3.2.4.1-1: "all other attributes", 3/3).
    set_if(ds, tags::SpecificCharacterSet, VR::CS, rq->specific_character_set);
    set_if(ds, tags::StorageMediaFileSetID, VR::SH, rq->storage_media_fileset_id);
    set_if(ds, tags::StorageMediaFileSetUID, VR::UI, rq->storage_media_fileset_uid);
    set_flag(ds, tags::LabelUsingInformationExtractedFromInstances, rq->label_using_information_extracted_from_instances);
    set_if(ds, tags::LabelText, VR::UT, rq->label_text);
    set_if(ds, tags::LabelStyleSelection, VR::CS, rq->label_style_selection);
    set_if(ds, tags::MediaDisposition, VR::LT, rq->media_disposition);
    set_if(ds, tags::BarcodeValue, VR::LT, rq->barcode_value);
    set_if(ds, tags::BarcodeSymbology, VR::CS, rq->barcode_symbology);
    set_flag(ds, tags::AllowMediaSplitting, rq->allow_media_splitting);
    set_flag(ds, tags::IncludeNonDICOMObjects, rq->include_non_dicom_objects);
    set_flag(ds, tags::IncludeDisplayApplication, rq->include_display_application);
    set_flag(ds, tags::PreserveCompositeInstancesAfterMediaCreation, rq->preserve_composite_instances);
    set_flag(ds, tags::AllowLossyCompression, rq->allow_lossy_compression);
    std::vector<DataSet> items;
    for (const ReferencedInstance& r : rq->instances) {
      DataSet item;
      item.set_string(tags::ReferencedSOPClassUID, VR::UI, r.sop_class_uid);
      item.set_string(tags::ReferencedSOPInstanceUID, VR::UI, r.sop_instance_uid);
      set_if(item, tags::RequestedMediaApplicationProfile, VR::LO, r.requested_profile);
      items.push_back(std::move(item));
    }
    ds.insert(sequence(tags::ReferencedSOPSequence, std::move(items)));
  }
  ds.set_string(tags::ExecutionStatus, VR::CS, to_string(st.status));
  ds.set_string(tags::ExecutionStatusInfo, VR::CS, st.info);
  ds.set_uint16(tags::TotalNumberOfPiecesOfMediaCreated, static_cast<std::uint16_t>(std::clamp(st.pieces_created, 0, 65535)));
  std::vector<DataSet> failed;
  for (const FailedInstance& f : st.failed) {
    DataSet item;
    item.set_string(tags::ReferencedSOPClassUID, VR::UI, f.sop_class_uid);
    item.set_string(tags::ReferencedSOPInstanceUID, VR::UI, f.sop_instance_uid);
    item.set_uint16(tags::FailureReason, f.failure_reason);
    failed.push_back(std::move(item));
  }
  // Type 2 for the SCP (PS3.4 Table S.3.2.4.1-1): present, empty when nothing failed.
  ds.insert(sequence(tags::FailedSOPSequence, std::move(failed)));
  std::vector<DataSet> media;
  if (rq != nullptr && st.pieces_created > 0) {
    // Every copy carries the same file-set (PS3.4 S.3.2.1.1.1-2): one item per piece made.
    for (int i = 0; i < st.pieces_created; ++i) {
      DataSet item;
      set_if(item, tags::StorageMediaFileSetID, VR::SH, rq->storage_media_fileset_id);
      set_if(item, tags::StorageMediaFileSetUID, VR::UI, rq->storage_media_fileset_uid);
      media.push_back(std::move(item));
    }
  }
  ds.insert(sequence(tags::ReferencedStorageMediaSequence, std::move(media)));
  return ds;
}

NReply MediaCreationScp::handle(const dimse::Command& rq, const DataSet& data, std::string_view calling_ae_title) {
  const std::string& cls = rq.command_field == dimse::kNCreateRq ? rq.affected_sop_class_uid : rq.requested_sop_class_uid;
  if (cls != kMediaCreationManagementSopClass)
    return {failure(rq, mcm_status::kNoSuchSopClass, "not the Media Creation Management SOP Class"), std::nullopt};
  switch (rq.command_field) {
    case dimse::kNCreateRq: return create(rq, data, calling_ae_title);
    case dimse::kNActionRq: return action(rq, data);
    case dimse::kNGetRq: return get(rq);
    default:
      // N-SET, N-DELETE, N-EVENT-REPORT are not defined for this SOP class (PS3.4 S.3.1).
      return {failure(rq, dimse::status::kUnrecognizedOperation,
                      fmt::format("{} is not defined for Media Creation Management", dimse::command_name(rq.command_field))),
              std::nullopt};
  }
}

NReply MediaCreationScp::create(const dimse::Command& rq, const DataSet& data, std::string_view calling_ae_title) {
  Entry e;
  e.request.calling_ae_title = std::string(calling_ae_title);
  if (auto r = parse_media_creation_request(data, e.request)) return {failure(rq, r->status, r->comment), std::nullopt};
  std::string uid = rq.affected_sop_instance_uid;
  if (!uid.empty() && !valid_uid(uid))
    return {failure(rq, mcm_status::kInvalidAttributeValue, "Affected SOP Instance UID is not a UID"), std::nullopt};
  std::lock_guard lock(mutex_);
  if (uid.empty()) {
    uid = uids_.next();  // PS3.7 10.1.5.1.3: the SCP names the instance
  } else if (auto it = entries_.find(uid); it != entries_.end()) {
    // PS3.4 S.3.2.1.4: A510H once an Initiate was received for it; otherwise a plain duplicate.
    if (it->second.initiated)
      return {failure(rq, mcm_status::kInitiateAlreadyReceived, "an Initiate Media Creation was already received for it"), std::nullopt};
    return {failure(rq, dimse::status::kDuplicateSopInstance, "a request with this SOP Instance UID exists"), std::nullopt};
  } else if (backend_.status(uid)) {
    return {failure(rq, mcm_status::kInitiateAlreadyReceived, "an Initiate Media Creation was already received for it"), std::nullopt};
  }
  e.request.sop_instance_uid = uid;
  entries_.emplace(uid, std::move(e));
  // Success, never a warning (S.3.2.1.3); the created instance is named in the response.
  return {dimse::n_create_rsp(rq, dimse::status::kSuccess, uid), std::nullopt};
}

NReply MediaCreationScp::action(const dimse::Command& rq, const DataSet& data) {
  const std::string& uid = rq.requested_sop_instance_uid;
  const std::uint16_t type = rq.action_type_id.value_or(0);
  if (type != 1 && type != 2)
    return {failure(rq, mcm_status::kNoSuchAction, fmt::format("no action type {} (1 initiate, 2 cancel)", type)), std::nullopt};
  std::unique_lock lock(mutex_);
  auto it = entries_.find(uid);
  if (type == 1) {
    if (it == entries_.end()) {
      if (backend_.status(uid))
        return {failure(rq, dimse::status::kDuplicateInvocation, "this request was already initiated"), std::nullopt};
      return {failure(rq, mcm_status::kNoSuchSopInstance, "no such media creation request"), std::nullopt};
    }
    if (it->second.initiated)
      return {failure(rq, dimse::status::kDuplicateInvocation, "this request was already initiated"), std::nullopt};
    InitiateAction a;
    if (auto r = parse_initiate_action(data, a)) return {failure(rq, r->status, r->comment), std::nullopt};
    it->second.initiated = true;
    const MediaCreationRequest request = it->second.request;
    lock.unlock();  // the backend may take a while (the queue's durable commit)
    MediaCreationState st = backend_.initiate(request, a);
    lock.lock();
    it = entries_.find(uid);
    if (it != entries_.end() && st.status == ExecutionStatus::kFailure) it->second.refused = std::move(st);
    // Success = scheduled (S.3.2.2.3); a request that failed its checks says why through N-GET.
    return {dimse::n_action_rsp(rq, dimse::status::kSuccess), std::nullopt};
  }
  // Cancel (S.3.2.3): a request not (or no longer) scheduled is simply deleted.
  if (it != entries_.end() && (!it->second.initiated || it->second.refused)) {
    entries_.erase(it);
    return {dimse::n_action_rsp(rq, dimse::status::kSuccess), std::nullopt};
  }
  const bool known = it != entries_.end();
  lock.unlock();
  const auto result = backend_.cancel(uid);
  lock.lock();
  switch (result) {
    case MediaCreationBackend::CancelResult::kCancelled:
      entries_.erase(uid);
      return {dimse::n_action_rsp(rq, dimse::status::kSuccess), std::nullopt};
    case MediaCreationBackend::CancelResult::kAlreadyCompleted:
      return {failure(rq, mcm_status::kAlreadyCompleted, "media creation request already completed"), std::nullopt};
    case MediaCreationBackend::CancelResult::kInProgress:
      return {failure(rq, mcm_status::kInProgressCannotInterrupt, "media creation in progress and cannot be interrupted"), std::nullopt};
    case MediaCreationBackend::CancelResult::kDenied:
      return {failure(rq, mcm_status::kCancellationDenied, "cancellation denied"), std::nullopt};
    case MediaCreationBackend::CancelResult::kUnknown:
      break;
  }
  if (known) return {failure(rq, mcm_status::kCancellationDenied, "cancellation denied"), std::nullopt};
  return {failure(rq, mcm_status::kNoSuchSopInstance, "no such media creation request"), std::nullopt};
}

NReply MediaCreationScp::get(const dimse::Command& rq) {
  const std::string& uid = rq.requested_sop_instance_uid;
  std::unique_lock lock(mutex_);
  auto it = entries_.find(uid);
  std::optional<MediaCreationRequest> request;
  if (it != entries_.end()) {
    request = it->second.request;
    if (!it->second.initiated) return {dimse::n_get_rsp(rq, dimse::status::kSuccess, true), media_creation_attributes(&*request, {})};
    if (it->second.refused) return {dimse::n_get_rsp(rq, dimse::status::kSuccess, true), media_creation_attributes(&*request, *it->second.refused)};
  }
  lock.unlock();
  std::optional<MediaCreationState> st = backend_.status(uid);
  if (!st) return {failure(rq, mcm_status::kNoSuchSopInstance, "no such media creation request"), std::nullopt};
  return {dimse::n_get_rsp(rq, dimse::status::kSuccess, true), media_creation_attributes(request ? &*request : nullptr, *st)};
}

}  // namespace discus::net::services
