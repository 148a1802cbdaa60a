// The CLI as a client of discusd's import jobs (issue 17 item 6): `discus import-job SOURCE
// [--destination NAME]` queues an import of a disc, drive, folder or image (prints the job id),
// `discus holds [--all] [--json]` lists the decisions import jobs wait for, the medium's patient
// beside the local candidates, and `discus decide HOLD (--patient-id ID [--issuer I] | --reject |
// --resend) [--note TEXT]` answers one: the service records who decided, audits it and queues the
// job again. `discus import` (without the daemon) keeps its own ledger and `--resolve`.
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "base/text.h"
#include "cli/client_http.h"
#include "cli/command.h"

namespace discus::cli {
namespace {

using nlohmann::json;

int failed(std::string_view command, std::string_view what) {
  fmt::print(stderr, "discus {}: {}\n", command, base::for_terminal(what));
  return kExitFailed;
}

struct ImportJobOptions {
  std::string source, destination;
};

int run_import_job(const ImportJobOptions& o, Context& ctx) {
  std::string source = o.source;
  if (source.starts_with("stdio:")) {
    source = "stdio:" + std::filesystem::absolute(source.substr(6)).lexically_normal().string();
  } else if (!source.starts_with("/dev/")) {
    std::error_code ec;
    const auto p = std::filesystem::absolute(source, ec);  // the daemon has no working folder of ours
    if (!ec) source = p.lexically_normal().string();
  }
  json spec = {{"kind", "import"}, {"import", {{"source", source}}}};
  if (!o.destination.empty()) spec["import"]["destination"] = o.destination;
  ApiClient api(socket_path(ctx));
  auto reply = api.call("POST", "/v1/jobs", spec.dump(-1, ' ', false, json::error_handler_t::replace));
  if (!reply) return failed("import-job", reply.error().message);
  if (!reply->ok()) return failed("import-job", reply->problem());
  fmt::print("{}\n", json::parse(reply->body, nullptr, false).value("id", 0));
  return kExitOk;
}

struct HoldsOptions {
  bool all = false, json = false;
};

std::string person(const json& p) {
  if (!p.is_object()) return "-";
  return fmt::format("{} {} (born {}, sex {}{})", p.value("patient_id", ""), p.value("name", ""), p.value("birth_date", "?"),
                     p.value("sex", "?"), p.value("issuer", "").empty() ? "" : ", issuer " + p.value("issuer", ""));
}

int run_holds(const HoldsOptions& o, Context& ctx) {
  ApiClient api(socket_path(ctx));
  auto reply = api.call("GET", o.all ? "/v1/holds?open=false" : "/v1/holds");
  if (!reply) return failed("holds", reply.error().message);
  if (!reply->ok()) return failed("holds", reply->problem());
  const json list = json::parse(reply->body, nullptr, false);
  if (!list.is_array()) return failed("holds", "discusd answered something that is not a list of holds");
  if (o.json) {
    fmt::print("{}\n", json_text(list));
    return kExitOk;
  }
  if (list.empty()) {
    if (!ctx.quiet) fmt::print("{}\n", o.all ? "no holds" : "nothing to decide");
    return kExitOk;
  }
  // PHI: this prints patients' names for the operator at the station, as the kiosk shows them.
  for (const json& h : list) {
    std::string line = fmt::format("{}  job {}  {}", h.value("id", ""), h.value("job", 0), h.value("kind", ""));
    if (h.contains("decision")) line += fmt::format("  decided: {} by {}", h["decision"].value("action", ""), h.value("decided_by", ""));
    fmt::print("{}\n", base::for_terminal(line));
    fmt::print("  {}\n", base::for_terminal(h.value("question", "")));
    if (h.value("kind", "") == "identity") {
      fmt::print("  on the medium: {}\n", base::for_terminal(person(h.value("foreign", json()))));
      for (const json& c : h.value("candidates", json::array())) fmt::print("  here:          {}\n", base::for_terminal(person(c)));
      if (!h.contains("decision"))
        fmt::print("  answer: discus decide {} --patient-id ID [--issuer I]   or   --reject\n", h.value("id", ""));
    } else {
      fmt::print("  instance {} ({})\n", base::for_terminal(h.value("sop_instance_uid", "")), base::for_terminal(h.value("source", "")));
      if (!h.contains("decision")) fmt::print("  answer: discus decide {} --resend   or   --reject\n", h.value("id", ""));
    }
  }
  return kExitOk;
}

struct DecideOptions {
  std::string hold, patient_id, issuer, note;
  bool reject = false, resend = false;
};

int run_decide(const DecideOptions& o, Context& ctx) {
  const int choices = (o.patient_id.empty() ? 0 : 1) + (o.reject ? 1 : 0) + (o.resend ? 1 : 0);
  if (choices != 1) return usage_error("decide", "give exactly one of --patient-id ID, --reject or --resend");
  if (!o.issuer.empty() && o.patient_id.empty()) return usage_error("decide", "--issuer goes with --patient-id");
  json d = {{"action", o.reject ? "reject" : o.resend ? "resend" : "patient"}};
  if (!o.patient_id.empty()) d["patient_id"] = o.patient_id;
  if (!o.issuer.empty()) d["issuer"] = o.issuer;
  if (!o.note.empty()) d["note"] = o.note;
  ApiClient api(socket_path(ctx));
  auto reply = api.call("POST", fmt::format("/v1/holds/{}/decision", o.hold), d.dump(-1, ' ', false, json::error_handler_t::replace));
  if (!reply) return failed("decide", reply.error().message);
  if (!reply->ok()) return failed("decide", reply->problem());
  const json h = json::parse(reply->body, nullptr, false);
  if (!ctx.quiet) fmt::print("{}: {}; job {} continues\n", o.hold, d.value("action", ""), h.value("job", 0));
  return kExitOk;
}

}  // namespace

void add_import_job(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<ImportJobOptions>();
  CLI::App* c = root.add_subcommand("import-job", "queue an import of a disc, drive, folder or image on discusd (prints its id)");
  c->add_option("source", o->source, "a drive (/dev/sr0, stdio:FILE), a mounted folder or an ISO/UDF image")->required();
  c->add_option("--destination", o->destination,
                "a configured [pacs.NAME] node, or \"store\" (default: the node with the role import-destination, else the store)");
  on_run(*c, ctx, [o](Context& context) { return run_import_job(*o, context); });
}

void add_holds(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<HoldsOptions>();
  CLI::App* c = root.add_subcommand("holds", "list the decisions discusd's import jobs wait for (the medium's patient beside ours)");
  c->add_flag("--all", o->all, "decided holds too");
  c->add_flag("--json", o->json, "print the API's Hold objects as JSON");
  on_run(*c, ctx, [o](Context& context) { return run_holds(*o, context); });
}

void add_decide(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<DecideOptions>();
  CLI::App* c = root.add_subcommand("decide", "answer a hold of a discusd import job; the job then continues");
  c->add_option("hold", o->hold, "the hold's id (H-...), as `discus holds` lists it")->required();
  c->add_option("--patient-id", o->patient_id, "the held outside patient is this local patient");
  c->add_option("--issuer", o->issuer, "with --patient-id: its Issuer of Patient ID");
  c->add_flag("--reject", o->reject, "import nothing of what is held");
  c->add_flag("--resend", o->resend, "send an instance held in doubt again");
  c->add_option("--note", o->note, "why, for the record");
  on_run(*c, ctx, [o](Context& context) { return run_decide(*o, context); });
}

}  // namespace discus::cli
