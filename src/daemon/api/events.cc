// GET /v1/events: the queue's recorded transitions as Server-Sent Events (WHATWG HTML 9.2).
// The events table is the durable history, so a stream is a poll of events_since() from the
// client's Last-Event-ID (or ?since): a client that reconnects, or a daemon that restarts,
// loses nothing. Each message: "id: SEQ", "event: TYPE", one "data: JSON" line.
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <thread>

#include "daemon/api/problem.h"
#include "daemon/api/request.h"
#include "daemon/api/service.h"
#include "jobs/job_json.h"

namespace discus::daemon::api {

http::Response Api::stream_events(const Call& c) {
  auto since = int_param(c.request, "since", 0, INT64_MAX);
  if (!since) return problem_from(since.error());
  auto job = int_param(c.request, "job", 1, INT64_MAX);
  if (!job) return problem_from(job.error());
  std::int64_t after = since->value_or(0);
  if (const auto last = c.request.header("last-event-id")) {  // reconnection wins over ?since
    http::Request fake;
    fake.query.emplace_back("Last-Event-ID", *last);
    auto v = int_param(fake, "Last-Event-ID", 0, INT64_MAX);
    if (!v) return problem_from(v.error());
    after = v->value_or(after);
  }

  struct State {
    std::int64_t after;
    std::int64_t job;
    bool greeted = false;
    std::chrono::steady_clock::time_point quiet_since = std::chrono::steady_clock::now();
  };
  auto state = std::make_shared<State>(State{after, job->value_or(0)});
  http::Response r;
  r.content_type = "text/event-stream";
  r.headers.emplace_back("Cache-Control", "no-store");
  r.stream = [this, state](std::string& out) -> bool {
    using namespace std::chrono;
    if (!state->greeted) {  // the reconnection delay, and something to send the headers with
      state->greeted = true;
      out += "retry: 2000\n\n";
      return true;
    }
    for (;;) {
      if (stopping_) return false;
      std::vector<jobs::Event> events;
      {
        std::lock_guard lock(repository_mutex_);
        auto page = services_.repository->events_since(state->after, 500);
        if (!page) return false;  // the client reconnects with Last-Event-ID
        events = std::move(*page);
      }
      for (const jobs::Event& e : events) {
        state->after = e.seq;
        if (state->job != 0 && e.job != state->job) continue;
        const nlohmann::json j = jobs::to_json(e);
        fmt::format_to(std::back_inserter(out), "id: {}\nevent: {}\ndata: {}\n\n", e.seq, j.value("type", "job-state"),
                       j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
      if (!out.empty()) {
        state->quiet_since = steady_clock::now();
        return true;
      }
      if (steady_clock::now() - state->quiet_since >= milliseconds(options_.sse_keepalive_ms)) {
        state->quiet_since = steady_clock::now();
        out += ": keep-alive\n\n";
        return true;
      }
      std::this_thread::sleep_for(milliseconds(options_.sse_poll_ms));
    }
  };
  return r;
}

}  // namespace discus::daemon::api
