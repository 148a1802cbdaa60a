#include "cli/query_retrieve_cli.h"

#include <fmt/format.h>

#include <cstdio>

#include "net/dimse/query_retrieve.h"

namespace discus::cli {

namespace svc = net::services;

void add_retrieve_options(CLI::App& c, RetrieveCliOptions& o) {
  c.add_option("--to", o.to, "the peer as AET@HOST:PORT")->required();
  c.add_option("--level", o.level, "PATIENT, STUDY, SERIES or IMAGE (Query/Retrieve Level)")->capture_default_str();
  c.add_option("-k,--key", o.keys, "a key, KEY=VALUE: the unique keys of the level and above (PS3.4 C.4.2.2.1), "
               "e.g. StudyInstanceUID=1.2.3 or a UID\\UID list (dcmtk -k)");
  c.add_flag("-P,--patient-root", o.patient_root, "use the Patient Root model (default for PATIENT level; dcmtk -P)");
  c.add_flag("-S,--study-root", o.study_root, "use the Study Root model (default otherwise; dcmtk -S)");
  c.add_option("--aet,--calling-aet", o.calling_aet, "our AE title (dcmtk -aet)")->capture_default_str();
  c.add_flag("--json", o.json, "print the outcome as JSON");
  add_net_options(c, o.net, false);
}

int prepare_retrieve(std::string_view command, const RetrieveCliOptions& o, svc::ScuOptions& scu, svc::QueryModel& model,
                     svc::QueryLevel& level) {
  auto peer = svc::parse_peer(o.to);
  if (!peer) return usage_error(command, peer.error().message);
  if (!net::ul::valid_ae_title(o.calling_aet)) return usage_error(command, fmt::format("'{}' is not an AE title", o.calling_aet));
  if (o.patient_root && o.study_root) return usage_error(command, "--patient-root and --study-root exclude each other");
  auto l = svc::parse_level(o.level);
  if (!l) return usage_error(command, fmt::format("'{}' is not PATIENT, STUDY, SERIES or IMAGE", o.level));
  if (*l == svc::QueryLevel::kPatient && o.study_root) return usage_error(command, "the Study Root model has no PATIENT level");
  if (o.keys.empty()) return usage_error(command, "no keys: give the unique key(s) to retrieve, e.g. -k StudyInstanceUID=1.2.3");
  level = *l;
  model = o.patient_root || level == svc::QueryLevel::kPatient ? svc::QueryModel::kPatientRoot : svc::QueryModel::kStudyRoot;
  int status = kExitOk;
  scu.peer = *peer;
  scu.calling_ae_title = o.calling_aet;
  scu.timeouts = timeouts_of(o.net);
  scu.max_pdu_length = o.net.max_pdu;
  scu.tls = make_tls(o.net, false, command, status);
  return status;
}

namespace {
std::string count(const std::optional<std::uint16_t>& v) { return v ? std::to_string(*v) : std::string("-"); }
nlohmann::ordered_json json_count(const std::optional<std::uint16_t>& v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr); }
}  // namespace

void print_progress(std::uint16_t status, const svc::SubOperations& c) {
  fmt::print("{}: remaining {}, completed {}, failed {}, warning {}\n", net::dimse::describe_qr_status(status), count(c.remaining),
             count(c.completed), count(c.failed), count(c.warning));
  std::fflush(stdout);
}

int report_retrieve(std::string_view command, const RetrieveCliOptions& o, const base::Result<svc::RetrieveResult>& r, Context& ctx,
                    const std::string& where, const std::vector<std::string>* files) {
  if (!r) {
    fmt::print(stderr, "discus {}: {}: {}\n", command, o.to, r.error().describe());
    return kExitFailed;
  }
  if (r->rejected) {
    fmt::print(stderr, "discus {}: {}: {}\n", command, o.to, svc::describe_reject(*r->rejected));
    return kExitUsage;
  }
  const bool ok = r->ok();
  if (o.json) {
    nlohmann::ordered_json j{{"peer", o.to},
                             {"status", fmt::format("{:04X}", *r->status)},
                             {"status_text", net::dimse::describe_qr_status(*r->status)},
                             {"ok", ok},
                             {"remaining", json_count(r->counts.remaining)},
                             {"completed", json_count(r->counts.completed)},
                             {"failed", json_count(r->counts.failed)},
                             {"warning", json_count(r->counts.warning)},
                             {"cancelled", r->cancelled},
                             {"failed_sop_instances", r->failed_sop_instances}};
    if (!r->error_comment.empty()) j["error_comment"] = base::to_valid_utf8(r->error_comment);
    if (files != nullptr) {
      nlohmann::ordered_json paths = nlohmann::ordered_json::array();
      for (const std::string& f : *files) paths.push_back(base::to_valid_utf8(f));
      j["files"] = std::move(paths);
    }
    fmt::print("{}\n", json_text(j));
  }
  if (!ctx.quiet || !ok)
    fmt::print(stderr, "{} {} {}: {}{}; completed {}, failed {}, warning {}{}\n", command, o.to, where,
               net::dimse::describe_qr_status(*r->status), r->error_comment.empty() ? "" : ": " + r->error_comment,
               count(r->counts.completed), count(r->counts.failed), count(r->counts.warning), r->cancelled ? " (C-CANCEL sent)" : "");
  return ok ? kExitOk : kExitFailed;
}

}  // namespace discus::cli
