// OpenSSL is included here only (the audit transport's adapter).
#include "daemon/audit/transport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

namespace discus::daemon::audit {
namespace {

base::Error net_error(std::string message) { return base::Error{base::ErrorCode::kIo, std::move(message)}; }

std::string openssl_errors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    out += out.empty() ? "" : "; ";
    out += buf;
  }
  return out.empty() ? "unknown TLS error" : out;
}

// A write to a peer that has gone raises SIGPIPE, which would end the daemon. The signal is
// blocked in this thread for the write, and a pending one is taken away, so the write's EPIPE is
// all that remains. (send(MSG_NOSIGNAL) cannot be asked of OpenSSL's socket BIO.)
class NoSigpipe {
 public:
  NoSigpipe() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~NoSigpipe() {
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t pipe_{}, old_{};
};

// A connected socket of `type` to host:port, or an error naming the address.
base::Result<int> connect_socket(const RepositoryAddress& a, int type, int timeout_ms) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = type;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(a.port);
  if (int rc = ::getaddrinfo(a.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return net_error(fmt::format("audit repository {}:{}: {}", a.host, a.port, gai_strerror(rc)));
  std::string last = "no address";
  int fd = -1;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = ::poll(&p, 1, timeout_ms);
      int err = 0;
      socklen_t len = sizeof err;
      if (rc == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) {
        rc = 0;
      } else {
        errno = rc == 0 ? ETIMEDOUT : (err != 0 ? err : errno);
        rc = -1;
      }
    }
    if (rc != 0) {
      last = std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) return net_error(fmt::format("audit repository {}:{}: cannot connect: {}", a.host, a.port, last));
  // Timeouts for when the socket is made blocking (TLS after its handshake), so that a stalled
  // repository cannot hold the sender.
  const timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

class UdpTransport final : public Transport {
 public:
  UdpTransport(RepositoryAddress a, int timeout_ms) : address_(std::move(a)), timeout_ms_(timeout_ms) {}
  ~UdpTransport() override { disconnect(); }

  base::Status send(std::string_view message) override {
    if (fd_ < 0) {
      DISCUS_TRY(fd_, connect_socket(address_, SOCK_DGRAM, timeout_ms_));
    }
    // RFC 5426 3.2: one message per datagram; larger than a datagram can be, it is truncated
    // (RFC 5424 6.1 allows a receiver to, and the TLS transport is the one for large messages).
    const std::size_t size = std::min<std::size_t>(message.size(), 65507);
    if (::send(fd_, message.data(), size, MSG_NOSIGNAL) != static_cast<ssize_t>(size)) {
      const std::string why = std::strerror(errno);
      disconnect();
      return net_error(fmt::format("audit repository udp {}:{}: {}", address_.host, address_.port, why));
    }
    return {};
  }
  void disconnect() override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  RepositoryAddress address_;
  int timeout_ms_;
  int fd_ = -1;
};

class TlsTransport final : public Transport {
 public:
  TlsTransport(RepositoryAddress a, SSL_CTX* ctx, int timeout_ms) : address_(std::move(a)), ctx_(ctx), timeout_ms_(timeout_ms) {}
  ~TlsTransport() override {
    disconnect();
    SSL_CTX_free(ctx_);
  }

  base::Status send(std::string_view message) override {
    NoSigpipe guard;
    if (ssl_ != nullptr && peer_closed()) disconnect();
    if (ssl_ == nullptr) DISCUS_CHECK(connect());
    const std::string framed = octet_counted(message);
    std::size_t done = 0;
    while (done < framed.size()) {
      const int n = SSL_write(ssl_, framed.data() + done, static_cast<int>(framed.size() - done));
      if (n <= 0) {
        const std::string why = fmt::format("{} ({})", openssl_errors(), std::strerror(errno));
        disconnect();
        return net_error(fmt::format("audit repository tls {}:{}: write failed: {}", address_.host, address_.port, why));
      }
      done += static_cast<std::size_t>(n);
    }
    return {};
  }

  void disconnect() override {
    if (ssl_ != nullptr) {
      NoSigpipe guard;
      SSL_shutdown(ssl_);
      SSL_free(ssl_);
      ssl_ = nullptr;
    }
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  // RFC 5425: the receiver sends nothing; a readable socket means it closed (or sent an alert).
  bool peer_closed() const {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) != 0;
  }

  base::Status connect() {
    DISCUS_TRY(fd_, connect_socket(address_, SOCK_STREAM, timeout_ms_));
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    SSL_set_tlsext_host_name(ssl_, address_.host.c_str());
    // RFC 5425 5.2: the server is authenticated by its certificate, and its identity checked
    // against the configured name (or IP address).
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
    in6_addr ip6{};
    in_addr ip4{};
    if (inet_pton(AF_INET, address_.host.c_str(), &ip4) == 1 || inet_pton(AF_INET6, address_.host.c_str(), &ip6) == 1)
      X509_VERIFY_PARAM_set1_ip_asc(param, address_.host.c_str());
    else
      X509_VERIFY_PARAM_set1_host(param, address_.host.c_str(), 0);
    // The socket is non-blocking (connect_socket): wait for each handshake step with a timeout.
    for (;;) {
      const int rc = SSL_connect(ssl_);
      if (rc == 1) break;
      const int err = SSL_get_error(ssl_, rc);
      short events = err == SSL_ERROR_WANT_READ ? POLLIN : err == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
      pollfd p{fd_, events, 0};
      if (events == 0 || ::poll(&p, 1, timeout_ms_) != 1) {
        const long verify = SSL_get_verify_result(ssl_);
        std::string why = verify != X509_V_OK ? X509_verify_cert_error_string(verify)
                                              : (events == 0 ? openssl_errors() : std::string("handshake timed out"));
        disconnect();
        return net_error(fmt::format("audit repository tls {}:{}: TLS handshake failed: {}", address_.host, address_.port, why));
      }
    }
    // TLS 1.3: a server that refuses our certificate (or its absence) says so only after our
    // handshake completed, so a message written at once would be lost. Read what the server
    // sends first (session tickets, or the alert) for a moment before anything is written.
    if (SSL_version(ssl_) == TLS1_3_VERSION) DISCUS_CHECK(settle());
    set_blocking();
    return {};
  }

  base::Status settle() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::min(timeout_ms_, kSettleMs));
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return {};
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) != 1) return {};  // quiet: accepted
      char buf[256];
      const int n = SSL_read(ssl_, buf, sizeof buf);
      if (n > 0) continue;  // RFC 5425 receivers send nothing; ignore it
      const int err = SSL_get_error(ssl_, n);
      if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) continue;  // tickets processed
      const std::string why = err == SSL_ERROR_ZERO_RETURN ? std::string("the repository closed the connection") : openssl_errors();
      disconnect();
      return net_error(fmt::format("audit repository tls {}:{}: refused after the handshake: {}", address_.host, address_.port, why));
    }
  }

  static constexpr int kSettleMs = 500;

  void set_blocking() {
    const int flags = ::fcntl(fd_, F_GETFL);
    if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
  }

  RepositoryAddress address_;
  SSL_CTX* ctx_;
  int timeout_ms_;
  int fd_ = -1;
  SSL* ssl_ = nullptr;
};

}  // namespace

base::Result<std::unique_ptr<Transport>> make_transport(const RepositoryAddress& address, const TlsFiles& tls, int timeout_ms) {
  if (address.protocol == RepositoryAddress::Protocol::kUdp) return std::unique_ptr<Transport>(new UdpTransport(address, timeout_ms));
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr) return net_error("cannot make a TLS context: " + openssl_errors());
  auto fail = [&](std::string what) -> base::Error {
    SSL_CTX_free(ctx);
    return base::Error{base::ErrorCode::kInvalidArgument, fmt::format("{}: {}", what, openssl_errors())};
  };
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);  // RFC 5425 (as updated by RFC 9662): TLS 1.2 at least
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  if (!tls.ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(ctx, tls.ca_file.c_str(), nullptr) != 1)
      return fail(fmt::format("audit repository CA file '{}'", tls.ca_file));
  } else if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
    return fail("the system's trust store");
  }
  if (!tls.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(ctx, tls.cert_file.c_str()) != 1)
      return fail(fmt::format("audit client certificate '{}'", tls.cert_file));
    const std::string& key = tls.key_file.empty() ? tls.cert_file : tls.key_file;
    if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1)
      return fail(fmt::format("audit client key '{}'", key));
  }
  return std::unique_ptr<Transport>(new TlsTransport(address, ctx, timeout_ms));
}

}  // namespace discus::daemon::audit
