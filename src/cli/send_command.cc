// `discus send --to AET@HOST:PORT FILE|DIR...`: C-STORE files to a peer, like dcmtk's storescu
// (folders searched recursively). A file the peer refuses in its own transfer syntax is
// transcoded to one it accepted. One line per file; exit 0 when every file was stored, 1 when
// some failed, 2 for a usage error or a refused association.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/net_options.h"
#include "codec/codec.h"
#include "dicom/dict/uid_registry.h"
#include "net/dimse/status.h"
#include "base/text.h"
#include "net/services/storage_scu.h"

namespace discus::cli {
namespace {

struct SendOptions {
  std::string to;
  std::vector<std::string> inputs;
  std::string calling_aet = "DISCUS";
  int retries = 2;
  bool json = false;
  NetOptions net;
};

int run_send(const SendOptions& o, Context& ctx) {
  namespace svc = net::services;
  install_net_signals(nullptr);
  auto peer = svc::parse_peer(o.to);
  if (!peer) return usage_error("send", peer.error().message);
  if (!net::ul::valid_ae_title(o.calling_aet)) return usage_error("send", fmt::format("'{}' is not an AE title", o.calling_aet));
  int status = kExitOk;
  svc::SendOptions s;
  s.scu.peer = *peer;
  s.scu.calling_ae_title = o.calling_aet;
  s.scu.timeouts = timeouts_of(o.net);
  s.scu.max_pdu_length = o.net.max_pdu;
  s.scu.tls = make_tls(o.net, false, "send", status);
  if (status != kExitOk) return status;
  s.retries = o.retries;
  const codec::CodecRegistry codecs = codec::all_codecs();
  s.codecs = &codecs;
  const svc::SendResult r = svc::send_files(o.inputs, s, [&](const svc::FileOutcome& f) {
    if (o.json) return;
    if (f.ok()) {
      if (!ctx.quiet)
        fmt::print("stored {} ({}{})\n", f.path, net::dimse::describe_status(*f.status), f.transcoded ? fmt::format(", transcoded to {}", dicom::dict::describe_uid(f.transfer_syntax)) : "");
    } else {
      fmt::print(stderr, "FAILED {}: {}\n", f.path, f.error);
    }
  });
  if (r.files.empty()) return usage_error("send", "no files found in the inputs given");
  if (o.json) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const svc::FileOutcome& f : r.files) {
      nlohmann::ordered_json j{{"path", base::to_valid_utf8(f.path)}, {"ok", f.ok()}, {"sop_instance_uid", f.sop_instance_uid},
                               {"transfer_syntax", f.transfer_syntax}, {"transcoded", f.transcoded}};
      j["status"] = f.status ? nlohmann::ordered_json(fmt::format("{:04X}", *f.status)) : nlohmann::ordered_json(nullptr);
      if (!f.error.empty()) j["error"] = base::to_valid_utf8(f.error);
      files.push_back(std::move(j));
    }
    nlohmann::ordered_json all{{"peer", o.to}, {"files", files}, {"sent", r.files.size() - r.failed()}, {"failed", r.failed()}};
    if (r.rejected) all["rejected"] = svc::describe_reject(*r.rejected);
    fmt::print("{}\n", json_text(all));
  } else if (!ctx.quiet || r.failed() > 0) {
    fmt::print(stderr, "discus send: {} of {} files stored at {}{}\n", r.files.size() - r.failed(), r.files.size(), o.to,
               r.rejected ? fmt::format("; {}", svc::describe_reject(*r.rejected))
                          : (r.association_error.empty() ? "" : fmt::format("; {}", r.association_error)));
  }
  if (r.rejected) return kExitUsage;
  return r.failed() == 0 ? kExitOk : kExitFailed;
}

}  // namespace

void add_send(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<SendOptions>();
  CLI::App* c = root.add_subcommand("send", "send DICOM files (C-STORE) to a peer, like dcmtk's storescu; transcodes what the peer refuses");
  c->add_option("--to", o->to, "the peer as AET@HOST:PORT")->required();
  c->add_option("INPUT", o->inputs, "files and folders (searched recursively)")->required();
  c->add_option("--calling-aet", o->calling_aet, "our AE title (dcmtk -aet)")->capture_default_str();
  c->add_option("--retries", o->retries, "times to reopen a lost association for the files left")->capture_default_str()->check(CLI::Range(0, 100));
  c->add_flag("--json", o->json, "print the per-file outcome as JSON");
  add_net_options(*c, o->net, false);
  on_run(*c, ctx, [o](Context& context) { return run_send(*o, context); });
}

}  // namespace discus::cli
