#include "net/ul/transport.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

namespace discus::net::ul {
namespace {

using base::Error;
using base::ErrorCode;
using base::Status;

Error io(std::string what) { return Error{ErrorCode::kIo, std::move(what)}; }
Error sys(std::string_view what) { return io(fmt::format("{}: {}", what, std::strerror(errno))); }

int poll_ms(Deadline deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 1 << 30));
}

void set_nonblocking(int fd) {
  const int flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

void describe_peer(int fd, std::string& peer, std::string& host) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return;
  char h[INET6_ADDRSTRLEN] = {0};
  std::uint16_t port = 0;
  if (ss.ss_family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &a->sin_addr, h, sizeof h);
    port = ntohs(a->sin_port);
  } else if (ss.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &a->sin6_addr, h, sizeof h);
    port = ntohs(a->sin6_port);
  }
  host = h;
  peer = fmt::format("{}:{}", h, port);
}

}  // namespace

bool is_timeout(const Error& e) { return e.code == ErrorCode::kIo && e.message.find(kTimedOut) != std::string::npos; }
bool is_closed(const Error& e) { return e.code == ErrorCode::kIo && e.message == "closed"; }

TcpTransport::TcpTransport(int fd) : fd_(fd) {
  set_nonblocking(fd_);
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  describe_peer(fd_, peer_, host_);
}

TcpTransport::~TcpTransport() { close(); }

void TcpTransport::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Status TcpTransport::wait(bool for_read, Deadline deadline) const {
  pollfd p{fd_, static_cast<short>(for_read ? POLLIN : POLLOUT), 0};
  for (;;) {
    const int r = ::poll(&p, 1, poll_ms(deadline));
    if (r > 0) return {};
    if (r == 0) return io(std::string(kTimedOut));
    if (errno != EINTR) return sys("poll");
  }
}

Status TcpTransport::read_exact(std::span<std::uint8_t> buf, Deadline deadline) {
  std::size_t got = 0;
  while (got < buf.size()) {
    if (fd_ < 0) return io("closed");
    const ssize_t n = ::recv(fd_, buf.data() + got, buf.size() - got, 0);
    if (n > 0) {
      got += static_cast<std::size_t>(n);
      continue;
    }
    if (n == 0) return io(got == 0 ? "closed" : fmt::format("connection closed after {} of {} bytes", got, buf.size()));
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return sys("recv");
    if (Clock::now() >= deadline) return io(fmt::format("{} after {} of {} bytes", kTimedOut, got, buf.size()));
    DISCUS_CHECK(wait(true, deadline));
  }
  return {};
}

Status TcpTransport::write_all(base::ByteView bytes, Deadline deadline) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    if (fd_ < 0) return io("closed");
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n >= 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return sys("send");
    DISCUS_CHECK(wait(false, deadline));
  }
  return {};
}

base::Result<std::unique_ptr<TcpTransport>> connect_tcp(const std::string& host, std::uint16_t port,
                                                        std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &res); rc != 0)
    return io(fmt::format("cannot resolve {}: {}", host, gai_strerror(rc)));
  const Deadline deadline = deadline_in(timeout);
  Error last = io(fmt::format("cannot connect to {}:{}", host, port));
  for (addrinfo* a = res; a != nullptr; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
      last = sys(fmt::format("connect to {}:{}", host, port));
      ::close(fd);
      continue;
    }
    pollfd p{fd, POLLOUT, 0};
    int r;
    do r = ::poll(&p, 1, poll_ms(deadline));
    while (r < 0 && errno == EINTR);
    int err = 0;
    socklen_t len = sizeof err;
    if (r <= 0) {
      last = io(fmt::format("connect to {}:{}: {}", host, port, kTimedOut));
      ::close(fd);
      continue;
    }
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      last = io(fmt::format("connect to {}:{}: {}", host, port, std::strerror(err)));
      ::close(fd);
      continue;
    }
    freeaddrinfo(res);
    return std::make_unique<TcpTransport>(fd);
  }
  freeaddrinfo(res);
  return last;
}

base::Result<Listener> Listener::open(std::uint16_t port, const std::string& bind_address) {
  const int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  bool v6 = fd >= 0;
  const int s = v6 ? fd : ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (s < 0) return sys("socket");
  const int one = 1, zero = 0;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  int rc;
  if (v6) {
    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port);
    a.sin6_addr = in6addr_any;
    if (!bind_address.empty()) {
      in_addr v4{};
      if (inet_pton(AF_INET6, bind_address.c_str(), &a.sin6_addr) != 1) {
        if (inet_pton(AF_INET, bind_address.c_str(), &v4) != 1) {
          ::close(s);
          return Error{ErrorCode::kInvalidArgument, fmt::format("not an IP address: {}", bind_address)};
        }
        // IPv4-mapped (::ffff:a.b.c.d)
        std::memset(&a.sin6_addr, 0, sizeof a.sin6_addr);
        a.sin6_addr.s6_addr[10] = 0xff;
        a.sin6_addr.s6_addr[11] = 0xff;
        std::memcpy(&a.sin6_addr.s6_addr[12], &v4, 4);
      }
    }
    rc = ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  } else {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    if (!bind_address.empty()) inet_pton(AF_INET, bind_address.c_str(), &a.sin_addr);
    rc = ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  if (rc != 0 || ::listen(s, 128) != 0) {
    Error e = sys(fmt::format("listen on port {}", port));
    ::close(s);
    return e;
  }
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  getsockname(s, reinterpret_cast<sockaddr*>(&ss), &len);
  const std::uint16_t bound = ss.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port)
                                                       : ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  return Listener(s, bound);
}

Listener::~Listener() {
  if (fd_ >= 0) ::close(fd_);
}

base::Result<std::optional<std::unique_ptr<TcpTransport>>> Listener::accept(Deadline deadline) {
  pollfd p{fd_, POLLIN, 0};
  const int r = ::poll(&p, 1, poll_ms(deadline));
  if (r < 0 && errno != EINTR) return sys("poll");
  if (r <= 0) return std::optional<std::unique_ptr<TcpTransport>>{};
  const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (c < 0) {
    if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED) return std::optional<std::unique_ptr<TcpTransport>>{};
    if (errno == EMFILE || errno == ENFILE) {
      // Out of descriptors: back off instead of spinning; the peers wait in the backlog.
      ::poll(nullptr, 0, 50);
      return std::optional<std::unique_ptr<TcpTransport>>{};
    }
    return sys("accept");
  }
  return std::optional<std::unique_ptr<TcpTransport>>{std::make_unique<TcpTransport>(c)};
}

Status MemoryTransport::read_exact(std::span<std::uint8_t> buf, Deadline) {
  if (closed_) return io("closed");
  const std::size_t left = in_.size() - pos_;
  if (left == 0 && !buf.empty()) return io("closed");
  if (left < buf.size()) {
    pos_ = in_.size();
    return io(fmt::format("connection closed after {} of {} bytes", left, buf.size()));
  }
  std::copy_n(in_.begin() + static_cast<std::ptrdiff_t>(pos_), buf.size(), buf.begin());
  pos_ += buf.size();
  return {};
}

Status MemoryTransport::write_all(base::ByteView bytes, Deadline) {
  if (closed_) return io("closed");
  out_.insert(out_.end(), bytes.begin(), bytes.end());
  return {};
}

}  // namespace discus::net::ul
