#include "daemon/audit/purge_audit.h"

#include <filesystem>

#include "daemon/audit/inventory.h"

namespace discus::daemon::audit {
namespace {

// The patients and studies staged for a job: the DICOMDIR of the staged file-set, wherever in
// the staging folder it is (the folder itself or one level down).
Inventory staged_inventory(const std::string& staging) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(fs::path(staging) / "DICOMDIR", ec))
    if (auto inv = inventory_of_fileset(staging); inv) return *inv;
  for (const auto& e : fs::directory_iterator(staging, ec))
    if (e.is_directory(ec) && fs::exists(e.path() / "DICOMDIR", ec))
      if (auto inv = inventory_of_fileset(e.path().string()); inv) return *inv;
  return {};
}

app::PurgeAudit auditor(Trail& trail, std::int64_t job_id, Inventory inventory) {
  return [&trail, job_id, inv = std::move(inventory)](const app::PurgeReport& r) {
    InstancesPurged e;
    e.job_id = job_id;
    e.patients = inv.patients;
    e.studies = inv.studies;
    e.paths = r.removed;
    if (!r.reason.empty() && r.action == app::PurgeReport::Action::kRemoved) {
      e.when.outcome = Outcome::kSeriousFailure;  // removed only in part
      e.when.outcome_description = r.reason;
    }
    (void)trail.record(e);  // a failed append is the trail's to report; the purge itself happened
  };
}

std::int64_t job_of(const std::string& folder) {
  const std::string name = std::filesystem::path(folder).filename().string();
  if (!name.starts_with("job-")) return 0;
  try {
    return std::stoll(name.substr(4));
  } catch (...) {
    return 0;
  }
}

}  // namespace

base::Result<app::PurgeReport> purge_job_staging(Trail& trail, const jobs::Job& job, const std::string& state_dir) {
  app::PurgeRequest request;
  request.staging = app::job_staging_dir(state_dir, job.id);
  request.inputs = job.spec.kind == jobs::JobKind::kSend ? job.spec.send.inputs : job.spec.author.inputs;
  request.preserve = job.spec.author.preserve_composite_instances;
  std::error_code ec;
  Inventory inv = std::filesystem::is_directory(request.staging, ec) ? staged_inventory(request.staging) : Inventory{};
  return app::purge_after_verified_burn(request, auditor(trail, job.id, std::move(inv)));
}

base::Result<std::vector<app::PurgeReport>> sweep_job_staging(Trail& trail, const std::string& state_dir, int retention_days,
                                                              std::int64_t now_ms) {
  const std::string root = state_dir + "/staging";
  std::vector<app::PurgeReport> all;
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) return all;
  std::vector<std::string> folders;
  for (const auto& e : std::filesystem::directory_iterator(root, ec))
    if (e.is_directory(ec) && !e.is_symlink(ec)) folders.push_back(e.path().string());
  for (const std::string& folder : folders) {
    const auto kept = app::kept_since(folder);
    if (!kept || !app::retention_expired(*kept, retention_days, now_ms)) continue;
    app::PurgeRequest request;  // no inputs: a kept folder holds only what the service staged
    request.staging = folder;
    // The inventory is read before the folder goes, for the audit message.
    DISCUS_TRY(app::PurgeReport r, app::purge_after_verified_burn(request, auditor(trail, job_of(folder), staged_inventory(folder))));
    all.push_back(std::move(r));
  }
  return all;
}

}  // namespace discus::daemon::audit
