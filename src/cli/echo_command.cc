// `discus echo AET@HOST:PORT`: C-ECHO (PS3.4 A, Verification) to a peer, like dcmtk's echoscu.
// Exit 0 when the peer answered success, 1 when it answered otherwise or the association failed,
// 2 for a usage error or a refused association.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/net_options.h"
#include "net/dimse/status.h"
#include "net/services/scu.h"

namespace discus::cli {
namespace {

struct EchoOptions {
  std::string peer;
  std::string calling_aet = "DISCUS";
  unsigned repeat = 1;
  NetOptions net;
};

int run_echo(const EchoOptions& o, Context& ctx) {
  install_net_signals(nullptr);
  auto peer = net::services::parse_peer(o.peer);
  if (!peer) return usage_error("echo", peer.error().message);
  if (!net::ul::valid_ae_title(o.calling_aet)) return usage_error("echo", fmt::format("'{}' is not an AE title", o.calling_aet));
  int status = kExitOk;
  net::services::ScuOptions scu;
  scu.peer = *peer;
  scu.calling_ae_title = o.calling_aet;
  scu.timeouts = timeouts_of(o.net);
  scu.max_pdu_length = o.net.max_pdu;
  scu.tls = make_tls(o.net, false, "echo", status);
  if (status != kExitOk) return status;
  for (unsigned i = 0; i < o.repeat; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = net::services::echo(scu);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    if (!r) {
      fmt::print(stderr, "discus echo: {}: {}\n", o.peer, r.error().message);
      return kExitFailed;
    }
    if (r->rejected) {
      fmt::print(stderr, "discus echo: {}: {}\n", o.peer, net::services::describe_reject(*r->rejected));
      return kExitUsage;
    }
    const bool ok = *r->status == 0;
    if (!ctx.quiet || !ok)
      fmt::print(ok ? stdout : stderr, "echo {}: {} ({} ms)\n", o.peer, net::dimse::describe_status(*r->status), ms);
    if (!ok) status = kExitFailed;
  }
  return status;
}

}  // namespace

void add_echo(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<EchoOptions>();
  CLI::App* c = root.add_subcommand("echo", "C-ECHO a DICOM peer (Verification), like dcmtk's echoscu");
  c->add_option("PEER", o->peer, "the peer as AET@HOST:PORT, e.g. PACS@10.0.0.5:104")->required();
  c->add_option("--calling-aet", o->calling_aet, "our AE title (dcmtk -aet)")->capture_default_str();
  c->add_option("--repeat", o->repeat, "echo this many times, each on its own association")->capture_default_str()->check(CLI::Range(1u, 100000u));
  add_net_options(*c, o->net, false);
  on_run(*c, ctx, [o](Context& context) { return run_echo(*o, context); });
}

}  // namespace discus::cli
