#include "daemon/http/listen.h"

#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace discus::daemon::http {
namespace {

using base::Error;
using base::ErrorCode;

Error os_error(std::string what, int err, const std::string& path = {}) {
  Error e{ErrorCode::kIo, fmt::format("{}: {}", what, std::strerror(err))};
  if (!path.empty()) e.in_file(path);
  return e;
}

bool fill_address(const std::string& path, sockaddr_un& a) {
  std::memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  if (path.size() >= sizeof a.sun_path) return false;
  std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
  return true;
}

// True when something accepts connections on `path` (a live daemon).
bool answers(const std::string& path) {
  sockaddr_un a;
  if (!fill_address(path, a)) return false;
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

base::Result<UnixListener> listen_unix(const std::string& path) {
  UnixListener l;
  l.path = path;
  l.temporary = fmt::format("{}.{}.tmp", path, ::getpid());
  sockaddr_un a;
  if (!fill_address(l.temporary, a))
    return Error{ErrorCode::kInvalidArgument, fmt::format("socket path {} is too long for AF_UNIX ({} bytes at most)", path,
                                                          sizeof a.sun_path - 12)};
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode))
      return Error{ErrorCode::kConflict, fmt::format("{} exists and is not a socket; not replacing it", path)};
    if (answers(path))
      return Error{ErrorCode::kConflict, fmt::format("another discusd answers on {}", path)};
    ::unlink(path.c_str());  // a dead daemon's socket
  }
  ::unlink(l.temporary.c_str());
  l.fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (l.fd < 0) return os_error("socket", errno);
  if (::bind(l.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    const int err = errno;
    ::close(l.fd);
    return os_error(fmt::format("cannot bind {}", l.temporary), err, l.temporary);
  }
  // Open to all local users: every connection is checked (and a refusal answered) instead.
  ::chmod(l.temporary.c_str(), 0666);
  if (::listen(l.fd, 64) != 0) {
    const int err = errno;
    ::close(l.fd);
    ::unlink(l.temporary.c_str());
    return os_error("listen", err, l.temporary);
  }
  return l;
}

base::Status publish(UnixListener& l) {
  struct stat st {};
  if (::lstat(l.temporary.c_str(), &st) == 0) {
    l.device = st.st_dev;
    l.inode = st.st_ino;
  }
  if (::rename(l.temporary.c_str(), l.path.c_str()) != 0) return os_error(fmt::format("cannot rename the socket to {}", l.path), errno, l.path);
  return {};
}

void unpublish(const UnixListener& l) {
  ::unlink(l.temporary.c_str());
  // Only our own socket: another daemon may have replaced it since (then it is theirs).
  struct stat there {};
  if (::lstat(l.path.c_str(), &there) != 0 || there.st_dev != l.device || there.st_ino != l.inode) return;
  ::unlink(l.path.c_str());
}

base::Result<int> listen_tcp(const std::string& host_port) {
  std::string host, port;
  if (!host_port.empty() && host_port.front() == '[') {
    const auto close = host_port.find("]:");
    if (close == std::string::npos) return Error{ErrorCode::kInvalidArgument, fmt::format("--listen {}: expected [ADDRESS]:PORT", host_port)};
    host = host_port.substr(1, close - 1);
    port = host_port.substr(close + 2);
  } else {
    const auto colon = host_port.rfind(':');
    if (colon == std::string::npos) return Error{ErrorCode::kInvalidArgument, fmt::format("--listen {}: expected HOST:PORT", host_port)};
    host = host_port.substr(0, colon);
    port = host_port.substr(colon + 1);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return Error{ErrorCode::kInvalidArgument, fmt::format("--listen {}: {}", host_port, ::gai_strerror(rc))};
  int err = 0;
  for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      err = errno;
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(fd, 64) == 0) {
      ::freeaddrinfo(found);
      return fd;
    }
    err = errno;
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return os_error(fmt::format("cannot listen on {}", host_port), err);
}

int bound_port(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return 0;
  if (ss.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  return 0;
}

}  // namespace discus::daemon::http
