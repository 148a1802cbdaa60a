#include "daemon/api/request.h"

#include <fmt/format.h>

#include <charconv>

namespace discus::daemon::api {

using base::Error;
using base::ErrorCode;

base::Result<nlohmann::json> parse_json_body(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Error{ErrorCode::kInvalidArgument, "the request needs a JSON body"}.at_offset(0);
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the 1-based position of the character where parsing stopped.
    const std::uint64_t offset = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = e.what();
    if (const auto at = what.find("parse error"); at != std::string::npos) what = what.substr(at);
    return Error{ErrorCode::kInvalidArgument, fmt::format("malformed JSON at byte offset {}: {}", offset, what)}.at_offset(offset);
  }
}

base::Result<std::optional<std::int64_t>> int_param(const http::Request& r, std::string_view name, std::int64_t min,
                                                    std::int64_t max) {
  const auto text = r.query_value(name);
  if (!text) return std::optional<std::int64_t>();
  std::int64_t v = 0;
  const char* end = text->data() + text->size();
  const auto [p, ec] = std::from_chars(text->data(), end, v);
  if (text->empty() || ec != std::errc() || p != end || v < min || v > max)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("query parameter {} must be an integer from {} to {}, not \"{}\"", name, min, max, *text)};
  return std::optional<std::int64_t>(v);
}

base::Result<std::int64_t> path_id(std::string_view segment, std::string_view what) {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), v);
  if (segment.empty() || ec != std::errc() || p != segment.data() + segment.size() || v < 1)
    return Error{ErrorCode::kNotFound, fmt::format("no {} \"{}\": ids are positive integers", what, segment)};
  return v;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    const auto slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    if (!part.empty()) out.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace discus::daemon::api
