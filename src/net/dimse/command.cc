#include "net/dimse/command.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "base/endian.h"

namespace discus::net::dimse {
namespace {

using base::Bytes;
using base::ByteView;
using base::Error;
using base::ErrorCode;

using Text = std::string Command::*;
using Number = std::optional<std::uint16_t> Command::*;

// PS3.7 Annex E, Table E.1-1: the command elements, in tag order (the order they are written).
struct Field {
  std::uint16_t element;
  char vr;          // 'U' UI, 'A' AE, 'L' LO, 'S' US
  Text text = nullptr;
  Number number = nullptr;
};
constexpr std::array<Field, 21> kFields = {{
    {0x0002, 'U', &Command::affected_sop_class_uid, nullptr},
    {0x0003, 'U', &Command::requested_sop_class_uid, nullptr},
    {0x0100, 'S', nullptr, nullptr},  // CommandField: a plain member, handled in place
    {0x0110, 'S', nullptr, &Command::message_id},
    {0x0120, 'S', nullptr, &Command::message_id_being_responded_to},
    {0x0600, 'A', &Command::move_destination, nullptr},
    {0x0700, 'S', nullptr, &Command::priority},
    {0x0800, 'S', nullptr, nullptr},  // CommandDataSetType: a plain member
    {0x0900, 'S', nullptr, &Command::status},
    {0x0902, 'L', &Command::error_comment, nullptr},
    {0x0903, 'S', nullptr, &Command::error_id},
    {0x1000, 'U', &Command::affected_sop_instance_uid, nullptr},
    {0x1001, 'U', &Command::requested_sop_instance_uid, nullptr},
    {0x1002, 'S', nullptr, &Command::event_type_id},
    {0x1008, 'S', nullptr, &Command::action_type_id},
    {0x1020, 'S', nullptr, &Command::remaining_suboperations},
    {0x1021, 'S', nullptr, &Command::completed_suboperations},
    {0x1022, 'S', nullptr, &Command::failed_suboperations},
    {0x1023, 'S', nullptr, &Command::warning_suboperations},
    {0x1030, 'A', &Command::move_originator_ae_title, nullptr},
    {0x1031, 'S', nullptr, &Command::move_originator_message_id},
}};

void put_element(Bytes& o, std::uint16_t element, ByteView value) {
  std::uint8_t h[8];
  base::store_le<std::uint16_t>(h, 0x0000);
  base::store_le<std::uint16_t>(h + 2, element);
  base::store_le<std::uint32_t>(h + 4, static_cast<std::uint32_t>(value.size()));
  o.insert(o.end(), h, h + 8);
  o.insert(o.end(), value.begin(), value.end());
}

void put_text(Bytes& o, std::uint16_t element, char vr, const std::string& s) {
  std::string v = s;
  if (v.size() % 2 != 0) v.push_back(vr == 'U' ? '\0' : ' ');  // PS3.5 6.2: UI pads with NUL
  put_element(o, element, base::as_bytes(v));
}

void put_us(Bytes& o, std::uint16_t element, std::uint16_t v) {
  std::uint8_t b[2];
  base::store_le<std::uint16_t>(b, v);
  put_element(o, element, ByteView(b, 2));
}

std::string text_of(ByteView v) {
  std::string s(base::as_chars(v));
  while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) s.pop_back();
  std::size_t b = 0;
  while (b < s.size() && s[b] == ' ') ++b;
  return s.substr(b);
}

}  // namespace

Bytes encode_command(const Command& c) {
  Bytes body;
  body.reserve(256);
  for (const Field& f : kFields) {
    if (f.element == 0x0100) {
      put_us(body, 0x0100, c.command_field);
    } else if (f.element == 0x0800) {
      put_us(body, 0x0800, c.data_set_type);
    } else if (f.text != nullptr) {
      if (!(c.*f.text).empty()) put_text(body, f.element, f.vr, c.*f.text);
    } else if (f.number != nullptr && (c.*f.number).has_value()) {
      put_us(body, f.element, *(c.*f.number));
    }
  }
  Bytes out;
  out.reserve(body.size() + 12);
  std::uint8_t gl[4];
  base::store_le<std::uint32_t>(gl, static_cast<std::uint32_t>(body.size()));
  put_element(out, 0x0000, ByteView(gl, 4));
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

base::Result<Command> decode_command(ByteView b) {
  auto bad = [](std::string what, std::size_t at) {
    return std::move(Error{ErrorCode::kBadStructure, std::move(what)}.in_file("<command>").at_offset(at));
  };
  if (b.size() > kMaxCommandLength) return bad(fmt::format("command set of {} bytes", b.size()), 0);
  Command c;
  bool has_field = false, has_type = false;
  std::optional<std::uint32_t> group_length;
  std::size_t group_start = 0;
  std::size_t pos = 0;
  std::uint32_t last_tag = 0;
  while (pos < b.size()) {
    if (b.size() - pos < 8) return bad("command set ends inside an element header", pos);
    const auto group = base::load_le<std::uint16_t>(b.data() + pos);
    const auto element = base::load_le<std::uint16_t>(b.data() + pos + 2);
    const auto length = base::load_le<std::uint32_t>(b.data() + pos + 4);
    const std::uint32_t tag = (std::uint32_t{group} << 16) | element;
    if (group != 0x0000) return bad(fmt::format("element ({:04X},{:04X}) outside group 0000 in a command set", group, element), pos);
    if (pos > 0 && tag <= last_tag) return bad(fmt::format("command element (0000,{:04X}) out of order", element), pos);
    last_tag = tag;
    if (length > b.size() - pos - 8)
      return bad(fmt::format("command element (0000,{:04X}) of length {} runs past the command set", element, length), pos);
    const ByteView v = b.subspan(pos + 8, length);
    pos += 8 + length;
    auto us = [&]() -> base::Result<std::uint16_t> {
      if (v.size() != 2) return bad(fmt::format("(0000,{:04X}) US of length {}", element, v.size()), pos - length);
      return base::load_le<std::uint16_t>(v.data());
    };
    if (element == 0x0000) {
      if (v.size() != 4) return bad("Command Group Length is not 4 bytes", pos - length);
      group_length = base::load_le<std::uint32_t>(v.data());
      group_start = pos;
      continue;
    }
    if (element == 0x0100) {
      DISCUS_TRY(c.command_field, us());
      has_field = true;
      continue;
    }
    if (element == 0x0800) {
      DISCUS_TRY(c.data_set_type, us());
      has_type = true;
      continue;
    }
    const auto it = std::find_if(kFields.begin(), kFields.end(), [&](const Field& f) { return f.element == element; });
    if (it == kFields.end()) continue;  // an element we do not use (e.g. retired ones): skipped
    if (it->text != nullptr) {
      c.*(it->text) = text_of(v);
    } else if (it->number != nullptr) {
      DISCUS_TRY(std::uint16_t n, us());
      c.*(it->number) = n;
    }
  }
  if (!has_field) return bad("command set without Command Field (0000,0100)", 0);
  if (!has_type) return bad("command set without Command Data Set Type (0000,0800)", 0);
  if (group_length && *group_length != b.size() - group_start)
    return bad(fmt::format("Command Group Length {} but {} bytes follow it", *group_length, b.size() - group_start), 0);
  return c;
}

Command c_echo_rq(std::uint16_t message_id) {
  Command c;
  c.command_field = kCEchoRq;
  c.affected_sop_class_uid = "1.2.840.10008.1.1";
  c.message_id = message_id;
  c.data_set_type = kNoDataSet;
  return c;
}

Command c_echo_rsp(const Command& rq, std::uint16_t status) {
  Command c;
  c.command_field = kCEchoRsp;
  c.affected_sop_class_uid = rq.affected_sop_class_uid;
  c.message_id_being_responded_to = rq.message_id.value_or(0);
  c.status = status;
  return c;
}

Command c_store_rq(std::uint16_t message_id, std::string sop_class_uid, std::string sop_instance_uid, std::uint16_t priority) {
  Command c;
  c.command_field = kCStoreRq;
  c.affected_sop_class_uid = std::move(sop_class_uid);
  c.affected_sop_instance_uid = std::move(sop_instance_uid);
  c.message_id = message_id;
  c.priority = priority;
  c.data_set_type = kHasDataSet;
  return c;
}

Command c_store_rsp(const Command& rq, std::uint16_t status, std::string error_comment) {
  Command c;
  c.command_field = kCStoreRsp;
  c.affected_sop_class_uid = rq.affected_sop_class_uid;
  c.affected_sop_instance_uid = rq.affected_sop_instance_uid;
  c.message_id_being_responded_to = rq.message_id.value_or(0);
  c.status = status;
  if (error_comment.size() > 64) error_comment.resize(64);  // LO
  c.error_comment = std::move(error_comment);
  return c;
}

std::string_view command_name(std::uint16_t f) {
  switch (f) {
    case kCStoreRq: return "C-STORE-RQ";
    case kCStoreRsp: return "C-STORE-RSP";
    case kCGetRq: return "C-GET-RQ";
    case kCGetRsp: return "C-GET-RSP";
    case kCFindRq: return "C-FIND-RQ";
    case kCFindRsp: return "C-FIND-RSP";
    case kCMoveRq: return "C-MOVE-RQ";
    case kCMoveRsp: return "C-MOVE-RSP";
    case kCEchoRq: return "C-ECHO-RQ";
    case kCEchoRsp: return "C-ECHO-RSP";
    case kCCancelRq: return "C-CANCEL-RQ";
    case kNEventReportRq: return "N-EVENT-REPORT-RQ";
    case kNEventReportRsp: return "N-EVENT-REPORT-RSP";
    case kNGetRq: return "N-GET-RQ";
    case kNGetRsp: return "N-GET-RSP";
    case kNSetRq: return "N-SET-RQ";
    case kNSetRsp: return "N-SET-RSP";
    case kNActionRq: return "N-ACTION-RQ";
    case kNActionRsp: return "N-ACTION-RSP";
    case kNCreateRq: return "N-CREATE-RQ";
    case kNCreateRsp: return "N-CREATE-RSP";
    case kNDeleteRq: return "N-DELETE-RQ";
    case kNDeleteRsp: return "N-DELETE-RSP";
    default: return "unknown DIMSE command";
  }
}

}  // namespace discus::net::dimse
