// Service and job operations: health, whoami, profiles, submit (checked whole before anything is
// queued), list, show, the operator's actions, copies, a job's history, devices.
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "daemon/access/secret.h"
#include "daemon/api/problem.h"
#include "daemon/api/request.h"
#include "daemon/api/service.h"
#include "jobs/job_json.h"
#include "jobs/job_list_json.h"
#include "jobs/schema.h"
#include "jobs/secrets.h"

namespace discus::daemon::api {
namespace {

using nlohmann::json;

json identity_json(const access::Identity& who) {
  json j = {{"user", who.user}, {"roles", access::role_names(who.roles)}, {"via", who.via}};
  if (who.uid) j["uid"] = *who.uid;
  return j;
}

// Reads {"reason": "..."} when a body is given; an empty body is no reason.
base::Result<std::string> optional_reason(const http::Request& r) {
  if (r.body.find_first_not_of(" \t\r\n") == std::string::npos) return std::string();
  DISCUS_TRY(json body, parse_json_body(r.body));
  if (!body.is_object()) return base::Error{base::ErrorCode::kInvalidArgument, "/: the body must be an object {\"reason\": TEXT}"};
  for (const auto& [k, v] : body.items()) {
    if (k != "reason") return base::Error{base::ErrorCode::kInvalidArgument, fmt::format("/{}: unknown member", k)};
    if (!v.is_string()) return base::Error{base::ErrorCode::kInvalidArgument, "/reason: must be a string"};
  }
  return body.value("reason", std::string());
}

// POST /v1/jobs/{id}/cancel's body: {"reason": TEXT, "when": "now" | "after-current-copy"}.
struct CancelRequest {
  std::string reason;
  bool after_current_copy = false;
};
base::Result<CancelRequest> cancel_request(const http::Request& r) {
  CancelRequest out;
  if (r.body.find_first_not_of(" \t\r\n") == std::string::npos) return out;
  DISCUS_TRY(json body, parse_json_body(r.body));
  if (!body.is_object()) return base::Error{base::ErrorCode::kInvalidArgument, "/: the body must be an object {\"reason\": TEXT, \"when\": ...}"};
  for (const auto& [k, v] : body.items()) {
    if (k != "reason" && k != "when") return base::Error{base::ErrorCode::kInvalidArgument, fmt::format("/{}: unknown member", k)};
    if (!v.is_string()) return base::Error{base::ErrorCode::kInvalidArgument, fmt::format("/{}: must be a string", k)};
  }
  out.reason = body.value("reason", std::string());
  const std::string when = body.value("when", std::string("now"));
  if (when != "now" && when != "after-current-copy")
    return base::Error{base::ErrorCode::kInvalidArgument, fmt::format("/when: \"now\" or \"after-current-copy\", not \"{}\"", when)};
  out.after_current_copy = when == "after-current-copy";
  return out;
}

// Takes a client's medium password out of a submitted body before the spec is parsed (and
// stored): the spec keeps only where the password came from (AuthorMedium::encryption_password_from).
base::Result<std::optional<media::secure::Secret>> take_password(json& body) {
  if (!body.is_object() || !body.contains("author") || !body["author"].is_object()) return std::nullopt;
  json& author = body["author"];
  auto it = author.find("encryption");
  if (it == author.end() || !it->is_object()) return std::nullopt;
  if (it->contains("verifier"))
    return base::Error{base::ErrorCode::kInvalidArgument, "/author/encryption/verifier: set by the service, not by a submitter"};
  auto pw = it->find("password");
  if (pw == it->end()) {
    if (!it->contains("password_from")) (*it)["password_from"] = "service";
    return std::nullopt;
  }
  if (!pw->is_string()) return base::Error{base::ErrorCode::kInvalidArgument, "/author/encryption/password: must be a string"};
  std::string& text = pw->get_ref<std::string&>();
  media::secure::Secret secret(text);
  std::fill(text.begin(), text.end(), '\0');  // the parsed copy does not linger in the heap
  it->erase("password");
  if (it->value("password_from", std::string("client")) != "client")
    return base::Error{base::ErrorCode::kInvalidArgument, "/author/encryption/password_from: \"client\" when a password is given"};
  (*it)["password_from"] = "client";
  return std::optional<media::secure::Secret>(std::move(secret));
}

// The secure variant of a profile, when the profile directory has one: STD-GEN-CD -> STD-GEN-SEC-CD.
std::string secure_variant(const media::profile::ProfileRegistry& profiles, const std::string& id) {
  if (!id.starts_with("STD-GEN-")) return {};
  const std::string candidate = "STD-GEN-SEC-" + id.substr(8);
  const auto* p = profiles.find(candidate);
  return p != nullptr && p->secure ? candidate : std::string();
}

// A job as the API shows it: the password verifier stays in the queue.
json public_json(const jobs::Job& job) {
  json j = jobs::to_json(job);
  if (auto a = j.find("spec"); a != j.end() && a->contains("author") && (*a)["author"].contains("encryption"))
    (*a)["author"]["encryption"].erase("verifier");
  return j;
}

// The medium's own envelopes use PBKDF2 with this many iterations (media/secure SecureOptions):
// the verifier is made no cheaper to guess against than the disc handed out.
constexpr int kVerifierIterations = 10000;

std::string make_verifier(const access::HashedSecret& h) {
  return fmt::format("pbkdf2-sha256:{}:{}:{}", h.iterations, h.salt, h.hash);
}
std::optional<access::HashedSecret> read_verifier(const std::string& text) {
  constexpr std::string_view kPrefix = "pbkdf2-sha256:";
  if (!text.starts_with(kPrefix)) return std::nullopt;
  const std::string rest = text.substr(kPrefix.size());
  const auto a = rest.find(':');
  if (a == std::string::npos) return std::nullopt;
  const auto b = rest.find(':', a + 1);
  if (b == std::string::npos) return std::nullopt;
  access::HashedSecret h;
  h.iterations = std::atoi(rest.substr(0, a).c_str());
  h.salt = rest.substr(a + 1, b - a - 1);
  h.hash = rest.substr(b + 1);
  return h;
}

// POST /v1/jobs/{id}/resume's body: nothing, or {"password": TEXT} for a job held for it.
base::Result<std::optional<media::secure::Secret>> resume_password(const http::Request& r) {
  if (r.body.find_first_not_of(" \t\r\n") == std::string::npos) return std::optional<media::secure::Secret>();
  DISCUS_TRY(json body, parse_json_body(r.body));
  if (!body.is_object() || !body.contains("password"))
    return base::Error{base::ErrorCode::kInvalidArgument, "/: the body must be an object {\"password\": TEXT}"};
  for (const auto& [k, v] : body.items()) {
    if (k != "password") return base::Error{base::ErrorCode::kInvalidArgument, fmt::format("/{}: unknown member", k)};
    if (!v.is_string()) return base::Error{base::ErrorCode::kInvalidArgument, "/password: must be a string"};
  }
  std::string& text = body["password"].get_ref<std::string&>();
  media::secure::Secret secret(text);
  std::fill(text.begin(), text.end(), '\0');
  return std::optional<media::secure::Secret>(std::move(secret));
}

}  // namespace

std::string device_id(const std::string& drive) {
  std::string base = drive.starts_with("stdio:") ? "stdio-" + drive.substr(drive.find_last_of('/') + 1)
                                                 : drive.substr(drive.find_last_of('/') + 1);
  for (char& c : base)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) c = '_';
  if (base.empty() || !std::isalnum(static_cast<unsigned char>(base[0]))) base = "d" + base;
  return base.substr(0, 64);
}

std::uint64_t Api::free_bytes() const {
  struct statvfs fs {};
  if (::statvfs(options_.state_dir.c_str(), &fs) != 0) return UINT64_MAX;
  return static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
}

http::Response Api::health(const Call&) {
  std::size_t queued = 0, running = 0;
  {
    std::lock_guard lock(repository_mutex_);
    jobs::ListFilter f;
    f.with_copies = false;
    f.state = jobs::JobState::kQueued;
    if (auto l = services_.repository->list(f)) queued = l->size();
    else return problem(503, "unavailable", fmt::format("the queue does not answer: {}", l.error().message));
    f.state = jobs::JobState::kRunning;
    if (auto l = services_.repository->list(f)) running = l->size();
  }
  const auto now = jobs::system_clock()();
  return json_response({{"ready", true},
                        {"version", options_.version},
                        {"station", options_.station},
                        {"queue",
                         {{"backend", options_.backend},
                          {"schema_version", jobs::migrations().back().version},
                          {"jobs_queued", queued},
                          {"jobs_running", running}}},
                        {"uptime_s", std::max<std::int64_t>(0, (now - options_.started_ms) / 1000)}});
}

http::Response Api::whoami(const Call& c) { return json_response(identity_json(c.who)); }

http::Response Api::profiles(const Call&) {
  json out = json::array();
  for (const auto& p : services_.profiles->all()) {
    if (p.retired) continue;
    json j = {{"id", p.id}, {"title", p.title}, {"secure", p.secure}};
    if (!p.medium_id.empty()) j["media"] = json::array({p.medium_id});
    out.push_back(std::move(j));
  }
  return json_response(out);
}

http::Response Api::list_jobs(const Call& c) {
  jobs::ListFilter f;
  if (const auto s = c.request.query_value("state")) {
    f.state = jobs::job_state_from_string(*s);
    if (!f.state)
      return problem(400, "invalid-argument",
                     fmt::format("query parameter state must be queued, running, held, done, failed or cancelled, not \"{}\"", *s));
  }
  auto after = int_param(c.request, "after", 0, INT64_MAX);
  if (!after) return problem_from(after.error());
  auto limit = int_param(c.request, "limit", 0, 100000);
  if (!limit) return problem_from(limit.error());
  f.after = after->value_or(0);
  f.limit = static_cast<int>(limit->value_or(0));
  std::vector<jobs::Job> found;
  {
    std::lock_guard lock(repository_mutex_);
    auto l = services_.repository->list(f);
    if (!l) return problem_from(l.error());
    found = std::move(*l);
  }
  http::Response r;
  r.body.reserve(found.size() * 160);
  jobs::append_job_list_json(r.body, found);
  return r;
}

http::Response Api::submit_job(const Call& c) {
  auto body = parse_json_body(c.request.body);
  if (!body) return problem_from(body.error());
  auto password = take_password(*body);
  if (!password) return problem_from(password.error());
  if (body->is_object() && body->contains("stop_after_copy"))
    return problem(400, "invalid-argument", "/stop_after_copy: set by the service (POST /v1/jobs/{id}/cancel), not by a submitter",
                   at("/stop_after_copy"));
  auto parsed = jobs::spec_from_json(*body);
  if (!parsed) return problem_from(parsed.error());
  return submit(std::move(*parsed), c.who, std::move(*password));
}

http::Response Api::submit(jobs::JobSpec spec, const access::Identity& who, std::optional<media::secure::Secret> password) {
  spec.submitted_by = who.user;  // who asked: the release-of-information record's requestor
  spec.stop_after_copy.clear();
  if (auto st = jobs::validate(spec); !st) return problem_from(st.error());
  if (spec.kind == jobs::JobKind::kImport) {  // issue 17 item 6: the medium and where it goes
    if (services_.imports == nullptr) return problem(503, "unavailable", "this station runs no import jobs");
    const std::string& src = spec.import.source;
    const bool drive = src.starts_with("stdio:") || src.starts_with("/dev/");
    struct stat st {};
    if (!drive && (src.empty() || src.front() != '/'))
      return problem(400, "invalid-argument", fmt::format("source {} is not an absolute path or a drive", src), at("/import/source", src));
    if (!drive && ::stat(src.c_str(), &st) != 0)
      return problem(400, "invalid-argument", fmt::format("source {} does not exist", src), at("/import/source", src));
    const std::string& dest = spec.import.destination;
    const std::vector<app::PacsNode> in_force = nodes();
    if (!dest.empty() && dest != "store" &&
        std::none_of(in_force.begin(), in_force.end(), [&](const app::PacsNode& n) { return n.name == dest; }))
      return problem(400, "not-found", fmt::format("destination {} is neither \"store\" nor a configured node (GET /v1/nodes)", dest),
                     at("/import/destination"));
  }
  if (spec.kind == jobs::JobKind::kSend) return problem(501, "unsupported", "not built yet: issue 15 (send jobs)");

  if (spec.kind == jobs::JobKind::kAuthor) {
    const jobs::AuthorMedium& a = spec.author;
    const auto* profile = services_.profiles->find(a.profile);
    if (profile == nullptr)
      return problem(400, "not-found", fmt::format("no profile {} (discus profiles lists them)", a.profile), at("/author/profile"));
    // Secure media (PS3.10 7.4, PS3.15 D.1): a "-SEC-" profile and a password go together.
    if (!a.encryption_password_from.empty() && !profile->secure) {
      const std::string variant = secure_variant(*services_.profiles, a.profile);
      return problem(400, "invalid-argument",
                     fmt::format("{} makes plain DICOM Files; an encrypted medium needs a secure profile{}", a.profile,
                                 variant.empty() ? std::string(" (STD-GEN-SEC-*)") : fmt::format(" ({})", variant)),
                     at("/author/profile"));
    }
    if (a.encryption_password_from.empty() && profile->secure)
      return problem(400, "invalid-argument",
                     fmt::format("{} makes Secure DICOM Files: ask for \"encryption\": {{}} (a password shown once) or give one", a.profile),
                     at("/author/encryption"));
    if (!a.encryption_password_from.empty()) {
      if (services_.secrets == nullptr)
        return problem(501, "unsupported", "this discusd keeps no medium passwords: it cannot make encrypted media");
      if (password) {
        if (auto st = media::secure::check_password_rules(*password); !st)
          return problem(400, "invalid-argument", fmt::format("the password: {}", st.error().message), at("/author/encryption/password"));
      } else if (a.encryption_password_from == "client") {
        return problem(400, "invalid-argument", "password_from \"client\" needs the password", at("/author/encryption/password"));
      } else {
        auto made = jobs::generate_password();
        if (!made) return problem_from(made.error());
        password = std::move(*made);
      }
      auto verifier = access::hash_secret(password->view(), kVerifierIterations);
      if (!verifier) return problem_from(verifier.error());
      spec.author.encryption_verifier = make_verifier(*verifier);
    }
    for (std::size_t i = 0; i < a.inputs.size(); ++i) {
      const std::string& in = a.inputs[i];
      const ProblemWhere where = at(fmt::format("/author/inputs/{}", i), in);
      if (in.empty() || in.front() != '/')
        return problem(400, "invalid-argument", fmt::format("input {} is not an absolute path (the daemon has no working folder of yours)", in), where);
      struct stat st {};
      if (::stat(in.c_str(), &st) != 0)
        return problem(400, "invalid-argument", fmt::format("input {} does not exist", in), where);
      const int need = S_ISDIR(st.st_mode) ? (R_OK | X_OK) : R_OK;
      if (::access(in.c_str(), need) != 0)
        return problem(400, "invalid-argument", fmt::format("input {} is not readable by discusd: {}", in, std::strerror(errno)), where);
    }
    const std::string& where = a.target.where;
    if (a.target.kind == jobs::TargetKind::kImageDir) {
      struct stat st {};
      if (::stat(where.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || ::access(where.c_str(), W_OK | X_OK) != 0)
        return problem(400, "invalid-argument", fmt::format("image folder {} is not a folder discusd can write", where),
                       at("/author/target/where", where));
    } else if (a.target.kind == jobs::TargetKind::kDrive && !options_.drives.empty() &&
               std::find(options_.drives.begin(), options_.drives.end(), where) == options_.drives.end()) {
      return problem(400, "not-found", fmt::format("{} is not a drive of this station (discusd --drive; GET /v1/devices)", where),
                     at("/author/target/where"));
    }
  }

  // Room first: a full state disk refuses the job before the queue is touched.
  const std::uint64_t room = free_bytes();
  const auto full = [&] {
    return problem(507, "io", fmt::format("no space left on the state directory {} ({} bytes free, {} needed); the job was not queued",
                                          options_.state_dir, room == UINT64_MAX ? 0 : room, options_.min_free_bytes));
  };
  if (room < options_.min_free_bytes) return full();

  jobs::Job job;
  {
    std::lock_guard lock(repository_mutex_);
    auto ids = services_.repository->submit({&spec, 1});
    if (!ids) {
      // SQLite says "database or disk is full" (SQLITE_FULL); the transaction was rolled back.
      if (ids.error().code == base::ErrorCode::kIo &&
          (ids.error().message.find("full") != std::string::npos || free_bytes() < options_.min_free_bytes))
        return full();
      return problem_from(ids.error());
    }
    // Before the lock goes: the scheduler waits a moment for it (jobs/secrets.h).
    if (password) services_.secrets->keep(ids->front(), *password);
    auto shown = services_.repository->show(ids->front());
    if (!shown) return problem_from(shown.error());
    job = std::move(*shown);
  }
  if (services_.log) services_.log->info("job {} queued by {} ({}, {} copies)", job.id, who.user, jobs::to_string(spec.kind), spec.copy_count());
  if (services_.queue_changed) services_.queue_changed();
  json answer = public_json(job);
  // Shown once: the generated password is in this answer and nowhere else (never logged, never
  // stored; GET /v1/jobs/{id} does not have it).
  if (password && spec.author.encryption_password_from == "service") answer["medium_password"] = std::string(password->view());
  http::Response r = json_response(answer, 201);
  r.headers.emplace_back("Location", fmt::format("/v1/jobs/{}", job.id));
  return r;
}

base::Result<jobs::Job> Api::job(jobs::JobId id) {
  std::lock_guard lock(repository_mutex_);
  return services_.repository->show(id);
}

base::Status Api::cancel(jobs::JobId id, const std::string& reason) {
  std::lock_guard lock(repository_mutex_);
  return services_.repository->cancel(id, reason);
}

http::Response Api::show_job(const Call& c) {
  auto id = path_id(c.params[0], "job");
  if (!id) return problem_from(id.error());
  std::lock_guard lock(repository_mutex_);
  auto job = services_.repository->show(*id);
  if (!job) return problem_from(job.error());
  return json_response(public_json(*job));
}

http::Response Api::job_action(const Call& c, std::string_view action) {
  auto id = path_id(c.params[0], "job");
  if (!id) return problem_from(id.error());
  std::string reason;
  bool after_copy = false;
  if (action == "pause") {
    auto r = optional_reason(c.request);
    if (!r) return problem_from(r.error());
    reason = std::move(*r);
  } else if (action == "cancel") {
    auto r = cancel_request(c.request);
    if (!r) return problem_from(r.error());
    reason = std::move(r->reason);
    after_copy = r->after_current_copy;
  }
  std::optional<media::secure::Secret> password;
  if (action == "resume") {
    auto r = resume_password(c.request);
    if (!r) return problem_from(r.error());
    password = std::move(*r);
  }
  std::lock_guard lock(repository_mutex_);
  jobs::Repository& repo = *services_.repository;
  base::Status st;
  if (action == "resume") {
    // A job held because discusd lost its medium's password (jobs::kNeedsPassword) resumes only
    // with the password it was submitted with: the verifier says whether this is it.
    auto held = repo.show(*id);
    if (!held) return problem_from(held.error());
    if (held->hold_reason.starts_with(jobs::kNeedsPassword) && !password)
      return problem(409, "conflict",
                     fmt::format("job {} needs its medium's password to go on (the one shown when it was submitted): resume it "
                                 "with {{\"password\": ...}}", *id), at("/password"));
    if (password) {
      const auto verifier = read_verifier(held->spec.author.encryption_verifier);
      if (!verifier || services_.secrets == nullptr)
        return problem(400, "invalid-argument", fmt::format("job {} takes no password", *id), at("/password"));
      if (!access::verify_secret(password->view(), *verifier))
        return problem(400, "invalid-argument", "not the password this job was submitted with", at("/password"));
      services_.secrets->keep(*id, *password);
    }
  }
  // Stop after this copy: accepted at any time (a copy between burn and verify included); the
  // station finishes and verifies the copy in hand and starts no other (repository.h).
  if (after_copy)
    st = repo.stop_after_copy(*id, fmt::format("asked by {}{}", c.who.user, reason.empty() ? "" : ": " + reason));
  else if (action == "cancel") st = repo.cancel(*id, reason.empty() ? fmt::format("cancelled by {}", c.who.user) : reason);
  else if (action == "retry") st = repo.retry(*id);
  else if (action == "pause") st = repo.hold(*id, reason.empty() ? "paused" : reason);
  else st = repo.release(*id);
  if (!st) return problem_from(st.error());
  auto job = repo.show(*id);
  if (!job) return problem_from(job.error());
  if (services_.log)
    services_.log->info("job {} {}{} by {}: now {}", *id, action, after_copy ? " after the current copy" : "", c.who.user,
                        jobs::to_string(job->state));
  if (services_.secrets && jobs::is_terminal(job->state)) services_.secrets->forget(*id);
  if (services_.queue_changed && job->state == jobs::JobState::kQueued) services_.queue_changed();
  return json_response(public_json(*job));
}

http::Response Api::list_copies(const Call& c) {
  auto id = path_id(c.params[0], "job");
  if (!id) return problem_from(id.error());
  std::lock_guard lock(repository_mutex_);
  auto job = services_.repository->show(*id);
  if (!job) return problem_from(job.error());
  json out = json::array();
  for (const jobs::Copy& copy : job->copies) out.push_back(jobs::to_json(copy));
  return json_response(out);
}

http::Response Api::job_events(const Call& c) {
  auto id = path_id(c.params[0], "job");
  if (!id) return problem_from(id.error());
  auto since = int_param(c.request, "since", 0, INT64_MAX);
  if (!since) return problem_from(since.error());
  auto limit = int_param(c.request, "limit", 0, 100000);
  if (!limit) return problem_from(limit.error());
  std::lock_guard lock(repository_mutex_);
  if (auto job = services_.repository->show(*id); !job) return problem_from(job.error());
  json out = json::array();
  std::int64_t after = since->value_or(0);
  const std::size_t max = limit->value_or(0) > 0 ? static_cast<std::size_t>(**limit) : SIZE_MAX;
  for (;;) {  // the events table is shared by every job: read it in pages, keep this job's
    auto page = services_.repository->events_since(after, 5000);
    if (!page) return problem_from(page.error());
    for (const jobs::Event& e : *page)
      if (e.job == *id && out.size() < max) out.push_back(jobs::to_json(e));
    if (page->size() < 5000 || out.size() >= max) break;
    after = page->back().seq;
  }
  return json_response(out);
}

http::Response Api::devices(const Call&) {
  if (services_.devices) return json_response(services_.devices());
  json out = json::array();
  for (const std::string& d : options_.drives)
    out.push_back({{"id", device_id(d)}, {"kind", d.starts_with("stdio:") ? "stdio" : "drive"}, {"path", d}, {"state", "idle"}, {"enabled", true}});
  return json_response(out);
}

http::Response Api::show_device(const Call& c) {
  const json all = json::parse(devices(c).body);
  for (const json& d : all)
    if (d.value("id", std::string()) == c.params[0]) return json_response(d);
  return problem(404, "not-found", fmt::format("no device {} (GET /v1/devices lists them)", c.params[0]));
}

}  // namespace discus::daemon::api
