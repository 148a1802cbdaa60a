#include "daemon/audit/message.h"

#include <fmt/format.h>

#include <ctime>
#include <map>

#include "base/base64.h"
#include "daemon/audit/xml.h"

namespace discus::daemon::audit {
namespace {

// PS3.15 A.5.1 NetworkAccessPointTypeCode: 2 for an IP address, 1 for a machine name.
std::string_view access_point_type(std::string_view id) {
  bool ip = !id.empty();
  for (char c : id)
    if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':')) ip = false;
  if (ip && id.find('.') == std::string_view::npos && id.find(':') == std::string_view::npos) ip = false;
  return ip ? "2" : "1";
}

struct Writer {
  Xml x;
  const Source& source;

  void event(const Code& id, std::string_view action, const When& when, std::int64_t now_ms,
             const Code* type = nullptr) {
    x.open("EventIdentification")
        .attr("EventActionCode", action)
        .attr("EventDateTime", event_date_time(when.time_ms != 0 ? when.time_ms : now_ms))
        .attr("EventOutcomeIndicator", std::to_string(static_cast<int>(when.outcome)));
    x.coded("EventID", id);
    if (type != nullptr) x.coded("EventTypeCode", *type);
    if (!when.outcome_description.empty()) x.open("EventOutcomeDescription").text(when.outcome_description).close();
    x.close();
  }

  // A person (or remote node) as an ActiveParticipant; nothing when its user id is empty.
  void person(const Participant& p, bool requestor, const Code* role, bool always_access_point = false) {
    if (p.user_id.empty()) return;
    x.open("ActiveParticipant")
        .attr("UserID", p.user_id)
        .attr_if("UserName", p.user_name)
        .attr("UserIsRequestor", requestor ? "true" : "false");
    std::string nap = p.network_access_point;
    if (nap.empty() && always_access_point) nap = "localhost";
    if (!nap.empty()) x.attr("NetworkAccessPointID", nap).attr("NetworkAccessPointTypeCode", access_point_type(nap));
    if (role != nullptr) x.coded("RoleIDCode", *role);
    x.close();
  }

  // Our own process (PS3.15 A.5.2.2: the process id as AlternativeUserID).
  void process(bool requestor, const Code* role) {
    x.open("ActiveParticipant")
        .attr("UserID", source.process_name.empty() ? "discusd" : source.process_name)
        .attr_if("AlternativeUserID", source.process_id)
        .attr("UserIsRequestor", requestor ? "true" : "false");
    if (!source.host.empty())
      x.attr("NetworkAccessPointID", source.host).attr("NetworkAccessPointTypeCode", access_point_type(source.host));
    if (role != nullptr) x.coded("RoleIDCode", *role);
    x.coded("RoleIDCode", codes::kApplication);
    x.close();
  }

  // The medium (PS3.15 A.5.3.4/A.5.3.5 "Media (1)"): UserID is its identity (A.5.2.1).
  void medium(const Medium& m, const Code& role) {
    std::string id = m.media_identifier;
    if (id.empty()) id = m.output;
    if (id.empty()) id = fmt::format("job {} copy {}", m.job_id, m.copy);
    x.open("ActiveParticipant").attr("UserID", id).attr_if("AlternativeUserID", m.media_identifier.empty() ? "" : m.output);
    x.attr("UserIsRequestor", "false");
    x.coded("RoleIDCode", role);
    x.open("MediaIdentifier").coded("MediaType", media_type(m.media_type_code)).close();
    x.close();
  }

  void source_identification() {
    x.open("AuditSourceIdentification")
        .attr_if("AuditEnterpriseSiteID", source.enterprise_site_id)
        .attr("AuditSourceID", source.audit_source_id.empty() ? "discus" : source.audit_source_id);
    x.open("AuditSourceTypeCode").attr("csd-code", "4").close();  // 4: application server process
    x.close();
  }

  void patient(const Patient& p) {
    x.open("ParticipantObjectIdentification")
        .attr("ParticipantObjectID", p.patient_id)
        .attr("ParticipantObjectTypeCode", "1")       // person
        .attr("ParticipantObjectTypeCodeRole", "1");  // patient
    x.coded("ParticipantObjectIDTypeCode", codes::kPatientNumber);
    // The schema asks for a name or a query; the ID stands in for an unknown name.
    x.open("ParticipantObjectName").text(p.patient_name.empty() ? p.patient_id : p.patient_name).close();
    x.close();
  }

  // PS3.15 A.5.2 / A.5.3.x "Studies": Study Instance UID, its SOP Classes with instance counts.
  void study(const Study& s) {
    x.open("ParticipantObjectIdentification")
        .attr("ParticipantObjectID", s.study_instance_uid)
        .attr("ParticipantObjectTypeCode", "2")       // system object
        .attr("ParticipantObjectTypeCodeRole", "3");  // report
    x.coded("ParticipantObjectIDTypeCode", codes::kStudyInstanceUid);
    x.open("ParticipantObjectName").text(s.study_instance_uid).close();
    x.open("ParticipantObjectDescription");
    if (!s.accession_number.empty()) x.open("Accession").attr("Number", s.accession_number).close();
    for (const SopClassCount& c : s.sop_classes)
      x.open("SOPClass").attr("UID", c.sop_class_uid).attr("NumberOfInstances", std::to_string(c.number_of_instances)).close();
    x.close();
    x.close();
  }

  // A Discus job (ParticipantObjectTypeCodeRole 20 "Job") with details as base64 value pairs
  // (A.5.1 ValuePair): an implementation extension PS3.15 A.5 allows.
  void job(std::int64_t job_id, int copy, const std::vector<std::pair<std::string, std::string>>& details) {
    static constexpr Code kJob{"job", "99DISCUS", "Discus job"};
    x.open("ParticipantObjectIdentification")
        .attr("ParticipantObjectID", copy > 0 ? fmt::format("{}/{}", job_id, copy) : std::to_string(job_id))
        .attr("ParticipantObjectTypeCode", "2")
        .attr("ParticipantObjectTypeCodeRole", "20");
    x.coded("ParticipantObjectIDTypeCode", kJob);
    x.open("ParticipantObjectName").text(copy > 0 ? fmt::format("job {} copy {}", job_id, copy) : fmt::format("job {}", job_id)).close();
    for (const auto& [type, value] : details) {
      if (value.empty()) continue;
      const auto* bytes = reinterpret_cast<const std::uint8_t*>(value.data());
      x.open("ParticipantObjectDetail").attr("type", type).attr("value", base::base64_encode({bytes, value.size()})).close();
    }
    x.close();
  }

  std::string finish() {
    x.close();  // AuditMessage
    return x.str();
  }
};

// Messages for one patient each: the patient and the studies that name it (studies without a
// patient id go with every message's patient when there is one patient, else in their own).
template <class Fn>
std::vector<std::string> per_patient(const std::vector<Patient>& patients, const std::vector<Study>& studies, Fn&& write) {
  std::vector<std::string> out;
  if (patients.size() <= 1) {
    out.push_back(write(patients, studies));
    return out;
  }
  for (const Patient& p : patients) {
    std::vector<Study> mine;
    for (const Study& s : studies)
      if (s.patient_id == p.patient_id) mine.push_back(s);
    out.push_back(write(std::vector<Patient>{p}, mine));
  }
  std::vector<Study> orphans;
  for (const Study& s : studies) {
    bool known = false;
    for (const Patient& p : patients) known = known || s.patient_id == p.patient_id;
    if (!known) orphans.push_back(s);
  }
  if (!orphans.empty()) out.push_back(write(std::vector<Patient>{}, orphans));
  return out;
}

struct Visitor {
  const Source& source;
  const MessageContext& ctx;

  Writer start() const {
    Writer w{Xml{}, source};
    w.x.open("AuditMessage");
    return w;
  }

  // PS3.15 A.5.3.4 Data Export.
  std::vector<std::string> operator()(const MediumExported& e) const {
    Writer w = start();
    w.event(codes::kExport, "R", e.when, ctx.time_ms);
    if (!e.recipient.empty()) w.person(Participant{e.recipient, "", ""}, false, &codes::kDestinationRole);
    w.person(e.requestor, true, &codes::kSourceRole);
    w.process(e.requestor.user_id.empty(), &codes::kSourceRole);
    w.medium(e.medium, codes::kDestinationMedia);
    w.source_identification();
    for (const Study& s : e.studies) w.study(s);
    for (const Patient& p : e.patients) w.patient(p);
    w.job(e.medium.job_id, e.medium.copy,
          {{"Recipient", e.recipient}, {"Purpose", e.purpose}, {"Output", e.medium.output},
           {"ReleaseRecord", std::to_string(ctx.sequence)}});
    return {w.finish()};
  }

  // PS3.15 A.5.3.5 Data Import.
  std::vector<std::string> operator()(const MediumImported& e) const {
    Writer w = start();
    w.event(codes::kImport, "C", e.when, ctx.time_ms);
    w.person(e.requestor, true, &codes::kDestinationRole);
    w.process(e.requestor.user_id.empty(), &codes::kDestinationRole);
    w.medium(e.medium, codes::kSourceMedia);
    w.source_identification();
    for (const Study& s : e.studies) w.study(s);
    for (const Patient& p : e.patients) w.patient(p);
    return {w.finish()};
  }

  // PS3.15 A.5.3.9 Patient Record (U): an import hold decided by a person.
  std::vector<std::string> operator()(const PatientRecordUpdated& e) const {
    Writer w = start();
    w.event(codes::kPatientRecord, "U", e.when, ctx.time_ms);
    w.person(e.user, true, nullptr);
    w.process(false, nullptr);
    w.source_identification();
    if (!e.patient.patient_id.empty()) w.patient(e.patient);
    w.job(e.job_id, 0, e.details);
    return {w.finish()};
  }

  // PS3.15 A.5.3.7 DICOM Instances Transferred / A.5.3.3 Begin Transferring DICOM Instances.
  std::vector<std::string> operator()(const InstancesTransferred& e) const {
    return per_patient(e.patients, e.studies, [&](const std::vector<Patient>& ps, const std::vector<Study>& ss) {
      Writer w = start();
      // A.5.3.7: "R" when the source reports (it cannot know whether the receiver had them).
      w.event(e.begin ? codes::kBeginTransferring : codes::kInstancesTransferred, e.begin ? "E" : (e.we_send ? "R" : "C"),
              e.when, ctx.time_ms);
      const Code* ours = e.we_send ? &codes::kSourceRole : &codes::kDestinationRole;
      const Code* theirs = e.we_send ? &codes::kDestinationRole : &codes::kSourceRole;
      w.process(e.requestor.user_id.empty(), ours);
      w.person(e.remote, false, theirs);
      w.person(e.requestor, true, nullptr);
      w.source_identification();
      for (const Study& s : ss) w.study(s);
      for (const Patient& p : ps) w.patient(p);
      return w.finish();
    });
  }

  // PS3.15 A.5.3.6 DICOM Instances Accessed, action D: staged copies purged.
  std::vector<std::string> operator()(const InstancesPurged& e) const {
    return per_patient(e.patients, e.studies, [&](const std::vector<Patient>& ps, const std::vector<Study>& ss) {
      Writer w = start();
      w.event(codes::kInstancesAccessed, "D", e.when, ctx.time_ms);
      w.person(e.requestor, true, nullptr);
      w.process(e.requestor.user_id.empty(), nullptr);
      w.source_identification();
      for (const Study& s : ss) w.study(s);
      for (const Patient& p : ps) w.patient(p);
      std::vector<std::pair<std::string, std::string>> details;
      for (const std::string& path : e.paths) details.emplace_back("Removed", path);
      if (e.job_id != 0 || !details.empty()) w.job(e.job_id, 0, details);
      return w.finish();
    });
  }

  // PS3.15 A.5.3.11 Security Alert: the refusal succeeded, so a minor failure (A.5.3.11: mitigation
  // was effective); the refused peer is a performing participant, never the requestor.
  std::vector<std::string> operator()(const AccessRefused& e) const {
    Writer w = start();
    w.event(codes::kSecurityAlert, "E", e.when, ctx.time_ms, &codes::kUseOfRestrictedFunction);
    w.process(false, nullptr);
    w.person(e.who, false, nullptr);
    w.source_identification();
    w.x.open("ParticipantObjectIdentification")
        .attr("ParticipantObjectID", e.what.empty() ? "discusd" : e.what)
        .attr("ParticipantObjectTypeCode", "2")
        .attr("ParticipantObjectTypeCodeRole", "13");  // security resource
    w.x.coded("ParticipantObjectIDTypeCode", codes::kUri);
    w.x.open("ParticipantObjectName").text(e.what.empty() ? "discusd" : e.what).close();
    const std::string description = "refused: " + e.what;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(description.data());
    w.x.open("ParticipantObjectDetail").attr("type", "Alert Description").attr("value", base::base64_encode({bytes, description.size()})).close();
    w.x.close();
    return {w.finish()};
  }

  // PS3.15 A.5.3.11 Security Alert, type Software Configuration: the person who changed it.
  std::vector<std::string> operator()(const ConfigurationChanged& e) const {
    Writer w = start();
    w.event(codes::kSecurityAlert, "E", e.when, ctx.time_ms, &codes::kSoftwareConfiguration);
    w.person(e.who, true, nullptr, /*always_access_point=*/true);
    w.process(false, nullptr);
    w.source_identification();
    w.x.open("ParticipantObjectIdentification")
        .attr("ParticipantObjectID", "discusd settings")
        .attr("ParticipantObjectTypeCode", "2")
        .attr("ParticipantObjectTypeCodeRole", "13");  // security resource
    w.x.coded("ParticipantObjectIDTypeCode", codes::kUri);
    w.x.open("ParticipantObjectName").text("discusd settings").close();
    const std::string description = "changed: " + e.what;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(description.data());
    w.x.open("ParticipantObjectDetail").attr("type", "Alert Description").attr("value", base::base64_encode({bytes, description.size()})).close();
    w.x.close();
    return {w.finish()};
  }

  // PS3.15 A.5.3.12 User Authentication: the person's access point is mandatory.
  std::vector<std::string> operator()(const UserAuthenticated& e) const {
    Writer w = start();
    w.event(codes::kUserAuthentication, "E", e.when, ctx.time_ms, e.login ? &codes::kLogin : &codes::kLogout);
    w.person(e.user, true, nullptr, /*always_access_point=*/true);
    w.process(false, nullptr);
    w.source_identification();
    return {w.finish()};
  }

  // PS3.15 A.5.3.2 Audit Log Used.
  std::vector<std::string> operator()(const AuditLogUsed& e) const {
    Writer w = start();
    w.event(codes::kAuditLogUsed, "R", e.when, ctx.time_ms);
    w.person(e.reader, true, nullptr);
    w.process(e.reader.user_id.empty(), nullptr);
    w.source_identification();
    w.x.open("ParticipantObjectIdentification")
        .attr("ParticipantObjectID", e.log_uri.empty() ? "discus-audit-log" : e.log_uri)
        .attr("ParticipantObjectTypeCode", "2")
        .attr("ParticipantObjectTypeCodeRole", "13");
    w.x.coded("ParticipantObjectIDTypeCode", codes::kUri);
    w.x.open("ParticipantObjectName").text("Security Audit Log").close();
    w.x.close();
    return {w.finish()};
  }
};

}  // namespace

const Code& media_type(std::string_view code_value) {
  static constexpr const Code* kKnown[] = {&codes::kUsbDiskEmulation, &codes::kCd, &codes::kDvd, &codes::kUriMedia};
  for (const Code* c : kKnown)
    if (c->value == code_value) return *c;
  return codes::kUriMedia;
}

std::string event_date_time(std::int64_t time_ms) {
  const std::time_t seconds = static_cast<std::time_t>(time_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec, static_cast<int>(time_ms % 1000));
}

std::string event_kind(const AuditEvent& event) {
  static constexpr const char* kNames[] = {"export", "import", "transfer", "purge", "security-alert", "authentication",
                                           "audit-log-used", "security-alert", "patient-record"};
  static_assert(std::variant_size_v<AuditEvent> == std::size(kNames));
  if (const auto* t = std::get_if<InstancesTransferred>(&event); t != nullptr && t->begin) return "begin-transfer";
  return kNames[event.index()];
}

std::vector<std::string> audit_messages(const AuditEvent& event, const Source& source, const MessageContext& context) {
  return std::visit(Visitor{source, context}, event);
}

}  // namespace discus::daemon::audit
