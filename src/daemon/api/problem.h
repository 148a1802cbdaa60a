// discus::daemon::api — error answers as RFC 9457 problem details (application/problem+json).
//
// Every 4xx/5xx answer is one object: the RFC's members (type "about:blank", title = the status
// phrase, status, detail) and the extension members the OpenAPI document's Error schema names:
// a stable `code` (base::ErrorCode's spellings plus the API's own), `message`, and where an input
// error is: `pointer` (RFC 6901 into the request body), `file`, `offset`, `tag`.
//   return problem(404, "not-found", "no job 7");   return problem_from(error);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "daemon/http/message.h"

namespace discus::daemon::api {

struct ProblemWhere {
  std::string pointer;  // JSON pointer into the request body
  std::string file;
  std::optional<std::uint64_t> offset;
  std::string tag;
};

inline ProblemWhere at(std::string pointer, std::string file = {}) {
  ProblemWhere w;
  w.pointer = std::move(pointer);
  w.file = std::move(file);
  return w;
}

http::Response problem(int status, std::string_view code, std::string_view message, const ProblemWhere& where = {});

// The status an engine error answers: not-found 404, conflict 409, invalid input 400, io 500, ...
int status_of(base::ErrorCode code);
// An engine error as a problem; `status` 0: status_of(code). The error's file, offset and tag
// path are carried; a message that starts with a JSON pointer ("/author/copies: ...", as
// jobs::spec_from_json writes them) gives `pointer`.
http::Response problem_from(const base::Error& error, int status = 0);

std::string_view status_phrase(int status);

// A JSON answer (application/json is the server's default type); text that is not UTF-8 is
// replaced, never an exception.
http::Response json_response(const nlohmann::json& j, int status = 200);

}  // namespace discus::daemon::api
