// `discus store-scp --aet AET --port N --out DIR`: a Storage and Verification SCP in the
// foreground, like dcmtk's storescp: one Part 10 file per received instance under
// DIR/<Study Instance UID>/<SOP Instance UID>.dcm, fsynced before success is answered.
// Stops on SIGINT/SIGTERM after the associations in progress end. One log line per association.
#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "base/log.h"
#include "cli/command.h"
#include "cli/net_options.h"
#include "net/services/server.h"

namespace discus::cli {
namespace {

struct StoreScpOptions {
  std::string aet;
  int port = -1;
  std::string out, bind;
  bool no_fsync = false, any_called_aet = false, accept_all = false, echo_only = false;
  std::string on_duplicate = "replace";
  std::vector<std::string> allow_calling, allow_hosts;
  unsigned max_associations = 64;
  std::uint64_t max_messages = 0;
  NetOptions net;
};

int run_store_scp(const StoreScpOptions& o, Context& ctx) {
  namespace svc = net::services;
  if (!net::ul::valid_ae_title(o.aet)) return usage_error("store-scp", fmt::format("'{}' is not an AE title", o.aet));
  if (o.port < 0 || o.port > 65535) return usage_error("store-scp", "--port must be 0-65535 (0: any free port)");
  std::error_code ec;
  if (!o.echo_only && !std::filesystem::is_directory(o.out, ec))
    return usage_error("store-scp", fmt::format("--out '{}' is not a folder", o.out));
  svc::ScpOptions s;
  s.port = static_cast<std::uint16_t>(o.port);
  s.bind_address = o.bind;
  s.access.our_ae_title = o.aet;
  s.access.any_called_ae = o.any_called_aet;
  s.access.calling_ae_titles = o.allow_calling;
  s.access.addresses = o.allow_hosts;
  s.accept.any_sop_class = o.accept_all;
  s.accept.storage = !o.echo_only;
  s.timeouts = timeouts_of(o.net);
  s.max_pdu_length = o.net.max_pdu;
  s.max_associations = o.max_associations;
  s.max_messages_per_association = o.max_messages;
  if (!o.echo_only) s.storage.out_dir = o.out;
  s.storage.fsync = !o.no_fsync;
  if (o.on_duplicate == "keep") s.storage.duplicates = svc::DuplicatePolicy::kKeep;
  else if (o.on_duplicate == "reject") s.storage.duplicates = svc::DuplicatePolicy::kReject;
  int status = kExitOk;
  s.tls = make_tls(o.net, true, "store-scp", status);
  if (status != kExitOk) return status;
  std::atomic<bool> stop{false};
  install_net_signals(&stop);
  base::Logger log(ctx.verbose ? base::LogLevel::kDebug : (ctx.quiet ? base::LogLevel::kWarn : base::LogLevel::kInfo));
  auto server = svc::Server::start(std::move(s), log);
  if (!server) {
    fmt::print(stderr, "discus store-scp: {}\n", server.error().message);
    return kExitFailed;
  }
  // The line scripts wait for (with --port 0 it names the port chosen).
  fmt::print(stderr, "discus store-scp: {} listening on port {}{}\n", o.aet, (*server)->port(), o.net.tls_key.empty() ? "" : " (TLS)");
  std::fflush(stderr);
  (*server)->run(stop);
  const auto& st = (*server)->stats();
  fmt::print(stderr, "discus store-scp: stopped; {} associations, {} instances stored, {} failed, {} rejected, {} aborted\n",
             st.associations.load(), st.instances.load(), st.failures.load(), st.rejected.load(), st.aborted.load());
  return kExitOk;
}

}  // namespace

void add_store_scp(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<StoreScpOptions>();
  CLI::App* c = root.add_subcommand("store-scp", "receive DICOM instances (C-STORE) and answer C-ECHO, like dcmtk's storescp");
  c->add_option("--aet", o->aet, "our AE title; associations calling another are rejected")->required();
  c->add_option("--port", o->port, "TCP port to listen on (0: any free port, printed)")->required();
  c->add_option("--out", o->out, "folder receiving one file per instance, DIR/<Study UID>/<SOP Instance UID>.dcm");
  c->add_flag("--echo-only", o->echo_only, "Verification only: no Storage, no --out");
  c->add_option("--bind", o->bind, "listen on this address only (default: all)");
  c->add_flag("--no-fsync", o->no_fsync, "answer success without fsync (faster; an instance may be lost on power failure)");
  c->add_option("--on-duplicate", o->on_duplicate, "an instance whose SOP Instance UID was stored before: replace, keep (the first), reject")
      ->capture_default_str()
      ->check(CLI::IsMember({"replace", "keep", "reject"}));
  c->add_flag("--accept-all-sop-classes", o->accept_all, "accept any SOP class as storage, also private ones");
  c->add_flag("--any-called-aet", o->any_called_aet, "accept associations whatever called AE title they name");
  c->add_option("--allow-calling-aet", o->allow_calling, "accept only these calling AE titles (repeatable)");
  c->add_option("--allow-host", o->allow_hosts, "accept only peers at these addresses or prefixes, e.g. 10.0.0.0/8 (repeatable)");
  c->add_option("--max-associations", o->max_associations, "associations served at once; more are rejected (transient)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 4096u));
  c->add_option("--max-messages", o->max_messages, "messages one association may carry (0: unlimited)")->capture_default_str();
  add_net_options(*c, o->net, true);
  on_run(*c, ctx, [o](Context& context) {
    if (o->out.empty() && !o->echo_only) return usage_error("store-scp", "--out DIR is required (or --echo-only)");
    return run_store_scp(*o, context);
  });
}

}  // namespace discus::cli
