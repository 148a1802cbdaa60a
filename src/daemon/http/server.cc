#include "daemon/http/server.h"

#include <fmt/format.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <exception>
#include <mutex>

namespace discus::daemon::http {
namespace {

using base::Error;
using base::ErrorCode;

// Per-request state kept in MHD's con_cls between the calls of one request.
struct Pending {
  Request request;
};

struct StreamState {
  StreamFn next;
  std::string buffer;
  std::size_t pos = 0;
  bool ended = false;
};

struct ListenerContext {
  Listener listener;
  Handler* handler = nullptr;
  ServerOptions* options = nullptr;
};

// The peer of an accepted Unix connection, from the kernel (man 7 unix: SO_PEERCRED, SO_PEERGROUPS).
void read_credentials(int fd, Peer& peer) {
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || len != sizeof cred) return;
  peer.credentials = true;
  peer.uid = cred.uid;
  peer.gid = cred.gid;
  peer.pid = cred.pid;
#ifdef SO_PEERGROUPS
  std::vector<gid_t> groups(64);
  socklen_t glen = static_cast<socklen_t>(groups.size() * sizeof(gid_t));
  int rc = ::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &glen);
  if (rc != 0 && errno == ERANGE) {
    groups.resize(glen / sizeof(gid_t) + 1);
    glen = static_cast<socklen_t>(groups.size() * sizeof(gid_t));
    rc = ::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &glen);
  }
  if (rc == 0) peer.groups.assign(groups.begin(), groups.begin() + glen / sizeof(gid_t));
#endif
}

enum MHD_Result collect(void* cls, enum MHD_ValueKind, const char* key, const char* value) noexcept {
  auto* out = static_cast<std::vector<std::pair<std::string, std::string>>*>(cls);
  try {
    out->emplace_back(key ? key : "", value ? value : "");
  } catch (...) {
    return MHD_NO;
  }
  return MHD_YES;
}

ssize_t read_stream(void* cls, uint64_t, char* out, size_t max) noexcept {
  auto* s = static_cast<StreamState*>(cls);
  try {
    while (s->pos >= s->buffer.size()) {
      if (s->ended) return MHD_CONTENT_READER_END_OF_STREAM;
      s->buffer.clear();
      s->pos = 0;
      if (!s->next(s->buffer)) s->ended = true;
    }
  } catch (...) {
    return MHD_CONTENT_READER_END_WITH_ERROR;
  }
  const std::size_t n = std::min(max, s->buffer.size() - s->pos);
  std::memcpy(out, s->buffer.data() + s->pos, n);
  s->pos += n;
  return static_cast<ssize_t>(n);
}

void free_stream(void* cls) noexcept { delete static_cast<StreamState*>(cls); }

enum MHD_Result send(MHD_Connection* connection, Response&& r) noexcept {
  MHD_Response* response = nullptr;
  if (r.stream) {
    auto* state = new (std::nothrow) StreamState{std::move(r.stream), {}, 0, false};
    if (state == nullptr) return MHD_NO;
    response = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, read_stream, state, free_stream);
    if (response == nullptr) {
      delete state;
      return MHD_NO;
    }
  } else {
    response = MHD_create_response_from_buffer(r.body.size(), r.body.data(), MHD_RESPMEM_MUST_COPY);
    if (response == nullptr) return MHD_NO;
  }
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, r.content_type.c_str());
  for (const auto& [k, v] : r.headers) MHD_add_response_header(response, k.c_str(), v.c_str());
  const enum MHD_Result rc = MHD_queue_response(connection, static_cast<unsigned>(r.status), response);
  MHD_destroy_response(response);
  return rc;
}

enum MHD_Result on_request(void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
                           const char* upload_data, size_t* upload_data_size, void** con_cls) noexcept {
  auto* ctx = static_cast<ListenerContext*>(cls);
  try {
    auto* pending = static_cast<Pending*>(*con_cls);
    if (pending == nullptr) {  // first call: headers are in, the body (if any) follows
      pending = new Pending;
      *con_cls = pending;
      Request& rq = pending->request;
      rq.method = method ? method : "";
      rq.path = url ? url : "";
      rq.peer.transport = ctx->listener.transport;
      rq.peer.address = ctx->listener.address;
      const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      if (ctx->listener.transport == Transport::kUnix && info != nullptr) read_credentials(info->connect_fd, rq.peer);
      if (ctx->listener.transport == Transport::kTcp) {
        const MHD_ConnectionInfo* addr = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (addr != nullptr && addr->client_addr != nullptr) {
          char host[NI_MAXHOST] = "";
          const sockaddr* sa = addr->client_addr;
          ::getnameinfo(sa, sa->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in), host, sizeof host,
                        nullptr, 0, NI_NUMERICHOST);
          rq.peer.address = host;
        }
      }
      MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collect, &rq.query);
      MHD_get_connection_values(connection, MHD_HEADER_KIND, collect, &rq.headers);
      for (auto& [k, v] : rq.headers)
        std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return MHD_YES;
    }
    if (*upload_data_size != 0) {  // a piece of the body
      Request& rq = pending->request;
      const std::size_t room = ctx->options->max_body - std::min(ctx->options->max_body, rq.body.size());
      if (*upload_data_size > room) rq.body_too_large = true;
      rq.body.append(upload_data, std::min(room, *upload_data_size));
      *upload_data_size = 0;
      return MHD_YES;
    }
    return send(connection, (*ctx->handler)(pending->request));
  } catch (const std::exception&) {
    return send(connection, Response{500, "application/problem+json",
                                     fmt::format(R"({{"type":"about:blank","title":"Internal Server Error","status":500,"code":"io","message":"internal error"}})"),
                                     {}, {}});
  } catch (...) {
    return MHD_NO;
  }
}

void on_completed(void*, MHD_Connection*, void** con_cls, enum MHD_RequestTerminationCode) noexcept {
  delete static_cast<Pending*>(*con_cls);
  *con_cls = nullptr;
}

class MhdServer final : public Server {
 public:
  ~MhdServer() override { stop(); }

  base::Status add(Listener l) {
    auto ctx = std::make_unique<ListenerContext>();
    ctx->listener = std::move(l);
    ctx->handler = &handler_;
    ctx->options = &options_;
    const bool tls = !ctx->listener.tls_cert_pem.empty();
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (tls) {
      if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        return Error{ErrorCode::kUnsupported, "this libmicrohttpd has no TLS support"};
      flags |= MHD_USE_TLS;
    }
    MHD_Daemon* d = nullptr;
    if (tls) {
      d = MHD_start_daemon(flags, 0, nullptr, nullptr, on_request, ctx.get(), MHD_OPTION_LISTEN_SOCKET, ctx->listener.fd,
                           MHD_OPTION_NOTIFY_COMPLETED, on_completed, nullptr, MHD_OPTION_CONNECTION_LIMIT,
                           options_.max_connections, MHD_OPTION_CONNECTION_TIMEOUT, 120u, MHD_OPTION_HTTPS_MEM_KEY,
                           ctx->listener.tls_key_pem.c_str(), MHD_OPTION_HTTPS_MEM_CERT, ctx->listener.tls_cert_pem.c_str(),
                           MHD_OPTION_END);
    } else {
      d = MHD_start_daemon(flags, 0, nullptr, nullptr, on_request, ctx.get(), MHD_OPTION_LISTEN_SOCKET, ctx->listener.fd,
                           MHD_OPTION_NOTIFY_COMPLETED, on_completed, nullptr, MHD_OPTION_CONNECTION_LIMIT,
                           options_.max_connections, MHD_OPTION_END);
    }
    if (d == nullptr)
      return Error{ErrorCode::kIo, fmt::format("the HTTP server did not start on {}{}", ctx->listener.address,
                                               tls ? " (check the TLS certificate and key)" : "")};
    daemons_.push_back({d, std::move(ctx)});
    return {};
  }

  void quiesce() override {
    std::lock_guard lock(mutex_);
    for (auto& e : daemons_) {
      if (e.quiesced) continue;
      const MHD_socket fd = MHD_quiesce_daemon(e.daemon);
      if (fd != MHD_INVALID_SOCKET) e.listen_fd = fd;
      e.quiesced = true;
    }
  }

  void stop() override {
    quiesce();
    std::lock_guard lock(mutex_);
    for (auto& e : daemons_) {
      if (e.daemon == nullptr) continue;
      MHD_stop_daemon(e.daemon);
      e.daemon = nullptr;
      if (e.listen_fd >= 0) ::close(e.listen_fd);
      e.listen_fd = -1;
    }
  }

  Handler handler_;
  ServerOptions options_;

 private:
  struct Entry {
    MHD_Daemon* daemon = nullptr;
    std::unique_ptr<ListenerContext> context;
    bool quiesced = false;
    int listen_fd = -1;
  };
  std::mutex mutex_;
  std::vector<Entry> daemons_;
};

}  // namespace

base::Result<std::unique_ptr<Server>> Server::start(std::vector<Listener> listeners, Handler handler, ServerOptions options) {
  auto server = std::make_unique<MhdServer>();
  server->handler_ = std::move(handler);
  server->options_ = options;
  for (Listener& l : listeners) DISCUS_CHECK(server->add(std::move(l)));
  return std::unique_ptr<Server>(std::move(server));
}

std::string library_version() {
  return fmt::format("libmicrohttpd {} (TLS: {})", MHD_get_version(), MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES ? "yes" : "no");
}

}  // namespace discus::daemon::http
