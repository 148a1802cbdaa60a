#include "daemon/dicom/mcm_backend.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/file.h"
#include "daemon/access/policy.h"
#include "net/services/storage_scp.h"

namespace discus::daemon::dicom {
namespace {

namespace fs = std::filesystem;
namespace info = net::services::execution_status_info;
using net::services::ExecutionStatus;
using net::services::FailedInstance;
using net::services::MediaCreationRequest;
using net::services::MediaCreationState;

// PS3.3 C.14.1.1 Failure Reason values, as Failed SOP Sequence items carry them.
constexpr std::uint16_t kProcessingFailure = 0x0110;
constexpr std::uint16_t kNoSuchObjectInstance = 0x0112;
constexpr std::uint16_t kSopClassNotSupported = 0x0122;

MediaCreationState failure(std::string_view what, std::string detail) {
  MediaCreationState s;
  s.status = ExecutionStatus::kFailure;
  s.info = std::string(what);
  s.detail = std::move(detail);
  return s;
}

void fail_instance(MediaCreationState& s, const net::services::ReferencedInstance& r, std::uint16_t reason) {
  s.failed.push_back({r.sop_class_uid, r.sop_instance_uid, reason});
}

// Words of a failed job's error -> Execution Status Info. First match wins; the job errors come
// from src/app and src/jobs (e.g. "the file-set is bigger than the medium", "no profile ...").
struct ErrorRule {
  std::string_view words;
  std::string_view info;
};
constexpr std::array<ErrorRule, 10> kErrorRules = {{
    {"profile", info::kNotSupported},
    {"bigger than", info::kSetOversized},
    {"does not fit", info::kSetOversized},
    {"too big", info::kSetOversized},
    {"DICOMDIR", info::kDirProcErr},
    {"could not go on the file-set", info::kNoInstance},
    {"hold no DICOM", info::kNoInstance},
    {"rejected", info::kMcdFailure},
    {"drive", info::kMcdFailure},
    {"burn", info::kMcdFailure},
}};

}  // namespace

std::string fileset_id_for(std::string_view id) {
  std::string out;
  for (char c : id) {
    if (out.size() == 16) break;
    const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out.push_back((std::isdigit(static_cast<unsigned char>(u)) || (u >= 'A' && u <= 'Z') || u == ' ' || u == '_') ? u : '_');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string_view execution_status_info_for(std::string_view job_error) {
  for (const ErrorRule& r : kErrorRules)
    if (job_error.find(r.words) != std::string_view::npos) return r.info;
  return info::kProcFailure;
}

McmBackend::McmBackend(McmOptions options, api::Api& api, const media::profile::ProfileRegistry& profiles)
    : o_(std::move(options)), api_(api), profiles_(profiles) {}

std::string McmBackend::record_path(const std::string& uid) const { return (fs::path(o_.state_dir) / "mcm" / uid).string(); }

std::optional<std::string> McmBackend::locate(const std::string& uid) const {
  if (o_.locate) return o_.locate(uid);
  if (o_.instances_dir.empty()) return std::nullopt;
  // The Storage SCP's layout: DIR/<Study Instance UID>/<SOP Instance UID>.dcm.
  std::error_code ec;
  for (fs::directory_iterator it(o_.instances_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory(ec)) continue;
    const fs::path p = it->path() / (uid + ".dcm");
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return std::nullopt;
}

std::optional<jobs::JobId> McmBackend::job_of(const std::string& uid) const {
  if (!net::services::valid_uid(uid)) return std::nullopt;  // never a path of the peer's making
  std::ifstream in(record_path(uid));
  jobs::JobId id = 0;
  if (!(in >> id) || id <= 0) return std::nullopt;
  return id;
}

MediaCreationState McmBackend::initiate(const MediaCreationRequest& rq, const net::services::InitiateAction& action) {
  // DUPL_REF_INST: one instance referenced twice (its second item fails).
  {
    std::set<std::string> seen;
    MediaCreationState s = failure(info::kDuplRefInst, "an instance is referenced twice");
    for (const auto& r : rq.instances)
      if (!seen.insert(r.sop_instance_uid).second) fail_instance(s, r, kProcessingFailure);
    if (!s.failed.empty()) return s;
  }
  // One file-set per medium, so one profile per request; an item without one takes the others'.
  std::string profile_id;
  for (const auto& r : rq.instances) {
    if (r.requested_profile.empty()) continue;
    if (profile_id.empty()) profile_id = r.requested_profile;
    if (r.requested_profile != profile_id) {
      MediaCreationState s = failure(info::kNotSupported, "instances on one medium request different profiles");
      for (const auto& x : rq.instances)
        if (!x.requested_profile.empty() && x.requested_profile != profile_id) fail_instance(s, x, kProcessingFailure);
      return s;
    }
  }
  if (profile_id.empty()) profile_id = o_.default_profile;
  const media::profile::ApplicationProfile* p = profiles_.find(profile_id);
  // A profile we have but cannot honour on this station's drives. (One we do not have at all is
  // the API's check below: Api::submit answers "no profile".)
  std::string cannot;
  if (p != nullptr && p->retired) cannot = "a retired profile";
  else if (p != nullptr && p->secure) cannot = "a secure profile needs recipients' certificates no request carries";
  else if (p != nullptr && media::profile::disc_medium_of(*p) == nullptr) cannot = "not a profile of an optical disc";
  if (!cannot.empty()) {
    MediaCreationState s = failure(info::kNotSupported, fmt::format("{}: {}", profile_id, cannot));
    for (const auto& r : rq.instances) fail_instance(s, r, kProcessingFailure);
    return s;
  }
  if (p != nullptr) {
    MediaCreationState s = failure(info::kInstApConflict, fmt::format("SOP classes {} does not allow", profile_id));
    for (const auto& r : rq.instances)
      if (p->transfer_syntaxes_for(r.sop_class_uid).empty()) fail_instance(s, r, kSopClassNotSupported);
    if (!s.failed.empty()) return s;
  }
  // Every instance must be in the store (received by C-STORE beforehand, PS3.4 S.1).
  std::vector<std::string> inputs;
  {
    MediaCreationState s = failure(info::kNoInstance, "instances not received");
    for (const auto& r : rq.instances) {
      auto path = locate(r.sop_instance_uid);
      if (path) inputs.push_back(std::move(*path));
      else fail_instance(s, r, kNoSuchObjectInstance);
    }
    if (!s.failed.empty()) {
      s.detail = fmt::format("{} of {} instances not received", s.failed.size(), rq.instances.size());
      return s;
    }
  }

  jobs::JobSpec spec;
  spec.kind = jobs::JobKind::kAuthor;
  spec.priority = net::services::queue_priority(action.priority);
  jobs::AuthorMedium& a = spec.author;
  a.profile = profile_id;
  a.inputs = std::move(inputs);
  a.copies = action.copies;
  a.label.label_using_information_extracted_from_instances = rq.label_using_information_extracted_from_instances.value_or(true);
  a.label.label_text = rq.label_text;
  a.label.label_style_selection = rq.label_style_selection;
  a.label.barcode_value = rq.barcode_value;
  a.label.barcode_symbology = rq.barcode_symbology;
  a.label.media_disposition = rq.media_disposition;
  a.target = {jobs::TargetKind::kDrive, o_.drive};
  a.preserve_composite_instances = rq.preserve_composite_instances.value_or(false);
  a.include_display_application = rq.include_display_application.value_or(true);
  a.fileset_id = fileset_id_for(rq.storage_media_fileset_id);
  spec.release.recipient = rq.media_disposition;
  spec.release.purpose = "DICOM Media Creation Management request";

  access::Identity who;
  who.user = fmt::format("dicom:{}", rq.calling_ae_title);
  who.roles = access::kOperator;
  who.via = "dicom";
  const http::Response r = api_.submit(std::move(spec), who);
  const nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status != 201 || !body.is_object() || !body.contains("id")) {
    const std::string pointer = body.is_object() ? body.value("pointer", std::string()) : std::string();
    const std::string message = body.is_object() ? body.value("message", body.value("detail", std::string())) : r.body;
    std::string_view what = info::kProcFailure;
    if (pointer == "/author/profile") what = info::kNotSupported;      // "no profile X"
    else if (pointer.starts_with("/author/inputs")) what = info::kNoInstance;  // the file went away
    else if (pointer.starts_with("/author/target")) what = info::kMcdFailure;  // no such drive
    else if (r.status == 507) what = info::kInsufficMemory;                // no room to stage
    MediaCreationState s = failure(what, message);
    if (what == info::kNotSupported)
      for (const auto& x : rq.instances) fail_instance(s, x, kProcessingFailure);
    return s;
  }
  const jobs::JobId id = body["id"].get<jobs::JobId>();
  {
    std::lock_guard lock(mutex_);
    std::error_code ec;
    fs::create_directories(fs::path(o_.state_dir) / "mcm", ec);
    auto f = base::AtomicOutputFile::create(record_path(rq.sop_instance_uid));
    const std::string line = fmt::format("{}\n", id);
    if (!f || !f->write(base::as_bytes(line)) || !f->commit())
      return failure(info::kProcFailure, fmt::format("job {} queued, but its request record could not be written", id));
  }
  MediaCreationState s;
  s.status = ExecutionStatus::kPending;
  s.info = std::string(info::kQueued);
  s.detail = fmt::format("job {}", id);
  return s;
}

std::optional<MediaCreationState> McmBackend::status(const std::string& uid) {
  const auto id = job_of(uid);
  if (!id) return std::nullopt;
  auto job = api_.job(*id);
  if (!job) return std::nullopt;
  MediaCreationState s;
  s.detail = fmt::format("job {}", job->id);
  for (const jobs::Copy& c : job->current_copies())
    if (c.state == jobs::CopyState::kDone && c.verified) ++s.pieces_created;
  switch (job->state) {
    case jobs::JobState::kQueued:
    case jobs::JobState::kHeld: s.status = ExecutionStatus::kPending; s.info = std::string(info::kQueued); break;
    case jobs::JobState::kRunning: s.status = ExecutionStatus::kCreating; s.info = std::string(info::kNormal); break;
    case jobs::JobState::kDone: s.status = ExecutionStatus::kDone; s.info = std::string(info::kNormal); break;
    case jobs::JobState::kFailed:
      s.status = ExecutionStatus::kFailure;
      s.info = std::string(execution_status_info_for(job->error));
      break;
    case jobs::JobState::kCancelled:  // by an operator through the API, not by the SCU
      s.status = ExecutionStatus::kFailure;
      s.info = std::string(info::kUnknown);
      break;
  }
  return s;
}

McmBackend::CancelResult McmBackend::cancel(const std::string& uid) {
  const auto id = job_of(uid);
  if (!id) return CancelResult::kUnknown;
  auto job = api_.job(*id);
  if (!job) return CancelResult::kUnknown;
  if (job->state == jobs::JobState::kDone) return CancelResult::kAlreadyCompleted;
  if (job->state != jobs::JobState::kCancelled) {
    auto st = api_.cancel(*id, "cancelled by the SCU (DICOM Media Creation Management, N-ACTION 2)");
    // The queue refuses while a copy is physical (burning, verifying): PS3.4 S.3.2.3 C202.
    if (!st) return st.error().code == base::ErrorCode::kConflict ? CancelResult::kInProgress : CancelResult::kDenied;
  }
  std::lock_guard lock(mutex_);
  std::error_code ec;
  fs::remove(record_path(uid), ec);  // deleted: a later N-GET answers 0112H
  return CancelResult::kCancelled;
}

}  // namespace discus::daemon::dicom
