// discus::daemon::http — the HTTP/1.1 server of discusd: libmicrohttpd behind our own types.
//
// This folder is the only place microhttpd.h is included. The server takes sockets discusd
// made itself (listen.h: the Unix socket renamed into place when ready, an optional TCP one with
// TLS through MHD's GnuTLS), runs one thread per connection (so a Server-Sent Events stream may
// wait for events without holding up other clients), reads each peer's credentials from the
// accepted descriptor (SO_PEERCRED, SO_PEERGROUPS) before any handler runs, and never parses
// HTTP by hand. stop() first stops accepting (MHD_quiesce_daemon), then lets open requests end.
//   DISCUS_TRY(auto server, Server::start({{.fd = l.fd, .transport = Transport::kUnix}}, handler));
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "daemon/http/message.h"

namespace discus::daemon::http {

struct Listener {
  int fd = -1;  // listening; the server takes it over
  Transport transport = Transport::kUnix;
  std::string address;                    // for Peer::address on the Unix socket, and logs
  std::string tls_cert_pem, tls_key_pem;  // both set: TLS on this listener
};

struct ServerOptions {
  std::size_t max_body = 1 << 20;  // larger request bodies are cut and flagged (413)
  unsigned max_connections = 256;
};

class Server {
 public:
  static base::Result<std::unique_ptr<Server>> start(std::vector<Listener> listeners, Handler handler,
                                                     ServerOptions options = {});
  virtual ~Server() = default;
  // Stops accepting new connections; requests under way go on. Idempotent.
  virtual void quiesce() = 0;
  // Quiesces, then waits for every connection to end (streams must end on their own: they
  // watch the flag their owner sets) and closes the sockets.
  virtual void stop() = 0;
};

// "libmicrohttpd 0.9.75 (TLS: yes)", for --version and logs.
std::string library_version();

}  // namespace discus::daemon::http
