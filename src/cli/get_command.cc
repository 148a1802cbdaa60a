// `discus get --to AET@HOST:PORT -k KEY=VALUE... [--out DIR]`: C-GET (PS3.4 C.4.3) like dcmtk's
// getscu: the peer sends the matching instances back on the same association; each is streamed to
// DIR/<Study Instance UID>/<SOP Instance UID>.dcm and fsync'd before it is acknowledged. One line
// per instance, the final status on stderr. Exit 0 on Success, 1 on any other final status or a
// broken association, 2 for a usage error or a refused association.
#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/command.h"
#include "cli/net_options.h"
#include "cli/query_retrieve_cli.h"
#include "net/dimse/query_retrieve.h"
#include "net/dimse/status.h"
#include "net/services/get_scu.h"

namespace discus::cli {
namespace {

namespace svc = net::services;

struct GetCliOptions {
  RetrieveCliOptions common;
  std::string out = ".";
  std::vector<std::string> classes, syntaxes;
  bool no_fsync = false;
};

int run_get(const GetCliOptions& o, Context& ctx) {
  std::atomic<bool> stop{false};
  install_net_signals(&stop);
  svc::GetOptions g;
  svc::QueryLevel level{};
  if (int rc = prepare_retrieve("get", o.common, g.scu, g.model, level); rc != kExitOk) return rc;
  auto identifier = svc::build_identifier(o.common.keys, level);
  if (!identifier) return usage_error("get", identifier.error().message);
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (!std::filesystem::is_directory(o.out, ec)) return usage_error("get", fmt::format("cannot create the folder '{}'", o.out));
  g.storage.out_dir = o.out;
  g.storage.fsync = !o.no_fsync;
  g.storage_classes = o.classes;
  g.transfer_syntaxes = o.syntaxes;
  g.cancel = &stop;
  svc::sweep_incoming(o.out);
  const bool quiet = ctx.quiet || o.common.json;
  if (!quiet) g.on_progress = [](std::uint16_t status, const svc::SubOperations& c) { print_progress(status, c); };
  g.on_instance = [&](const svc::ReceivedInstance& i) {
    const auto cls = net::dimse::classify(i.outcome.status);
    const bool ok = cls == net::dimse::StatusClass::kSuccess || cls == net::dimse::StatusClass::kWarning;
    if (!ok)
      fmt::print(stderr, "FAILED {}: {}{}\n", i.sop_instance_uid, net::dimse::describe_status(i.outcome.status),
                 i.outcome.comment.empty() ? "" : ": " + i.outcome.comment);
    else if (!quiet)
      fmt::print("stored {} ({} bytes)\n", i.outcome.path, i.outcome.bytes);
  };
  auto r = svc::get(g, *identifier);
  base::Result<svc::RetrieveResult> base_result = r ? base::Result<svc::RetrieveResult>(static_cast<const svc::RetrieveResult&>(*r))
                                                    : base::Result<svc::RetrieveResult>(r.error());
  std::vector<std::string> stored;
  if (r)
    for (const auto& i : r->instances)
      if (!i.outcome.path.empty()) stored.push_back(i.outcome.path);
  return report_retrieve("get", o.common, base_result, ctx, fmt::format("into {}", o.out), &stored);
}

}  // namespace

void add_get(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<GetCliOptions>();
  CLI::App* c = root.add_subcommand("get", "fetch studies, series or images from a peer on the same association (C-GET), like dcmtk's getscu");
  c->add_option("--out", o->out, "folder for the instances (OUT/<Study Instance UID>/<SOP Instance UID>.dcm; dcmtk -od)")
      ->capture_default_str();
  c->add_option("--storage-class", o->classes, "propose only these storage SOP class UIDs (default: the common ones)");
  c->add_option("--propose-ts", o->syntaxes, "transfer syntax UIDs to accept instances in, in order of preference "
                "(default: Explicit then Implicit VR Little Endian)");
  c->add_flag("--no-fsync", o->no_fsync, "do not fsync each instance before acknowledging it (faster, not crash-safe)");
  add_retrieve_options(*c, o->common);
  on_run(*c, ctx, [o](Context& context) { return run_get(*o, context); });
}

}  // namespace discus::cli
