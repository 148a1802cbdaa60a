// discus::jobs — the job list as JSON text, written straight into one buffer.
//
// GET /v1/jobs (and `discus jobs --json`) may answer 10,000 jobs and must do so in under 50 ms
// (issue 14 "Speed"); building a nlohmann::json tree of them costs more than the query. This
// writes the same document to_summary_json() describes (the test compares them), with every
// string passed through base::to_valid_utf8 (the one UTF-8 boundary) and escaped per RFC 8259.
//   std::string body; append_job_list_json(body, jobs);
#pragma once

#include <span>
#include <string>

#include "jobs/job.h"

namespace discus::jobs {

void append_job_list_json(std::string& out, std::span<const Job> jobs);

}  // namespace discus::jobs
