// `discus robots`: the disc-publishing robots discusd drives, with their bins, ink and alerts
// (GET /v1/robots, issue 18 item 6).
#include <fmt/format.h>

#include <memory>

#include "cli/client_http.h"
#include "cli/command.h"

namespace discus::cli {
namespace {

using nlohmann::json;

struct RobotsOptions {
  bool json = false;
};

int run_robots(const RobotsOptions& o, Context& ctx) {
  ApiClient api(socket_path(ctx));
  auto reply = api.call("GET", "/v1/robots");
  auto fail = [](std::string_view what) {
    fmt::print(stderr, "discus robots: {}\n", base::for_terminal(what));
    return kExitFailed;
  };
  if (!reply) return fail(reply.error().message);
  if (!reply->ok()) return fail(reply->problem());
  const json list = json::parse(reply->body, nullptr, false);
  if (!list.is_array()) return fail("discusd answered something that is not a robot list");
  if (o.json) {
    fmt::print("{}\n", json_text(list));
    return kExitOk;
  }
  if (list.empty()) {
    if (!ctx.quiet) fmt::print("no robots (start discusd with --robot VENDOR:SPOOLDIR)\n");
    return kExitOk;
  }
  for (const json& r : list) {
    std::string bins, ink;
    for (const json& b : r.value("bins", json::array()))
      bins += fmt::format("{}{} {}", bins.empty() ? "" : ", ", b.value("name", ""), b.contains("count") ? std::to_string(b.value("count", 0)) : b.value("level", ""));
    if (r.contains("printer") && r.at("printer").contains("ink")) {
      const json& cartridges = r.at("printer").at("ink");
      for (auto it = cartridges.begin(); it != cartridges.end(); ++it)
        ink += fmt::format("{}{} {}%", ink.empty() ? "" : ", ", it.key(), it.value().get<int>());
    }
    fmt::print("{}  {}  {}\n", r.value("name", ""), r.value("state", ""), r.value("model", ""));
    if (r.contains("reason")) fmt::print("  needs a person: {}\n", base::for_terminal(r.value("reason", "")));
    if (!bins.empty()) fmt::print("  bins: {}\n", bins);
    if (!ink.empty()) fmt::print("  ink: {}\n", ink);
    if (r.contains("job")) fmt::print("  job: {}\n", r.value("job", 0));
    for (const json& a : r.value("alerts", json::array()))
      if (!a.value("acknowledged", false)) fmt::print("  alert {}: {}\n", a.value("id", 0), base::for_terminal(a.value("message", "")));
  }
  return kExitOk;
}

}  // namespace

void add_robots(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<RobotsOptions>();
  CLI::App* c = root.add_subcommand("robots", "show discusd's disc-publishing robots: state, bins, ink, alerts, why a person is needed");
  c->add_flag("--json", o->json, "print the API's robot objects");
  on_run(*c, ctx, [o](Context& context) { return run_robots(*o, context); });
}

}  // namespace discus::cli
