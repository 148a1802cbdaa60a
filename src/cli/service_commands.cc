// discusd's settings and "stop after this copy" from the command line, as clients of its API
// (openapi.yaml): `discus config get|set|kiosk` (GET/PATCH /v1/config, GET /v1/config/kiosk) and
// `discus cancel --after-copy ID` (POST /v1/jobs/{id}/cancel {"when": "after-current-copy"}).
#include <fmt/format.h>

#include <memory>

#include "base/text.h"
#include "cli/client_http.h"
#include "cli/command.h"

namespace discus::cli {
namespace {

using nlohmann::json;

int client_error(std::string_view command, std::string_view what) {
  fmt::print(stderr, "discus {}: {}\n", command, base::for_terminal(what));
  return kExitFailed;
}

base::Result<json> call(std::string_view command, Context& ctx, std::string_view method, std::string_view path,
                        const std::string& body, int& rc) {
  ApiClient api(socket_path(ctx));
  auto reply = api.call(method, path, body);
  if (!reply) return (rc = client_error(command, reply.error().message), base::Error{base::ErrorCode::kIo, ""});
  if (!reply->ok()) return (rc = client_error(command, reply->problem()), base::Error{base::ErrorCode::kIo, ""});
  json j = json::parse(reply->body, nullptr, false);
  if (j.is_discarded()) return (rc = client_error(command, "discusd answered something that is not JSON"), base::Error{base::ErrorCode::kIo, ""});
  return j;
}

std::string shown(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

struct ConfigOptions {
  bool json = false;
  std::string prefix;
  std::vector<std::string> assignments, unset;
};

int run_config_get(const ConfigOptions& o, Context& ctx) {
  int rc = kExitOk;
  auto got = call("config get", ctx, "GET", "/v1/config", {}, rc);
  if (!got) return rc;
  if (o.json) {
    fmt::print("{}\n", got->dump(2, ' ', false, json::error_handler_t::replace));
    return kExitOk;
  }
  for (const auto& [k, v] : (*got)["values"].items()) {
    if (!o.prefix.empty() && !k.starts_with(o.prefix)) continue;
    fmt::print("{} = {}  ({}{})\n", k, base::for_terminal(shown(v.value("value", json()))), v.value("origin", ""),
               v.value("applies", "") == "restart" ? ", after a restart" : "");
  }
  if (!(*got)["restart_pending"].empty())
    fmt::print("restart pending for: {}\n", fmt::join((*got)["restart_pending"].get<std::vector<std::string>>(), ", "));
  return kExitOk;
}

// KEY=VALUE: VALUE as JSON when it is JSON (90, ["query","retrieve"], "quoted"), else as text.
int run_config_set(const ConfigOptions& o, Context& ctx) {
  json values = json::object();
  for (const std::string& a : o.assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0) return usage_error("config set", fmt::format("{}: give KEY=VALUE", a));
    const std::string text = a.substr(eq + 1);
    json v = json::parse(text, nullptr, false);
    values[a.substr(0, eq)] = v.is_discarded() || v.is_object() ? json(text) : v;
  }
  for (const std::string& k : o.unset) values[k] = nullptr;
  if (values.empty()) return usage_error("config set", "give KEY=VALUE or --unset KEY");
  int rc = kExitOk;
  auto got = call("config set", ctx, "PATCH", "/v1/config", json{{"values", values}}.dump(-1, ' ', false, json::error_handler_t::replace), rc);
  if (!got) return rc;
  if (!ctx.quiet)
    for (const auto& [k, v] : values.items()) {
      const json now = (*got)["values"].value(k, json::object());
      fmt::print("{} = {}  ({})\n", k, base::for_terminal(shown(now.value("value", json()))), now.value("origin", "removed"));
    }
  return kExitOk;
}

int run_config_kiosk(Context& ctx) {
  int rc = kExitOk;
  auto got = call("config kiosk", ctx, "GET", "/v1/config/kiosk", {}, rc);
  if (!got) return rc;
  fmt::print("{}\n", got->dump(2, ' ', false, json::error_handler_t::replace));
  return kExitOk;
}

}  // namespace

int run_cancel_after_copy(std::int64_t id, const std::string& reason, Context& ctx) {
  json body = {{"when", "after-current-copy"}};
  if (!reason.empty()) body["reason"] = reason;
  int rc = kExitOk;
  auto job = call("cancel", ctx, "POST", fmt::format("/v1/jobs/{}/cancel", id), body.dump(-1, ' ', false, json::error_handler_t::replace), rc);
  if (!job) return rc;
  if (!ctx.quiet) {
    const std::string state = job->value("state", "?");
    fmt::print("job {}: {}\n", id, state == "running" ? "running; stops after the copy in hand" : state);
  }
  return kExitOk;
}

void add_config(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<ConfigOptions>();
  CLI::App* c = root.add_subcommand("config", "discusd's settings: each with where it came from; write some (kept in its state directory)");
  c->require_subcommand(1);
  CLI::App* get = c->add_subcommand("get", "the settings in force: KEY = VALUE (origin: default, file, written, command-line)");
  get->add_flag("--json", o->json, "print GET /v1/config's answer");
  get->add_option("PREFIX", o->prefix, "only keys starting with this (kiosk., pacs.PACS1.)")->type_name("PREFIX");
  on_run(*get, ctx, [o](Context& context) { return run_config_get(*o, context); });
  CLI::App* set = c->add_subcommand("set", "write settings (an RFC 7396 merge patch; refused whole, naming the key, when one is bad)");
  set->add_option("ASSIGNMENT", o->assignments, "KEY=VALUE; VALUE as JSON when it is (90, [\"query\"]), else as text")->type_name("KEY=VALUE");
  set->add_option("--unset", o->unset, "remove a written setting (the file's or the built-in applies again); pacs.NAME removes a written node")
      ->type_name("KEY");
  on_run(*set, ctx, [o](Context& context) { return run_config_set(*o, context); });
  CLI::App* kiosk = c->add_subcommand("kiosk", "the kiosk's settings in force (GET /v1/config/kiosk; any role)");
  on_run(*kiosk, ctx, [](Context& context) { return run_config_kiosk(context); });
}

}  // namespace discus::cli
