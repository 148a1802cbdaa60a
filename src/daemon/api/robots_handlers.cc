// /v1/robots, /v1/robots/{robot}, /v1/robots/{robot}/alerts/{alert}/acknowledge (issue 18): the
// disc-publishing robots the scheduler drives (jobs/robot_fleet.h), as the OpenAPI Robot schema
// says: state with the readable reason a person is needed, bins, ink, alerts.
#include <charconv>

#include <fmt/format.h>

#include "daemon/api/problem.h"
#include "daemon/api/service.h"

namespace discus::daemon::api {
namespace {

using nlohmann::json;

std::string level_of(int count) {
  if (count < 0) return "unknown";
  if (count == 0) return "empty";
  return count < 10 ? "low" : "full";
}

json robot_json(const jobs::RobotSnapshot& s) {
  json bins = json::array();
  for (const auto& b : s.bins) {
    json j = {{"name", b.name}, {"level", level_of(b.count)}};
    if (b.count >= 0) j["count"] = b.count;
    bins.push_back(std::move(j));
  }
  json alerts = json::array();
  for (const auto& a : s.alerts) {
    json j = {{"id", a.id},
              {"time_ms", a.time_ms},
              {"message", a.message},
              {"condition", std::string(output::robot::to_string(a.condition))},
              {"operator_needed", a.operator_needed},
              {"acknowledged", a.acknowledged}};
    if (!a.acknowledged_by.empty()) j["acknowledged_by"] = a.acknowledged_by;
    alerts.push_back(std::move(j));
  }
  json out = {{"name", s.name}, {"vendor", s.vendor},     {"model", s.model}, {"state", s.state},
              {"drives", json::array()}, {"bins", bins}, {"alerts", alerts}, {"verified", s.verified}};
  if (!s.reason.empty()) out["reason"] = s.reason;
  if (!s.vendor_status.empty()) out["vendor_status"] = s.vendor_status;
  if (!s.ink.empty()) out["printer"] = {{"ink", s.ink}};
  if (s.job > 0) out["job"] = s.job;
  return out;
}

}  // namespace

http::Response Api::list_robots(const Call&) {
  json out = json::array();
  if (services_.robots)
    for (const jobs::RobotSnapshot& s : services_.robots()) out.push_back(robot_json(s));
  return json_response(out);
}

http::Response Api::show_robot(const Call& c) {
  const std::string name(c.params.at(0));
  if (services_.robots)
    for (const jobs::RobotSnapshot& s : services_.robots())
      if (s.name == name) return json_response(robot_json(s));
  return problem(404, "not-found", fmt::format("no robot {} (discusd --robot VENDOR:SPOOLDIR names a robot by its vendor)", name));
}

http::Response Api::acknowledge_robot_alert(const Call& c) {
  const std::string name(c.params.at(0));
  const std::string_view alert = c.params.at(1);
  std::int64_t id = 0;
  const auto r = std::from_chars(alert.data(), alert.data() + alert.size(), id);
  if (r.ec != std::errc() || r.ptr != alert.data() + alert.size() || id < 1)
    return problem(400, "bad-request", fmt::format("alert id {} is not a positive number", alert));
  if (!services_.acknowledge_robot_alert) return problem(404, "not-found", fmt::format("no robot {}", name));
  auto s = services_.acknowledge_robot_alert(name, id, c.who.user);
  if (!s) return problem_from(s.error(), s.error().code == base::ErrorCode::kNotFound ? 404 : 0);
  if (services_.log) services_.log->info("robot {}: alert {} acknowledged by {}", name, id, c.who.user);
  return json_response(robot_json(*s));
}

}  // namespace discus::daemon::api
