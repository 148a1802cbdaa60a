// `discus find --to AET@HOST:PORT --level PATIENT|STUDY|SERIES|IMAGE|WORKLIST -k KEY=VALUE...`:
// C-FIND (PS3.4 C.4.1 Query/Retrieve, K.4 Modality Worklist) like dcmtk's findscu: each match
// dumped as it arrives (or, with --json, all of them as a DICOM JSON array, PS3.18 F.2), the final
// status on stderr. Exit 0 on Success (or Cancel after --cancel-after), 1 on a failure status or a
// broken association, 2 for a usage error or a refused association.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/net_options.h"
#include "dicom/dump/json_model.h"
#include "dicom/dump/text_dump.h"
#include "net/dimse/query_retrieve.h"
#include "net/dimse/status.h"
#include "net/services/find_scu.h"

namespace discus::cli {
namespace {

namespace svc = net::services;

struct FindCliOptions {
  std::string to, level = "STUDY", calling_aet = "DISCUS";
  std::vector<std::string> keys;
  bool patient_root = false, study_root = false, json = false;
  std::size_t cancel_after = 0;
  NetOptions net;
};

int run_find(const FindCliOptions& o, Context& ctx) {
  install_net_signals(nullptr);
  auto peer = svc::parse_peer(o.to);
  if (!peer) return usage_error("find", peer.error().message);
  if (!net::ul::valid_ae_title(o.calling_aet)) return usage_error("find", fmt::format("'{}' is not an AE title", o.calling_aet));
  if (o.patient_root && o.study_root) return usage_error("find", "--patient-root and --study-root exclude each other");
  svc::FindOptions f;
  std::optional<svc::QueryLevel> level;
  if (o.level == "WORKLIST" || o.level == "worklist") {
    if (o.patient_root || o.study_root) return usage_error("find", "--level WORKLIST queries the Modality Worklist model");
    f.model = svc::QueryModel::kWorklist;
  } else {
    level = svc::parse_level(o.level);
    if (!level) return usage_error("find", fmt::format("'{}' is not PATIENT, STUDY, SERIES, IMAGE or WORKLIST", o.level));
    // PS3.4 C.6.2: the Study Root model has no PATIENT level.
    if (*level == svc::QueryLevel::kPatient && o.study_root) return usage_error("find", "the Study Root model has no PATIENT level");
    f.model = o.patient_root || *level == svc::QueryLevel::kPatient ? svc::QueryModel::kPatientRoot : svc::QueryModel::kStudyRoot;
  }
  auto identifier = svc::build_identifier(o.keys, level);
  if (!identifier) return usage_error("find", identifier.error().message);
  int status = kExitOk;
  f.scu.peer = *peer;
  f.scu.calling_ae_title = o.calling_aet;
  f.scu.timeouts = timeouts_of(o.net);
  f.scu.max_pdu_length = o.net.max_pdu;
  f.scu.tls = make_tls(o.net, false, "find", status);
  if (status != kExitOk) return status;
  f.max_matches = o.cancel_after;
  std::size_t n = 0;
  if (!o.json && !ctx.quiet) {
    f.on_match = [&](const dicom::DataSet& match) {
      dicom::part10::DicomFile file;
      file.path = fmt::format("match {}", ++n);
      file.dataset = match;
      fmt::memory_buffer out;
      dicom::dump::dump_text(out, file, {});
      fwrite(out.data(), 1, out.size(), stdout);
      fflush(stdout);
      return true;
    };
  }
  auto r = svc::find(f, *identifier);
  if (!r) {
    fmt::print(stderr, "discus find: {}: {}\n", o.to, r.error().describe());
    return kExitFailed;
  }
  if (r->rejected) {
    fmt::print(stderr, "discus find: {}: {}\n", o.to, svc::describe_reject(*r->rejected));
    return kExitUsage;
  }
  if (o.json) {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const dicom::DataSet& m : r->matches) all.push_back(dicom::dump::to_json(m, {}));
    fmt::print("{}\n", json_text(all));
  }
  const bool ok = r->ok();
  if (!ctx.quiet || !ok)
    fmt::print(stderr, "find {} ({}): {} match{}, {}{}{}\n", o.to, svc::model_name(f.model), r->matches.size(),
               r->matches.size() == 1 ? "" : "es", net::dimse::describe_qr_status(*r->status),
               r->error_comment.empty() ? "" : ": " + r->error_comment, r->cancelled ? " (C-CANCEL sent)" : "");
  return ok ? kExitOk : kExitFailed;
}

}  // namespace

void add_find(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<FindCliOptions>();
  CLI::App* c = root.add_subcommand("find", "query a peer (C-FIND: patients, studies, series, images, or the Modality Worklist), like dcmtk's findscu");
  c->add_option("--to", o->to, "the peer as AET@HOST:PORT")->required();
  c->add_option("--level", o->level, "PATIENT, STUDY, SERIES, IMAGE (Query/Retrieve Level) or WORKLIST (Modality Worklist)")
      ->capture_default_str();
  c->add_option("-k,--key", o->keys,
                "a matching or return key, KEY=VALUE or KEY (return it): keyword or (gggg,eeee), Seq.Key for sequence "
                "matching; values take * ? wild cards, A-B ranges and UID\\UID lists (PS3.4 C.2.2.2; dcmtk -k)");
  c->add_flag("-P,--patient-root", o->patient_root, "use the Patient Root model (default for PATIENT level; dcmtk -P)");
  c->add_flag("-S,--study-root", o->study_root, "use the Study Root model (default for STUDY, SERIES, IMAGE; dcmtk -S)");
  c->add_option("--cancel-after", o->cancel_after, "send C-CANCEL after this many matches (dcmtk --cancel)")->check(CLI::Range(1u, 1000000u));
  c->add_option("--aet,--calling-aet", o->calling_aet, "our AE title (dcmtk -aet)")->capture_default_str();
  c->add_flag("--json", o->json, "print the matches as a JSON array in the DICOM JSON model (PS3.18 F.2)");
  add_net_options(*c, o->net, false);
  on_run(*c, ctx, [o](Context& context) { return run_find(*o, context); });
}

}  // namespace discus::cli
