#include "net/dimse/n_messages.h"

#include <fmt/format.h>

#include "base/endian.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/encoding/output_stream.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"

namespace discus::net::dimse {
namespace {

Command response_to(const Command& rq, std::uint16_t field, std::uint16_t status, bool with_data_set, std::string comment) {
  Command c;
  c.command_field = field;
  c.message_id_being_responded_to = rq.message_id.value_or(0);
  c.status = status;
  c.data_set_type = with_data_set ? kHasDataSet : kNoDataSet;
  if (comment.size() > 64) comment.resize(64);  // LO
  c.error_comment = std::move(comment);
  return c;
}

// An explicit VR LE element header with a 2-byte length (PS3.5 7.1.2), for the meta group.
void put_meta_element(base::Bytes& out, std::uint16_t element, const char vr[2], base::ByteView value) {
  std::uint8_t h[8];
  base::store_le<std::uint16_t>(h, 0x0002);
  base::store_le<std::uint16_t>(h + 2, element);
  h[4] = static_cast<std::uint8_t>(vr[0]);
  h[5] = static_cast<std::uint8_t>(vr[1]);
  base::store_le<std::uint16_t>(h + 6, static_cast<std::uint16_t>(value.size()));
  out.insert(out.end(), h, h + 8);
  out.insert(out.end(), value.begin(), value.end());
}

}  // namespace

Command n_create_rq(std::uint16_t message_id, std::string sop_class_uid, std::string sop_instance_uid) {
  Command c;
  c.command_field = kNCreateRq;
  c.message_id = message_id;
  c.affected_sop_class_uid = std::move(sop_class_uid);
  c.affected_sop_instance_uid = std::move(sop_instance_uid);
  c.data_set_type = kHasDataSet;
  return c;
}

Command n_create_rsp(const Command& rq, std::uint16_t status, std::string sop_instance_uid, bool with_data_set,
                     std::string error_comment) {
  Command c = response_to(rq, kNCreateRsp, status, with_data_set, std::move(error_comment));
  c.affected_sop_class_uid = rq.affected_sop_class_uid;
  c.affected_sop_instance_uid = std::move(sop_instance_uid);
  return c;
}

Command n_action_rq(std::uint16_t message_id, std::string sop_class_uid, std::string sop_instance_uid,
                    std::uint16_t action_type_id, bool with_data_set) {
  Command c;
  c.command_field = kNActionRq;
  c.message_id = message_id;
  c.requested_sop_class_uid = std::move(sop_class_uid);
  c.requested_sop_instance_uid = std::move(sop_instance_uid);
  c.action_type_id = action_type_id;
  c.data_set_type = with_data_set ? kHasDataSet : kNoDataSet;
  return c;
}

Command n_action_rsp(const Command& rq, std::uint16_t status, bool with_data_set, std::string error_comment) {
  Command c = response_to(rq, kNActionRsp, status, with_data_set, std::move(error_comment));
  // PS3.7 Table 10.3-4: the response names the SOP class and instance as Affected (U/C: sent).
  c.affected_sop_class_uid = rq.requested_sop_class_uid;
  c.affected_sop_instance_uid = rq.requested_sop_instance_uid;
  c.action_type_id = rq.action_type_id;
  return c;
}

Command n_get_rq(std::uint16_t message_id, std::string sop_class_uid, std::string sop_instance_uid) {
  Command c;
  c.command_field = kNGetRq;
  c.message_id = message_id;
  c.requested_sop_class_uid = std::move(sop_class_uid);
  c.requested_sop_instance_uid = std::move(sop_instance_uid);
  c.data_set_type = kNoDataSet;
  return c;
}

Command n_get_rsp(const Command& rq, std::uint16_t status, bool with_data_set, std::string error_comment) {
  Command c = response_to(rq, kNGetRsp, status, with_data_set, std::move(error_comment));
  c.affected_sop_class_uid = rq.requested_sop_class_uid;
  c.affected_sop_instance_uid = rq.requested_sop_instance_uid;
  return c;
}

base::Result<dicom::DataSet> decode_dataset(base::ByteView bytes, std::string_view transfer_syntax_uid) {
  if (bytes.empty()) return dicom::DataSet{};
  if (dicom::dict::find_transfer_syntax(transfer_syntax_uid) == nullptr)
    return base::Error{base::ErrorCode::kUnsupported, fmt::format("data set in unknown transfer syntax {}", transfer_syntax_uid)};
  // One parser for files and the network (DESIGN.md "One of each"): the data set gets the File
  // Meta Information a file of it would have, so the Part 10 reader knows its syntax for sure
  // instead of guessing it from the first tag (an N-ACTION's first tag, (2000,0010), is in no
  // group the guess accepts).
  std::string ts(transfer_syntax_uid);
  if (ts.size() % 2 != 0) ts.push_back('\0');
  base::Bytes meta;
  put_meta_element(meta, 0x0010, "UI", base::as_bytes(ts));
  base::Bytes file(128, 0);
  for (char c : std::string_view("DICM")) file.push_back(static_cast<std::uint8_t>(c));
  std::uint8_t gl[4];
  base::store_le<std::uint32_t>(gl, static_cast<std::uint32_t>(meta.size()));
  put_meta_element(file, 0x0000, "UL", base::ByteView(gl, 4));
  file.insert(file.end(), meta.begin(), meta.end());
  file.insert(file.end(), bytes.begin(), bytes.end());
  DISCUS_TRY(dicom::part10::DicomFile f, dicom::part10::read_memory(file, {}, "<DIMSE data set>"));
  return std::move(f.dataset);
}

base::Result<base::Bytes> encode_dataset(const dicom::DataSet& dataset, std::string_view transfer_syntax_uid) {
  const dicom::dict::TransferSyntax* ts = dicom::dict::find_transfer_syntax(transfer_syntax_uid);
  if (ts == nullptr)
    return base::Error{base::ErrorCode::kUnsupported, fmt::format("data set in unknown transfer syntax {}", transfer_syntax_uid)};
  // The writer makes little endian only; the retired big endian syntax is read, never sent.
  if (ts->big_endian) return base::Error{base::ErrorCode::kUnsupported, "a data set in explicit VR big endian is not written"};
  dicom::MemoryOutputStream out;
  dicom::part10::WriteOptions options;
  options.transfer_syntax_uid = std::string(transfer_syntax_uid);
  options.sequence_lengths = dicom::part10::SequenceLengths::kDefined;
  DISCUS_CHECK(dicom::part10::write_dataset(out, dataset, *ts, options));
  return std::move(out.bytes());
}

}  // namespace discus::net::dimse
