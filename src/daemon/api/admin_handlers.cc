// Users, roles, sessions and client tokens (the admin tag of the OpenAPI document). Secrets are
// kept hashed (access/accounts.h); a token's secret is in the answer that issues it, once.
#include <fmt/format.h>

#include "daemon/api/problem.h"
#include "daemon/api/request.h"
#include "daemon/api/service.h"

namespace discus::daemon::api {
namespace {

using nlohmann::json;

json token_json(const access::TokenInfo& t) {
  json j = {{"id", t.id}, {"client", t.client}, {"roles", access::role_names(t.roles)}, {"created_ms", t.created_ms}};
  if (t.expires_ms) j["expires_ms"] = t.expires_ms;
  if (t.last_used_ms) j["last_used_ms"] = t.last_used_ms;
  return j;
}

json user_json(const access::UserInfo& u) {
  json j = {{"name", u.name}, {"kind", u.kind}, {"roles", access::role_names(u.roles)}, {"enabled", u.enabled}};
  if (u.created_ms) j["created_ms"] = u.created_ms;
  return j;
}

base::Error bad(std::string pointer, std::string what) {
  return base::Error{base::ErrorCode::kInvalidArgument, fmt::format("{}: {}", pointer, what)};
}

// Roles from a JSON array of role names.
base::Result<unsigned> roles_from(const json& j, const std::string& pointer) {
  if (!j.is_array() || j.empty()) return bad(pointer, "a non-empty array of roles (operator, administrator, auditor)");
  unsigned roles = 0;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const auto r = j[i].is_string() ? access::role_from_string(j[i].get<std::string>()) : std::nullopt;
    if (!r) return bad(fmt::format("{}/{}", pointer, i), "not a role (operator, administrator, auditor)");
    roles |= *r;
  }
  return roles;
}

base::Status only_members(const json& body, std::initializer_list<std::string_view> allowed) {
  if (!body.is_object()) return bad("", "the body must be a JSON object");
  for (const auto& [k, v] : body.items())
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) return bad("/" + k, "unknown member");
  return {};
}

}  // namespace

http::Response Api::list_roles(const Call&) {
  return json_response(json::array({{{"role", "operator"}, {"description", "submits jobs and acts on them, devices, robots and holds"}},
                                    {{"role", "administrator"}, {"description", "everything, including configuration, users, tokens and purges"}},
                                    {{"role", "auditor"}, {"description", "reads jobs, the configuration and the audit trail"}}}));
}

http::Response Api::list_users(const Call&) {
  json out = json::array();
  for (const auto& u : options_.policy.users) out.push_back({{"name", u.name}, {"kind", "system"}, {"roles", access::role_names(u.roles)}, {"enabled", true}});
  out.push_back({{"name", options_.policy.group}, {"kind", "group"}, {"roles", json::array({"operator"})}, {"enabled", true}});
  if (services_.accounts)
    for (const auto& u : services_.accounts->users()) out.push_back(user_json(u));
  return json_response(out);
}

http::Response Api::show_user(const Call& c) {
  const json all = json::parse(list_users(c).body);
  for (const json& u : all)
    if (u.value("name", std::string()) == c.params[0]) return json_response(u);
  return problem(404, "not-found", fmt::format("no user {}", c.params[0]));
}

http::Response Api::create_user(const Call& c) {
  if (!services_.accounts) return problem(501, "unsupported", "not built yet: issue 14 (no account store)");
  auto body = parse_json_body(c.request.body);
  if (!body) return problem_from(body.error());
  if (auto st = only_members(*body, {"name", "kind", "roles", "secret"}); !st) return problem_from(st.error());
  access::UserInfo u;
  u.name = body->value("name", std::string());
  u.kind = body->value("kind", std::string("local"));
  if (u.name.empty()) return problem_from(bad("/name", "a user needs a name"));
  if (u.kind != "local" && u.kind != "system") return problem(501, "unsupported", fmt::format("not built yet: issue 14 ({} users)", u.kind));
  auto roles = roles_from(body->value("roles", json()), "/roles");
  if (!roles) return problem_from(roles.error());
  u.roles = *roles;
  auto made = services_.accounts->create_user(u, body->value("secret", std::string()));
  if (!made) return problem_from(made.error(), made.error().code == base::ErrorCode::kInvalidArgument ? 400 : 0);
  return json_response(user_json(*made), 201);
}

http::Response Api::login(const Call& c) {
  if (!services_.accounts) return problem(401, "unauthorized", "no local accounts on this station");
  auto body = parse_json_body(c.request.body);
  if (!body) return problem_from(body.error());
  if (auto st = only_members(*body, {"user", "secret"}); !st) return problem_from(st.error());
  const std::string user = body->value("user", std::string());
  auto issued = services_.accounts->login(user, body->value("secret", std::string()));
  if (!issued) return problem_from(issued.error());
  if (!*issued) {
    access::Identity who;
    who.user = user;
    return refuse(c.request, who, 401, "wrong user name or secret");
  }
  if (services_.trail) {
    audit::UserAuthenticated e;
    e.user.user_id = user;
    (void)services_.trail->record(e);
  }
  return json_response({{"token", token_json((*issued)->token)}, {"secret", (*issued)->secret}}, 201);
}

http::Response Api::list_tokens(const Call&) {
  json out = json::array();
  if (services_.accounts)
    for (const auto& t : services_.accounts->tokens()) out.push_back(token_json(t));
  return json_response(out);
}

http::Response Api::issue_token(const Call& c) {
  if (!services_.accounts) return problem(501, "unsupported", "not built yet: issue 14 (no account store)");
  auto body = parse_json_body(c.request.body);
  if (!body) return problem_from(body.error());
  if (auto st = only_members(*body, {"client", "roles", "expires_in_days"}); !st) return problem_from(st.error());
  const std::string client = body->value("client", std::string());
  if (client.empty() || client.starts_with("session:")) return problem_from(bad("/client", "who the token is for (a RIS, a kiosk)"));
  auto roles = roles_from(body->value("roles", json()), "/roles");
  if (!roles) return problem_from(roles.error());
  int days = 0;
  if (body->contains("expires_in_days")) {
    const json& d = (*body)["expires_in_days"];
    if (!d.is_number_integer() || d.get<int>() < 1 || d.get<int>() > 3650) return problem_from(bad("/expires_in_days", "1 to 3650"));
    days = d.get<int>();
  }
  auto issued = services_.accounts->issue_token(client, *roles, days);
  if (!issued) return problem_from(issued.error());
  if (services_.log) services_.log->info("token {} issued to {} by {}", issued->token.id, client, c.who.user);
  return json_response({{"token", token_json(issued->token)}, {"secret", issued->secret}}, 201);
}

http::Response Api::revoke_token(const Call& c) {
  auto id = path_id(c.params[0], "token");
  if (!id) return problem_from(id.error());
  if (!services_.accounts) return problem(404, "not-found", "no tokens on this station");
  if (auto st = services_.accounts->revoke_token(*id); !st) return problem_from(st.error());
  http::Response r;
  r.status = 204;
  return r;
}

}  // namespace discus::daemon::api
