// discus::daemon::api — the discusd API (src/daemon/api/openapi.yaml) as one request handler.
//
// handle() authenticates the caller (socket peer credentials or a bearer token, access/),
// finds the operation in the route table (routes.cc, the same paths, operation ids and roles as
// the OpenAPI document; `discusd --routes` prints it and tests/integration/openapi_test.py
// compares), checks the caller's roles, and runs the handler. Refusals are answered (401/403
// problem documents) and recorded through the audit Trail as Security Alerts. Operations of
// later issues answer 501 naming the issue. Jobs go through the jobs::Repository; the API keeps
// no state of its own beyond it, so a restart loses nothing.
//   Api api(options, services);   http::Response r = api.handle(request);
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/settings.h"
#include "base/log.h"
#include "daemon/access/accounts.h"
#include "daemon/access/policy.h"
#include "daemon/audit/trail.h"
#include "daemon/http/message.h"
#include "jobs/repository.h"
#include "jobs/robot_fleet.h"
#include "media/profile/profile.h"
#include "media/secure/secure.h"
#include "store/store.h"

namespace discus::jobs {
class Secrets;
class ImportDesk;  // jobs/import_step.h (issue 17 item 6)
struct HoldRecord;
}

namespace discus::daemon::api {

class ConfigStore;

struct ApiOptions {
  std::string station;
  std::string version;
  std::string state_dir;
  std::string backend = "sqlite";  // or "postgresql"
  std::vector<std::string> drives;  // --drive: the only drives a job may name (when any are given)
  std::uint64_t min_free_bytes = 4u << 20;  // a submission needs this much room in the state directory
  access::SocketPolicy policy;
  std::int64_t started_ms = 0;
  int sse_poll_ms = 200;          // how often a stream looks for new events
  int sse_keepalive_ms = 15000;   // a comment line this often keeps proxies and clients awake
  std::vector<app::PacsNode> nodes;  // [pacs.NAME] of the configuration: /v1/nodes (issue 16)
  std::string station_ae;  // the DICOM listener's AE title (C-MOVE destination); empty: no listener
};

struct ApiServices {
  jobs::Repository* repository = nullptr;  // used under the Api's own mutex
  const media::profile::ProfileRegistry* profiles = nullptr;
  access::AccountStore* accounts = nullptr;  // null: no tokens, no local users
  audit::Trail* trail = nullptr;             // null: refusals are logged only
  base::Logger* log = nullptr;
  // What the scheduler reports about devices (Device objects); empty: the configured drives.
  std::function<nlohmann::json()> devices;
  // Called after a job was queued, retried or resumed, so the scheduler claims it now.
  std::function<void()> queue_changed;
  // The station's study store (issue 15): /v1/store/*; null: those answer 503.
  store::Store* store = nullptr;
  // Disc-publishing robots (issue 18, robots_handlers.cc): their state now, and an operator's
  // acknowledgement of an alert (kNotFound: no such robot or alert). Empty: no robots.
  std::function<std::vector<jobs::RobotSnapshot>()> robots{};
  std::function<base::Result<jobs::RobotSnapshot>(const std::string& robot, std::int64_t alert, const std::string& who)>
      acknowledge_robot_alert{};
  // Import jobs (issue 17 item 6, import_handlers.cc): inventories, holds and decisions; null:
  // those answer 503. hold_decided: the decision for the audit trail; may be empty.
  jobs::ImportDesk* imports = nullptr;
  std::function<void(const jobs::HoldRecord&, const access::Identity&)> hold_decided{};
  // The settings in layers and the written ones (config_store.h): /v1/config, the nodes in force.
  // Null: /v1/config answers 503 and /v1/nodes uses ApiOptions::nodes.
  ConfigStore* config = nullptr;
  // Secure-media passwords, in memory only (jobs/secrets.h); null: encrypted jobs are refused.
  jobs::Secrets* secrets = nullptr;
};

// A stable device id from its path, as the Device schema's Name pattern allows: "sr0",
// "stdio-disc1.iso".
std::string device_id(const std::string& path);

// One operation of the route table.
struct RouteInfo {
  std::string_view method, pattern, operation_id;
  unsigned roles;  // 0: no authentication (login)
};
std::vector<RouteInfo> route_table();

class Api {
 public:
  Api(ApiOptions options, ApiServices services);
  http::Response handle(const http::Request& request);
  // Ends every event stream within one poll interval (before the server stops).
  void stop_streams() { stopping_ = true; }

  // For discusd's other front ends (the DICOM Media Creation Management SCP, daemon/dicom/mcm*):
  // POST /v1/jobs's own checks and queueing for a spec made there (201 with the Job, or the
  // problem POST /v1/jobs would answer), and a job's state and cancel under the same lock.
  // `password`: a secure-media job's (jobs/secrets.h); none: generated when the spec asks for one.
  http::Response submit(jobs::JobSpec spec, const access::Identity& who, std::optional<media::secure::Secret> password = {});
  base::Result<jobs::Job> job(jobs::JobId id);
  base::Status cancel(jobs::JobId id, const std::string& reason);

  // Handlers see the request, the caller, and the path's {parameters} in order.
  struct Call {
    const http::Request& request;
    const access::Identity& who;
    std::vector<std::string_view> params;
  };

 private:
  friend struct Routes;
  http::Response refuse(const http::Request& request, const access::Identity& who, int status, const std::string& reason);

  // jobs_handlers.cc
  http::Response health(const Call&);
  http::Response whoami(const Call&);
  http::Response profiles(const Call&);
  http::Response list_jobs(const Call&);
  http::Response submit_job(const Call&);
  http::Response show_job(const Call&);
  http::Response job_action(const Call&, std::string_view action);
  http::Response list_copies(const Call&);
  http::Response job_events(const Call&);
  http::Response devices(const Call&);
  http::Response show_device(const Call&);
  // events.cc
  http::Response stream_events(const Call&);
  // admin_handlers.cc
  http::Response list_users(const Call&);
  http::Response create_user(const Call&);
  http::Response show_user(const Call&);
  http::Response list_roles(const Call&);
  http::Response login(const Call&);
  http::Response list_tokens(const Call&);
  http::Response issue_token(const Call&);
  http::Response revoke_token(const Call&);
  // audit_handlers.cc
  http::Response list_audit(const Call&);
  http::Response get_audit_message(const Call&);
  http::Response release_record(const Call&);
  // store_handlers.cc (issue 15: the study store)
  http::Response browse_store(const Call&);
  http::Response show_stored_study(const Call&);
  http::Response purge_stored_study(const Call&);
  http::Response purge_store(const Call&);
  std::vector<jobs::Job> live_jobs_using(const std::string& folder);
  // nodes_handlers.cc (issue 16)
  http::Response list_nodes(const Call&);
  http::Response echo_node(const Call&);
  http::Response query_node(const Call&);
  http::Response retrieve_node(const Call&);
  // robots_handlers.cc (issue 18)
  http::Response list_robots(const Call&);
  http::Response show_robot(const Call&);
  http::Response acknowledge_robot_alert(const Call&);
  // import_handlers.cc (issue 17)
  http::Response import_inventory(const Call&);
  http::Response list_holds(const Call&);
  http::Response decide_hold(const Call&);
  // config_handlers.cc (service): settings through the API
  http::Response get_config(const Call&);
  http::Response set_config(const Call&);
  http::Response kiosk_config(const Call&);
  std::vector<app::PacsNode> nodes() const;  // the [pacs.NAME] nodes in force

  base::Status check_inputs(const jobs::JobSpec& spec, std::string& pointer, std::string& file) const;
  std::uint64_t free_bytes() const;

  ApiOptions options_;
  ApiServices services_;
  std::mutex repository_mutex_;
  std::atomic<bool> stopping_{false};
};

}  // namespace discus::daemon::api
