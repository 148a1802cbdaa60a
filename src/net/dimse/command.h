// discus::net::dimse — DIMSE command sets (PS3.7 6.3, 9.3, 10.3, Annex E), always implicit VR LE.
//
// A Command is a flat value of the command elements the C- and N- services use; the mapping from
// members to tags and VRs is one table (kFields in command.cc), so encoding and decoding cannot
// disagree. Decoding checks every element length against what is left and tolerates unknown
// group-0000 elements (skipped); Command Group Length is written, and checked when read.
//
//   Command rq = c_echo_rq(7);   base::Bytes wire = encode_command(rq);
//   DISCUS_TRY(Command c, decode_command(wire));   if (c.command_field == kCStoreRq) ...
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::net::dimse {

// PS3.7 E.1 Command Field values (a response is the request | 8000H).
enum CommandFieldValue : std::uint16_t {
  kCStoreRq = 0x0001, kCStoreRsp = 0x8001, kCGetRq = 0x0010, kCGetRsp = 0x8010,
  kCFindRq = 0x0020, kCFindRsp = 0x8020, kCMoveRq = 0x0021, kCMoveRsp = 0x8021,
  kCEchoRq = 0x0030, kCEchoRsp = 0x8030, kCCancelRq = 0x0FFF,
  kNEventReportRq = 0x0100, kNEventReportRsp = 0x8100, kNGetRq = 0x0110, kNGetRsp = 0x8110,
  kNSetRq = 0x0120, kNSetRsp = 0x8120, kNActionRq = 0x0130, kNActionRsp = 0x8130,
  kNCreateRq = 0x0140, kNCreateRsp = 0x8140, kNDeleteRq = 0x0150, kNDeleteRsp = 0x8150,
};
inline constexpr std::uint16_t kNoDataSet = 0x0101;    // PS3.7 E.1 CommandDataSetType
inline constexpr std::uint16_t kHasDataSet = 0x0000;
inline constexpr std::uint32_t kMaxCommandLength = 64 * 1024;  // a command set is a few hundred bytes

enum Priority : std::uint16_t { kMedium = 0x0000, kHigh = 0x0001, kLow = 0x0002 };

struct Command {
  std::uint16_t command_field = 0;
  std::uint16_t data_set_type = kNoDataSet;
  std::string affected_sop_class_uid;         // (0000,0002)
  std::string requested_sop_class_uid;        // (0000,0003)
  std::string move_destination;               // (0000,0600)
  std::string error_comment;                  // (0000,0902)
  std::string affected_sop_instance_uid;      // (0000,1000)
  std::string requested_sop_instance_uid;     // (0000,1001)
  std::string move_originator_ae_title;       // (0000,1030)
  std::optional<std::uint16_t> message_id;                     // (0000,0110)
  std::optional<std::uint16_t> message_id_being_responded_to;  // (0000,0120)
  std::optional<std::uint16_t> priority;                       // (0000,0700)
  std::optional<std::uint16_t> status;                         // (0000,0900)
  std::optional<std::uint16_t> error_id;                       // (0000,0903)
  std::optional<std::uint16_t> event_type_id;                  // (0000,1002)
  std::optional<std::uint16_t> action_type_id;                 // (0000,1008)
  std::optional<std::uint16_t> remaining_suboperations;        // (0000,1020)
  std::optional<std::uint16_t> completed_suboperations;        // (0000,1021)
  std::optional<std::uint16_t> failed_suboperations;           // (0000,1022)
  std::optional<std::uint16_t> warning_suboperations;          // (0000,1023)
  std::optional<std::uint16_t> move_originator_message_id;     // (0000,1031)

  bool has_data_set() const { return data_set_type != kNoDataSet; }
  bool is_response() const { return (command_field & 0x8000) != 0; }
};

base::Bytes encode_command(const Command& c);
base::Result<Command> decode_command(base::ByteView bytes);

// The messages Verification and Storage use (PS3.7 9.3.1, 9.3.5).
Command c_echo_rq(std::uint16_t message_id);
Command c_echo_rsp(const Command& rq, std::uint16_t status);
Command c_store_rq(std::uint16_t message_id, std::string sop_class_uid, std::string sop_instance_uid,
                   std::uint16_t priority = kMedium);
Command c_store_rsp(const Command& rq, std::uint16_t status, std::string error_comment = {});

std::string_view command_name(std::uint16_t command_field);  // "C-STORE-RQ"

}  // namespace discus::net::dimse
