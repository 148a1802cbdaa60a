// discus::daemon::http — the listening sockets discusd makes itself and hands to the server.
//
// The Unix socket appears only when the daemon is ready (issue 14 "Interfaces"): it is bound to
// a temporary name in the same folder, listened on, and renamed onto the real path once the
// server answers (rename(2) is atomic, so a client sees no socket or a working one). A socket
// left by a daemon that died is removed at start, one that still answers is not (AF_UNIX: man 7 unix).
//   DISCUS_TRY(UnixListener l, listen_unix("/run/discus/discusd.sock"));  ...;  publish(l);
#pragma once

#include <string>

#include "base/result.h"

namespace discus::daemon::http {

struct UnixListener {
  int fd = -1;
  std::string path;       // where it will appear
  std::string temporary;  // where it is bound until publish()
  // The published file's identity (a socket descriptor's fstat names sockfs, not the file).
  unsigned long long device = 0, inode = 0;
};

// Refuses (kConflict) when a daemon already answers on `path`; removes a dead one's socket.
// The socket is open to every local user (mode 0666): access is decided per connection with
// SO_PEERCRED, so a refused peer gets an answer and the refusal is audited.
base::Result<UnixListener> listen_unix(const std::string& path);
base::Status publish(UnixListener& listener);
// Removes the published socket (at stop), if it is still ours.
void unpublish(const UnixListener& listener);

// "HOST:PORT" or "[V6]:PORT"; port 0 picks a free port (bound_port() tells which).
base::Result<int> listen_tcp(const std::string& host_port);
int bound_port(int fd);

}  // namespace discus::daemon::http
