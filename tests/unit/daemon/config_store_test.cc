// The settings in layers (daemon/api/config_store.h): built-in < file < written < command line,
// RFC 7396 merge patches of the written layer, refusals naming the key, nodes whole across layers,
// the written file surviving a reopen, and what needs a restart.
#include "daemon/api/config_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace discus::daemon::api {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ConfigStoreTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("discus-config-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }

  ConfigStoreOptions options(const std::string& toml = "") {
    ConfigStoreOptions o;
    o.state_dir = dir.string();
    if (!toml.empty()) {
      auto s = app::parse_settings(toml, "discus.toml");
      EXPECT_TRUE(s) << s.error().describe();
      o.file_settings = *s;
      o.file = "discus.toml";
    }
    o.known_profile = [](const std::string& id) { return id == "STD-GEN-CD" || id == "STD-GEN-DVD-JPEG" || id == "STD-GEN-SEC-CD"; };
    return o;
  }
  static json entry(const json& got, const std::string& key) { return got["values"].value(key, json()); }
};

constexpr const char* kFile = R"(
[site]
institution = "St. Mary's"
[media]
default_profile = "STD-GEN-DVD-JPEG"
[pacs.PACS1]
ae_title = "PACS1"
host = "10.0.0.1"
port = 104
roles = ["query"]
)";

TEST_F(ConfigStoreTest, LayersLaterWins) {
  ConfigStoreOptions o = options(kFile);
  o.command_line["dicom.ae_title"] = "FROMFLAG";
  auto store = ConfigStore::open(o);
  ASSERT_TRUE(store) << store.error().describe();
  json got = (*store)->get();
  EXPECT_EQ(entry(got, "kiosk.language"), (json{{"value", "en"}, {"origin", "default"}, {"applies", "now"}}));
  EXPECT_EQ(entry(got, "site.institution")["origin"], "file");
  EXPECT_EQ(entry(got, "media.default_profile")["value"], "STD-GEN-DVD-JPEG");
  EXPECT_EQ(entry(got, "dicom.ae_title")["origin"], "command-line");
  EXPECT_EQ(entry(got, "pacs.PACS1.port")["value"], 104);

  // Written wins over the file; the flag still wins over written.
  ASSERT_TRUE((*store)->patch({{"media.default_profile", "STD-GEN-CD"}, {"dicom.ae_title", "WRITTEN"}, {"kiosk.language", "de"}}));
  got = (*store)->get();
  EXPECT_EQ(entry(got, "media.default_profile"), (json{{"value", "STD-GEN-CD"}, {"origin", "written"}, {"applies", "restart"}}));
  EXPECT_EQ(entry(got, "dicom.ae_title")["value"], "FROMFLAG");
  EXPECT_EQ(entry(got, "kiosk.language")["origin"], "written");
  EXPECT_EQ(got["restart_pending"], json::array({"media.default_profile"}));
  EXPECT_EQ((*store)->effective().default_profile, "STD-GEN-CD");
  EXPECT_EQ((*store)->kiosk().language, "de");

  // null removes the written value: the file's applies again.
  auto changed = (*store)->patch({{"media.default_profile", nullptr}});
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, std::vector<std::string>{"media.default_profile"});
  got = (*store)->get();
  EXPECT_EQ(entry(got, "media.default_profile")["origin"], "file");
  EXPECT_EQ(got["restart_pending"], json::array());
}

TEST_F(ConfigStoreTest, RefusalsNameTheKeyAndWriteNothing) {
  auto store = ConfigStore::open(options(kFile));
  ASSERT_TRUE(store);
  struct Bad {
    json patch;
    std::string pointer;
  };
  const std::vector<Bad> bad = {
      {{{"kiosk.langage", "de"}}, "/values/kiosk.langage: unknown setting"},
      {{{"kiosk.default_copies", 0}}, "/values/kiosk.default_copies: a whole number from 1 to 99"},
      {{{"kiosk.default_copies", "2"}}, "/values/kiosk.default_copies: must be a whole number"},
      {{{"kiosk.default_target", "floppy"}}, "/values/kiosk.default_target: one of"},
      {{{"kiosk.profiles_allowed", {"STD-GEN-CD", "NOPE"}}}, "/values/kiosk.profiles_allowed: no profile NOPE"},
      {{{"media.default_profile", "STD-XYZ"}}, "/values/media.default_profile: no profile"},
      {{{"pacs.NEW.host", "10.0.0.2"}}, "/values/pacs.NEW: a node needs ae_title, host and port (missing: ae_title, port)"},
      {{{"pacs.PACS1.ae_title", "A\\B"}}, "/values/pacs.PACS1.ae_title: an AE title"},
      {{{"pacs.PACS1.roles", {"query", "fly"}}}, "/values/pacs.PACS1.roles: roles are"},
      {{{"pacs.PACS1.tls_key_file", "/k.pem"}}, "/values/pacs.PACS1.tls_key_file: set in the configuration file only"},
      {{{"kiosk.language", "de"}, {"kiosk.idle_timeout_seconds", 5}}, "/values/kiosk.idle_timeout_seconds"},
  };
  for (const Bad& b : bad) {
    auto r = (*store)->patch(b.patch);
    ASSERT_FALSE(r) << b.patch.dump();
    EXPECT_EQ(r.error().code, base::ErrorCode::kInvalidArgument);
    EXPECT_TRUE(r.error().message.starts_with(b.pointer)) << r.error().message;
  }
  EXPECT_FALSE(fs::exists(dir / "settings.json")) << "a refused patch writes nothing";
  EXPECT_EQ(entry((*store)->get(), "kiosk.language")["origin"], "default") << "all or nothing";
}

TEST_F(ConfigStoreTest, NodesAsObjectsAndWholeAcrossLayers) {
  auto store = ConfigStore::open(options(kFile));
  ASSERT_TRUE(store);
  // A new node as an RFC 7396 object; a file node's port changed by one key.
  ASSERT_TRUE((*store)->patch({{"pacs.WL", {{"ae_title", "WLM"}, {"host", "wl.example"}, {"port", 11112}, {"roles", {"worklist"}}}},
                               {"pacs.PACS1.port", 11113}}));
  auto nodes = (*store)->nodes();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].name, "PACS1");
  EXPECT_EQ(nodes[0].port, 11113);
  EXPECT_EQ(nodes[0].host, "10.0.0.1");
  EXPECT_EQ(nodes[1].name, "WL");
  EXPECT_EQ(nodes[1].roles, std::vector<std::string>{"worklist"});
  // "pacs.NAME": null removes what was written of it: the written node goes, the file node
  // keeps its own values.
  ASSERT_TRUE((*store)->patch({{"pacs.WL", nullptr}, {"pacs.PACS1", nullptr}}));
  nodes = (*store)->nodes();
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].port, 104);
}

TEST_F(ConfigStoreTest, WrittenSettingsSurviveAReopenAndABadFileIsRefused) {
  {
    auto store = ConfigStore::open(options());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->patch({{"kiosk.idle_timeout_seconds", 90}, {"site.institution", "Klinik Süd"}}));
    auto same = (*store)->patch({{"kiosk.idle_timeout_seconds", 90}});
    ASSERT_TRUE(same);
    EXPECT_TRUE(same->empty()) << "an unchanged value is no change";
  }
  auto store = ConfigStore::open(options());
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->kiosk().idle_timeout_seconds, 90);
  EXPECT_EQ((*store)->effective().institution, "Klinik Süd");
  EXPECT_EQ(entry((*store)->get(), "site.institution")["origin"], "written");
  // Written at this start: not pending a restart.
  EXPECT_EQ((*store)->get()["restart_pending"], json::array());

  std::ofstream(dir / "settings.json") << R"({"values": {"kiosk.default_copies": 500}})";
  auto bad = ConfigStore::open(options());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("kiosk.default_copies"), std::string::npos) << bad.error().message;
  std::ofstream(dir / "settings.json") << "{not json";
  EXPECT_FALSE(ConfigStore::open(options()));
}

}  // namespace
}  // namespace discus::daemon::api
