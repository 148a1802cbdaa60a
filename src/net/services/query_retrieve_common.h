// discus::net::services — internal to move_scu.cc and get_scu.cc: reading C-MOVE/C-GET responses
// (PS3.7 9.3.3-9.3.4): the sub-operation counts, the final status and its Failed SOP Instance UID
// List (PS3.4 C.4.2.1.3.2), and the check that a response answers our request.
#pragma once

#include <string_view>

#include "net/dimse/query_retrieve.h"
#include "net/services/move_scu.h"

namespace discus::net::services::detail {

SubOperations counts_of(const dimse::Command& c);
base::Status final_response(const dimse::Response& rsp, std::string_view transfer_syntax, RetrieveResult& r);
base::Status check_response(const dimse::Command& c, std::uint16_t expected_field, std::uint16_t message_id, std::string_view request);

}  // namespace discus::net::services::detail
