// discus::daemon::audit — the audit trail: typed events in, DICOM audit messages out.
//
// Each event is one of the PS3.15 A.5.3 audit messages (Data Export, Data Import, DICOM Instances
// Transferred, Begin Transferring DICOM Instances, DICOM Instances Accessed for a purge, Security
// Alert, User Authentication, Audit Log Used). record() writes the XML message (message.h) to the
// append-only local log in the state directory (fsync'd before it returns) and queues it for the
// audit repository (RFC 5424 syslog over RFC 5425 TLS or RFC 5426 UDP, IHE ATNA) when configured;
// an unreachable repository never blocks or loses a message. Layers below the daemon (jobs, app)
// never see this header: discusd hands them callbacks that call record().
//   DISCUS_TRY(auto trail, audit::open_trail(audit::trail_options(settings), state_dir));
//   audit::AccessRefused refused;  // aggregates: set the fields that apply, the rest stay empty
//   refused.who.user_id = "uid=1001"; refused.what = "POST /v1/jobs";
//   if (auto st = trail->record(refused); !st) log(st.error());
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/settings.h"
#include "base/result.h"

namespace discus::daemon::audit {

// PS3.15 A.5.1 EventOutcomeIndicator: 0 success, 4 minor failure, 8 serious failure,
// 12 major failure (the action made unavailable).
enum class Outcome { kSuccess = 0, kMinorFailure = 4, kSeriousFailure = 8, kMajorFailure = 12 };

// A person or process taking part (an ActiveParticipant). For the local socket the user id is
// the account name (or "uid=N" when the uid has no name), the access point "localhost".
struct Participant {
  std::string user_id;
  std::string user_name;             // a readable name, optional
  std::string network_access_point;  // host name or IP address, optional
};

// One study as PS3.15 A.5.2.1 describes it: its UID, and per SOP Class the number of instances.
struct SopClassCount {
  std::string sop_class_uid;
  int number_of_instances = 0;
};
struct Study {
  std::string study_instance_uid;
  std::vector<SopClassCount> sop_classes;
  std::string accession_number;  // optional
  std::string patient_id;        // its patient: messages allowed one patient only are split by it
};
struct Patient {
  std::string patient_id;
  std::string patient_name;  // optional; PHI stays in the audit trail, never in the journal
};

// The medium a message is about: its identity (File-set UID or volume id), the job and copy that
// made it, where it went, and its PS3.16 CID 405 media type (e.g. "110033" DVD, "110030" USB).
struct Medium {
  std::string media_identifier;  // File-set UID, volume id or label
  std::int64_t job_id = 0;
  int copy = 0;
  std::string output;            // image path or device
  std::string media_type_code;   // CID 405 code value; empty: not stated
};

// Common to every event: when it happened (ms since the epoch; 0: now) and how it ended.
struct When {
  std::int64_t time_ms = 0;
  Outcome outcome = Outcome::kSuccess;
  std::string outcome_description;  // EventOutcomeDescription when not a success
};

// PS3.15 A.5.3.4 Data Export: a medium was made. The release-of-information record (who asked, for
// whom, why) is kept with it and tied to the message (release.h).
struct MediumExported {
  When when;
  Participant requestor;  // the user who asked for the medium
  Medium medium;
  std::vector<Patient> patients;
  std::vector<Study> studies;
  std::string recipient;  // release of information: for whom
  std::string purpose;    // and why
};

// PS3.15 A.5.3.5 Data Import: instances read from a medium.
struct MediumImported {
  When when;
  Participant requestor;
  Medium medium;
  std::vector<Patient> patients;
  std::vector<Study> studies;
};

// PS3.15 A.5.3.7 DICOM Instances Transferred (after) and A.5.3.3 Begin Transferring DICOM
// Instances (before): a send to, or a receive from, another node.
struct InstancesTransferred {
  When when;
  bool begin = false;      // true: Begin Transferring (A.5.3.3); false: Instances Transferred
  bool we_send = true;     // we are the source; false: we receive
  Participant requestor;   // who asked, when a person did
  Participant remote;      // the other node (AE title as user id, its host)
  std::vector<Patient> patients;
  std::vector<Study> studies;
};

// PS3.15 A.5.3.6 DICOM Instances Accessed with action D: staged PHI purged (app/purge.h).
struct InstancesPurged {
  When when;
  Participant requestor;  // empty: the service itself (retention sweep)
  std::int64_t job_id = 0;
  std::vector<Patient> patients;
  std::vector<Study> studies;
  std::vector<std::string> paths;  // what was removed (folders), as ParticipantObjectDetail
};

// PS3.15 A.5.3.11 Security Alert (CID 403 "Use of Restricted Function"): access refused.
struct AccessRefused {
  When when{0, Outcome::kMinorFailure, {}};  // refused: not a success
  Participant who;   // the refused peer: user id "uid=1001", access point "localhost"
  std::string what;  // e.g. "POST /v1/jobs over /run/discus/discusd.sock"
};

// PS3.15 A.5.3.12 User Authentication: a login or logout through the API.
struct UserAuthenticated {
  When when;
  bool login = true;  // false: logout
  Participant user;
};

// PS3.15 A.5.3.2 Audit Log Used: someone read the trail (GET /v1/audit).
struct AuditLogUsed {
  When when;
  Participant reader;
  std::string log_uri;  // what was read, e.g. "file:///var/lib/discus/audit/messages.log"
};

// PS3.15 A.5.3.11 Security Alert (CID 403 "Software Configuration"): settings written through
// the API (PATCH /v1/config); `what` names the keys changed (no values: they are in the file).
struct ConfigurationChanged {
  When when;
  Participant who;
  std::string what;  // e.g. "kiosk.language, pacs.PACS1.port"
};

// PS3.15 A.5.3.9 Patient Record, action U (issue 17 item 6): a person decided who an imported
// outside patient is here (IHE IRWF reconciliation), or rejected or resent what an import held.
struct PatientRecordUpdated {
  When when;
  Participant user;       // who decided
  Patient patient;        // the local patient named (empty for reject / resend)
  std::int64_t job_id = 0;
  std::vector<std::pair<std::string, std::string>> details;  // hold, decision, the foreign identity
};

using AuditEvent = std::variant<MediumExported, MediumImported, InstancesTransferred, InstancesPurged,
                                AccessRefused, UserAuthenticated, AuditLogUsed, ConfigurationChanged,
                                PatientRecordUpdated>;

// The trail others call. record() returns once the message is durable in the local log; the
// syslog copy is sent in the background. Thread-safe.
class Trail {
 public:
  virtual ~Trail() = default;
  virtual base::Status record(const AuditEvent& event) = 0;
};

// From the [audit] table of the configuration (app::Settings); empty strings: not configured.
struct TrailOptions {
  std::string repository;    // "udp://HOST:PORT", "tls://HOST:PORT" (6514, RFC 5425) or empty: local only
  std::string ca_file;       // PEM bundle the repository's certificate must chain to (TLS)
  std::string cert_file;     // our client certificate (TLS, for IHE ATNA mutual authentication)
  std::string key_file;
  std::string source_id;     // AuditSourceID; empty: the host name
  std::string enterprise_site_id;  // AuditEnterpriseSiteID, optional (e.g. the institution)
};

// The trail of the service: messages appended to STATE_DIR/audit/messages.log, sent when
// options.repository is set. Errors: a bad repository URL, an unwritable state directory.
base::Result<std::unique_ptr<Trail>> open_trail(const TrailOptions& options, const std::string& state_dir);

// The [audit] keys of the configuration as TrailOptions (settings.h stays free of this layer).
TrailOptions trail_options(const app::Settings& settings);

// GET /v1/audit: reads a page of the trail (log_store.h ReadOptions: after, limit, kind,
// releases_only) as JSON, and records that `reader` used the audit log (PS3.15 A.5.3.2) first;
// a read that cannot be audited is refused.
base::Result<std::string> read_audit_for(Trail& trail, const std::string& state_dir, const Participant& reader,
                                         std::uint64_t after, std::size_t limit, const std::string& kind,
                                         bool releases_only);

// For tests of callers (api, scheduler): keeps the events in memory.
class RecordingTrail : public Trail {
 public:
  base::Status record(const AuditEvent& event) override {
    std::lock_guard lock(mutex_);
    events_.push_back(event);
    return {};
  }
  std::vector<AuditEvent> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<AuditEvent> events_;
};

}  // namespace discus::daemon::audit
