#include "net/ul/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <fmt/format.h>

namespace discus::net::ul {
namespace {

using base::Error;
using base::ErrorCode;
using base::Status;

std::string openssl_errors() {
  std::string out;
  while (const unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown TLS error" : out;
}

Error tls_error(std::string_view what) { return Error{ErrorCode::kIo, fmt::format("TLS {}: {}", what, openssl_errors())}; }

// BCP 195 (RFC 9325 4.2) recommended TLS 1.2 suites; TLS 1.3 suites are OpenSSL's defaults (all AEAD).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384";

class TlsTransport final : public Transport {
 public:
  TlsTransport(std::unique_ptr<TcpTransport> tcp, SSL* ssl) : tcp_(std::move(tcp)), ssl_(ssl) {}
  ~TlsTransport() override {
    close();
    SSL_free(ssl_);
  }
  Status handshake(Deadline deadline) {
    for (;;) {
      ERR_clear_error();
      const int r = SSL_do_handshake(ssl_);
      if (r == 1) return {};
      DISCUS_CHECK(retry(r, deadline, "handshake"));
    }
  }
  Status read_exact(std::span<std::uint8_t> buf, Deadline deadline) override {
    std::size_t got = 0;
    while (got < buf.size()) {
      if (closed_) return Error{ErrorCode::kIo, "closed"};
      ERR_clear_error();
      const int r = SSL_read(ssl_, buf.data() + got, static_cast<int>(std::min<std::size_t>(buf.size() - got, 1 << 30)));
      if (r > 0) {
        got += static_cast<std::size_t>(r);
        continue;
      }
      const int e = SSL_get_error(ssl_, r);
      if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0))
        return Error{ErrorCode::kIo, got == 0 ? "closed" : fmt::format("connection closed after {} of {} bytes", got, buf.size())};
      if (Clock::now() >= deadline)
        return Error{ErrorCode::kIo, fmt::format("{} after {} of {} bytes", kTimedOut, got, buf.size())};
      DISCUS_CHECK(retry(r, deadline, "read"));
    }
    return {};
  }
  Status write_all(base::ByteView bytes, Deadline deadline) override {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      if (closed_) return Error{ErrorCode::kIo, "closed"};
      ERR_clear_error();
      const int r = SSL_write(ssl_, bytes.data() + sent, static_cast<int>(std::min<std::size_t>(bytes.size() - sent, 1 << 30)));
      if (r > 0) {
        sent += static_cast<std::size_t>(r);
        continue;
      }
      DISCUS_CHECK(retry(r, deadline, "write"));
    }
    return {};
  }
  void close() override {
    if (closed_) return;
    closed_ = true;
    ERR_clear_error();
    SSL_shutdown(ssl_);  // best effort close_notify; non-blocking, not awaited
    ERR_clear_error();
    tcp_->close();
  }
  std::string peer_address() const override { return tcp_->peer_address(); }
  std::string peer_host() const override { return tcp_->peer_host(); }

 private:
  Status retry(int r, Deadline deadline, std::string_view what) {
    switch (SSL_get_error(ssl_, r)) {
      case SSL_ERROR_WANT_READ: return tcp_->wait(true, deadline);
      case SSL_ERROR_WANT_WRITE: return tcp_->wait(false, deadline);
      default: {
        Error e = tls_error(what);
        if (const long v = SSL_get_verify_result(ssl_); v != X509_V_OK)
          e.message += fmt::format(" (certificate: {})", X509_verify_cert_error_string(v));
        return e;
      }
    }
  }
  std::unique_ptr<TcpTransport> tcp_;
  SSL* ssl_;
  bool closed_ = false;
};

}  // namespace

base::Result<std::shared_ptr<TlsContext>> TlsContext::create(TlsRole role, const TlsOptions& o) {
  SSL_CTX* ctx = SSL_CTX_new(role == TlsRole::kServer ? TLS_server_method() : TLS_client_method());
  if (ctx == nullptr) return tls_error("context");
  auto fail = [&](std::string_view what) -> Error {
    Error e = tls_error(what);
    SSL_CTX_free(ctx);
    return e;
  };
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_security_level(ctx, 2);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) return fail("cipher list");
  if (!o.cert.empty() && SSL_CTX_use_certificate_chain_file(ctx, o.cert.c_str()) != 1)
    return fail(fmt::format("certificate {}", o.cert));
  if (!o.key.empty() && SSL_CTX_use_PrivateKey_file(ctx, o.key.c_str(), SSL_FILETYPE_PEM) != 1)
    return fail(fmt::format("private key {}", o.key));
  if (!o.cert.empty() && !o.key.empty() && SSL_CTX_check_private_key(ctx) != 1) return fail("key does not match certificate");
  if (role == TlsRole::kServer && (o.cert.empty() || o.key.empty())) {
    SSL_CTX_free(ctx);
    return Error{ErrorCode::kInvalidArgument, "a TLS server needs --tls-key and --tls-cert"};
  }
  if (!o.ca.empty()) {
    if (SSL_CTX_load_verify_locations(ctx, o.ca.c_str(), nullptr) != 1) return fail(fmt::format("CA file {}", o.ca));
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | (role == TlsRole::kServer ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0), nullptr);
  } else {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  }
  return std::shared_ptr<TlsContext>(new TlsContext(ctx, role));
}

TlsContext::~TlsContext() { SSL_CTX_free(static_cast<SSL_CTX*>(ctx_)); }

base::Result<std::unique_ptr<Transport>> TlsContext::wrap(std::unique_ptr<TcpTransport> tcp, Deadline deadline) const {
  SSL* ssl = SSL_new(static_cast<SSL_CTX*>(ctx_));
  if (ssl == nullptr) return tls_error("session");
  if (SSL_set_fd(ssl, tcp->fd()) != 1) {
    SSL_free(ssl);
    return tls_error("session");
  }
  if (role_ == TlsRole::kServer) SSL_set_accept_state(ssl);
  else SSL_set_connect_state(ssl);
  auto t = std::make_unique<TlsTransport>(std::move(tcp), ssl);
  DISCUS_CHECK(t->handshake(deadline));
  return std::unique_ptr<Transport>(std::move(t));
}

}  // namespace discus::net::ul
