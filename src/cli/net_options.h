// discus CLI — the options echo, store-scp and send share (issue 15): TLS files, timeouts,
// maximum PDU, and turning them into the net layer's types. dcmtk-like in meaning:
// --acse-timeout is echoscu's -ta, --dimse-timeout its -td, --max-pdu its -pdu.
//   NetOptions n;  add_net_options(*c, n, /*server=*/false);   auto tls = make_tls(n, false, "echo", rc);
#pragma once

#include <CLI/CLI.hpp>

#include <atomic>
#include <memory>
#include <string>

#include "net/ul/association.h"
#include "net/ul/tls.h"

namespace discus::cli {

struct NetOptions {
  std::string tls_key, tls_cert, tls_ca;
  double acse_timeout = 30, dimse_timeout = 120, pdu_timeout = 60, connect_timeout = 15;
  std::uint32_t max_pdu = 256 * 1024;
};

void add_net_options(CLI::App& command, NetOptions& o, bool server);

}  // namespace discus::cli
namespace discus::cli {
net::ul::Timeouts timeouts_of(const NetOptions& o);
// The TLS context the flags ask for: none without any --tls-* flag. On a bad key or certificate,
// prints "discus CMD: ..." and sets `status` to kExitUsage.
std::shared_ptr<net::ul::TlsContext> make_tls(const NetOptions& o, bool server, std::string_view command, int& status);
// SIGPIPE ignored (sockets use MSG_NOSIGNAL; OpenSSL writes do not); SIGINT/SIGTERM set `stop`.
void install_net_signals(std::atomic<bool>* stop);
}  // namespace discus::cli
