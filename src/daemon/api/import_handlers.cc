// Import of outside media through the service (the import tag of the OpenAPI document, issue 17
// item 6): an import job's inventory (what its medium holds, what became of every file, who each
// outside patient is here), the holds import jobs wait on, and a person's decision on one: the
// local patient (IHE IRWF: reconciliation by a person, shown side by side), reject, or resend an
// instance in doubt. A decision is recorded in the station's import ledger with who made it,
// audited, and the held job is queued again: the importer runs once more and continues.
#include <fmt/format.h>

#include <chrono>
#include <map>
#include <thread>

#include "daemon/api/problem.h"
#include "daemon/api/request.h"
#include "daemon/api/service.h"
#include "jobs/import_step.h"

namespace discus::daemon::api {

using nlohmann::json;

http::Response Api::import_inventory(const Call& c) {
  if (services_.imports == nullptr) return problem(503, "unavailable", "this station runs no import jobs");
  auto id = path_id(c.params[0], "job");
  if (!id) return problem_from(id.error());
  jobs::Job job;
  {
    std::lock_guard lock(repository_mutex_);
    auto j = services_.repository->show(*id);
    if (!j) return problem_from(j.error());
    job = std::move(*j);
  }
  if (job.spec.kind != jobs::JobKind::kImport) return problem(404, "not-found", fmt::format("job {} is not an import job", *id));
  auto inv = services_.imports->inventory(*id);
  if (!inv) return problem_from(inv.error());
  json out = *inv ? std::move(**inv) : json{{"job", *id}, {"files_seen", 0}, {"outcomes", json::object()}, {"patients", json::array()}};
  out["state"] = std::string(jobs::to_string(job.state));
  if (!job.hold_reason.empty()) out["hold_reason"] = job.hold_reason;
  return json_response(out);
}

http::Response Api::list_holds(const Call& c) {
  if (services_.imports == nullptr) return problem(503, "unavailable", "this station runs no import jobs");
  bool open_only = true;
  if (const auto v = c.request.query_value("open")) {
    if (*v == "true" || *v == "1") open_only = true;
    else if (*v == "false" || *v == "0") open_only = false;
    else return problem(400, "invalid-argument", fmt::format("query parameter open must be true or false, not \"{}\"", *v));
  }
  auto holds = services_.imports->holds(open_only);
  if (!holds) return problem_from(holds.error());
  json out = json::array();
  std::map<jobs::JobId, bool> waiting;  // job -> it is held (an open hold of a cancelled job waits for nothing)
  for (const jobs::HoldRecord& h : *holds) {
    if (open_only && h.hold.decision.empty()) {
      auto [it, added] = waiting.emplace(h.job, false);
      if (added) {
        std::lock_guard lock(repository_mutex_);
        auto j = services_.repository->show(h.job);
        it->second = j && j->state == jobs::JobState::kHeld;
      }
      if (!it->second) continue;
    }
    out.push_back(jobs::to_json(h));
  }
  return json_response(out);
}

http::Response Api::decide_hold(const Call& c) {
  if (services_.imports == nullptr) return problem(503, "unavailable", "this station runs no import jobs");
  const std::string id(c.params[0]);
  auto body = parse_json_body(c.request.body);
  if (!body) return problem_from(body.error());
  if (!body->is_object()) return problem(400, "invalid-argument", "the decision must be a JSON object", at(""));
  for (const auto& [k, v] : body->items()) {
    if (k != "action" && k != "patient_id" && k != "issuer" && k != "note")
      return problem(400, "invalid-argument", fmt::format("unknown member \"{}\" (action, patient_id, issuer, note)", k), at("/" + k));
    if (!v.is_string()) return problem(400, "invalid-argument", fmt::format("{} must be a string", k), at("/" + k));
  }
  if (!body->contains("action")) return problem(400, "invalid-argument", "a decision needs an action (patient, reject, resend)", at("/action"));
  const std::string action = (*body)["action"];
  // A hold is answered while its job waits for it (not once the job was cancelled: retry it first).
  if (auto open = services_.imports->holds(true)) {
    for (const jobs::HoldRecord& h : *open) {
      if (h.hold.id != id) continue;
      std::lock_guard lock(repository_mutex_);
      auto j = services_.repository->show(h.job);
      if (j && j->state != jobs::JobState::kHeld && j->state != jobs::JobState::kRunning)
        return problem(409, "conflict", fmt::format("job {} of hold {} is {}: retry the job first", h.job, id, jobs::to_string(j->state)));
    }
  }
  auto decided = services_.imports->decide(id, action, body->value("patient_id", ""), body->value("issuer", ""), c.who.user,
                                           body->value("note", ""));
  if (!decided) {
    const base::Error& e = decided.error();
    return problem_from(e, e.code == base::ErrorCode::kInvalidArgument ? 400 : 0);
  }
  if (services_.hold_decided) services_.hold_decided(*decided, c.who);
  // The job goes on: released (held -> queued) once none of its holds is open any more.
  bool still_open = false;
  if (auto open = services_.imports->holds(true))
    for (const jobs::HoldRecord& h : *open) still_open = still_open || h.job == decided->job;
  if (!still_open) {
    base::Status st;
    // The job may still be between the end of its run and its recorded hold (a moment).
    for (int i = 0; i < 50; ++i) {
      {
        std::lock_guard lock(repository_mutex_);
        st = services_.repository->release(decided->job);
      }
      if (st || st.error().code != base::ErrorCode::kConflict) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!st && services_.log) services_.log->warn("job {}: not released after hold {}: {}", decided->job, id, st.error().describe());
    if (st && services_.queue_changed) services_.queue_changed();
  }
  return json_response(jobs::to_json(*decided));
}

}  // namespace discus::daemon::api
