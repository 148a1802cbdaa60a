#include "daemon/access/accounts.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "daemon/access/secret.h"

namespace discus::daemon::access {
namespace {

namespace fs = std::filesystem;

TEST(Secret, HashesAreSaltedAndVerify) {
  auto a = hash_secret("correct horse battery", 1000);
  auto b = hash_secret("correct horse battery", 1000);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->salt, b->salt);
  EXPECT_NE(a->hash, b->hash);
  EXPECT_TRUE(verify_secret("correct horse battery", *a));
  EXPECT_FALSE(verify_secret("correct horse batterY", *a));
  EXPECT_FALSE(verify_secret("", *a));
  HashedSecret broken = *a;
  broken.hash.pop_back();
  EXPECT_FALSE(verify_secret("correct horse battery", broken));
  EXPECT_FALSE(verify_secret("x", HashedSecret{}));
}

TEST(Secret, KnownPbkdf2Vector) {
  // RFC 7914 section 11: PBKDF2-HMAC-SHA256("passwd", "salt", 1, 64) starts 55 ac 04 6e 56 e3 08 9f.
  // The stored salt is text used as its bytes, so the RFC's vector applies as it is (the first 32
  // bytes, base64url-encoded).
  HashedSecret h{1, "salt", "VawEblbjCJ_sFpHCJUS2BflBhSFt3gRl5oudV8INrLw"};
  EXPECT_TRUE(verify_secret("passwd", h));
}

struct AccountStoreTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("discus-accounts-" + std::to_string(::getpid()));
  std::int64_t now = 1'765'000'000'000;
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
  std::unique_ptr<AccountStore> open() {
    auto s = AccountStore::open((dir / "access.json").string(), [this] { return now; });
    EXPECT_TRUE(s) << s.error().describe();
    return std::move(*s);
  }
};

TEST_F(AccountStoreTest, TokensAuthenticateUntilRevokedOrExpired) {
  auto store = open();
  auto t = store->issue_token("ris-1", kOperator, 1);
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->secret.starts_with("dsc_1_"));
  auto who = store->authenticate(t->secret);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->user, "ris-1");
  EXPECT_EQ(who->roles, kOperator);
  EXPECT_EQ(who->via, "token");
  EXPECT_TRUE(store->authenticate(t->secret));  // the remembered digest
  std::string wrong = t->secret;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(store->authenticate(wrong));
  EXPECT_FALSE(store->authenticate("dsc_2_" + t->secret.substr(6)));
  EXPECT_FALSE(store->authenticate("garbage"));
  EXPECT_FALSE(store->authenticate("dsc_x_y"));

  // A reopened store (a restarted daemon) knows the token from its hash only.
  auto again = open();
  EXPECT_TRUE(again->authenticate(t->secret));
  std::ifstream in(dir / "access.json");
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text.find(t->secret.substr(6)), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat((dir / "access.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0u);

  now += 86'400'000;  // a day later: expired
  EXPECT_FALSE(again->authenticate(t->secret));
  ASSERT_TRUE(again->revoke_token(t->token.id));
  EXPECT_FALSE(again->revoke_token(t->token.id));
  EXPECT_TRUE(again->tokens().empty());
}

TEST_F(AccountStoreTest, LoginGivesASessionOfTheUsersRoles) {
  auto store = open();
  UserInfo u;
  u.name = "op1";
  u.roles = kOperator | kAuditor;
  EXPECT_FALSE(store->create_user(u, "short"));
  ASSERT_TRUE(store->create_user(u, "a long enough secret"));
  EXPECT_FALSE(store->create_user(u, "a long enough secret"));  // exists
  auto bad = store->login("op1", "the wrong secret");
  ASSERT_TRUE(bad);
  EXPECT_FALSE(bad->has_value());
  auto none = store->login("nobody", "a long enough secret");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  auto good = store->login("op1", "a long enough secret");
  ASSERT_TRUE(good && good->has_value());
  auto who = store->authenticate((*good)->secret);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->user, "op1");
  EXPECT_EQ(who->via, "session");
  EXPECT_EQ(who->roles, kOperator | kAuditor);
}

TEST_F(AccountStoreTest, ADamagedFileIsRefused) {
  std::ofstream(dir / "access.json") << "{\"tokens\": [{\"id\": \"x\"}]}";
  auto s = AccountStore::open((dir / "access.json").string(), [] { return 0; });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, base::ErrorCode::kBadStructure);
}

}  // namespace
}  // namespace discus::daemon::access
