// discus::jobs — a job as data: what was asked (JobSpec) and what became of it (Job, Copy).
//
// Kinds follow issue 14 item 1: author a medium (a PS3.11 profile, inputs, copies, label fields
// from PS3.4 Annex S's Media Creation Management attributes, a target), import a medium, send to
// a DICOM node, and a no-op kind kept for the queue bench. A spec is stored as JSON in the queue
// (job_json.h) so a new field needs no schema migration.
//   JobSpec s{.kind = JobKind::kAuthor, .author = AuthorMedium{.profile = "STD-GEN-CD", ...}};
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobs/states.h"

namespace discus::jobs {

using JobId = std::int64_t;

enum class JobKind { kAuthor, kImport, kSend, kNoop };
std::string_view to_string(JobKind k);
std::optional<JobKind> job_kind_from_string(std::string_view s);

// Where an authored medium goes: an image file per copy in a folder, an optical drive (a device
// or a libburn "stdio:" pseudo-drive), a USB stick, or a disc-publishing robot.
enum class TargetKind { kImageDir, kDrive, kUsb, kRobot };
std::string_view to_string(TargetKind k);
std::optional<TargetKind> target_kind_from_string(std::string_view s);

struct Target {
  TargetKind kind = TargetKind::kImageDir;
  std::string where;  // folder, drive ("/dev/sr0", "stdio:/x.iso"), stick or robot name
};

// PS3.4 S.3.2.1 N-CREATE label attributes, named after their PS3.6 keywords.
struct LabelFields {
  bool label_using_information_extracted_from_instances = true;  // (2200,0001)
  std::string label_text;                                         // (2200,0002)
  std::string label_style_selection;                              // (2200,0003)
  std::string barcode_value;                                      // (2200,0005)
  std::string barcode_symbology;                                  // (2200,0006)
  std::string media_disposition;                                  // (2200,0004)
};

struct AuthorMedium {
  std::string profile;              // PS3.11 id, e.g. "STD-GEN-CD"
  std::vector<std::string> inputs;  // files and folders, as `discus author` takes them
  int copies = 1;                   // (2000,0010) Number of Copies
  LabelFields label;
  Target target;
  bool preserve_composite_instances = false;  // (2200,000A): keep staged PHI after the burn
  bool include_display_application = true;    // (2200,0009): the disc viewer on the medium
  std::string fileset_id;                     // (0088,0130) -> the DICOMDIR's File-set ID (0004,1130)
  // Secure media (PS3.10 7.4, PS3.15 D.1; a "-SEC-" profile) opened by an RFC 3211 password.
  // The password is never part of the spec nor stored: the service holds it in memory until the
  // file-set is enveloped (jobs/secrets.h). "service": generated and shown once in the submit
  // answer; "client": given by the submitter. Empty: no encryption.
  std::string encryption_password_from;
};

struct ImportMedium {
  std::string source;       // drive, mounted folder or image
  std::string destination;  // a configured DICOM node, or "store" for the local store
};

struct SendToNode {
  std::vector<std::string> inputs;
  std::string node;  // a configured DICOM node's name
};

// For whom and why a medium is made: with the requesting user, the release-of-information
// record of issue 14 item 6.
struct ReleaseRequest {
  std::string recipient;
  std::string purpose;  // e.g. "referral", "patient request"
};

struct JobSpec {
  JobKind kind = JobKind::kNoop;
  int priority = 0;          // higher first; PS3.4 S.3.2.2 HIGH/MED/LOW map to 1/0/-1
  std::string submitted_by;  // the authenticated user (release-of-information record)
  AuthorMedium author;       // when kind == kAuthor
  ImportMedium import;       // when kind == kImport
  SendToNode send;           // when kind == kSend
  ReleaseRequest release;
  // Set by the service, never by a submitter: who asked to stop after the current copy (POST
  // /v1/jobs/{id}/cancel {"when": "after-current-copy"}). Kept in the stored spec so the request
  // outlives a restart; cleared by a retry. Empty: not asked.
  std::string stop_after_copy;

  // Copies the job makes: author's count; other kinds make none.
  int copy_count() const { return kind == JobKind::kAuthor ? author.copies : 0; }
};

// One attempt at one requested copy. A rejected attempt stays as a record; the remake is
// attempt + 1 of the same n, so "copy 2 was remade once" is visible in the queue itself.
struct Copy {
  int n = 1;
  int attempt = 1;
  CopyState state = CopyState::kQueued;
  bool verified = false;
  std::string output;  // image path or device, once known
  std::string reason;  // why it was rejected, failed or made suspect
};

struct Job {
  JobId id = 0;
  JobSpec spec;
  JobState state = JobState::kQueued;
  std::string hold_reason;  // when held: "paused", or the decision an import waits for
  std::string error;        // when failed
  std::string lease_owner;  // the station running it
  std::int64_t lease_expires_ms = 0;
  std::int64_t created_ms = 0, updated_ms = 0;
  std::vector<Copy> copies;  // every attempt, ordered by n then attempt

  // The latest attempt of each requested copy (what `discus jobs` shows).
  std::vector<Copy> current_copies() const;
};

// Checks a spec before it is queued: a clear error now instead of a failed job later.
base::Status validate(const JobSpec& spec);

}  // namespace discus::jobs
