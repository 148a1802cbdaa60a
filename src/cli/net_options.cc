#include "cli/net_options.h"

#include <csignal>

#include <fmt/format.h>

#include "cli/command.h"

namespace discus::cli {
namespace {
std::atomic<bool>* g_stop = nullptr;  // the one flag a signal handler may touch
extern "C" void on_stop_signal(int) {
  if (g_stop != nullptr) g_stop->store(true);
}
std::chrono::milliseconds ms(double seconds) { return std::chrono::milliseconds(static_cast<long long>(seconds * 1000)); }
}  // namespace

void add_net_options(CLI::App& c, NetOptions& o, bool server) {
  c.add_option("--tls-key", o.tls_key, "PEM private key: use TLS (PS3.15 BCP 195 profile, TLS 1.2/1.3)")->group("TLS");
  c.add_option("--tls-cert", o.tls_cert, "PEM certificate (chain) presented to the peer")->group("TLS");
  c.add_option("--tls-ca", o.tls_ca,
               server ? "PEM CA file: require and verify a client certificate signed by it"
                      : "PEM CA file: verify the server's certificate against it")
      ->group("TLS");
  c.add_option("--acse-timeout", o.acse_timeout, "seconds to wait for association messages (ARTIM; dcmtk -ta)")->capture_default_str()
      ->check(CLI::Range(0.05, 86400.0));
  c.add_option("--dimse-timeout", o.dimse_timeout, "seconds a peer may stay silent on an association (dcmtk -td)")->capture_default_str()
      ->check(CLI::Range(0.05, 86400.0));
  c.add_option("--pdu-timeout", o.pdu_timeout, "seconds a PDU, once begun, may take to arrive whole")->capture_default_str()
      ->check(CLI::Range(0.05, 86400.0));
  if (!server)
    c.add_option("--connect-timeout", o.connect_timeout, "seconds to wait for the TCP connection")->capture_default_str()->check(CLI::Range(0.05, 3600.0));
  c.add_option("--max-pdu", o.max_pdu, "largest P-DATA PDU we receive (bytes, 4096-16777216; dcmtk -pdu)")->capture_default_str()
      ->check(CLI::Range(4096u, 16u << 20));
}

net::ul::Timeouts timeouts_of(const NetOptions& o) {
  net::ul::Timeouts t;
  t.artim = ms(o.acse_timeout);
  t.idle = ms(o.dimse_timeout);
  t.pdu = ms(o.pdu_timeout);
  t.connect = ms(o.connect_timeout);
  return t;
}

std::shared_ptr<net::ul::TlsContext> make_tls(const NetOptions& o, bool server, std::string_view command, int& status) {
  status = kExitOk;
  if (o.tls_key.empty() && o.tls_cert.empty() && o.tls_ca.empty()) return nullptr;
  if (o.tls_key.empty() != o.tls_cert.empty()) {
    status = usage_error(command, "--tls-key and --tls-cert go together");
    return nullptr;
  }
  auto ctx = net::ul::TlsContext::create(server ? net::ul::TlsRole::kServer : net::ul::TlsRole::kClient,
                                         {o.tls_key, o.tls_cert, o.tls_ca});
  if (!ctx) {
    status = usage_error(command, ctx.error().message);
    return nullptr;
  }
  return std::move(*ctx);
}

void install_net_signals(std::atomic<bool>* stop) {
  std::signal(SIGPIPE, SIG_IGN);
  if (stop == nullptr) return;
  g_stop = stop;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

}  // namespace discus::cli
