// The API's routing, refusals and submit checks, called with Request values (no socket) over a
// real SQLite queue in a temporary folder.
#include "daemon/api/service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <variant>

#include "jobs/sqlite/sqlite_repository.h"

namespace discus::daemon::api {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ApiTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("discus-api-" + std::to_string(::getpid()));
  std::unique_ptr<jobs::Repository> repo;
  std::optional<media::profile::ProfileRegistry> profiles;
  std::unique_ptr<access::AccountStore> accounts;
  audit::RecordingTrail trail;
  base::Logger log{base::LogLevel::kError};
  std::unique_ptr<Api> api;

  void SetUp() override {
    fs::create_directories(dir / "in");
    fs::create_directories(dir / "out");
    std::ofstream(dir / "in" / "IM1") << "not really DICOM; the daemon checks it exists";
    repo = std::move(*jobs::open_sqlite_repository((dir / "queue.db").string()));
    auto p = media::profile::ProfileRegistry::load(media::profile::default_profile_directory());
    ASSERT_TRUE(p) << p.error().describe();
    profiles.emplace(std::move(*p));
    accounts = std::move(*access::AccountStore::open((dir / "access.json").string(), [] { return 1; }));
    ApiOptions o;
    o.station = "t1";
    o.state_dir = dir.string();
    o.min_free_bytes = 0;
    o.policy.group = "discus-test-no-such-group";
    o.policy.users = {{"op1", access::kOperator}};
    api = std::make_unique<Api>(o, ApiServices{repo.get(), &*profiles, accounts.get(), &trail, &log, {}, {}});
  }
  void TearDown() override {
    api.reset();
    repo.reset();
    fs::remove_all(dir);
  }

  static http::Request as_root(std::string method, std::string path, std::string body = {}) {
    http::Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    r.peer.credentials = true;
    r.peer.uid = 0;
    r.peer.address = "/run/test.sock";
    return r;
  }
  json spec() const {
    return {{"kind", "author"},
            {"author", {{"profile", "STD-GEN-CD"}, {"inputs", {(dir / "in").string()}}, {"target", {{"kind", "image-dir"}, {"where", (dir / "out").string()}}}}}};
  }
  std::size_t jobs_queued() { return json::parse(api->handle(as_root("GET", "/v1/jobs")).body).size(); }
};

TEST_F(ApiTest, SubmitShowListCancelRetry) {
  http::Response r = api->handle(as_root("POST", "/v1/jobs", spec().dump()));
  ASSERT_EQ(r.status, 201) << r.body;
  const json job = json::parse(r.body);
  EXPECT_EQ(job["state"], "queued");
  EXPECT_EQ(job["spec"]["submitted_by"], "root");
  const std::string path = "/v1/jobs/" + std::to_string(job["id"].get<int>());
  EXPECT_EQ(r.headers.front(), (std::pair<std::string, std::string>{"Location", path}));
  EXPECT_EQ(api->handle(as_root("GET", path)).status, 200);
  EXPECT_EQ(jobs_queued(), 1u);
  EXPECT_EQ(json::parse(api->handle(as_root("POST", path + "/cancel")).body)["state"], "cancelled");
  EXPECT_EQ(json::parse(api->handle(as_root("POST", path + "/retry")).body)["state"], "queued");
  EXPECT_EQ(api->handle(as_root("POST", path + "/resume")).status, 409);  // not held
  EXPECT_EQ(api->handle(as_root("GET", "/v1/jobs/77")).status, 404);
  EXPECT_EQ(api->handle(as_root("GET", "/v1/jobs/abc")).status, 404);
}

TEST_F(ApiTest, BadInputLeavesTheQueueAlone) {
  const std::string missing = (dir / "in" / "nope").string();
  json unknown_profile = spec(), missing_input = spec(), relative = spec();
  unknown_profile["author"]["profile"] = "STD-GEN-FLOPPY";
  missing_input["author"]["inputs"].push_back(missing);
  relative["author"]["inputs"] = {"in"};
  const std::pair<std::string, std::string> cases[] = {
      {"{\"kind\": ", ""}, {unknown_profile.dump(), "/author/profile"}, {missing_input.dump(), "/author/inputs/1"},
      {relative.dump(), "/author/inputs/0"}, {R"({"kind": "author", "author": {"copies": "2"}})", "/author/copies"}};
  for (const auto& [body, pointer] : cases) {
    const http::Response r = api->handle(as_root("POST", "/v1/jobs", body));
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.content_type, "application/problem+json");
    const json p = json::parse(r.body);
    if (!pointer.empty()) {
      EXPECT_EQ(p.value("pointer", ""), pointer) << r.body;
    } else {
      EXPECT_TRUE(p.contains("offset")) << r.body;
    }
  }
  EXPECT_EQ(jobs_queued(), 0u);
  http::Request big = as_root("POST", "/v1/jobs");
  big.body_too_large = true;
  EXPECT_EQ(api->handle(big).status, 413);
}

TEST_F(ApiTest, RefusedPeersAreAnsweredAndAudited) {
  http::Request r = as_root("GET", "/v1/jobs");
  r.peer.uid = 65534;
  r.peer.gid = 65534;
  const http::Response refused = api->handle(r);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(json::parse(refused.body)["message"].get<std::string>().find("uid 65534"), std::string::npos);
  const auto events = trail.events();
  ASSERT_EQ(events.size(), 1u);
  const auto* alert = std::get_if<audit::AccessRefused>(&events.front());
  ASSERT_NE(alert, nullptr);
  EXPECT_NE(alert->what.find("GET /v1/jobs"), std::string::npos);
  EXPECT_EQ(alert->who.network_access_point, "localhost");
}

TEST_F(ApiTest, TcpNeedsAValidToken) {
  http::Request r;
  r.method = "GET";
  r.path = "/v1/whoami";
  r.peer.transport = http::Transport::kTcp;
  r.peer.address = "127.0.0.1";
  EXPECT_EQ(api->handle(r).status, 401);
  r.headers.emplace_back("authorization", "Bearer dsc_1_wrong");
  EXPECT_EQ(api->handle(r).status, 401);
  EXPECT_EQ(trail.events().size(), 2u);
  const http::Response issued = api->handle(as_root("POST", "/v1/auth/tokens", R"({"client": "kiosk", "roles": ["auditor"]})"));
  ASSERT_EQ(issued.status, 201) << issued.body;
  r.headers = {{"authorization", "Bearer " + json::parse(issued.body)["secret"].get<std::string>()}};
  const http::Response who = api->handle(r);
  EXPECT_EQ(who.status, 200);
  EXPECT_EQ(json::parse(who.body)["user"], "kiosk");
  r.method = "POST";
  r.path = "/v1/jobs";  // an auditor may not submit
  EXPECT_EQ(api->handle(r).status, 403);
}

TEST_F(ApiTest, RoutesLaterIssuesAndMistakes) {
  http::Response r = api->handle(as_root("PATCH", "/v1/devices/sr0", R"({"enabled": false})"));
  EXPECT_EQ(r.status, 501);  // a later issue's operation answers, naming the issue
  EXPECT_NE(r.body.find("not built yet: issue 14"), std::string::npos);
  // A built operation whose service this Api was given none of: 503, not a pretence.
  EXPECT_EQ(api->handle(as_root("GET", "/v1/holds")).status, 503);
  EXPECT_EQ(api->handle(as_root("GET", "/v1/nothing")).status, 404);
  r = api->handle(as_root("DELETE", "/v1/jobs"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(api->handle(as_root("GET", "/v1/health")).status, 200);
  // Every route of the table has an operation id and a method.
  for (const RouteInfo& info : route_table()) {
    EXPECT_FALSE(info.operation_id.empty());
    EXPECT_TRUE(info.pattern.starts_with("/v1/"));
  }
}

}  // namespace
}  // namespace discus::daemon::api
