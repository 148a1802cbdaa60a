// discus::daemon::audit — the coded values audit messages carry, as data.
//
// Event IDs are PS3.16 CID 400 "Audit Event ID", event types CID 401 and CID 403 "Security Alert
// Type", participant roles CID 402, object ID types CID 404 and RFC 3881's own table (patient
// number, URI), media types CID 405. Written as CodedValueType (PS3.15 A.5.1: csd-code,
// codeSystemName, originalText = the Code Meaning).
//   xml.coded("EventID", codes::kExport);
#pragma once

#include <string_view>

namespace discus::daemon::audit {

struct Code {
  std::string_view value;   // csd-code
  std::string_view scheme;  // codeSystemName
  std::string_view meaning; // originalText (the DICOM Code Meaning)
};

namespace codes {
// CID 400 Audit Event ID
inline constexpr Code kAuditLogUsed{"110101", "DCM", "Audit Log Used"};
inline constexpr Code kBeginTransferring{"110102", "DCM", "Begin Transferring DICOM Instances"};
inline constexpr Code kInstancesAccessed{"110103", "DCM", "DICOM Instances Accessed"};
inline constexpr Code kInstancesTransferred{"110104", "DCM", "DICOM Instances Transferred"};
inline constexpr Code kExport{"110106", "DCM", "Export"};
inline constexpr Code kImport{"110107", "DCM", "Import"};
inline constexpr Code kPatientRecord{"110110", "DCM", "Patient Record"};
inline constexpr Code kSecurityAlert{"110113", "DCM", "Security Alert"};
inline constexpr Code kUserAuthentication{"110114", "DCM", "User Authentication"};
// CID 401 Audit Event Type Code (User Authentication) and CID 403 Security Alert Type
inline constexpr Code kLogin{"110122", "DCM", "Login"};
inline constexpr Code kLogout{"110123", "DCM", "Logout"};
inline constexpr Code kUseOfRestrictedFunction{"110132", "DCM", "Use of Restricted Function"};
inline constexpr Code kSoftwareConfiguration{"110131", "DCM", "Software Configuration"};
// CID 402 Audit Active Participant Role ID
inline constexpr Code kApplication{"110150", "DCM", "Application"};
inline constexpr Code kDestinationRole{"110152", "DCM", "Destination Role ID"};
inline constexpr Code kSourceRole{"110153", "DCM", "Source Role ID"};
inline constexpr Code kDestinationMedia{"110154", "DCM", "Destination Media"};
inline constexpr Code kSourceMedia{"110155", "DCM", "Source Media"};
// CID 404 Audit Participant Object ID Type, and RFC 3881 5.5.4 codes PS3.15 A.5.3 names
inline constexpr Code kStudyInstanceUid{"110180", "DCM", "Study Instance UID"};
inline constexpr Code kPatientNumber{"2", "RFC-3881", "Patient Number"};
inline constexpr Code kUri{"12", "RFC-3881", "URI"};
// CID 405 Media Type Code
inline constexpr Code kUsbDiskEmulation{"110030", "DCM", "USB Disk Emulation"};
inline constexpr Code kCd{"110032", "DCM", "CD"};
inline constexpr Code kDvd{"110033", "DCM", "DVD"};
inline constexpr Code kUriMedia{"110037", "DCM", "URI"};
}  // namespace codes

// The CID 405 code for a code value given in Medium::media_type_code; kUriMedia (an image file
// named by its path) when empty or unknown.
const Code& media_type(std::string_view code_value);

}  // namespace discus::daemon::audit
