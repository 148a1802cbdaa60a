// discus::net::ul — TLS under the Upper Layer (PS3.15 Annex B.9/B.10, BCP 195 TLS profiles).
//
// TLS 1.2 or 1.3 only (never the retired Basic TLS profile's SSL/TLS 1.0), forward-secret AEAD
// cipher suites (RFC 9325 / BCP 195 recommended), OpenSSL security level 2. With a CA file, the
// peer's certificate is verified: a server then requires a client certificate, a client checks
// the server's chain. The only file of Discus that includes OpenSSL's ssl.h.
//
//   DISCUS_TRY(auto ctx, TlsContext::create(TlsRole::kServer, {.key = k, .cert = c, .ca = ca}));
//   DISCUS_TRY(auto t, ctx->wrap(std::move(tcp), deadline_in(std::chrono::seconds(30))));
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "net/ul/transport.h"

namespace discus::net::ul {

struct TlsOptions {
  std::string key;   // PEM private key (ours)
  std::string cert;  // PEM certificate (ours); a client without one offers none
  std::string ca;    // PEM CA file; when set, the peer must present a certificate it signed
};

enum class TlsRole { kClient, kServer };

class TlsContext {
 public:
  static base::Result<std::shared_ptr<TlsContext>> create(TlsRole role, const TlsOptions& options);
  ~TlsContext();
  // Runs the handshake on a connected socket (before the deadline); the result owns `tcp`.
  base::Result<std::unique_ptr<Transport>> wrap(std::unique_ptr<TcpTransport> tcp, Deadline deadline) const;

 private:
  TlsContext(void* ctx, TlsRole role) : ctx_(ctx), role_(role) {}
  void* ctx_;  // SSL_CTX*, kept opaque so OpenSSL stays in tls.cc
  TlsRole role_;
};

}  // namespace discus::net::ul
