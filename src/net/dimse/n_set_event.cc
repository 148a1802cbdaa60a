#include "net/dimse/n_set_event.h"

namespace discus::net::dimse {

Command n_set_rq(std::uint16_t message_id, std::string sop_class_uid, std::string sop_instance_uid) {
  Command c;
  c.command_field = kNSetRq;
  c.message_id = message_id;
  c.requested_sop_class_uid = std::move(sop_class_uid);
  c.requested_sop_instance_uid = std::move(sop_instance_uid);
  c.data_set_type = kHasDataSet;
  return c;
}

Command n_set_rsp(const Command& rq, std::uint16_t status, bool with_data_set, std::string error_comment) {
  Command c;
  c.command_field = kNSetRsp;
  c.message_id_being_responded_to = rq.message_id.value_or(0);
  c.status = status;
  c.data_set_type = with_data_set ? kHasDataSet : kNoDataSet;
  c.affected_sop_class_uid = rq.requested_sop_class_uid;
  c.affected_sop_instance_uid = rq.requested_sop_instance_uid;
  if (error_comment.size() > 64) error_comment.resize(64);  // LO
  c.error_comment = std::move(error_comment);
  return c;
}

Command n_event_report_rq(std::uint16_t message_id, std::string sop_class_uid, std::string sop_instance_uid,
                          std::uint16_t event_type_id, bool with_data_set) {
  Command c;
  c.command_field = kNEventReportRq;
  c.message_id = message_id;
  c.affected_sop_class_uid = std::move(sop_class_uid);
  c.affected_sop_instance_uid = std::move(sop_instance_uid);
  c.event_type_id = event_type_id;
  c.data_set_type = with_data_set ? kHasDataSet : kNoDataSet;
  return c;
}

Command n_event_report_rsp(const Command& rq, std::uint16_t status) {
  Command c;
  c.command_field = kNEventReportRsp;
  c.message_id_being_responded_to = rq.message_id.value_or(0);
  c.status = status;
  c.data_set_type = kNoDataSet;
  // PS3.7 Table 10.3-2: the response names the class, instance and event (U: sent, as DCMTK does).
  c.affected_sop_class_uid = rq.affected_sop_class_uid;
  c.affected_sop_instance_uid = rq.affected_sop_instance_uid;
  c.event_type_id = rq.event_type_id;
  return c;
}

}  // namespace discus::net::dimse
