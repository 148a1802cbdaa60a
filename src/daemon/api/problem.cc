#include "daemon/api/problem.h"

#include <nlohmann/json.hpp>

#include "base/text.h"

namespace discus::daemon::api {

http::Response json_response(const nlohmann::json& j, int status) {
  http::Response r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

std::string_view status_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 507: return "Insufficient Storage";
    default: return status >= 500 ? "Server Error" : "Client Error";
  }
}

http::Response problem(int status, std::string_view code, std::string_view message, const ProblemWhere& where) {
  // Text from outside (file names, JSON parser messages) passes the one UTF-8 boundary.
  const std::string text = base::to_valid_utf8(message);
  nlohmann::ordered_json j = {{"type", "about:blank"},
                              {"title", status_phrase(status)},
                              {"status", status},
                              {"detail", text},
                              {"code", code},
                              {"message", text}};
  if (!where.pointer.empty()) j["pointer"] = base::to_valid_utf8(where.pointer);
  if (!where.file.empty()) j["file"] = base::to_valid_utf8(where.file);
  if (where.offset) j["offset"] = *where.offset;
  if (!where.tag.empty()) j["tag"] = where.tag;
  http::Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = j.dump();
  return r;
}

int status_of(base::ErrorCode code) {
  using base::ErrorCode;
  switch (code) {
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kUnsupported: return 501;
    case ErrorCode::kIo: return 500;
    case ErrorCode::kCancelled: return 409;
    case ErrorCode::kLimitExceeded: return 413;
    default: return 400;
  }
}

http::Response problem_from(const base::Error& error, int status) {
  ProblemWhere where;
  where.file = error.file;
  where.offset = error.offset;
  where.tag = error.tag_path;
  if (!error.message.empty() && error.message.front() == '/') {
    const auto colon = error.message.find(": ");
    if (colon != std::string::npos && error.message.find(' ') > colon) where.pointer = error.message.substr(0, colon);
  }
  return problem(status != 0 ? status : status_of(error.code), base::to_string(error.code), error.message, where);
}

}  // namespace discus::daemon::api
