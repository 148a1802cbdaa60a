// `discus move --to AET@HOST:PORT --dest AET -k KEY=VALUE...`: C-MOVE (PS3.4 C.4.2) like dcmtk's
// movescu: the peer sends the matching instances to the AE title --dest (which it must know by
// address, e.g. a `discus store-scp`). One line per pending response (sub-operations remaining,
// completed, failed, warning), the final status on stderr. Exit 0 on Success, 1 on any other final
// status or a broken association, 2 for a usage error or a refused association.
#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/net_options.h"
#include "cli/query_retrieve_cli.h"
#include "net/dimse/query_retrieve.h"
#include "net/services/move_scu.h"

namespace discus::cli {
namespace {

namespace svc = net::services;

struct MoveCliOptions {
  RetrieveCliOptions common;
  std::string destination;
};

int run_move(const MoveCliOptions& o, Context& ctx) {
  std::atomic<bool> stop{false};
  install_net_signals(&stop);
  svc::MoveOptions m;
  svc::QueryLevel level{};
  if (int rc = prepare_retrieve("move", o.common, m.scu, m.model, level); rc != kExitOk) return rc;
  if (!net::ul::valid_ae_title(o.destination)) return usage_error("move", fmt::format("'{}' is not an AE title", o.destination));
  auto identifier = svc::build_identifier(o.common.keys, level);
  if (!identifier) return usage_error("move", identifier.error().message);
  m.destination = o.destination;
  m.cancel = &stop;
  if (!ctx.quiet && !o.common.json) m.on_progress = [](std::uint16_t status, const svc::SubOperations& c) { print_progress(status, c); };
  auto r = svc::move(m, *identifier);
  return report_retrieve("move", o.common, r, ctx, fmt::format("to {}", o.destination));
}

}  // namespace

void add_move(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<MoveCliOptions>();
  CLI::App* c = root.add_subcommand("move", "have a peer send studies, series or images to an AE (C-MOVE), like dcmtk's movescu");
  c->add_option("--dest", o->destination, "the Move Destination AE title the peer sends to (dcmtk -aem)")->required();
  add_retrieve_options(*c, o->common);
  on_run(*c, ctx, [o](Context& context) { return run_move(*o, context); });
}

}  // namespace discus::cli
