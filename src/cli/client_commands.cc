// The CLI as a client of discusd (issue 14 item 5): `discus submit`, `discus jobs`,
// `discus cancel ID`, `discus retry ID` send their request over the daemon's socket
// (client_http.h) and print its answer. `discus author` and the other commands keep working
// without a daemon; these need one and say how to start it when none answers.
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "base/text.h"
#include "cli/client_http.h"
#include "cli/command.h"

namespace discus::cli {
namespace {

using nlohmann::json;

int client_error(std::string_view command, std::string_view what) {
  fmt::print(stderr, "discus {}: {}\n", command, base::for_terminal(what));
  return kExitFailed;
}

std::string absolute(const std::string& path) {
  std::error_code ec;
  const auto p = std::filesystem::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

struct SubmitOptions {
  std::string profile, iso_dir, burn, label, robot;
  int copies = 1, priority = 0;
  std::vector<std::string> inputs;
};

int run_submit(const SubmitOptions& o, Context& ctx) {
  if (!o.iso_dir.empty() + !o.burn.empty() + !o.robot.empty() != 1)
    return usage_error("submit", "give exactly one of --iso-dir DIR, --burn DRIVE or --robot NAME");
  json author = {{"profile", o.profile}, {"copies", o.copies}, {"inputs", json::array()}};
  for (const std::string& in : o.inputs) author["inputs"].push_back(absolute(in));  // the daemon has no working folder of ours
  if (!o.robot.empty()) {
    author["target"] = {{"kind", "robot"}, {"where", o.robot}};  // issue 18: a robot discusd drives
  } else if (!o.iso_dir.empty()) {
    author["target"] = {{"kind", "image-dir"}, {"where", absolute(o.iso_dir)}};
  } else {
    std::string drive = o.burn;
    if (drive.starts_with("stdio:")) drive = "stdio:" + absolute(drive.substr(6));
    author["target"] = {{"kind", "drive"}, {"where", drive}};
  }
  if (!o.label.empty()) author["label"] = {{"label_text", o.label}};
  const json spec = {{"kind", "author"}, {"priority", o.priority}, {"author", author}};
  ApiClient api(socket_path(ctx));
  auto reply = api.call("POST", "/v1/jobs", spec.dump(-1, ' ', false, json::error_handler_t::replace));
  if (!reply) return client_error("submit", reply.error().message);
  if (!reply->ok()) return client_error("submit", reply->problem());
  const json job = json::parse(reply->body, nullptr, false);
  fmt::print("{}\n", job.value("id", 0));
  return kExitOk;
}

// The `discus jobs --json` shape of issue 14 "Interfaces", exactly: id, state, copies of
// {n, state, verified, output}.
json interface_shape(const json& list) {
  json out = json::array();
  for (const json& j : list) {
    json copies = json::array();
    for (const json& c : j.value("copies", json::array()))
      copies.push_back({{"n", c.value("n", 0)}, {"state", c.value("state", "")}, {"verified", c.value("verified", false)},
                        {"output", c.value("output", "")}});
    out.push_back({{"id", j.value("id", 0)}, {"state", j.value("state", "")}, {"copies", std::move(copies)}});
  }
  return out;
}

struct JobsOptions {
  bool json = false;
  std::string state;
};

int run_jobs(const JobsOptions& o, Context& ctx) {
  ApiClient api(socket_path(ctx));
  auto reply = api.call("GET", o.state.empty() ? "/v1/jobs" : "/v1/jobs?state=" + o.state);
  if (!reply) return client_error("jobs", reply.error().message);
  if (!reply->ok()) return client_error("jobs", reply->problem());
  const json list = json::parse(reply->body, nullptr, false);
  if (!list.is_array()) return client_error("jobs", "discusd answered something that is not a job list");
  if (o.json) {
    fmt::print("{}\n", json_text(interface_shape(list)));
    return kExitOk;
  }
  if (list.empty()) {
    if (!ctx.quiet) fmt::print("no jobs\n");
    return kExitOk;
  }
  fmt::print("{:>6}  {:<9}  {:<6}  {:<8}  {}\n", "ID", "STATE", "KIND", "COPIES", "OUTPUTS");
  for (const json& j : list) {
    int done = 0, total = 0;
    std::vector<std::string> outs;
    for (const json& c : j.value("copies", json::array())) {
      ++total;
      if (c.value("state", "") == "done") ++done;
      const std::string out = c.value("output", "");
      if (!out.empty()) outs.push_back(out);
    }
    // A table line stays a line: the first two outputs, then how many more (--json has them all).
    std::string outputs;
    for (std::size_t i = 0; i < outs.size() && i < 2; ++i) outputs += (i ? ", " : "") + outs[i];
    if (outs.size() > 2) outputs += fmt::format(" (+{} more)", outs.size() - 2);
    std::string state = j.value("state", "");
    if (state == "held" && j.contains("hold_reason")) state += " (" + j.value("hold_reason", "") + ")";
    fmt::print("{:>6}  {:<9}  {:<6}  {:<8}  {}\n", j.value("id", 0), state, j.value("kind", ""), fmt::format("{}/{}", done, total),
               base::for_terminal(outputs));
  }
  return kExitOk;
}

int run_action(std::string_view command, std::string_view action, std::int64_t id, Context& ctx) {
  ApiClient api(socket_path(ctx));
  auto reply = api.call("POST", fmt::format("/v1/jobs/{}/{}", id, action));
  if (!reply) return client_error(command, reply.error().message);
  if (!reply->ok()) return client_error(command, reply->problem());
  const json job = json::parse(reply->body, nullptr, false);
  if (!ctx.quiet) fmt::print("job {}: {}\n", id, job.value("state", "?"));
  return kExitOk;
}

}  // namespace

void add_submit(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<SubmitOptions>();
  CLI::App* c = root.add_subcommand("submit", "queue an author job on discusd (prints its id); discus watch ID follows it");
  c->add_option("--profile", o->profile, "the PS3.11 media profile (discus profiles lists them)")->required()->type_name("ID");
  c->add_option("--copies", o->copies, "how many copies of the medium (1-999)")->check(CLI::Range(1, 999))->type_name("N");
  c->add_option("--iso-dir", o->iso_dir, "write each verified copy as an image file in DIR")->type_name("DIR");
  c->add_option("--burn", o->burn, "burn on this drive (/dev/sr0, or stdio:FILE for a pseudo-drive)")->type_name("DRIVE");
  c->add_option("--robot", o->robot, "make the discs on this disc-publishing robot (primera, epson, rimage: discus robots lists them)")
      ->type_name("NAME");
  c->add_option("--label", o->label, "label text for the disc (PS3.4 S.3.2.1 Label Text)")->type_name("TEXT");
  c->add_option("--priority", o->priority, "1 HIGH, 0 MED, -1 LOW (PS3.4 S.3.2.2)")->check(CLI::Range(-1, 1))->type_name("P");
  c->add_option("INPUT", o->inputs, "DICOM files or folders (made absolute)")->required();
  on_run(*c, ctx, [o](Context& context) { return run_submit(*o, context); });
}

void add_jobs(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<JobsOptions>();
  CLI::App* c = root.add_subcommand("jobs", "list discusd's jobs: id, state, copies done, outputs");
  c->add_flag("--json", o->json, "print [{id, state, copies: [{n, state, verified, output}]}]");
  c->add_option("--state", o->state, "only jobs in this state")
      ->check(CLI::IsMember({"queued", "running", "held", "done", "failed", "cancelled"}))
      ->type_name("STATE");
  on_run(*c, ctx, [o](Context& context) { return run_jobs(*o, context); });
}

void add_cancel(CLI::App& root, Context& ctx) {
  auto id = std::make_shared<std::int64_t>(0);
  auto after_copy = std::make_shared<bool>(false);
  auto reason = std::make_shared<std::string>();
  CLI::App* c = root.add_subcommand("cancel", "cancel a queued, held or running job (refused while a copy is burning; --after-copy is not)");
  c->add_option("ID", *id, "the job's id")->required()->check(CLI::PositiveNumber);
  c->add_flag("--after-copy", *after_copy, "stop after the copy in hand: it finishes and is verified, no other starts (accepted at any time)");
  c->add_option("--reason", *reason, "why, for the job's history (with --after-copy)")->type_name("TEXT");
  on_run(*c, ctx, [id, after_copy, reason](Context& context) {
    return *after_copy ? run_cancel_after_copy(*id, *reason, context) : run_action("cancel", "cancel", *id, context);
  });
}

void add_retry(CLI::App& root, Context& ctx) {
  auto id = std::make_shared<std::int64_t>(0);
  CLI::App* c = root.add_subcommand("retry", "queue a failed or cancelled job again");
  c->add_option("ID", *id, "the job's id")->required()->check(CLI::PositiveNumber);
  on_run(*c, ctx, [id](Context& context) { return run_action("retry", "retry", *id, context); });
}

}  // namespace discus::cli
