// discus::net::dimse — the DIMSE-N messages n_messages.h lacks: N-SET (PS3.7 10.3.3) and
// N-EVENT-REPORT (PS3.7 10.3.1), requests and responses, with exactly the command elements their
// tables make mandatory. Modality Performed Procedure Step (PS3.4 F.7) uses N-SET; Storage
// Commitment (PS3.4 J.3.3) receives its result as an N-EVENT-REPORT.
//   Command rq = n_set_rq(3, "1.2.840.10008.3.1.2.3.3", pps_uid);          // data set follows
//   Command ok = n_event_report_rsp(report_rq, 0x0000);                   // no data set
#pragma once

#include <cstdint>
#include <string>

#include "net/dimse/command.h"

namespace discus::net::dimse {

// PS3.7 Table 10.3-5: Requested SOP Class/Instance UID; the Modification List data set follows.
Command n_set_rq(std::uint16_t message_id, std::string sop_class_uid, std::string sop_instance_uid);
Command n_set_rsp(const Command& rq, std::uint16_t status, bool with_data_set = false, std::string error_comment = {});

// PS3.7 Table 10.3-1: Affected SOP Class/Instance UID, Event Type ID; Event Information follows
// when `with_data_set`.
Command n_event_report_rq(std::uint16_t message_id, std::string sop_class_uid, std::string sop_instance_uid,
                          std::uint16_t event_type_id, bool with_data_set);
Command n_event_report_rsp(const Command& rq, std::uint16_t status);

}  // namespace discus::net::dimse
