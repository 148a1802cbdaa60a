// discus::net::ul — Upper Layer PDUs (PS3.8 9.3) as values, encoded and decoded by pure functions.
//
// A PDU off the network is as hostile as a malformed file: decode_header() refuses a length above
// the caller's maximum before a byte of the body is read or allocated, and decode_pdu() checks every
// item and sub-item length against what is left (PS3.8 9.3.2-9.3.5, Annex D user information).
// P-DATA-TF is decoded into views of the caller's buffer so a 16 MB stream is never copied twice.
//
//   DISCUS_TRY(PduHeader h, decode_header(six_bytes, limits.max_pdu_length));
//   DISCUS_TRY(Pdu pdu, decode_pdu(h, body));   if (auto* rq = std::get_if<AssociateRq>(&pdu)) ...
//   base::Bytes wire = encode(Pdu{ReleaseRq{}});
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::net::ul {

// PS3.8 9.3.1: PDU types.
enum class PduType : std::uint8_t {
  kAssociateRq = 0x01, kAssociateAc = 0x02, kAssociateRj = 0x03, kPDataTf = 0x04,
  kReleaseRq = 0x05, kReleaseRp = 0x06, kAbort = 0x07,
};

inline constexpr std::string_view kDicomApplicationContext = "1.2.840.10008.3.1.1.1";  // PS3.7 A.2.1
inline constexpr std::size_t kPduHeaderLength = 6;
inline constexpr std::size_t kPdvHeaderLength = 6;  // uint32 item-length, PC-ID, control header
// Association PDUs are small (128 presentation contexts of ~100 bytes); more is refused as hostile.
inline constexpr std::uint32_t kMaxAssociatePduLength = 1u << 20;

// PS3.8 9.3.3.2 / Table 9-18: result/reason of an A-ASSOCIATE-AC presentation context.
enum class ContextResult : std::uint8_t {
  kAcceptance = 0, kUserRejection = 1, kNoReason = 2, kAbstractSyntaxNotSupported = 3,
  kTransferSyntaxesNotSupported = 4,
};

struct PresentationContextRq {
  std::uint8_t id = 1;  // odd, 1-255
  std::string abstract_syntax;
  std::vector<std::string> transfer_syntaxes;
};

struct PresentationContextAc {
  std::uint8_t id = 1;
  ContextResult result = ContextResult::kAcceptance;
  std::string transfer_syntax;  // significant only when accepted
};

// PS3.7 D.3.3.4 (sub-item 54H).
struct RoleSelection {
  std::string sop_class_uid;
  bool scu_role = false, scp_role = false;
};
// PS3.7 D.3.3.5 (sub-item 56H).
struct ExtendedNegotiation {
  std::string sop_class_uid;
  base::Bytes service_class_application_information;
};
// PS3.7 D.3.3.6 (sub-item 57H, RQ only).
struct CommonExtendedNegotiation {
  std::string sop_class_uid;
  std::string service_class_uid;
  std::vector<std::string> related_general_sop_classes;
};
// PS3.7 D.3.3.7 (sub-items 58H/59H).
struct UserIdentityRq {
  std::uint8_t type = 1;  // 1 username, 2 username+passcode, 3 Kerberos, 4 SAML, 5 JWT
  bool positive_response_requested = false;
  base::Bytes primary_field, secondary_field;
};
// PS3.7 D.3.3.3 (sub-item 53H); 0 means unlimited.
struct AsyncOperationsWindow {
  std::uint16_t max_operations_invoked = 1, max_operations_performed = 1;
};
struct UnknownSubItem {
  std::uint8_t type = 0;
  base::Bytes value;
};

// PS3.8 9.3.2.3 / PS3.7 Annex D: item 50H.
struct UserInformation {
  std::uint32_t max_pdu_length = 0;  // 51H: what the sender of this item can receive; 0 unlimited
  std::string implementation_class_uid;                   // 52H
  std::string implementation_version_name;                // 55H, empty when absent
  std::optional<AsyncOperationsWindow> async_operations;  // 53H
  std::vector<RoleSelection> role_selections;             // 54H
  std::vector<ExtendedNegotiation> extended_negotiations;  // 56H
  std::vector<CommonExtendedNegotiation> common_extended_negotiations;  // 57H
  std::optional<UserIdentityRq> user_identity_rq;          // 58H
  std::optional<base::Bytes> user_identity_ac;             // 59H server response
  std::vector<UnknownSubItem> unknown;                     // kept, not interpreted (PS3.8 9.3.1 tolerance)
};

// PS3.8 9.3.2 (RQ) and 9.3.3 (AC): the same frame, different presentation context items.
struct AssociateRq {
  std::uint16_t protocol_version = 1;
  std::string called_ae_title, calling_ae_title;  // trimmed of padding spaces
  std::string application_context = std::string(kDicomApplicationContext);
  std::vector<PresentationContextRq> presentation_contexts;
  UserInformation user_information;
};
struct AssociateAc {
  std::uint16_t protocol_version = 1;
  std::string called_ae_title, calling_ae_title;
  std::string application_context = std::string(kDicomApplicationContext);
  std::vector<PresentationContextAc> presentation_contexts;
  UserInformation user_information;
};

// PS3.8 9.3.4.
enum class RejectResult : std::uint8_t { kPermanent = 1, kTransient = 2 };
enum class RejectSource : std::uint8_t { kServiceUser = 1, kServiceProviderAcse = 2, kServiceProviderPresentation = 3 };
struct AssociateRj {
  RejectResult result = RejectResult::kPermanent;
  RejectSource source = RejectSource::kServiceUser;
  std::uint8_t reason = 1;  // meaning depends on source (Table 9-21)
};
namespace reject_reason {
inline constexpr std::uint8_t kNoReasonGiven = 1, kApplicationContextNotSupported = 2,
                              kCallingAeNotRecognized = 3, kCalledAeNotRecognized = 7;  // source 1
inline constexpr std::uint8_t kProtocolVersionNotSupported = 2;                        // source 2
inline constexpr std::uint8_t kTemporaryCongestion = 1, kLocalLimitExceeded = 2;       // source 3
}  // namespace reject_reason

// PS3.8 9.3.5.1: one presentation data value; `data` views the decoded PDU's buffer.
struct Pdv {
  std::uint8_t context_id = 1;
  std::uint8_t control = 0;  // bit 0: command, bit 1: last fragment
  base::ByteView data;
  bool is_command() const { return (control & 0x01) != 0; }
  bool is_last() const { return (control & 0x02) != 0; }
};
struct PDataTf {
  std::vector<Pdv> pdvs;
};
struct ReleaseRq {};
struct ReleaseRp {};

// PS3.8 9.3.8.
enum class AbortSource : std::uint8_t { kServiceUser = 0, kServiceProvider = 2 };
namespace abort_reason {
inline constexpr std::uint8_t kNotSpecified = 0, kUnrecognizedPdu = 1, kUnexpectedPdu = 2,
                              kUnrecognizedPduParameter = 4, kUnexpectedPduParameter = 5,
                              kInvalidPduParameterValue = 6;
}  // namespace abort_reason
struct Abort {
  AbortSource source = AbortSource::kServiceUser;
  std::uint8_t reason = 0;
};

using Pdu = std::variant<AssociateRq, AssociateAc, AssociateRj, PDataTf, ReleaseRq, ReleaseRp, Abort>;

struct PduHeader {
  PduType type = PduType::kAbort;
  std::uint32_t length = 0;  // bytes after the 6-byte header
};

// The 6-byte common header. Refuses an unknown type, and a length above `max_length` (P-DATA-TF)
// or kMaxAssociatePduLength (the others), before the body is read.
base::Result<PduHeader> decode_header(base::ByteView six_bytes, std::uint32_t max_length);

// The body of a PDU whose header was `header`; `body.size()` must equal header.length.
// PDataTf views point into `body`.
base::Result<Pdu> decode_pdu(const PduHeader& header, base::ByteView body);
// Header and body in one buffer (tests, fuzzing).
base::Result<Pdu> decode_pdu(base::ByteView whole, std::uint32_t max_length);

base::Bytes encode(const Pdu& pdu);
// One P-DATA-TF PDU holding one PDV: the hot path of sending, without building a PDataTf.
void encode_p_data(base::Bytes& out, std::uint8_t context_id, std::uint8_t control, base::ByteView fragment);

std::string_view pdu_name(PduType type);
// An AE title as PS3.8 9.3.2 carries it: 16 bytes, space padded; and its comparable form.
std::string trim_ae_title(std::string_view padded);
// PS3.5 6.2 AE: 1-16 characters of the default repertoire, no backslash or control characters,
// not all spaces.
bool valid_ae_title(std::string_view title);

}  // namespace discus::net::ul
