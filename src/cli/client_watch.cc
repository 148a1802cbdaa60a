// `discus watch ID`: follows a job through discusd's event stream (GET /v1/events?job=ID, SSE)
// until it is done (exit 0), failed or cancelled (exit 1). On a terminal a progress line is
// redrawn; to a pipe or a log each change is one line. The stream replays the job's recorded
// history first, so nothing between `submit` and `watch` is missed.
#include <fmt/format.h>
#include <unistd.h>

#include <map>
#include <memory>

#include "base/text.h"
#include "cli/client_http.h"
#include "cli/command.h"

namespace discus::cli {
namespace {

using nlohmann::json;

bool terminal(const std::string& state) { return state == "done" || state == "failed" || state == "cancelled"; }

struct Watch {
  std::int64_t id = 0;
  bool bar = false;
  std::string state;
  std::map<int, std::string> copies;  // n -> state of its latest attempt
  std::size_t drawn = 0;

  void take_job(const json& job) {
    state = job.value("state", "");
    copies.clear();
    for (const json& c : job.value("copies", json::array())) copies[c.value("n", 0)] = c.value("state", "");
  }

  void show(const std::string& change) {
    if (!bar) {
      fmt::print("job {}: {}\n", id, change);
      std::fflush(stdout);
      return;
    }
    int done = 0;
    std::string busy;
    for (const auto& [n, s] : copies) {
      if (s == "done") ++done;
      else if (s != "queued" && !terminal(s)) busy += fmt::format("  copy {} {}", n, s);
    }
    const int total = static_cast<int>(copies.size());
    constexpr int kWidth = 24;
    const int fill = total ? done * kWidth / total : 0;
    std::string line = fmt::format("job {} {:<9} [{}{}] {}/{} copies{}", id, state, std::string(fill, '#'),
                                   std::string(kWidth - fill, '.'), done, total, busy);
    const std::size_t width = line.size();
    if (width < drawn) line += std::string(drawn - width, ' ');
    drawn = width;
    fmt::print("\r{}", line);
    std::fflush(stdout);
  }
};

int finish(Watch& w, const json& job) {
  if (w.bar) fmt::print("\n");
  const std::string state = job.value("state", "");
  std::vector<std::string> outputs;
  for (const json& c : job.value("copies", json::array()))
    if (c.value("verified", false)) outputs.push_back(c.value("output", ""));
  if (state == "done") {
    fmt::print("job {}: done, {} verified cop{}{}{}\n", w.id, outputs.size(), outputs.size() == 1 ? "y" : "ies",
               outputs.empty() ? "" : ": ", base::for_terminal(fmt::format("{}", fmt::join(outputs, ", "))));
    return kExitOk;
  }
  const std::string why = job.value("error", std::string());
  fmt::print(stderr, "job {}: {}{}\n", w.id, state, why.empty() ? "" : ": " + base::for_terminal(why));
  return kExitFailed;
}

int run_watch(std::int64_t id, Context& ctx) {
  ApiClient api(socket_path(ctx));
  Watch w;
  w.id = id;
  w.bar = ::isatty(STDOUT_FILENO) == 1 && !ctx.quiet;
  auto fetch = [&]() -> base::Result<json> {
    DISCUS_TRY(ApiReply r, api.call("GET", fmt::format("/v1/jobs/{}", id)));
    if (!r.ok()) return base::Error{base::ErrorCode::kNotFound, r.problem()};
    return json::parse(r.body, nullptr, false);
  };
  auto first = fetch();
  if (!first) {
    fmt::print(stderr, "discus watch: {}\n", base::for_terminal(first.error().message));
    return kExitFailed;
  }
  w.take_job(*first);
  if (terminal(w.state)) return finish(w, *first);
  // No line for the state fetched above: the stream replays the job's history from its
  // submission, so the first lines are the job's own past, in order, not "running, queued, ...".

  std::string pending;
  json last = *first;
  bool ended = false;
  std::string failure;
  auto on_data = [&](std::string_view piece) -> bool {
    pending.append(piece);
    for (std::size_t end; (end = pending.find("\n\n")) != std::string::npos;) {
      const std::string message = pending.substr(0, end);
      pending.erase(0, end + 2);
      const auto data = message.find("data: ");
      if (data == std::string::npos) continue;  // retry:, comments (keep-alive)
      const json e = json::parse(message.substr(data + 6, message.find('\n', data) - data - 6), nullptr, false);
      if (!e.is_object()) continue;
      const std::string to = e.value("to", "");
      if (e.value("type", "") == "copy-state") {
        w.copies[e.value("n", 0)] = to;
        w.show(fmt::format("copy {} {}", e.value("n", 0), to));
      } else if (e.value("type", "") == "job-state") {
        w.state = to;
        w.show(to);
        // The history is replayed from the start: a terminal state may have been left by a
        // retry since. The job as it is now decides.
        if (terminal(to)) {
          auto now = fetch();
          if (!now) {
            failure = now.error().message;
            return false;
          }
          if (terminal(now->value("state", ""))) {
            last = *now;
            ended = true;
            return false;
          }
        }
      }
    }
    return true;
  };
  for (int attempt = 0; !ended && attempt < 1000; ++attempt) {
    auto status = api.stream(fmt::format("/v1/events?job={}", id), on_data);
    if (!failure.empty() || !status) {
      if (w.bar) fmt::print("\n");
      fmt::print(stderr, "discus watch: {}\n", base::for_terminal(failure.empty() ? status.error().message : failure));
      return kExitFailed;
    }
    if (ended) break;
    pending.clear();  // the daemon closed the stream (stopping): reconnect, the history replays
    ::sleep(1);
  }
  return finish(w, last);
}

}  // namespace

void add_watch(CLI::App& root, Context& ctx) {
  auto id = std::make_shared<std::int64_t>(0);
  CLI::App* c = root.add_subcommand("watch", "follow a discusd job until it ends: exit 0 done, 1 failed or cancelled");
  c->add_option("ID", *id, "the job's id (discus submit prints it)")->required()->check(CLI::PositiveNumber);
  on_run(*c, ctx, [id](Context& context) { return run_watch(*id, context); });
}

}  // namespace discus::cli
