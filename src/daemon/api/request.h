// discus::daemon::api — reading what a request carries: its JSON body, its query parameters,
// the ids in its path. Errors are base::Error values that problem_from() turns into 400 answers
// naming the byte offset (malformed JSON) or the parameter.
//   DISCUS_TRY(nlohmann::json body, parse_json_body(request.body));
//   DISCUS_TRY(auto limit, int_param(request, "limit", 0, 100000));
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "base/result.h"
#include "daemon/http/message.h"

namespace discus::daemon::api {

// RFC 8259 JSON. A syntax error is kInvalidArgument "malformed JSON at byte offset N: ..." with
// Error::offset = N (0-based, into the body); an empty body is an error too.
base::Result<nlohmann::json> parse_json_body(std::string_view body);

// A query parameter as an integer in [min, max]; nullopt when absent. "12x", "-" or out of range
// is kInvalidArgument naming the parameter.
base::Result<std::optional<std::int64_t>> int_param(const http::Request& r, std::string_view name, std::int64_t min,
                                                    std::int64_t max);

// A path segment that must be a positive decimal id ("7"); kNotFound otherwise (no such resource).
base::Result<std::int64_t> path_id(std::string_view segment, std::string_view what);

// Splits "/v1/jobs/7/cancel" into {"v1","jobs","7","cancel"}; empty segments dropped.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace discus::daemon::api
