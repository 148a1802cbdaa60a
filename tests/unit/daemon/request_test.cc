#include "daemon/api/request.h"

#include <gtest/gtest.h>

namespace discus::daemon::api {
namespace {

TEST(ParseJsonBody, MalformedNamesTheByteOffset) {
  const std::string body = R"({"kind": "author",, "x": 1})";
  auto r = parse_json_body(body);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kInvalidArgument);
  ASSERT_TRUE(r.error().offset.has_value());
  EXPECT_EQ(*r.error().offset, body.find(",,") + 1);
  EXPECT_NE(r.error().message.find("byte offset"), std::string::npos);
}

TEST(ParseJsonBody, EmptyAndTruncatedBodiesAreErrors) {
  EXPECT_FALSE(parse_json_body(""));
  EXPECT_FALSE(parse_json_body("  \n"));
  auto r = parse_json_body(R"({"kind": "au)");
  ASSERT_FALSE(r);
  EXPECT_EQ(*r.error().offset, 12u);  // the last of the 13 bytes, where the string was cut
}

TEST(ParseJsonBody, ValidJson) {
  auto r = parse_json_body(R"({"kind": "noop"})");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)["kind"], "noop");
}

http::Request with_query(std::string name, std::string value) {
  http::Request r;
  r.query.emplace_back(std::move(name), std::move(value));
  return r;
}

TEST(IntParam, RangeAndGarbage) {
  EXPECT_FALSE(int_param(http::Request{}, "limit", 0, 10)->has_value());
  EXPECT_EQ(**int_param(with_query("limit", "7"), "limit", 0, 10), 7);
  for (const char* bad : {"", "-1", "11", "7x", " 7", "0x7", "99999999999999999999"}) {
    auto r = int_param(with_query("limit", bad), "limit", 0, 10);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_NE(r.error().message.find("limit"), std::string::npos);
    }
  }
}

TEST(PathId, PositiveDecimalOnly) {
  EXPECT_EQ(*path_id("42", "job"), 42);
  for (const char* bad : {"0", "-3", "abc", "4a", ""}) {
    auto r = path_id(bad, "job");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, base::ErrorCode::kNotFound);
  }
}

TEST(SplitPath, DropsEmptySegments) {
  EXPECT_EQ(split_path("/v1/jobs/7/cancel"), (std::vector<std::string_view>{"v1", "jobs", "7", "cancel"}));
  EXPECT_EQ(split_path("//v1//jobs/"), (std::vector<std::string_view>{"v1", "jobs"}));
  EXPECT_TRUE(split_path("/").empty());
}

}  // namespace
}  // namespace discus::daemon::api
