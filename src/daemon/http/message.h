// discus::daemon::http — requests and responses as plain values, free of the HTTP library.
//
// The server (server.h, the one file that includes libmicrohttpd's header) fills a Request,
// including who is on the other end of the connection (SO_PEERCRED / SO_PEERGROUPS on the Unix
// socket, the address on TCP), and sends back a Response: a body, or a stream for Server-Sent
// Events (WHATWG HTML 9.2) that the server pulls piece by piece on the connection's own thread.
//   Response r{.status = 200, .body = "{}"};   r.stream = [](std::string& out) { ...; return true; };
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace discus::daemon::http {

enum class Transport { kUnix, kTcp };

// Who connected. On the Unix socket the kernel says (credentials == true); on TCP only the
// address is known and the bearer token decides.
struct Peer {
  Transport transport = Transport::kUnix;
  bool credentials = false;  // uid/gid/pid/groups come from SO_PEERCRED (man 7 unix)
  std::uint32_t uid = 0, gid = 0;
  std::int32_t pid = 0;
  std::vector<std::uint32_t> groups;  // supplementary groups at connect time (SO_PEERGROUPS)
  std::string address;                // TCP: the peer's address; Unix: the socket's path
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded, without the query: "/v1/jobs/7"
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  bool body_too_large = false;  // the body was cut at the server's limit (answer 413)
  Peer peer;

  std::optional<std::string> query_value(std::string_view name) const {
    for (const auto& [k, v] : query)
      if (k == name) return v;
    return std::nullopt;
  }
  std::optional<std::string> header(std::string_view lower_name) const {
    for (const auto& [k, v] : headers)
      if (k == lower_name) return v;
    return std::nullopt;
  }
};

// Appends the next piece of a streamed body to `out`; false ends the stream. It may block for a
// moment (each connection has its own thread) but must return when the server stops.
using StreamFn = std::function<bool(std::string& out)>;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  StreamFn stream;  // set: the body is this stream (chunked), `body` is ignored
};

using Handler = std::function<Response(const Request&)>;

}  // namespace discus::daemon::http
