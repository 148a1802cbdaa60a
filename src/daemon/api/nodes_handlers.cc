// DICOM nodes through the service (the network tag of the OpenAPI document, issue 16): the
// configured [pacs.NAME] nodes, C-ECHO to one (PS3.7 9.1.5), C-FIND to one (PS3.4 C.4.1, K.4)
// and C-MOVE from one into the station's own store (PS3.4 C.4.2; the kiosk's "find the study on
// the PACS, then burn it"). The service holds the AE titles, TLS files and the association; the caller names a node
// and sends keys. Matches come back flattened: PS3.6 keyword -> value as text (UTF-8, through
// the match's Specific Character Set by the DICOM JSON model's writer), multiple values joined
// with "\", a sequence's first item as "Sequence.Keyword".
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>

#include "base/uid.h"
#include "daemon/api/problem.h"
#include "daemon/api/request.h"
#include "daemon/api/service.h"
#include "dicom/dict/dictionary.h"
#include "dicom/dump/json_model.h"
#include "net/dimse/query_retrieve.h"
#include "net/services/find_scu.h"
#include "net/services/move_scu.h"

namespace discus::daemon::api {
namespace {

using nlohmann::json;
namespace svc = net::services;

const app::PacsNode* find_node(const std::vector<app::PacsNode>& nodes, std::string_view name) {
  for (const app::PacsNode& n : nodes)
    if (n.name == name) return &n;
  return nullptr;
}

// The SCU side of a node: short timeouts, an API call must not hang for minutes.
base::Result<svc::ScuOptions> scu_of(const app::PacsNode& n) {
  svc::ScuOptions o;
  o.peer = svc::Peer{n.ae_title, n.host, static_cast<std::uint16_t>(n.port)};
  o.calling_ae_title = n.calling_ae_title.empty() ? "DISCUS" : n.calling_ae_title;
  o.timeouts.connect = std::chrono::seconds(10);
  o.timeouts.artim = std::chrono::seconds(15);
  o.timeouts.idle = std::chrono::seconds(30);
  o.timeouts.pdu = std::chrono::seconds(30);
  if (!n.tls_ca_file.empty() || !n.tls_cert_file.empty() || !n.tls_key_file.empty()) {
    DISCUS_TRY(o.tls, net::ul::TlsContext::create(net::ul::TlsRole::kClient, {n.tls_key_file, n.tls_cert_file, n.tls_ca_file}));
  }
  return o;
}

// "00100010": {"vr":"PN","Value":[{"Alphabetic":"DOE^J"}]} -> "PatientName": "DOE^J".
void flatten(const json& attrs, const std::string& prefix, json& out) {
  for (const auto& [hex, a] : attrs.items()) {
    const std::uint32_t tag = static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16));
    const auto* d = dicom::dict::find(dicom::Tag{tag});
    const std::string name = prefix + (d != nullptr && !d->keyword.empty() ? std::string(d->keyword) : hex);
    const json values = a.value("Value", json::array());
    if (a.value("vr", "") == "SQ") {
      if (!values.empty() && values[0].is_object()) flatten(values[0], name + ".", out);
      else out[name] = "";
      continue;
    }
    std::string text;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const json& v = values[i];
      if (i > 0) text += '\\';
      if (v.is_string()) text += v.get<std::string>();
      else if (v.is_object()) text += v.value("Alphabetic", "");
      else if (!v.is_null()) text += v.dump();
    }
    out[name] = text;
  }
}

bool has_role(const app::PacsNode& n, std::string_view role) {
  return n.roles.empty() || std::find(n.roles.begin(), n.roles.end(), role) != n.roles.end();
}

// A retrieve's UIDs: the study's, and optionally one series of it (SERIES level).
struct RetrieveRequest {
  std::string study, series;
};

base::Result<RetrieveRequest> retrieve_request(const json& body, std::string& pointer) {
  auto bad = [&](std::string where, std::string message) {
    pointer = std::move(where);
    return base::Error{base::ErrorCode::kInvalidArgument, std::move(message)};
  };
  if (!body.is_object()) return bad("", "the body must be a RetrieveRequest object");
  for (const auto& [k, v] : body.items())
    if (k != "study_instance_uid" && k != "series_instance_uid") return bad("/" + k, fmt::format("unknown member '{}'", k));
  RetrieveRequest r;
  for (auto [key, out] : {std::pair{"study_instance_uid", &r.study}, std::pair{"series_instance_uid", &r.series}}) {
    if (!body.contains(key)) continue;
    const json& v = body[key];
    if (!v.is_string() || !base::is_valid_uid(v.get<std::string>()))
      return bad(std::string("/") + key, fmt::format("{} must be a UID (PS3.5 9.1: digits and dots, at most 64)", key));
    *out = v.get<std::string>();
  }
  if (r.study.empty()) return bad("/study_instance_uid", "study_instance_uid is required");
  return r;
}

}  // namespace

http::Response Api::list_nodes(const Call&) {
  json out = json::array();
  for (const app::PacsNode& n : nodes()) {
    json j = {{"name", n.name}, {"ae_title", n.ae_title}, {"host", n.host}, {"port", n.port},
              {"tls", !n.tls_ca_file.empty() || !n.tls_cert_file.empty() || !n.tls_key_file.empty()}};
    if (!n.roles.empty()) j["roles"] = n.roles;
    out.push_back(std::move(j));
  }
  return json_response(out);
}

http::Response Api::echo_node(const Call& c) {
  const std::vector<app::PacsNode> in_force = nodes();  // written settings apply at once
  const app::PacsNode* n = find_node(in_force, c.params[0]);
  if (n == nullptr) return problem(404, "not-found", fmt::format("no node '{}' in the configuration ([pacs.NAME])", c.params[0]));
  auto scu = scu_of(*n);
  if (!scu) return problem_from(scu.error(), 500);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = svc::echo(*scu);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  json out = {{"ok", r && r->status && *r->status == 0}, {"milliseconds", ms}};
  if (!r) out["message"] = r.error().message;
  else if (r->rejected) out["message"] = svc::describe_reject(*r->rejected);
  else if (r->status && *r->status != 0) out["message"] = net::dimse::describe_qr_status(*r->status);
  return json_response(out);
}

http::Response Api::query_node(const Call& c) {
  const std::vector<app::PacsNode> in_force = nodes();  // written settings apply at once
  const app::PacsNode* n = find_node(in_force, c.params[0]);
  if (n == nullptr) return problem(404, "not-found", fmt::format("no node '{}' in the configuration ([pacs.NAME])", c.params[0]));
  auto body = parse_json_body(c.request.body);
  if (!body) return problem_from(body.error(), 400);
  if (!body->is_object()) return problem(400, "invalid-argument", "the body must be a QueryRequest object", at(""));
  for (const auto& [k, v] : body->items())
    if (k != "level" && k != "keys" && k != "limit") return problem(400, "invalid-argument", fmt::format("unknown member '{}'", k), at("/" + k));
  const json level_json = body->value("level", json());
  if (!level_json.is_string()) return problem(400, "invalid-argument", "level must be PATIENT, STUDY, SERIES, IMAGE or WORKLIST", at("/level"));
  const std::string level_text = level_json.get<std::string>();
  svc::FindOptions f;
  std::optional<svc::QueryLevel> level;
  if (level_text == "WORKLIST") {
    f.model = svc::QueryModel::kWorklist;
  } else {
    level = svc::parse_level(level_text);
    if (!level || level_text != svc::level_name(*level))
      return problem(400, "invalid-argument", "level must be PATIENT, STUDY, SERIES, IMAGE or WORKLIST", at("/level"));
    f.model = *level == svc::QueryLevel::kPatient ? svc::QueryModel::kPatientRoot : svc::QueryModel::kStudyRoot;
  }
  std::vector<std::string> keys;
  const json keys_json = body->value("keys", json::object());
  if (!keys_json.is_object()) return problem(400, "invalid-argument", "keys must be an object of keyword: value", at("/keys"));
  for (const auto& [k, v] : keys_json.items()) {
    if (!v.is_string()) return problem(400, "invalid-argument", "each key's value must be a string", at("/keys/" + k));
    if (k.find('=') != std::string::npos) return problem(400, "invalid-argument", "a keyword has no '='", at("/keys/" + k));
    keys.push_back(k + "=" + v.get<std::string>());
  }
  const json limit = body->value("limit", json(500));
  if (!limit.is_number_integer() || limit.get<std::int64_t>() < 1 || limit.get<std::int64_t>() > 10000)
    return problem(400, "invalid-argument", "limit must be a whole number from 1 to 10000", at("/limit"));
  auto identifier = svc::build_identifier(keys, level);
  if (!identifier) return problem(400, "invalid-argument", identifier.error().message, at("/keys"));
  auto scu = scu_of(*n);
  if (!scu) return problem_from(scu.error(), 500);
  f.scu = *scu;
  f.max_matches = static_cast<std::size_t>(limit.get<std::int64_t>());
  auto r = svc::find(f, *identifier);
  if (!r) return problem(502, "upstream", fmt::format("node '{}': {}", n->name, r.error().message));
  if (r->rejected) return problem(502, "upstream", fmt::format("node '{}': {}", n->name, svc::describe_reject(*r->rejected)));
  if (!r->ok())
    return problem(502, "upstream", fmt::format("node '{}' answered {}{}", n->name, net::dimse::describe_qr_status(*r->status),
                                                   r->error_comment.empty() ? "" : ": " + r->error_comment));
  json matches = json::array();
  for (const dicom::DataSet& m : r->matches) {
    json flat = json::object();
    flatten(json::parse(dicom::dump::to_json(m, {}).dump(-1, ' ', false, json::error_handler_t::replace)), "", flat);
    matches.push_back(std::move(flat));
  }
  return json_response({{"matches", matches}, {"complete", !r->cancelled}});
}

// C-MOVE with this station as the Move Destination: the instances arrive through discusd's own
// DICOM listener, so they are stored, audited and completed exactly like any other received
// study; the answer reports the sub-operations and where the study now is. The node must know
// this station's AE title and address (its configuration, not ours): when nothing moved and the
// node failed (A801H, or a bare C000H from peers that do not say why), the message says so.
http::Response Api::retrieve_node(const Call& c) {
  const app::PacsNode* n = find_node(options_.nodes, c.params[0]);
  if (n == nullptr) return problem(404, "not-found", fmt::format("no node '{}' in the configuration ([pacs.NAME])", c.params[0]));
  if (!has_role(*n, "retrieve"))
    return problem(409, "conflict", fmt::format("node '{}' is not configured for retrieve (its roles: {})", n->name, fmt::join(n->roles, ", ")));
  if (options_.station_ae.empty())
    return problem(409, "conflict", "this station has no DICOM listener to retrieve into (start discusd with --aet and --dicom-port)");
  auto body = parse_json_body(c.request.body);
  if (!body) return problem_from(body.error(), 400);
  std::string pointer;
  auto want = retrieve_request(*body, pointer);
  if (!want) return problem(400, "invalid-argument", want.error().message, at(pointer));
  std::vector<std::string> keys{"StudyInstanceUID=" + want->study};
  if (!want->series.empty()) keys.push_back("SeriesInstanceUID=" + want->series);
  const svc::QueryLevel level = want->series.empty() ? svc::QueryLevel::kStudy : svc::QueryLevel::kSeries;
  auto identifier = svc::build_identifier(keys, level);
  if (!identifier) return problem(500, "internal", identifier.error().message);
  auto scu = scu_of(*n);
  if (!scu) return problem_from(scu.error(), 500);
  svc::MoveOptions m;
  m.scu = *scu;
  m.destination = options_.station_ae;
  auto r = svc::move(m, *identifier);
  if (!r) return problem(502, "upstream", fmt::format("node '{}': {}", n->name, r.error().message));
  if (r->rejected) return problem(502, "upstream", fmt::format("node '{}': {}", n->name, svc::describe_reject(*r->rejected)));
  const std::uint16_t status = r->status.value_or(0xFFFF);
  // Nothing moved and a failure status: an error, not an outcome. A801H says the node does not know
  // this station; other peers (Orthanc: C000H) say only "failed", and that is the usual cause.
  if (!r->ok() && status != 0xB000 && r->counts.completed.value_or(0) == 0) {
    const std::string said = net::dimse::describe_qr_status(status) + (r->error_comment.empty() ? "" : ": " + r->error_comment);
    return problem(502, "upstream", fmt::format("node '{}' answered {}; {} this station as a Move Destination: AE title {} with this "
                                                "machine's address and DICOM port in its configuration", n->name, said,
                                                status == 0xA801 ? "it does not know" : "if nothing else is wrong there, it needs", options_.station_ae));
  }
  json out = {{"ok", r->ok()},
              {"status", fmt::format("{:04X}", status)},
              {"message", net::dimse::describe_qr_status(status) + (r->error_comment.empty() ? "" : ": " + r->error_comment)},
              {"completed", r->counts.completed.value_or(0)},
              {"failed", r->counts.failed.value_or(0)},
              {"warning", r->counts.warning.value_or(0)},
              {"study_instance_uid", want->study},
              {"store_study", "/v1/store/studies/" + want->study}};
  if (!want->series.empty()) out["series_instance_uid"] = want->series;
  if (!r->failed_sop_instances.empty()) out["failed_sop_instances"] = r->failed_sop_instances;
  return json_response(out);
}

}  // namespace discus::daemon::api
