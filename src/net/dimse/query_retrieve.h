// discus::net::dimse — the Query/Retrieve and Worklist messages (PS3.7 9.1.2-9.1.4, 9.3.2-9.3.4,
// PS3.4 C.4 and K.4): C-FIND, C-MOVE, C-GET and C-CANCEL requests, their status codes as data
// (PS3.4 C.4.1.1.4, C.4.2.1.5, C.4.3.1.4), and identifiers (data sets without File Meta, in the
// presentation context's transfer syntax) encoded and decoded with the Part 10 reader and writer.
//
//   send_message(assoc, pc, peer_max, c_find_rq(1, uids::StudyRoot...Find), &identifier_source);
//   DISCUS_TRY(Response r, receive_response(assoc, 16 << 20));   // command + identifier bytes
//   DISCUS_TRY(dicom::DataSet id, decode_identifier(r.data, pc_transfer_syntax));
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "dicom/core/dataset.h"
#include "net/dimse/command.h"
#include "net/ul/association.h"

namespace discus::net::dimse {

Command c_find_rq(std::uint16_t message_id, std::string sop_class_uid, std::uint16_t priority = kMedium);
Command c_move_rq(std::uint16_t message_id, std::string sop_class_uid, std::string move_destination,
                  std::uint16_t priority = kMedium);
Command c_get_rq(std::uint16_t message_id, std::string sop_class_uid, std::uint16_t priority = kMedium);
// PS3.7 9.3.2.3: on the request's presentation context, naming the request's Message ID.
Command c_cancel_rq(std::uint16_t message_id_being_responded_to);

namespace status {
// PS3.4 C.4.1.1.4 (C-FIND), C.4.2.1.5 (C-MOVE), C.4.3.1.4 (C-GET).
inline constexpr std::uint16_t kPending = 0xFF00;
inline constexpr std::uint16_t kPendingOptionalKeysNotSupported = 0xFF01;
inline constexpr std::uint16_t kCancel = 0xFE00;
inline constexpr std::uint16_t kUnableToCalculateMatches = 0xA701;
inline constexpr std::uint16_t kUnableToPerformSubOperations = 0xA702;
inline constexpr std::uint16_t kMoveDestinationUnknown = 0xA801;
inline constexpr std::uint16_t kIdentifierDoesNotMatchSopClass = 0xA900;
inline constexpr std::uint16_t kSubOperationsCompleteWithFailures = 0xB000;
}  // namespace status

// "A801H Refused: Move Destination unknown": the Q/R meanings first (where a code means something
// else for C-STORE, e.g. B000H), then describe_status().
std::string describe_qr_status(std::uint16_t code);

// An identifier as the data set of a message in `transfer_syntax_uid` (native syntaxes only).
base::Result<base::Bytes> encode_identifier(const dicom::DataSet& identifier, std::string_view transfer_syntax_uid);
// The identifier a peer sent: hostile input, read by the Part 10 reader (lengths checked, depth
// capped); an error names what is wrong in it.
base::Result<dicom::DataSet> decode_identifier(base::ByteView bytes, std::string_view transfer_syntax_uid);

// One complete message from the peer: its command and, when it has one, its data set gathered in
// memory (refused beyond `max_data_bytes`). A release or abort instead is an error; an A-ABORT
// from the peer says so.
struct Response {
  std::uint8_t context_id = 0;
  Command command;
  std::optional<base::Bytes> data;
};
base::Result<Response> receive_response(ul::Association& assoc, std::uint64_t max_data_bytes);

}  // namespace discus::net::dimse
