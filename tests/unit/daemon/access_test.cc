#include "daemon/access/policy.h"

#include <gtest/gtest.h>

namespace discus::daemon::access {
namespace {

http::Peer peer(std::uint32_t uid, std::uint32_t gid, std::vector<std::uint32_t> groups = {}) {
  http::Peer p;
  p.credentials = true;
  p.uid = uid;
  p.gid = gid;
  p.groups = std::move(groups);
  return p;
}

SocketPolicy policy() {
  SocketPolicy p;
  p.group = "discus";
  p.users = {{"audit1", kAuditor}, {"admin1", kAdministrator | kOperator}};
  return p;
}

TEST(DecideSocket, RootMayDoEverything) {
  const Decision d = decide_socket(peer(0, 0), {"root", 990}, policy());
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.identity.roles, kAllRoles);
  EXPECT_EQ(d.identity.user, "root");
  EXPECT_EQ(*d.identity.uid, 0u);
}

TEST(DecideSocket, GroupMembersAreOperators) {
  EXPECT_EQ(decide_socket(peer(1000, 990), {"alice", 990}, policy()).identity.roles, kOperator);        // primary group
  EXPECT_EQ(decide_socket(peer(1000, 100, {27, 990}), {"alice", 990}, policy()).identity.roles, kOperator);  // supplementary
  EXPECT_TRUE(decide_socket(peer(1000, 100, {27, 990}), {"alice", 990}, policy()).allowed);
}

TEST(DecideSocket, ConfiguredUsersGetTheirRoles) {
  Decision d = decide_socket(peer(1001, 100), {"audit1", 990}, policy());
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.identity.roles, kAuditor);
  d = decide_socket(peer(1001, 990), {"audit1", 990}, policy());  // and in the group too
  EXPECT_EQ(d.identity.roles, kAuditor | kOperator);
}

TEST(DecideSocket, EveryoneElseIsRefusedWithAReason) {
  Decision d = decide_socket(peer(65534, 65534), {"nobody", 990}, policy());
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.identity.roles, 0u);
  EXPECT_EQ(d.identity.user, "nobody");
  EXPECT_EQ(d.reason, "uid 65534 (nobody) is not root, not in group discus and not a configured user");
  d = decide_socket(peer(4242, 4242), {"", std::nullopt}, policy());  // no name, no such group here
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.identity.user, "uid=4242");
  EXPECT_NE(d.reason.find("no such group here"), std::string::npos);
}

TEST(DecideSocket, AGidEqualToAMissingGroupIsNotMembership) {
  // The group does not exist: no gid can match it, not even one that happens to be 0.
  EXPECT_FALSE(decide_socket(peer(1000, 0), {"alice", std::nullopt}, policy()).allowed);
}

TEST(DecideSocket, NoCredentialsNoEntry) {
  http::Peer p;
  p.credentials = false;
  EXPECT_FALSE(decide_socket(p, {}, policy()).allowed);
}

TEST(Roles, ParseAndName) {
  EXPECT_EQ(*parse_roles("operator,auditor"), kOperator | kAuditor);
  EXPECT_FALSE(parse_roles(""));
  EXPECT_FALSE(parse_roles("operator,root"));
  EXPECT_EQ(role_names(kAllRoles), (std::vector<std::string>{"operator", "administrator", "auditor"}));
  EXPECT_TRUE(may({"x", std::nullopt, kAuditor, "token"}, kAdministrator | kAuditor));
  EXPECT_FALSE(may({"x", std::nullopt, kOperator, "token"}, kAdministrator));
}

}  // namespace
}  // namespace discus::daemon::access
