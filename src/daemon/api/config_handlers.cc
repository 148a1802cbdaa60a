// The service's settings through the API (openapi.yaml /v1/config): the settings in force with
// where each came from, a merge patch of the written ones (config_store.h), audited as PS3.15
// A.5.3.11 Security Alert (Software Configuration); and the kiosk's own settings, resolved, for
// any role (the kiosk shows them before anyone signs in).
#include <fmt/format.h>

#include "daemon/api/config_store.h"
#include "daemon/api/problem.h"
#include "daemon/api/request.h"
#include "daemon/api/service.h"

namespace discus::daemon::api {
namespace {

using nlohmann::json;

http::Response no_store() {
  return problem(503, "unavailable", "this discusd keeps no written settings (started without a state directory's settings store)");
}

}  // namespace

http::Response Api::get_config(const Call&) {
  if (!services_.config) return no_store();
  return json_response(services_.config->get());
}

http::Response Api::set_config(const Call& c) {
  if (!services_.config) return no_store();
  auto body = parse_json_body(c.request.body);
  if (!body) return problem_from(body.error());
  if (!body->is_object() || !body->contains("values"))
    return problem(400, "invalid-argument", "the body is a merge patch {\"values\": {\"KEY\": VALUE or null}}", at("/values"));
  for (const auto& [k, v] : body->items())
    if (k != "values") return problem(400, "invalid-argument", fmt::format("/{}: unknown member", k), at("/" + k));
  auto changed = services_.config->patch((*body)["values"]);
  if (!changed) {
    if (changed.error().code == base::ErrorCode::kIo)
      return problem(507, "io", fmt::format("the settings were not written: {}", changed.error().describe()));
    return problem_from(changed.error());
  }
  if (!changed->empty()) {
    const std::string what = fmt::format("{}", fmt::join(*changed, ", "));
    if (services_.log) services_.log->info("settings written by {}: {}", c.who.user, what);
    if (services_.trail) {
      audit::ConfigurationChanged e;
      e.who.user_id = c.who.user;
      e.who.network_access_point = c.request.peer.transport == http::Transport::kUnix ? "localhost" : c.request.peer.address;
      e.what = what;
      if (auto st = services_.trail->record(e); !st && services_.log)
        services_.log->error("the audit trail did not record a settings change: {}", st.error().describe());
    }
  }
  return json_response(services_.config->get());
}

http::Response Api::kiosk_config(const Call&) {
  if (!services_.config) return no_store();
  const KioskSettings k = services_.config->kiosk();
  return json_response({{"institution", k.institution},
                        {"language", k.language},
                        {"default_profile", k.default_profile},
                        {"default_medium", k.default_medium.empty() ? json() : json(k.default_medium)},
                        {"default_target", k.default_target},
                        {"default_copies", k.default_copies},
                        {"profiles_allowed", k.profiles_allowed},
                        {"label_template", k.label_template},
                        {"idle_timeout_seconds", k.idle_timeout_seconds}});
}

std::vector<app::PacsNode> Api::nodes() const { return services_.config ? services_.config->nodes() : options_.nodes; }

}  // namespace discus::daemon::api
