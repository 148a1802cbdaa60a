#include "daemon/audit/release.h"

#include "daemon/audit/codes.h"
#include "daemon/audit/inventory.h"

namespace discus::daemon::audit {

std::string media_type_code(const jobs::Target& target, const std::string& output) {
  switch (target.kind) {
    case jobs::TargetKind::kUsb: return std::string(codes::kUsbDiskEmulation.value);
    case jobs::TargetKind::kImageDir: return std::string(codes::kUriMedia.value);
    case jobs::TargetKind::kDrive:
    case jobs::TargetKind::kRobot:
      // A "stdio:" pseudo-drive writes an image file: named by its path, a URI.
      if (output.starts_with("stdio:") || target.where.starts_with("stdio:")) return std::string(codes::kUriMedia.value);
      return std::string(codes::kCd.value);
  }
  return std::string(codes::kUriMedia.value);
}

base::Status record_verified_copy(Trail& trail, const jobs::Job& job, const jobs::Copy& copy, const std::string& fileset) {
  MediumExported e;
  e.requestor.user_id = job.spec.submitted_by;
  e.recipient = job.spec.release.recipient;
  e.purpose = job.spec.release.purpose;
  e.medium.job_id = job.id;
  e.medium.copy = copy.n;
  e.medium.output = copy.output;
  e.medium.media_type_code = media_type_code(job.spec.author.target, copy.output);
  if (!fileset.empty()) {
    if (auto inv = inventory_of_fileset(fileset); inv) {
      e.medium.media_identifier = inv->fileset_uid;
      e.patients = std::move(inv->patients);
      e.studies = std::move(inv->studies);
    } else {
      // The medium was made and verified: it is recorded in any case, with what is missing.
      e.when.outcome_description = "patients and studies unknown: " + inv.error().describe();
    }
  }
  return trail.record(e);
}

}  // namespace discus::daemon::audit
