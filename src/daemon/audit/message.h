// discus::daemon::audit — DICOM audit messages (PS3.15 A.5) from typed events.
//
// One writer per event type fills EventIdentification, the ActiveParticipants the PS3.15 A.5.3
// table of that message asks for (the person, our process, the remote node, the medium with its
// MediaIdentifier), AuditSourceIdentification and the ParticipantObjectIdentifications (patients;
// studies with their SOP Classes and instance counts). Messages that PS3.15 allows to describe a
// single patient only (DICOM Instances Transferred, Begin Transferring, DICOM Instances Accessed)
// become one message per patient. The XML validates against data/audit-message.rnc (A.5.1).
//   Source src{.audit_source_id = "burn1", ...};
//   for (const std::string& xml : audit_messages(event, src, {.time_ms = now, .sequence = 12})) ...
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/audit/trail.h"

namespace discus::daemon::audit {

// Who reports: AuditSourceIdentification, and our process as an ActiveParticipant.
struct Source {
  std::string audit_source_id;     // AuditSourceID (the station's host name by default)
  std::string enterprise_site_id;  // AuditEnterpriseSiteID, optional
  std::string process_name;        // UserID of our process, e.g. "discusd"
  std::string process_id;          // AlternativeUserID: the pid (PS3.15 A.5.2.2)
  std::string host;                // NetworkAccessPointID of our process
};

struct MessageContext {
  std::int64_t time_ms = 0;   // used when the event's own time is 0
  std::uint64_t sequence = 0; // the trail's record number, named in Data Export (release record)
};

std::vector<std::string> audit_messages(const AuditEvent& event, const Source& source, const MessageContext& context);

// The PS3.15 A.5.1 EventDateTime (xsd:dateTime, UTC with milliseconds), e.g. 2026-12-06T20:51:00.123Z.
std::string event_date_time(std::int64_t time_ms);

// A short name of the event's kind ("export", "security-alert", ...), for the log and the API.
std::string event_kind(const AuditEvent& event);

}  // namespace discus::daemon::audit
