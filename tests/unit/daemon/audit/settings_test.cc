// The configuration files the package and the README ship load with our settings loader
// (issue 14 item 8): packaging/debian/discus.toml (the package's /etc/discus/discus.toml) and
// packaging/discus.toml (the documented example); the [audit] and [phi] keys reach the trail.
#include <gtest/gtest.h>

#include "app/settings.h"
#include "daemon/audit/trail.h"

namespace app = discus::app;

TEST(PackageSettings, DefaultConfigurationLoads) {
  auto s = app::load_settings(DISCUS_SOURCE_DIR "/packaging/debian/discus.toml");
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->default_profile, "STD-GEN-CD");
  EXPECT_EQ(s->kept_staging_days, 30);
  EXPECT_TRUE(s->audit_repository.empty());  // local trail only until configured
}

TEST(PackageSettings, DocumentedExampleLoads) {
  auto s = app::load_settings(DISCUS_SOURCE_DIR "/packaging/discus.toml");
  ASSERT_TRUE(s) << s.error().describe();
}

TEST(PackageSettings, AuditKeysReachTheTrail) {
  auto s = app::parse_settings(
      "[site]\ninstitution = \"Hospital\"\n[audit]\nrepository = \"tls://audit:6514\"\nca_file = \"/etc/ca.pem\"\n"
      "source_id = \"st1\"\n[phi]\nkept_staging_days = 3\n",
      "t.toml");
  ASSERT_TRUE(s) << s.error().describe();
  const auto o = discus::daemon::audit::trail_options(*s);
  EXPECT_EQ(o.repository, "tls://audit:6514");
  EXPECT_EQ(o.ca_file, "/etc/ca.pem");
  EXPECT_EQ(o.source_id, "st1");
  EXPECT_EQ(o.enterprise_site_id, "Hospital");
  EXPECT_EQ(s->kept_staging_days, 3);
}

TEST(PackageSettings, BadAuditAndPhiKeysAreErrorsWithTheirLine) {
  auto s = app::parse_settings("[audit]\nrepo = \"x\"\n", "t.toml");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("t.toml:2"), std::string::npos) << s.error().message;
  s = app::parse_settings("[phi]\nkept_staging_days = \"30\"\n", "t.toml");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("whole number of days"), std::string::npos);
  EXPECT_FALSE(app::parse_settings("[phi]\nkept_staging_days = -1\n", "t.toml"));
}
