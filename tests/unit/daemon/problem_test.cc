#include "daemon/api/problem.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace discus::daemon::api {
namespace {

TEST(Problem, Rfc9457Members) {
  const http::Response r = problem(409, "conflict", "job 7 copy 2 is burning");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.content_type, "application/problem+json");
  const auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["type"], "about:blank");
  EXPECT_EQ(j["title"], "Conflict");
  EXPECT_EQ(j["status"], 409);
  EXPECT_EQ(j["detail"], "job 7 copy 2 is burning");
  EXPECT_EQ(j["code"], "conflict");
  EXPECT_EQ(j["message"], j["detail"]);
  EXPECT_FALSE(j.contains("pointer"));
}

TEST(Problem, WhereAnInputErrorIs) {
  const auto j = nlohmann::json::parse(problem(400, "invalid-argument", "input /x does not exist", at("/author/inputs/1", "/x")).body);
  EXPECT_EQ(j["pointer"], "/author/inputs/1");
  EXPECT_EQ(j["file"], "/x");
}

TEST(Problem, BytesThatAreNotUtf8AreEscaped) {
  const http::Response r = problem(400, "invalid-argument", "input /in/\xff\xfe does not exist");
  EXPECT_TRUE(nlohmann::json::accept(r.body));
}

TEST(ProblemFrom, StatusAndPointerFromTheEngineError) {
  auto j = nlohmann::json::parse(problem_from(base::Error{base::ErrorCode::kInvalidArgument, "/author/copies: wrong type (string)"}).body);
  EXPECT_EQ(j["status"], 400);
  EXPECT_EQ(j["pointer"], "/author/copies");
  EXPECT_EQ(j["code"], "invalid-argument");
  j = nlohmann::json::parse(problem_from(base::Error{base::ErrorCode::kNotFound, "no job 9"}).body);
  EXPECT_EQ(j["status"], 404);
  EXPECT_FALSE(j.contains("pointer"));
  j = nlohmann::json::parse(problem_from(base::Error{base::ErrorCode::kConflict, "a sentence: with a colon"}).body);
  EXPECT_EQ(j["status"], 409);
  EXPECT_FALSE(j.contains("pointer"));
  base::Error e{base::ErrorCode::kBadLength, "length past the end"};
  e.in_file("/in/IM1").at_offset(1488).at_tag("(7FE0,0010)");
  j = nlohmann::json::parse(problem_from(e).body);
  EXPECT_EQ(j["file"], "/in/IM1");
  EXPECT_EQ(j["offset"], 1488);
  EXPECT_EQ(j["tag"], "(7FE0,0010)");
}

}  // namespace
}  // namespace discus::daemon::api
