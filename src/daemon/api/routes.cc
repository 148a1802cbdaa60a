// The route table (the OpenAPI document's paths, operation ids and x-discus-roles) and handle():
// authenticate, route, check roles, run.
#include <fmt/format.h>

#include "daemon/api/problem.h"
#include "daemon/api/request.h"
#include "daemon/api/service.h"

namespace discus::daemon::api {

using access::kAdministrator;
using access::kAuditor;
using access::kOperator;

namespace {
constexpr unsigned kAny = kOperator | kAdministrator | kAuditor;
constexpr unsigned kOps = kOperator | kAdministrator;
constexpr unsigned kRead = kAdministrator | kAuditor;
constexpr unsigned kAdmin = kAdministrator;

using Body = http::Response (Api::*)(const Api::Call&);

// A later issue's operation: answered, never pretended.
struct Later {
  int issue;
  std::string_view what;
};

struct Route {
  RouteInfo info;
  Body body = nullptr;
  Later later{0, {}};
  std::string_view action;  // job actions share one handler
};

Route R(RouteInfo info, Body body) { return Route{info, body, {0, {}}, {}}; }
Route L(RouteInfo info, int issue, std::string_view what) { return Route{info, nullptr, {issue, what}, {}}; }
Route A(RouteInfo info, std::string_view action) { return Route{info, nullptr, {0, {}}, action}; }

}  // namespace

struct Routes {
  static const std::vector<Route>& all() {
    static const std::vector<Route> routes = {
        R({"GET", "/v1/health", "getHealth", kAny}, &Api::health),
        R({"GET", "/v1/whoami", "getWhoami", kAny}, &Api::whoami),
        R({"GET", "/v1/profiles", "listProfiles", kAny}, &Api::profiles),
        R({"GET", "/v1/jobs", "listJobs", kAny}, &Api::list_jobs),
        R({"POST", "/v1/jobs", "submitJob", kOps}, &Api::submit_job),
        R({"GET", "/v1/jobs/{id}", "showJob", kAny}, &Api::show_job),
        A({"POST", "/v1/jobs/{id}/cancel", "cancelJob", kOps}, "cancel"),
        A({"POST", "/v1/jobs/{id}/retry", "retryJob", kOps}, "retry"),
        A({"POST", "/v1/jobs/{id}/pause", "pauseJob", kOps}, "pause"),
        A({"POST", "/v1/jobs/{id}/resume", "resumeJob", kOps}, "resume"),
        L({"PUT", "/v1/jobs/{id}/priority", "setJobPriority", kOps}, 14, "changing a queued job's priority (the queue's Repository has no such call yet)"),
        R({"GET", "/v1/jobs/{id}/copies", "listCopies", kAny}, &Api::list_copies),
        R({"GET", "/v1/jobs/{id}/events", "listJobEvents", kAny}, &Api::job_events),
        R({"GET", "/v1/jobs/{id}/release", "getReleaseRecord", kRead}, &Api::release_record),
        R({"GET", "/v1/events", "streamEvents", kAny}, &Api::stream_events),
        R({"GET", "/v1/devices", "listDevices", kAny}, &Api::devices),
        R({"GET", "/v1/devices/{device}", "showDevice", kAny}, &Api::show_device),
        L({"PATCH", "/v1/devices/{device}", "setDeviceEnabled", kAdmin}, 14, "taking a device out of scheduling"),
        L({"POST", "/v1/devices/{device}/eject", "ejectDevice", kOps}, 14, "ejecting a drive through the service"),
        R({"GET", "/v1/robots", "listRobots", kAny}, &Api::list_robots),
        R({"GET", "/v1/robots/{robot}", "showRobot", kAny}, &Api::show_robot),
        R({"POST", "/v1/robots/{robot}/alerts/{alert}/acknowledge", "acknowledgeRobotAlert", kOps}, &Api::acknowledge_robot_alert),
        R({"GET", "/v1/store/studies", "browseStore", kOps}, &Api::browse_store),
        R({"GET", "/v1/store/studies/{study}", "showStoredStudy", kOps}, &Api::show_stored_study),
        R({"DELETE", "/v1/store/studies/{study}", "purgeStoredStudy", kAdmin}, &Api::purge_stored_study),
        R({"POST", "/v1/store/purge", "purgeStore", kAdmin}, &Api::purge_store),
        R({"GET", "/v1/nodes", "listNodes", kAny}, &Api::list_nodes),
        R({"POST", "/v1/nodes/{node}/echo", "echoNode", kOps}, &Api::echo_node),
        R({"POST", "/v1/nodes/{node}/query", "queryNode", kOps}, &Api::query_node),
        R({"POST", "/v1/nodes/{node}/retrieve", "retrieveNode", kOps}, &Api::retrieve_node),
        R({"GET", "/v1/imports/{id}/inventory", "getImportInventory", kOps}, &Api::import_inventory),
        R({"GET", "/v1/holds", "listHolds", kOps}, &Api::list_holds),
        R({"POST", "/v1/holds/{hold}/decision", "decideHold", kOps}, &Api::decide_hold),
        R({"GET", "/v1/config", "getConfig", kRead}, &Api::get_config),
        R({"PATCH", "/v1/config", "setConfig", kAdmin}, &Api::set_config),
        R({"GET", "/v1/config/kiosk", "getKioskConfig", kAny}, &Api::kiosk_config),
        R({"GET", "/v1/audit", "listAudit", kRead}, &Api::list_audit),
        R({"GET", "/v1/audit/{id}", "getAuditMessage", kRead}, &Api::get_audit_message),
        R({"GET", "/v1/users", "listUsers", kRead}, &Api::list_users),
        R({"POST", "/v1/users", "createUser", kAdmin}, &Api::create_user),
        R({"GET", "/v1/users/{user}", "showUser", kRead}, &Api::show_user),
        L({"PATCH", "/v1/users/{user}", "updateUser", kAdmin}, 14, "changing a user"),
        L({"DELETE", "/v1/users/{user}", "deleteUser", kAdmin}, 14, "deleting a user"),
        R({"GET", "/v1/roles", "listRoles", kAny}, &Api::list_roles),
        R({"POST", "/v1/auth/session", "login", 0}, &Api::login),
        R({"GET", "/v1/auth/tokens", "listTokens", kAdmin}, &Api::list_tokens),
        R({"POST", "/v1/auth/tokens", "issueToken", kAdmin}, &Api::issue_token),
        R({"DELETE", "/v1/auth/tokens/{token}", "revokeToken", kAdmin}, &Api::revoke_token),
    };
    return routes;
  }

  // The route whose pattern matches `segments` (any method), with its {parameters}.
  static bool match(std::string_view pattern, const std::vector<std::string_view>& segments,
                    std::vector<std::string_view>& params) {
    const auto parts = split_path(pattern);
    if (parts.size() != segments.size()) return false;
    params.clear();
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].starts_with('{')) params.push_back(segments[i]);
      else if (parts[i] != segments[i]) return false;
    }
    return true;
  }
};

std::vector<RouteInfo> route_table() {
  std::vector<RouteInfo> out;
  for (const Route& r : Routes::all()) out.push_back(r.info);
  return out;
}

Api::Api(ApiOptions options, ApiServices services) : options_(std::move(options)), services_(std::move(services)) {}

http::Response Api::refuse(const http::Request& request, const access::Identity& who, int status, const std::string& reason) {
  const std::string what = fmt::format("{} {} over {}", request.method, request.path,
                                       request.peer.transport == http::Transport::kUnix ? request.peer.address
                                                                                        : "TCP from " + request.peer.address);
  if (services_.log) services_.log->warn("access refused ({}): {} {}: {}", status, who.user, what, reason);
  if (services_.trail) {
    audit::AccessRefused event;
    event.who.user_id = who.user;
    event.who.network_access_point = request.peer.transport == http::Transport::kUnix ? "localhost" : request.peer.address;
    event.what = what;
    event.when.outcome_description = reason;
    if (auto st = services_.trail->record(event); !st && services_.log)
      services_.log->error("the audit trail did not record a refusal: {}", st.error().describe());
  }
  http::Response r = problem(status, status == 401 ? "unauthorized" : "forbidden", reason);
  if (status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"discusd\"");
  return r;
}

http::Response Api::handle(const http::Request& request) {
  const auto segments = split_path(request.path);
  const Route* found = nullptr;
  std::vector<std::string_view> params;
  std::string allowed;
  for (const Route& r : Routes::all()) {
    std::vector<std::string_view> p;
    if (!Routes::match(r.info.pattern, segments, p)) continue;
    if (r.info.method == request.method) {
      found = &r;
      params = std::move(p);
      break;
    }
    allowed += (allowed.empty() ? "" : ", ") + std::string(r.info.method);
  }

  // Who is asking. The socket's peer is known before anything is read; TCP needs a token.
  access::Identity who;
  if (request.peer.transport == http::Transport::kUnix) {
    const access::Decision d = access::decide_socket(request.peer, access::lookup_account(request.peer, options_.policy), options_.policy);
    who = d.identity;
    if (!d.allowed) return refuse(request, who, 403, d.reason);
  } else if (found == nullptr || found->info.roles != 0) {
    const auto auth = request.header("authorization");
    std::optional<access::Identity> known;
    if (auth && auth->size() > 7 && (auth->starts_with("Bearer ") || auth->starts_with("bearer ")) && services_.accounts)
      known = services_.accounts->authenticate(auth->substr(7));
    if (!known) {
      who.user = "TCP client " + request.peer.address;
      return refuse(request, who, 401, auth ? "the bearer token is not valid (unknown, revoked or expired)"
                                            : "a bearer token is needed over TCP (Authorization: Bearer TOKEN)");
    }
    who = *known;
  }

  if (found == nullptr) {
    if (!allowed.empty()) {
      http::Response r = problem(405, "unsupported", fmt::format("{} does not take {} (it takes {})", request.path, request.method, allowed));
      r.headers.emplace_back("Allow", allowed);
      return r;
    }
    return problem(404, "not-found", fmt::format("no such resource: {} (the API is described in openapi.yaml)", request.path));
  }
  if (found->info.roles != 0 && !access::may(who, found->info.roles)) {
    return refuse(request, who, 403,
                  fmt::format("{} needs the role {}; {} has {}", found->info.operation_id,
                              fmt::join(access::role_names(found->info.roles), " or "), who.user,
                              who.roles ? fmt::format("{}", fmt::join(access::role_names(who.roles), ", ")) : "none"));
  }
  if (request.body_too_large) return problem(413, "too-large", "the request body is over the limit (1 MiB)");
  if (found->later.issue != 0)
    return problem(501, "unsupported", fmt::format("not built yet: issue {} ({})", found->later.issue, found->later.what));
  const Call call{request, who, params};
  if (!found->action.empty()) return job_action(call, found->action);
  return (this->*(found->body))(call);
}

}  // namespace discus::daemon::api
