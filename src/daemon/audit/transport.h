// discus::daemon::audit — sending syslog messages to an audit repository.
//
// UDP (RFC 5426): one message per datagram, connectionless, best effort by design of the
// protocol. TLS (RFC 5425): TLS 1.2 or later over TCP, the repository's certificate verified
// against the configured CA bundle (or the system's) and its name or IP address checked, an
// optional client certificate for mutual authentication (IHE ATNA), each message octet-counted.
// OpenSSL is included in transport.cc only. Calls block for at most `timeout_ms`; SIGPIPE is
// never raised (a closed peer is an error value).
//   DISCUS_TRY(auto t, make_transport(address, tls_files, 3000));  DISCUS_CHECK(t->send(msg));
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "daemon/audit/syslog.h"

namespace discus::daemon::audit {

struct TlsFiles {
  std::string ca_file;    // PEM; empty: the system's trust store
  std::string cert_file;  // our certificate (PEM), optional
  std::string key_file;   // its key (PEM)
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Connects when not connected; sends one RFC 5424 message (framed as the protocol wants).
  virtual base::Status send(std::string_view syslog_message) = 0;
  virtual void disconnect() = 0;
};

base::Result<std::unique_ptr<Transport>> make_transport(const RepositoryAddress& address, const TlsFiles& tls,
                                                        int timeout_ms);

}  // namespace discus::daemon::audit
