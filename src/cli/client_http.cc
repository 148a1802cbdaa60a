#include "cli/client_http.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cstdlib>
#include <memory>

#include "cli/command.h"

namespace discus::cli {
namespace {

struct Sink {
  std::string* body = nullptr;
  const std::function<bool(std::string_view)>* on_data = nullptr;
  bool stopped = false;
};

size_t on_write(char* data, size_t size, size_t count, void* user) noexcept {
  auto* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  try {
    if (sink->on_data != nullptr) {
      if (!(*sink->on_data)(std::string_view(data, n))) {
        sink->stopped = true;
        return 0;  // curl ends the transfer (CURLE_WRITE_ERROR), which we take as a normal stop
      }
    } else {
      sink->body->append(data, n);
    }
  } catch (...) {
    return 0;
  }
  return n;
}

base::Error no_daemon(const std::string& socket, const char* detail) {
  return base::Error{base::ErrorCode::kIo,
                     fmt::format("no discusd at {} ({}): start it with `discusd --state-dir DIR --socket {}` (or `systemctl start "
                                 "discusd`), or name its socket with --socket PATH or $DISCUS_SOCKET",
                                 socket, detail, socket)};
}

struct Easy {
  CURL* h = curl_easy_init();
  curl_slist* headers = nullptr;
  ~Easy() {
    curl_slist_free_all(headers);
    if (h) curl_easy_cleanup(h);
  }
};

base::Result<long> perform(const std::string& socket, std::string_view method, std::string_view path, std::string_view body,
                           Sink& sink, bool streaming) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  Easy e;
  if (!initialised || e.h == nullptr) return base::Error{base::ErrorCode::kIo, "libcurl did not initialise"};
  const std::string url = fmt::format("http://localhost{}", path);
  const std::string m(method);
  curl_easy_setopt(e.h, CURLOPT_UNIX_SOCKET_PATH, socket.c_str());
  curl_easy_setopt(e.h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(e.h, CURLOPT_CUSTOMREQUEST, m.c_str());
  curl_easy_setopt(e.h, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(e.h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(e.h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e.h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  if (!streaming) curl_easy_setopt(e.h, CURLOPT_TIMEOUT, 120L);
  e.headers = curl_slist_append(e.headers, "Accept: application/json, application/problem+json, text/event-stream");
  if (m == "POST" || m == "PUT" || m == "PATCH") {
    e.headers = curl_slist_append(e.headers, "Content-Type: application/json");
    curl_easy_setopt(e.h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(e.h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(e.h, CURLOPT_HTTPHEADER, e.headers);
  const CURLcode rc = curl_easy_perform(e.h);
  long status = 0;
  curl_easy_getinfo(e.h, CURLINFO_RESPONSE_CODE, &status);
  if (rc == CURLE_WRITE_ERROR && sink.stopped) return status;
  if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST) return no_daemon(socket, curl_easy_strerror(rc));
  if (rc != CURLE_OK) return base::Error{base::ErrorCode::kIo, fmt::format("discusd at {}: {}", socket, curl_easy_strerror(rc))};
  return status;
}

}  // namespace

std::string socket_path(const Context& ctx) {
  if (!ctx.socket.empty()) return ctx.socket;
  if (const char* env = std::getenv("DISCUS_SOCKET"); env != nullptr && *env != '\0') return env;
  return std::string(kDefaultSocket);
}

std::string ApiReply::problem() const {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("message")) return fmt::format("discusd answered {}", status);
  std::string out = j.value("message", std::string());
  if (j.contains("pointer") && !j.contains("file")) out += fmt::format(" (at {})", j.value("pointer", std::string()));
  return out;
}

base::Result<ApiReply> ApiClient::call(std::string_view method, std::string_view path, std::string_view json_body) const {
  ApiReply reply;
  Sink sink{&reply.body, nullptr};
  DISCUS_TRY(reply.status, perform(socket_, method, path, json_body, sink, false));
  return reply;
}

base::Result<long> ApiClient::stream(std::string_view path, const std::function<bool(std::string_view)>& on_data) const {
  Sink sink{nullptr, &on_data};
  return perform(socket_, "GET", path, {}, sink, true);
}

}  // namespace discus::cli
