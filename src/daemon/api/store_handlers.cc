// The study store's operations (issue 15): browse and show stored studies (with why each is kept
// and what jobs use it), purge one study or every study past the retention rule. A purge is
// refused while an unfinished job takes the study as input, and each purge is audited as PS3.15
// A.5.3.6 DICOM Instances Accessed, action D (the patients, the studies, the folder removed).
#include <fmt/format.h>

#include <algorithm>

#include "base/text.h"
#include "daemon/api/problem.h"
#include "daemon/api/request.h"
#include "daemon/api/service.h"
#include "jobs/states.h"

namespace discus::daemon::api {
namespace {

using nlohmann::json;

bool uses(const std::vector<std::string>& inputs, const std::string& folder) {
  for (const std::string& in : inputs)
    if (in == folder || folder.starts_with(in + "/") || in.starts_with(folder + "/")) return true;
  return false;
}

json study_json(const store::StudySummary& s, bool pending, int retention_days, bool with_series) {
  json j = {{"study_instance_uid", s.study_instance_uid},
            {"patient_id", base::to_valid_utf8(s.patient_id)},
            {"patients_name", base::to_valid_utf8(s.patients_name)},
            {"study_description", base::to_valid_utf8(s.study_description)},
            {"modalities_in_study", s.modalities},
            {"calling_ae_titles", s.calling_ae_titles},
            {"instances", s.instances},
            {"bytes", s.bytes},
            {"received_ms", s.last_received_ms},
            {"state", std::string(store::to_string(s.state))},
            {"folder", s.folder},
            {"kept_because", pending ? "job-pending" : "retention"},
            {"purge_after_ms", s.last_received_ms + static_cast<std::int64_t>(retention_days) * 86400000},
            {"jobs", s.jobs}};
  // (0008,0020) DA: eight digits, or nothing the schema would reject.
  if (s.study_date.size() == 8 && std::all_of(s.study_date.begin(), s.study_date.end(), [](char c) { return c >= '0' && c <= '9'; }))
    j["study_date"] = s.study_date;
  if (s.state != store::StudyState::kReceiving) j["completed_ms"] = s.completed_ms;
  if (with_series) {
    json series = json::array();
    for (const store::SeriesSummary& x : s.series)
      series.push_back({{"series_instance_uid", x.series_instance_uid},
                        {"modality", x.modality},
                        {"series_description", base::to_valid_utf8(x.series_description)},
                        {"instances", x.instances}});
    j["series"] = std::move(series);
  }
  return j;
}

audit::InstancesPurged purge_event(const store::StudySummary& s, const access::Identity& who) {
  audit::InstancesPurged e;
  e.requestor.user_id = who.user;
  e.patients.push_back(audit::Patient{s.patient_id, s.patients_name});
  audit::Study st;
  st.study_instance_uid = s.study_instance_uid;
  st.accession_number = s.accession_number;
  st.patient_id = s.patient_id;
  e.studies.push_back(std::move(st));
  e.paths.push_back(s.folder);
  return e;
}

bool valid_uid_text(std::string_view uid) {
  if (uid.empty() || uid.size() > 64) return false;
  return std::all_of(uid.begin(), uid.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
}

}  // namespace

std::vector<jobs::Job> Api::live_jobs_using(const std::string& folder) {
  // Only unfinished jobs: a queue of 10,000 done jobs is not read (nor its specs parsed) for this.
  std::vector<jobs::Job> out;
  std::lock_guard lock(repository_mutex_);
  for (jobs::JobState state : {jobs::JobState::kQueued, jobs::JobState::kRunning, jobs::JobState::kHeld}) {
    jobs::ListFilter f;
    f.state = state;
    f.with_copies = false;
    f.with_spec = true;
    auto found = services_.repository->list(f);
    if (!found) continue;
    for (jobs::Job& j : *found) {
      const auto& inputs = j.spec.kind == jobs::JobKind::kAuthor ? j.spec.author.inputs : j.spec.send.inputs;
      if (folder.empty() || uses(inputs, folder)) out.push_back(std::move(j));
    }
  }
  return out;
}

http::Response Api::browse_store(const Call& c) {
  if (services_.store == nullptr) return problem(503, "unavailable", "this discusd has no study store");
  store::StudyQuery q;
  if (auto v = c.request.query_value("patient_id")) q.patient_id = std::string(*v);
  if (auto v = c.request.query_value("patient_name")) q.patient_name = std::string(*v);
  if (auto v = c.request.query_value("after")) {
    if (!valid_uid_text(*v)) return problem(400, "invalid-argument", "query parameter after must be a Study Instance UID");
    q.after = std::string(*v);
  }
  auto limit = int_param(c.request, "limit", 1, 100000);
  if (!limit) return problem_from(limit.error());
  q.limit = static_cast<int>(limit->value_or(0));
  if (q.patient_id.size() > 64 || q.patient_name.size() > 324) return problem(400, "invalid-argument", "query value too long");
  auto found = services_.store->list(q);
  if (!found) return problem_from(found.error());
  const std::vector<jobs::Job> live = live_jobs_using({});
  json out = json::array();
  for (const store::StudySummary& s : *found) {
    const bool pending = std::any_of(live.begin(), live.end(), [&](const jobs::Job& j) {
      return uses(j.spec.kind == jobs::JobKind::kAuthor ? j.spec.author.inputs : j.spec.send.inputs, s.folder);
    });
    out.push_back(study_json(s, pending, services_.store->options().retention_days, false));
  }
  return json_response(out);
}

http::Response Api::show_stored_study(const Call& c) {
  if (services_.store == nullptr) return problem(503, "unavailable", "this discusd has no study store");
  const std::string uid(c.params[0]);
  if (!valid_uid_text(uid)) return problem(404, "not-found", "no such study (not a UID)");
  auto found = services_.store->show(uid);
  if (!found) return problem_from(found.error());
  if (!*found) return problem(404, "not-found", fmt::format("no stored study {}", uid));
  const bool pending = !live_jobs_using((*found)->folder).empty();
  return json_response(study_json(**found, pending, services_.store->options().retention_days, true));
}

http::Response Api::purge_stored_study(const Call& c) {
  if (services_.store == nullptr) return problem(503, "unavailable", "this discusd has no study store");
  const std::string uid(c.params[0]);
  if (!valid_uid_text(uid)) return problem(404, "not-found", "no such study (not a UID)");
  auto found = services_.store->show(uid);
  if (!found) return problem_from(found.error());
  if (!*found) return problem(404, "not-found", fmt::format("no stored study {}", uid));
  if (auto live = live_jobs_using((*found)->folder); !live.empty())
    return problem(409, "conflict", fmt::format("job {} still uses this study (cancel it or wait for it to end)", live.front().id));
  auto purged = services_.store->purge(uid);
  if (!purged) return problem_from(purged.error());
  if (services_.trail) {
    if (auto st = services_.trail->record(purge_event(**found, c.who)); !st && services_.log)
      services_.log->error("the audit trail did not record a purge: {}", st.error().describe());
  }
  if (services_.log) services_.log->info("store: a study purged by {} ({} bytes)", c.who.user, purged->value_or(0));
  http::Response r;
  r.status = 204;
  return r;
}

http::Response Api::purge_store(const Call& c) {
  if (services_.store == nullptr) return problem(503, "unavailable", "this discusd has no study store");
  int days = services_.store->options().retention_days;
  bool dry_run = false;
  if (c.request.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    auto body = parse_json_body(c.request.body);
    if (!body) return problem_from(body.error());
    if (!body->is_object()) return problem(400, "invalid-argument", "the body must be an object", at("/"));
    for (const auto& [k, v] : body->items()) {
      if (k == "older_than_days") {
        if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 36500)
          return problem(400, "invalid-argument", "older_than_days must be a whole number of days (0 to 36500)", at("/older_than_days"));
        days = v.get<int>();
      } else if (k == "dry_run") {
        if (!v.is_boolean()) return problem(400, "invalid-argument", "dry_run must be true or false", at("/dry_run"));
        dry_run = v.get<bool>();
      } else {
        return problem(400, "invalid-argument", fmt::format("unknown member {}", k), at("/" + k));
      }
    }
  }
  auto old = services_.store->older_than(days);
  if (!old) return problem_from(old.error());
  const std::vector<jobs::Job> live = live_jobs_using({});
  json studies = json::array();
  std::uint64_t bytes = 0;
  for (const store::StudySummary& s : *old) {
    const bool pending = std::any_of(live.begin(), live.end(), [&](const jobs::Job& j) {
      return uses(j.spec.kind == jobs::JobKind::kAuthor ? j.spec.author.inputs : j.spec.send.inputs, s.folder);
    });
    if (pending) continue;  // kept: a job still needs it
    if (!dry_run) {
      auto purged = services_.store->purge(s.study_instance_uid);
      if (!purged) return problem_from(purged.error());
      if (services_.trail) {
        if (auto st = services_.trail->record(purge_event(s, c.who)); !st && services_.log)
          services_.log->error("the audit trail did not record a purge: {}", st.error().describe());
      }
    }
    studies.push_back(s.study_instance_uid);
    bytes += s.bytes;
  }
  return json_response({{"studies", studies}, {"bytes", bytes}, {"dry_run", dry_run}});
}

}  // namespace discus::daemon::api
