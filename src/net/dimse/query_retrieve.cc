#include "net/dimse/query_retrieve.h"

#include <array>
#include <cstring>

#include <fmt/format.h>

#include "dicom/dict/transfer_syntax.h"
#include "dicom/encoding/output_stream.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"
#include "net/dimse/message.h"
#include "net/dimse/status.h"

namespace discus::net::dimse {
namespace {

using base::Error;
using base::ErrorCode;

struct QrStatus {
  std::uint16_t code;
  std::string_view meaning;
};

// PS3.4 C.4.1.1.4, C.4.2.1.5, C.4.3.1.4 and K.4.1.1.4: the codes whose Q/R meaning differs from
// (or is more precise than) the general table of status.cc.
constexpr std::array<QrStatus, 10> kQrStatuses = {{
    {0xFF00, "Pending: matches are continuing"},
    {0xFF01, "Pending: matches are continuing, optional keys not supported"},
    {0xFE00, "Cancel: terminated due to C-CANCEL"},
    {0xA700, "Refused: out of resources"},
    {0xA701, "Refused: out of resources, unable to calculate number of matches"},
    {0xA702, "Refused: out of resources, unable to perform sub-operations"},
    {0xA801, "Refused: Move Destination unknown"},
    {0xA900, "Failed: identifier does not match SOP class"},
    {0xB000, "Warning: sub-operations complete, one or more failures or warnings"},
    {0xC000, "Failed: unable to process"},
}};

Error protocol(std::string what) { return Error{ErrorCode::kBadStructure, std::move(what)}; }

// A buffer the Part 10 reader takes: preamble, DICM, a File Meta Information holding only the
// Transfer Syntax UID, then the identifier's bytes.
base::Bytes with_meta(base::ByteView data, std::string_view ts) {
  std::string uid(ts);
  if (uid.size() % 2 != 0) uid.push_back('\0');
  base::Bytes b(128, 0);
  b.insert(b.end(), {'D', 'I', 'C', 'M', 0x02, 0x00, 0x10, 0x00, 'U', 'I', static_cast<std::uint8_t>(uid.size()), 0x00});
  b.insert(b.end(), uid.begin(), uid.end());
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

}  // namespace

Command c_find_rq(std::uint16_t message_id, std::string sop_class_uid, std::uint16_t priority) {
  Command c;
  c.command_field = kCFindRq;
  c.affected_sop_class_uid = std::move(sop_class_uid);
  c.message_id = message_id;
  c.priority = priority;
  c.data_set_type = kHasDataSet;
  return c;
}

Command c_move_rq(std::uint16_t message_id, std::string sop_class_uid, std::string move_destination, std::uint16_t priority) {
  Command c = c_find_rq(message_id, std::move(sop_class_uid), priority);
  c.command_field = kCMoveRq;
  c.move_destination = std::move(move_destination);
  return c;
}

Command c_get_rq(std::uint16_t message_id, std::string sop_class_uid, std::uint16_t priority) {
  Command c = c_find_rq(message_id, std::move(sop_class_uid), priority);
  c.command_field = kCGetRq;
  return c;
}

Command c_cancel_rq(std::uint16_t message_id_being_responded_to) {
  Command c;
  c.command_field = kCCancelRq;
  c.message_id_being_responded_to = message_id_being_responded_to;
  c.data_set_type = kNoDataSet;
  return c;
}

std::string describe_qr_status(std::uint16_t code) {
  for (const QrStatus& s : kQrStatuses)
    if (s.code == code) return fmt::format("{:04X}H {}", code, s.meaning);
  if ((code & 0xFF00) == 0xA900) return fmt::format("{:04X}H Failed: identifier does not match SOP class", code);
  if ((code & 0xF000) == 0xC000) return fmt::format("{:04X}H Failed: unable to process", code);
  return describe_status(code);
}

base::Result<base::Bytes> encode_identifier(const dicom::DataSet& identifier, std::string_view ts_uid) {
  const dicom::dict::TransferSyntax* ts = dicom::dict::find_transfer_syntax(ts_uid);
  if (ts == nullptr || ts->encapsulated())
    return Error{ErrorCode::kUnsupported, fmt::format("cannot encode an identifier in '{}'", ts_uid)};
  dicom::MemoryOutputStream out;
  dicom::part10::WriteOptions wo;
  wo.transfer_syntax_uid = std::string(ts_uid);
  wo.require_sop_uids = false;
  wo.sequence_lengths = dicom::part10::SequenceLengths::kDefined;
  DISCUS_CHECK(dicom::part10::write_dataset(out, identifier, *ts, wo));
  return std::move(out.bytes());
}

base::Result<dicom::DataSet> decode_identifier(base::ByteView bytes, std::string_view ts_uid) {
  if (dicom::dict::find_transfer_syntax(ts_uid) == nullptr)
    return Error{ErrorCode::kUnsupported, fmt::format("identifier in unknown transfer syntax '{}'", ts_uid)};
  if (bytes.empty()) return dicom::DataSet{};
  const base::Bytes whole = with_meta(bytes, ts_uid);
  dicom::part10::ReadOptions ro;
  ro.max_depth = 16;
  auto file = dicom::part10::read_memory(whole, ro, "identifier");
  if (!file) {
    Error e = std::move(file).error();
    const std::uint64_t prefix = whole.size() - bytes.size();  // offsets count from the identifier
    if (e.offset) e.offset = *e.offset >= prefix ? *e.offset - prefix : 0;
    e.message = "malformed identifier in the response: " + e.message;
    return e;
  }
  return std::move(file->dataset);
}

namespace {
class Gather final : public MessageReceiver::Handler {
 public:
  explicit Gather(std::uint64_t max) : max_(max) {}
  base::Status on_command(std::uint8_t, const Command& c) override {
    if (c.has_data_set()) data.emplace();
    return {};
  }
  base::Status on_data(base::ByteView f) override {
    if (f.size() > max_ - data->size())
      return Error{ErrorCode::kLimitExceeded, fmt::format("a response data set longer than {} bytes", max_)};
    data->insert(data->end(), f.begin(), f.end());
    return {};
  }
  base::Status on_message(std::uint8_t pc, const Command& c) override {
    done = true;
    context_id = pc;
    command = c;
    return {};
  }
  bool done = false;
  std::uint8_t context_id = 0;
  Command command;
  std::optional<base::Bytes> data;

 private:
  std::uint64_t max_;
};
}  // namespace

base::Result<Response> receive_response(ul::Association& assoc, std::uint64_t max_data_bytes) {
  MessageReceiver r;
  Gather h(max_data_bytes);
  while (!h.done) {
    DISCUS_TRY(ul::Incoming in, assoc.receive());
    if (auto* p = std::get_if<ul::PDataTf>(&in)) {
      if (auto st = r.feed(*p, h); !st) {
        assoc.abort(ul::AbortSource::kServiceUser, 0);
        return std::move(st).error();
      }
      continue;
    }
    if (auto* a = std::get_if<ul::Aborted>(&in))
      return Error{ErrorCode::kIo, a->by_peer ? fmt::format("association aborted by the peer (A-ABORT source {}, reason {})",
                                                            static_cast<int>(a->pdu.source), a->pdu.reason)
                                              : std::string("association aborted (protocol error or timeout)")};
    if (std::holds_alternative<ul::ReleaseRequested>(in)) {
      assoc.answer_release();
      return Error{ErrorCode::kIo, "the peer released the association before the final response"};
    }
    return Error{ErrorCode::kIo, "association ended before the final response"};
  }
  if (!h.command.is_response() && h.command.command_field != kCStoreRq)
    return protocol(fmt::format("{} from the peer where a response was expected", command_name(h.command.command_field)));
  return Response{h.context_id, std::move(h.command), std::move(h.data)};
}

}  // namespace discus::net::dimse
