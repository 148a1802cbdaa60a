// discus CLI — the client side of discusd's API: HTTP over its Unix socket through libcurl
// (CURLOPT_UNIX_SOCKET_PATH; curl/curl.h is included in client_http.cc only).
//
// Which socket: --socket PATH, else $DISCUS_SOCKET, else /run/discus/discusd.sock. When nothing
// answers there the error says so and how to start the daemon, instead of a curl code.
//   ApiClient api(socket_path(ctx));   DISCUS_TRY(ApiReply r, api.call("GET", "/v1/jobs"));
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/result.h"

namespace discus::cli {

struct Context;

inline constexpr std::string_view kDefaultSocket = "/run/discus/discusd.sock";
std::string socket_path(const Context& ctx);

struct ApiReply {
  long status = 0;
  std::string body;
  bool ok() const { return status >= 200 && status < 300; }
  // The problem document's message (and where: pointer, file) of an error answer, one line.
  std::string problem() const;
};

class ApiClient {
 public:
  explicit ApiClient(std::string socket) : socket_(std::move(socket)) {}
  // One request; an answer of any status is a value, only "no daemon" and transport failures are errors.
  base::Result<ApiReply> call(std::string_view method, std::string_view path, std::string_view json_body = {}) const;
  // GET `path` as a stream; `on_data` gets each piece as it arrives and returns false to stop
  // (a normal end). The status of the answer is returned.
  base::Result<long> stream(std::string_view path, const std::function<bool(std::string_view)>& on_data) const;

 private:
  std::string socket_;
};

}  // namespace discus::cli
