// The audit operations of the discusd API: GET /v1/audit, /v1/audit/{id} and
// /v1/jobs/{id}/release (openapi.yaml, tag "audit"; roles administrator and auditor).
//
// The local log (audit/log_store.h) is read through audit::read_audit_for, which records the
// read as Audit Log Used (PS3.15 A.5.3.2) before anything is answered: a read that cannot be
// audited is refused (500). The log's own record form is mapped to the OpenAPI document's
// AuditRecord and ReleaseRecord schemas here, so the log format may change without the API.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "daemon/api/problem.h"
#include "daemon/api/request.h"
#include "daemon/api/service.h"
#include "daemon/audit/log_store.h"
#include "jobs/job_json.h"

namespace discus::daemon::api {
namespace {

using nlohmann::json;

// The log's event kinds (audit::event_kind) and the API's AuditEventName values, which name the
// PS3.15 A.5.3 events as the DICOM Standard spells them.
constexpr std::pair<std::string_view, std::string_view> kEventNames[] = {
    {"export", "export"},
    {"import", "import"},
    {"transfer", "dicom-instances-transferred"},
    {"begin-transfer", "begin-transferring-dicom-instances"},
    {"purge", "dicom-instances-accessed"},
    {"security-alert", "security-alert"},
    {"authentication", "user-authentication"},
    {"audit-log-used", "audit-log-used"},
    {"application-activity", "application-activity"},
    {"patient-record", "patient-record"},  // issue 17 item 6: import holds decided
};

std::string api_event(std::string_view kind) {
  for (const auto& [log, api] : kEventNames)
    if (log == kind) return std::string(api);
  return std::string(kind);
}

std::optional<std::string> log_kind(std::string_view event) {
  for (const auto& [log, api] : kEventNames)
    if (api == event) return std::string(log);
  return std::nullopt;
}

// EventOutcomeIndicator of the first message (PS3.15 A.5.1, an attribute of EventIdentification).
int outcome_of(const json& messages) {
  if (!messages.is_array() || messages.empty() || !messages[0].is_string()) return 0;
  const std::string& xml = messages[0].get_ref<const std::string&>();
  constexpr std::string_view kAttr = "EventOutcomeIndicator=\"";
  const auto at = xml.find(kAttr);
  if (at == std::string::npos) return 0;
  const int v = std::atoi(xml.c_str() + at + kAttr.size());
  return (v == 4 || v == 8 || v == 12) ? v : 0;
}

// One line of the log ({"seq","time_ms","kind","messages","release"?}) as an AuditRecord.
json audit_record(const json& r) {
  json out{{"id", r.value("seq", std::uint64_t{0})},
           {"time_ms", r.value("time_ms", std::int64_t{0})},
           {"event", api_event(r.value("kind", std::string()))},
           {"outcome", outcome_of(r.value("messages", json::array()))}};
  if (r.contains("release") && r["release"].is_object()) {
    const json& rel = r["release"];
    if (const auto user = rel.value("user", std::string()); !user.empty()) out["user"] = user;
    if (const auto job = rel.value("job", std::int64_t{0}); job > 0) out["job"] = job;
    out["summary"] = fmt::format("copy {} of job {} released to {}", rel.value("copy", 0), rel.value("job", std::int64_t{0}),
                                 rel.value("output", std::string()));
  }
  return out;
}

audit::Participant reader_of(const Api::Call& c) {
  audit::Participant p;
  p.user_id = c.who.user;
  p.network_access_point = c.request.peer.transport == http::Transport::kUnix ? "localhost" : c.request.peer.address;
  return p;
}

bool is_uid(const std::string& s) {
  if (s.empty() || s.size() > 64 || s.front() == '.' || s.back() == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char ch) { return (ch >= '0' && ch <= '9') || ch == '.'; }) &&
         s.find("..") == std::string::npos;
}

}  // namespace

// Reads one page through the trail (recorded as Audit Log Used); the page's JSON parsed.
static base::Result<json> read_page(audit::Trail* trail, const std::string& state_dir, const audit::Participant& reader,
                                    std::uint64_t after, std::size_t limit, const std::string& kind, bool releases_only) {
  if (trail == nullptr) return base::Error{base::ErrorCode::kUnsupported, "this service keeps no audit trail"};
  DISCUS_TRY(std::string page, audit::read_audit_for(*trail, state_dir, reader, after, limit, kind, releases_only));
  return json::parse(page, nullptr, /*allow_exceptions=*/false);
}

http::Response Api::list_audit(const Call& c) {
  auto after = int_param(c.request, "after", 0, INT64_MAX);
  if (!after) return problem_from(after.error());
  auto limit = int_param(c.request, "limit", 0, 100000);
  if (!limit) return problem_from(limit.error());
  std::string kind;
  if (auto event = c.request.query_value("event")) {
    auto k = log_kind(*event);
    if (!k) return problem(400, "invalid-argument", fmt::format("event: no audit event \"{}\"", *event));
    kind = *k;
  }
  const std::size_t max = limit->value_or(0) > 0 ? static_cast<std::size_t>(**limit) : SIZE_MAX;
  auto page = read_page(services_.trail, options_.state_dir, reader_of(c), static_cast<std::uint64_t>(after->value_or(0)),
                        max, kind, false);
  if (!page) return problem_from(page.error());
  if (!page->is_object()) return problem(500, "io", "the audit log's page could not be read");
  json out = json::array();
  for (const json& r : (*page)["records"]) out.push_back(audit_record(r));
  return json_response(out);
}

http::Response Api::get_audit_message(const Call& c) {
  auto id = path_id(c.params[0], "audit record");
  if (!id) return problem_from(id.error());
  auto page = read_page(services_.trail, options_.state_dir, reader_of(c), static_cast<std::uint64_t>(*id - 1), 1, {}, false);
  if (!page) return problem_from(page.error());
  if (!page->is_object() || (*page)["records"].empty() ||
      (*page)["records"][0].value("seq", std::uint64_t{0}) != static_cast<std::uint64_t>(*id))
    return problem(404, "not-found", fmt::format("no audit record {}", *id));
  const json& messages = (*page)["records"][0]["messages"];
  if (!messages.is_array() || messages.empty()) return problem(404, "not-found", fmt::format("audit record {} has no message", *id));
  http::Response r;
  r.content_type = "application/xml";
  // An event that made several messages (PS3.15 allows one per study) answers them in order.
  for (const json& m : messages)
    if (m.is_string()) r.body += m.get<std::string>();
  return r;
}

http::Response Api::release_record(const Call& c) {
  auto id = path_id(c.params[0], "job");
  if (!id) return problem_from(id.error());
  std::vector<jobs::Copy> copies;
  {
    std::lock_guard lock(repository_mutex_);
    auto job = services_.repository->show(*id);
    if (!job) return problem_from(job.error());
    copies = job->copies;
  }
  // The release records are Export records of the whole log; this job's are collected page by
  // page. Only the first read is recorded as Audit Log Used: it is one use of the log.
  json record;
  std::set<std::string> studies;
  std::set<int> released;
  std::string file_set_uid;
  const audit::Participant reader = reader_of(c);
  constexpr std::size_t kPage = 1000;
  auto page = read_page(services_.trail, options_.state_dir, reader, 0, kPage, {}, true);
  for (;;) {
    if (!page) return problem_from(page.error());
    if (!page->is_object()) return problem(500, "io", "the audit log's page could not be read");
    for (const json& r : (*page)["records"]) {
      if (!r.contains("release") || !r["release"].is_object()) continue;
      const json& rel = r["release"];
      if (rel.value("job", std::int64_t{0}) != *id) continue;
      if (record.is_null()) {
        record = {{"job", *id}, {"requested_by", rel.value("user", std::string())}};
        for (const char* key : {"recipient", "purpose"})  // optional in the request: absent, not ""
          if (const auto v = rel.value(key, std::string()); !v.empty()) record[key] = v;
      }
      for (const auto& s : rel.value("studies", std::vector<std::string>())) studies.insert(s);
      released.insert(rel.value("copy", 0));
      if (const auto m = rel.value("media_identifier", std::string()); file_set_uid.empty() && is_uid(m)) file_set_uid = m;
    }
    const std::uint64_t next = (*page).value("next_after", std::uint64_t{0});
    if (next == 0) break;
    auto more = audit::read_audit_log(options_.state_dir, audit::ReadOptions{next, kPage, {}, true});
    if (!more) return problem_from(more.error());
    page = json::parse(audit::audit_page_json(*more), nullptr, false);
  }
  if (record.is_null()) return problem(404, "not-found", fmt::format("job {} has no release record (no verified copy yet)", *id));
  record["studies"] = json(std::vector<std::string>(studies.begin(), studies.end()));
  if (!file_set_uid.empty()) record["file_set_uid"] = file_set_uid;
  json out_copies = json::array();
  for (const jobs::Copy& copy : copies)
    if (copy.verified && released.count(copy.n) != 0) out_copies.push_back(jobs::to_json(copy));
  record["copies"] = std::move(out_copies);
  return json_response(record);
}

}  // namespace discus::daemon::api
