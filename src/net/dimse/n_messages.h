// discus::net::dimse — the DIMSE-N messages a normalized SOP class uses (PS3.7 10.3: N-CREATE,
// N-ACTION, N-GET and their responses), and the data sets they carry, encoded and decoded in a
// presentation context's transfer syntax (PS3.7 6.3.1: a message's data set is in the accepted
// syntax; the command itself is always implicit VR LE, command.h).
//
// The builders fill exactly the command elements PS3.7 Tables 10.3-1..10.3-6 make mandatory
// (conditional ones from their arguments), so an SCU or SCP cannot forget one.
//   Command rq = n_create_rq(1, "1.2.840.10008.5.1.1.33", uid);   // data set follows
//   DISCUS_TRY(dicom::DataSet ds, decode_dataset(bytes, pc.transfer_syntax));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "dicom/core/dataset.h"
#include "net/dimse/command.h"

namespace discus::net::dimse {

// PS3.7 10.3.5 N-CREATE: the Affected SOP Instance UID may be left to the SCP (empty).
Command n_create_rq(std::uint16_t message_id, std::string sop_class_uid, std::string sop_instance_uid = {});
// The response names the instance created (the SCP's UID when the request gave none).
Command n_create_rsp(const Command& rq, std::uint16_t status, std::string sop_instance_uid, bool with_data_set = false,
                     std::string error_comment = {});

// PS3.7 10.3.4 N-ACTION: Action Type ID, optional Action Information data set.
Command n_action_rq(std::uint16_t message_id, std::string sop_class_uid, std::string sop_instance_uid,
                    std::uint16_t action_type_id, bool with_data_set);
Command n_action_rsp(const Command& rq, std::uint16_t status, bool with_data_set = false, std::string error_comment = {});

// PS3.7 10.3.2 N-GET (the Attribute Identifier List is not sent: every attribute is asked for).
Command n_get_rq(std::uint16_t message_id, std::string sop_class_uid, std::string sop_instance_uid);
// A success or warning response carries the attribute list; a failure has no data set.
Command n_get_rsp(const Command& rq, std::uint16_t status, bool with_data_set, std::string error_comment = {});

// The data set of a message, as it travels in the presentation context's syntax: implicit or
// explicit VR little endian, deflated explicit VR LE; explicit VR big endian (PS3.5 A) is
// decoded only: nothing of ours sends it.
base::Result<dicom::DataSet> decode_dataset(base::ByteView bytes, std::string_view transfer_syntax_uid);
base::Result<base::Bytes> encode_dataset(const dicom::DataSet& dataset, std::string_view transfer_syntax_uid);

}  // namespace discus::net::dimse
