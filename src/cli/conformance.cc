#include "cli/conformance.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "base/file.h"
#include "dicom/charset/coded_sets.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/dict/uid_registry.h"
#include "dicom/part10/writer.h"
#include "net/dimse/negotiation.h"
#include "net/dimse/status.h"
#include "net/services/mcm_scp.h"
#include "net/services/query_keys.h"
#include "net/services/server.h"

namespace discus::cli {
namespace {

namespace fs = std::filesystem;
namespace mcm = net::services;

constexpr const char* kDicomFile = "DICOM_Conformance_Statement.md";
constexpr const char* kIheFile = "IHE_Integration_Statement.md";

std::string name_of(std::string_view uid) {
  const dicom::dict::UidEntry* e = dicom::dict::find_uid(uid);
  return e != nullptr ? std::string(e->name) : std::string(uid);
}

// What the acceptor's negotiation (net/dimse negotiate()) accepts for `sop_class`: every transfer
// syntax the dictionary knows is proposed in a context of its own, and the accepted ones are kept.
std::vector<std::string> accepted_syntaxes(std::string_view sop_class) {
  net::ul::AssociateRq rq;
  rq.called_ae_title = "DISCUS";
  rq.calling_ae_title = "CONFORMANCE";
  std::uint8_t id = 1;
  for (const auto& ts : dicom::dict::all_transfer_syntaxes()) {
    rq.presentation_contexts.push_back({id, std::string(sop_class), {std::string(ts.uid)}});
    if (id >= 253) break;
    id = static_cast<std::uint8_t>(id + 2);
  }
  net::dimse::AcceptPolicy policy;  // the listener's: Verification and Storage
  const net::ul::AssociateAc ac = net::dimse::negotiate(rq, policy, 256 * 1024);
  std::vector<std::string> out;
  for (const auto& pc : net::dimse::accepted_contexts(rq, ac)) out.push_back(pc.transfer_syntax);
  return out;
}

std::string syntax_rows(const std::vector<std::string>& uids) {
  std::string out = "| Transfer Syntax | UID |\n|---|---|\n";
  for (const std::string& u : uids) {
    const auto* ts = dicom::dict::find_transfer_syntax(u);
    out += fmt::format("| {}{} | {} |\n", name_of(u), ts != nullptr && ts->retired ? " (retired)" : "", u);
  }
  return out;
}

std::vector<const dicom::dict::UidEntry*> storage_classes() {
  std::vector<const dicom::dict::UidEntry*> out;
  for (const auto& e : dicom::dict::all_uids())
    if (e.type == "SOP Class" && net::dimse::is_storage_sop_class(e.uid)) out.push_back(&e);
  return out;
}

bool has_role(const media::profile::ApplicationProfile& p, std::string_view role) {
  return std::find(p.roles.begin(), p.roles.end(), role) != p.roles.end();
}

// Discus's roles for a profile: FSC (discus author, discusd jobs) for every profile it may
// create, FSU (discus update) where the profile allows updates, FSR (discus verify, dir, import)
// for every profile, retired ones included (media made before they were retired are still read).
std::string our_roles(const media::profile::ApplicationProfile& p) {
  std::vector<std::string> r;
  if (!p.retired && has_role(p, "FSC")) r.emplace_back("FSC");
  if (!p.retired && p.fsu_allowed) r.emplace_back("FSU");
  if (has_role(p, "FSR") || p.retired) r.emplace_back("FSR");
  std::string out;
  for (const auto& x : r) out += (out.empty() ? "" : ", ") + x;
  return out;
}

struct StatusRow {
  std::string_view service;
  std::uint16_t code;
  std::string_view meaning, when;
};

// The statuses the Media Creation Management SCP sends, step by step (mcm_scp.h).
std::vector<StatusRow> mcm_statuses() {
  return {
      {"N-CREATE", 0x0000, "Success", "the request is received (never a warning: PS3.4 S.3.2.1.3); no profile or instance is checked yet"},
      {"N-CREATE", net::dimse::status::kDuplicateSopInstance, "Duplicate SOP Instance", "a request with this SOP Instance UID exists"},
      {"N-CREATE", mcm::mcm_status::kInitiateAlreadyReceived, "Initiate already received", "an Initiate Media Creation was received for this SOP Instance"},
      {"N-CREATE", mcm::mcm_status::kMissingAttribute, "Missing Attribute", "no Referenced SOP Sequence (0008,1199)"},
      {"N-CREATE", mcm::mcm_status::kMissingAttributeValue, "Missing Attribute Value", "the sequence is empty, or an item lacks a SOP Class or Instance UID"},
      {"N-CREATE", mcm::mcm_status::kInvalidAttributeValue, "Invalid Attribute Value", "a YES/NO flag with another value, a UID that is not one"},
      {"N-ACTION 1", 0x0000, "Success", "scheduled: the request is then checked at once, and a request Discus cannot honour goes to FAILURE (see Execution Status Info)"},
      {"N-ACTION 1", net::dimse::status::kDuplicateInvocation, "Duplicate invocation", "the request was already initiated"},
      {"N-ACTION 1", mcm::mcm_status::kInvalidArgumentValue, "Invalid argument value", "Number of Copies not 1-999, Request Priority not HIGH/MED/LOW"},
      {"N-ACTION 2", 0x0000, "Success", "the request is cancelled and deleted (a later N-GET answers 0112H)"},
      {"N-ACTION 2", mcm::mcm_status::kAlreadyCompleted, "Media creation request already completed", "every copy was made and verified"},
      {"N-ACTION 2", mcm::mcm_status::kInProgressCannotInterrupt, "In progress, cannot be interrupted", "a copy is being burnt or read back"},
      {"N-ACTION 2", mcm::mcm_status::kCancellationDenied, "Cancellation denied", "the queue refused the cancel"},
      {"N-ACTION", mcm::mcm_status::kNoSuchAction, "No such action", "an Action Type ID other than 1 or 2"},
      {"N-ACTION, N-GET", mcm::mcm_status::kNoSuchSopInstance, "No such SOP Instance", "an unknown (or cancelled) request"},
      {"N-GET", 0x0000, "Success", "the attributes below"},
      {"any", net::dimse::status::kUnrecognizedOperation, "Unrecognized operation", "N-SET, N-DELETE, N-EVENT-REPORT (not defined for the SOP class)"},
      {"any", net::dimse::status::kMistypedArgument, "Mistyped argument", "a data set that cannot be parsed"},
      {"any", net::dimse::status::kResourceLimitation, "Resource limitation", "discusd is starting or stopping"},
  };
}

struct InfoRow {
  std::string_view status, info, when;
};
std::vector<InfoRow> mcm_infos() {
  namespace i = mcm::execution_status_info;
  return {
      {"IDLE", i::kNormal, "created, not initiated"},
      {"PENDING", i::kQueued, "initiated, its job queued (or held by an operator)"},
      {"CREATING", i::kNormal, "its job is running; Total Number of Pieces of Media Created counts the verified copies"},
      {"DONE", i::kNormal, "every copy made and verified"},
      {"FAILURE", i::kDuplRefInst, "an instance referenced twice"},
      {"FAILURE", i::kNotSupported, "a profile Discus does not have, a retired or secure profile, one that is not an optical disc's, or two profiles in one request"},
      {"FAILURE", i::kInstApConflict, "a SOP Class the requested profile does not allow (Failure Reason 0122H)"},
      {"FAILURE", i::kNoInstance, "an instance not received by C-STORE (Failure Reason 0112H)"},
      {"FAILURE", i::kSetOversized, "the file-set does not fit the medium (no splitting)"},
      {"FAILURE", i::kDirProcErr, "the DICOMDIR could not be built"},
      {"FAILURE", i::kMcdFailure, "the drive failed, or a copy was rejected too often"},
      {"FAILURE", i::kInsufficMemory, "no room to stage the file-set"},
      {"FAILURE", i::kProcFailure, "any other failure of the job"},
      {"FAILURE", i::kUnknown, "the job was cancelled by an operator (not by the SCU)"},
  };
}

std::string overview(const media::profile::ProfileRegistry& profiles) {
  std::string out = R"(## 1 Conformance Statement Overview

Discus is a DICOM media appliance: it receives composite instances over the network (Storage SCP)
and as Media Creation Management requests (SCP), authors PS3.10 file-sets for the Media Storage
Application Profiles of PS3.11, writes them to CD, DVD, BD (ISO 9660 and UDF) and USB media, reads
every copy back, and imports media. The daemon `discusd` is the networking Application Entity; the
command-line `discus` is a second one (Verification and Storage SCU) and the media application.

| SOP Classes | User of Service (SCU) | Provider of Service (SCP) |
|---|---|---|
| Verification | Yes (`discus echo`) | Yes (`discusd`) |
)";
  out += fmt::format("| Storage: the {} Storage SOP Classes of Table 4.2-2 | Yes (`discus send`) | Yes (`discusd`) |\n",
                     storage_classes().size());
  out += "| Media Creation Management | No | Yes (`discusd`) |\n"
         "| Query/Retrieve: Patient Root and Study Root FIND, MOVE, GET | Yes (`discus find`, `move`, `get`; `discusd` FIND and MOVE "
         "for `/v1/nodes`) | No |\n"
         "| Modality Worklist Information Model - FIND | Yes (`discus find --level WORKLIST`, `discus import --mwl`) | No |\n"
         "| Modality Performed Procedure Step (Import PPS) | Yes (`discus import --mpps`) | No |\n"
         "| Storage Commitment Push Model | Yes (`discus import --commit`) | No |\n\n";
  out += "| Media Storage Application Profiles | Write Files (FSC or FSU) | Read Files (FSR) |\n|---|---|---|\n";
  std::size_t fsc = 0, fsu = 0, fsr = 0;
  for (const auto& p : profiles.all()) {
    const std::string r = our_roles(p);
    fsc += r.find("FSC") != std::string::npos;
    fsu += r.find("FSU") != std::string::npos;
    fsr += r.find("FSR") != std::string::npos;
  }
  out += fmt::format("| the {} profiles of Table 5.2-1 | FSC: {} profiles; FSU: {} | {} profiles |\n\n", profiles.all().size(), fsc, fsu, fsr);
  return out;
}

std::string networking() {
  std::string out = fmt::format(R"(## 4 Networking

### 4.1 Implementation Model

Application data flow: a remote Storage SCU sends instances to the `discusd` AE, which stores
them bit-preserving in its study store (one file per instance, fsynced and indexed before the
C-STORE response). A remote Media Creation Management SCU then asks the same AE for media made
of instances it sent: the request becomes a job of the station's durable queue, which authors the
file-set, burns each copy and reads it back. The `discus` command-line AE sends files (Storage
SCU) and tests a peer (Verification SCU). There is no sequencing of real-world activities beyond
"instances before the request that references them" (PS3.4 S.1).

### 4.2 AE Specifications

#### 4.2.1 `discusd` (the station's AE; AE title `--aet`, default `DISCUS`)

| SOP Class | UID | SCU | SCP |
|---|---|---|---|
| Verification | {} | Yes (`/v1/nodes/NAME/echo`) | Yes |
| Media Creation Management | {} | No | Yes |
| Storage SOP Classes of Table 4.2-2 | | No | Yes |
| Patient Root Query/Retrieve Information Model - FIND | {} | Yes (`/v1/nodes/NAME/query`, PATIENT) | No |
| Study Root Query/Retrieve Information Model - FIND | {} | Yes (`/v1/nodes/NAME/query`) | No |
| Study Root Query/Retrieve Information Model - MOVE | {} | Yes (`/v1/nodes/NAME/retrieve`, to itself) | No |
| Modality Worklist Information Model - FIND | {} | Yes (`/v1/nodes/NAME/query`, WORKLIST) | No |

General association parameters: Application Context Name 1.2.840.10008.3.1.1.1; maximum PDU
length received {} bytes (announced in the A-ASSOCIATE-AC and enforced on receipt); at most {}
associations at once (further requests: A-ASSOCIATE-RJ transient, local limit exceeded);
asynchronous operations window 1/1 (one operation at a time); ARTIM and DIMSE timeouts apply to
every read. Implementation Class UID {}, Implementation Version Name {}.

Association acceptance: the called AE title must be the station's; the calling AE titles and the
peer addresses (IPs or CIDR prefixes) may be restricted in `[dicom]` of discus.toml (refusals:
A-ASSOCIATE-RJ permanent, calling or called AE title not recognized).

Association initiation: `discusd` opens associations only when an API call asks (`/v1/nodes`:
echo, query, retrieve), to the `[pacs.NAME]` nodes of its configuration, with their calling AE
title; a retrieve names the station's own AE title as Move Destination, and the instances arrive
through the listener above.

Presentation contexts accepted, Verification (`discusd` picks the proposer's first acceptable
syntax):

{}
Presentation contexts accepted, every Storage SOP Class of Table 4.2-2, SCP role (instances are
stored as received, in the proposer's first syntax that Discus reads and writes):

{}
Presentation contexts accepted, Media Creation Management, SCP role:

{}
)",
                                net::dimse::kVerificationSopClass, mcm::kMediaCreationManagementSopClass,
                                net::services::find_sop_class(net::services::QueryModel::kPatientRoot),
                                net::services::find_sop_class(net::services::QueryModel::kStudyRoot),
                                net::services::move_sop_class(net::services::QueryModel::kStudyRoot),
                                net::services::find_sop_class(net::services::QueryModel::kWorklist), 256 * 1024, 64,
                                dicom::part10::kImplementationClassUID, dicom::part10::kImplementationVersionName,
                                syntax_rows(accepted_syntaxes(net::dimse::kVerificationSopClass)),
                                syntax_rows(accepted_syntaxes("1.2.840.10008.5.1.4.1.1.2")),
                                syntax_rows({net::services::kServiceTransferSyntaxes.begin(), net::services::kServiceTransferSyntaxes.end()}));
  out += R"(##### 4.2.1.1 Storage SCP conformance

Level 2 (Full) storage: every element is kept, bit-preserving, as received; nothing is coerced.
The file gets a File Meta Information naming the calling AE title as Source AE Title. Success
(0000H) is answered only once the file is durable and indexed; A700H when it cannot be written,
0122H on a context of another SOP class. Duplicates are replaced, kept or refused (`[dicom]
duplicates`). Instances stay in the store until purged by its retention rule (`[store]
retention_days`, default 7 days) or an operator.

##### 4.2.1.2 Media Creation Management SCP conformance (PS3.4 Annex S)

A request is N-CREATEd, initiated (N-ACTION 1) or cancelled (N-ACTION 2), and read (N-GET).
Requests are queued (several at once; the queue is durable: an initiated request survives a
restart of `discusd`, a created but not initiated one does not). Instances must have been sent
to the same station by C-STORE first; they are kept after the media are made for as long as the
store keeps them (Preserve Composite Instances After Media Creation also keeps the job's staged
file-set, as its audit rule allows). One file-set per medium: all items of a request share one
Requested Media Application Profile (an item without one takes the others'; none at all: the
configured default profile). No splitting over several media, no lossy compression, no
non-DICOM objects beyond the display application.

Attributes of the N-CREATE: Referenced SOP Sequence with Requested Media Application Profile per
item (honoured); Label Text, Label Style Selection, Barcode Value and Symbology, Media Disposition,
Label Using Information Extracted From Instances (kept with the job, for the label printer);
Storage Media File-set ID (the DICOMDIR's File-set ID, upper-cased to CS); Include Display
Application (YES or absent: the disc viewer is written; NO: it is not); Preserve Composite
Instances After Media Creation (honoured as above); Specific Character Set (kept). Action
information: Number of Copies (1-999; absent: 1) and Request Priority (HIGH, MED, LOW: the
queue's priority). N-GET returns every attribute (the Attribute Identifier List is not read):
Execution Status, Execution Status Info, Total Number of Pieces of Media Created, Failed SOP
Sequence (items with Failure Reason), Referenced Storage Media Sequence (one item per piece made,
with the File-set ID and UID asked for), and the request's own attributes.

Statuses, by step:

| Operation | Status | Meaning | When |
|---|---|---|---|
)";
  for (const StatusRow& r : mcm_statuses())
    out += fmt::format("| {} | {:04X}H | {} | {} |\n", r.service, r.code, r.meaning, r.when);
  out += "\nExecution Status (2100,0020) and Execution Status Info (2100,0030), as N-GET reports them:\n\n"
         "| Execution Status | Execution Status Info | When |\n|---|---|---|\n";
  for (const InfoRow& r : mcm_infos()) out += fmt::format("| {} | {} | {} |\n", r.status, r.info, r.when);
  out += R"(
#### 4.2.2 `discus` (command line; AE title `--aet`, default `DISCUS`)

| SOP Class | SCU | SCP |
|---|---|---|
| Verification (`discus echo`) | Yes | No |
| Storage SOP Classes (`discus send`) | Yes | No |
| Storage SOP Classes (`discus store-scp`, a foreground receiver) | No | Yes |
| Patient Root and Study Root Query/Retrieve - FIND, MOVE, GET (`discus find`, `move`, `get`) | Yes | No |
| Patient Root Query/Retrieve - FIND (`discus import --patient-source`, PATIENT level) | Yes | No |
| Modality Worklist Information Model - FIND (`discus find --level WORKLIST`, `discus import --mwl`) | Yes | No |
| Modality Performed Procedure Step (`discus import --mpps`: N-CREATE, N-SET) | Yes | No |
| Storage Commitment Push Model (`discus import --commit`: N-ACTION; the N-EVENT-REPORT on the same association or on a new one the SCP opens, whose proposed roles are granted) | Yes | No |

`discus send` proposes each file's SOP class in the file's own transfer syntax and, in a second
context, in Explicit and Implicit VR Little Endian; a file is sent in the syntax accepted. A
failure status of a C-STORE-RSP is reported and the next file sent.

Not DICOM: `discus import --pdq` is an IHE PDQ Patient Demographics Consumer (ITI-21,
QBP^Q22/RSP^K22 in HL7 v2.5 over MLLP, no TLS).

### 4.3 Network Interfaces

TCP/IP, IPv4 and IPv6. DICOM over TLS (`--dicom-tls-key`, `--dicom-tls-cert`, `--dicom-tls-ca`):
see section 7.

### 4.4 Configuration

AE title and port: `discusd --aet AET --dicom-port N`, or `[dicom] ae_title`, `port` in
/etc/discus/discus.toml; allowed calling AE titles and addresses, duplicates policy and the
maximum number of associations there too. Remote AEs are not configured: any allowed peer may
associate.

)";
  return out;
}

std::string media(const media::profile::ProfileRegistry& profiles) {
  std::string out = R"(## 5 Media Interchange

### 5.1 Implementation Model

The media application (`discus author`, `discus update`, `discus verify`, `discus dir`, and
`discusd`'s jobs) creates file-sets (FSC) in a staging folder, writes them to the medium and
reads every copy back; updates file-sets (FSU); reads them (FSR) to verify, list and import.

### 5.2 Application Profiles

Roles per profile (the profiles are data: profiles/*.json, read by the same loader the
application uses):

| Profile | Title | Medium | Roles of Discus | Reference |
|---|---|---|---|---|
)";
  for (const auto& p : profiles.all())
    out += fmt::format("| {}{} | {} | {} | {} | {} |\n", p.id, p.retired ? " (retired)" : "", p.title,
                       p.medium_id.empty() ? p.medium : p.medium_id, our_roles(p), p.reference);
  out += R"(
File-set ID: the `--fileset-id` of `discus author`, or Storage Media File-set ID of a Media
Creation Management request; File-set UID: generated. Secure profiles (STD-GEN-SEC-*) are
written as PS3.15 Annex D secure DICOM files for the recipients' certificates given. The disc
viewer (VIEWER/INDEX.HTM) is added on disc and USB media unless `--no-viewer` or Include Display
Application NO.

)";
  return out;
}

std::string character_sets() {
  std::string out = R"(## 6 Support of Character Sets

Instances are stored and written to media as received: their Specific Character Set (0008,0005)
is kept. Discus decodes text (reports, the DICOMDIR's keys, the viewer's index, the audit trail)
for every Defined Term below; text that leaves the process is UTF-8. A Media Creation Management
request may carry any of them; its text attributes are passed on unchanged.

| Specific Character Set (0008,0005) | Kind |
|---|---|
| (absent) / ISO_IR 6 | default repertoire |
)";
  for (const auto& t : dicom::charset::defined_terms()) {
    if (t.term.empty()) continue;
    std::string_view kind;
    switch (t.kind) {
      case dicom::charset::TermKind::kDefault: kind = "default repertoire"; break;
      case dicom::charset::TermKind::kSingleByte: kind = "single-byte, no code extensions"; break;
      case dicom::charset::TermKind::kIso2022: kind = "ISO 2022 code extensions"; break;
      case dicom::charset::TermKind::kUtf8: kind = "Unicode UTF-8"; break;
      case dicom::charset::TermKind::kWholeValue: kind = "multi-byte, no code extensions"; break;
    }
    if (t.term == "ISO_IR 6") continue;
    out += fmt::format("| {} | {} |\n", t.term, kind);
  }
  return out + "\n";
}

std::string security() {
  return R"(## 7 Security

- Secure transport (PS3.15 Annex B): DICOM over TLS 1.2 or 1.3 with the BCP 195 profiles, forward
  secret AEAD cipher suites; with a CA file the peer's certificate is required and verified.
- Association control: the called AE title, allowed calling AE titles, allowed peer addresses.
- Audit trail (PS3.15 A.5, IHE ATNA): DICOM Instances Transferred for each association that
  stored instances, Data Export for each verified medium, Instances Accessed (delete) for purges,
  Security Alert for refusals, sent by syslog over TLS (RFC 5425) or UDP (RFC 5426) and kept
  locally.
- Secure media: PS3.15 Annex D secure DICOM files (CMS envelopes) for the STD-GEN-SEC-* profiles.
- The local API (job queue) answers on a Unix socket to authorised users, or on TLS with bearer
  tokens.

)";
}

std::string ihe(const media::profile::ProfileRegistry& profiles) {
  std::vector<std::string> gen;
  for (const auto& p : profiles.all())
    if (!p.retired && !p.secure && p.id.starts_with("STD-GEN-") && our_roles(p).find("FSC") != std::string::npos &&
        media::profile::disc_medium_of(p) != nullptr)
      gen.push_back(p.id);
  std::string list;
  for (const auto& g : gen) list += (list.empty() ? "" : ", ") + g;
  return fmt::format(R"(# IHE Integration Statement — Discus

Generated by `discus __conformance` from the tables the code uses; do not edit by hand
(`discus __conformance --out packaging/conformance` writes it again).

| Vendor | Product Name | Version | Date |
|---|---|---|---|
| the Discus project | Discus media appliance (`discusd`, `discus`) | see the package | see the package |

This product implements all transactions required in the IHE Technical Framework to support the
IHE Integration Profiles, Actors and Options listed below.

| Integration Profile | Actor | Options | Technical Framework |
|---|---|---|---|
| Portable Data for Imaging (PDI) | Portable Media Creator | DVD Media, USB Media, Privacy Protection (secure profiles), Web Content (the disc viewer) | RAD TF-1: 15 |
| Portable Data for Imaging (PDI) | Portable Media Importer | none | RAD TF-1: 15 |
| Import Reconciliation Workflow (IRWF) | Importer | none | RAD TF-1: 21 |
| Audit Trail and Node Authentication (ATNA) | Secure Node | Syslog-TLS, Syslog-UDP | ITI TF-1: 9 |
| Patient Demographics Query (PDQ) | Patient Demographics Consumer | none (HL7 v2.5 over MLLP) | ITI TF-1: 8 |

Notes:

- PDI Portable Media Creator: media are written in the General Purpose profiles of PS3.11
  ({}) with a DICOMDIR, README.TXT and, unless asked otherwise, the viewer; every copy is read
  back before it counts. Requests come from the operator, the API, auto-burn rules or DICOM Media
  Creation Management (PS3.4 Annex S, SCP).
- PDI Portable Media Importer and IRWF Importer: `discus import` reads a medium's DICOMDIR,
  reconciles patient and study attributes and sends the instances to a configured node. The local
  patient comes from the Modality Worklist (scheduled import), a PDQ supplier (ITI-21) or a
  patient-level C-FIND to the PACS (unscheduled import); Import PPS (RAD-59/60) and Storage
  Commitment (RAD-10) when configured.
- ATNA Secure Node: DICOM over TLS (BCP 195) and the audit messages of the DICOM Conformance
  Statement, section 7.
)",
                     list);
}

base::Status write_text(const fs::path& path, const std::string& text) {
  auto f = base::AtomicOutputFile::create(path.string());
  if (!f) return f.error();
  DISCUS_CHECK(f->write(base::as_bytes(text)));
  return f->commit();
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The first line where `want` and `have` differ, for the drift message.
std::string first_difference(const std::string& want, const std::string& have) {
  std::istringstream a(want), b(have);
  std::string la, lb;
  for (int n = 1;; ++n) {
    const bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
    if (!ga && !gb) return "identical";
    if (la != lb || ga != gb) return fmt::format("line {}: expected \"{}\", found \"{}\"", n, ga ? la : "(end)", gb ? lb : "(end)");
  }
}

}  // namespace

std::string dicom_conformance_statement(const media::profile::ProfileRegistry& profiles) {
  std::string out = R"(# DICOM Conformance Statement — Discus

Generated by `discus __conformance` from the tables the code uses (the association negotiation,
the profiles of profiles/, the character set table, the Media Creation Management SCP's statuses);
do not edit by hand (`discus __conformance --out packaging/conformance` writes it again, and the
test conformance_test fails when it differs). Layout of PS3.2 Annex A.

)";
  out += overview(profiles);
  out += R"(## 2 Table of Contents

1 Overview · 3 Introduction · 4 Networking · 5 Media Interchange · 6 Character Sets · 7 Security ·
Table 4.2-2 Storage SOP Classes

## 3 Introduction

Audience: integrators of PACS, RIS and modalities that send studies to Discus or ask it for
media. Remarks: the statement describes the software as built from this source tree; the
configuration (section 4.4) may restrict it further. Terms are those of PS3.1-PS3.18; PS3.4
Annex S for Media Creation Management, PS3.10-PS3.12 for media.

)";
  out += networking();
  out += media(profiles);
  out += character_sets();
  out += security();
  out += "## Table 4.2-2 Storage SOP Classes (SCP of `discusd`, SCU of `discus send`)\n\n| SOP Class | UID |\n|---|---|\n";
  for (const auto* e : storage_classes()) out += fmt::format("| {}{} | {} |\n", e->name, e->retired ? " (retired)" : "", e->uid);
  return out;
}

std::string ihe_integration_statement(const media::profile::ProfileRegistry& profiles) { return ihe(profiles); }

void add_conformance(CLI::App& root, Context& ctx) {
  CLI::App* c = root.add_subcommand("__conformance", "write the DICOM Conformance and IHE Integration Statements")->group("");
  auto out = std::make_shared<std::string>();
  auto check = std::make_shared<std::string>();
  c->add_option("--out", *out, "write the statements into DIR");
  c->add_option("--check", *check, "compare DIR's statements with what would be written; exit 1 on drift");
  on_run(*c, ctx, [out, check](Context&) {
    if (out->empty() == check->empty()) return usage_error("__conformance", "give one of --out DIR or --check DIR");
    auto profiles = media::profile::ProfileRegistry::load(media::profile::default_profile_directory());
    if (!profiles) {
      fmt::print(stderr, "discus __conformance: profiles: {}\n", profiles.error().describe());
      return kExitFailed;
    }
    const std::pair<const char*, std::string> files[] = {{kDicomFile, dicom_conformance_statement(*profiles)},
                                                         {kIheFile, ihe_integration_statement(*profiles)}};
    int rc = kExitOk;
    for (const auto& [name, text] : files) {
      if (!out->empty()) {
        std::error_code ec;
        fs::create_directories(*out, ec);
        if (auto st = write_text(fs::path(*out) / name, text); !st) {
          fmt::print(stderr, "discus __conformance: {}\n", st.error().describe());
          return kExitFailed;
        }
        continue;
      }
      const std::string have = read_text(fs::path(*check) / name);
      if (have != text) {
        fmt::print(stderr, "discus __conformance: {} drifted from the code ({}); run discus __conformance --out {}\n",
                   (fs::path(*check) / name).string(), first_difference(text, have), *check);
        rc = kExitFailed;
      }
    }
    return rc;
  });
}

}  // namespace discus::cli
