// discus::jobs — jobs as JSON: the spec as stored in the queue and submitted over the API, and a
// job as `discus jobs --json` and GET /v1/jobs show it (src/daemon/api/openapi.yaml, schemas
// JobSpec and Job). Parsing outside JSON returns errors naming the JSON path, never throws.
//   DISCUS_TRY(JobSpec spec, spec_from_text(body));   std::string out = to_json(job).dump();
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "base/result.h"
#include "jobs/job.h"
#include "jobs/repository.h"

namespace discus::jobs {

nlohmann::json to_json(const JobSpec& spec);
nlohmann::json to_json(const Copy& copy);
// {"id", "kind", "state", "priority", ..., "copies": [{"n", "state", "verified", "output"}...],
//  "attempts": [every attempt, rejects included]}
nlohmann::json to_json(const Job& job);

// A recorded transition as the event stream sends it: type "job-state" (n = 0) or "copy-state".
nlohmann::json to_json(const Event& event);

// The list item: the same fields without the spec and the rejected attempts (GET /v1/jobs
// answers thousands of these; GET /v1/jobs/{id} gives the whole job).
nlohmann::json to_summary_json(const Job& job);

base::Result<JobSpec> spec_from_json(const nlohmann::json& j);
base::Result<JobSpec> spec_from_text(std::string_view text);

}  // namespace discus::jobs
