// The loader refuses malformed profile data: each test breaks one thing in a temporary copy of
// profiles/ and expects an Error naming the file and the JSON path.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

#include <nlohmann/json.hpp>

#include "media/profile/profile_registry.h"

namespace discus::media::profile {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class BrokenProfiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("discus-profiles-" + std::to_string(std::random_device{}()));
    fs::copy(DISCUS_TEST_PROFILES, dir_, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void edit(const std::string& rel, const std::function<void(json&)>& change) {
    json j;
    {
      std::ifstream in(dir_ / rel);
      j = json::parse(in);
    }
    change(j);
    std::ofstream(dir_ / rel) << j.dump(2);
  }
  void write(const std::string& rel, const std::string& text) { std::ofstream(dir_ / rel) << text; }

  // Loads and expects failure in `file` with `path` and `words` in the message.
  void expect_error(const std::string& file, const std::string& path, const std::string& words) {
    auto r = ProfileRegistry::load(dir_.string());
    ASSERT_FALSE(r) << "loaded although " << file << " is broken";
    const base::Error& e = r.error();
    EXPECT_EQ(fs::path(e.file).filename(), fs::path(file).filename()) << e.describe();
    EXPECT_NE(e.message.find(path), std::string::npos) << e.describe();
    EXPECT_NE(e.message.find(words), std::string::npos) << e.describe();
  }

  fs::path dir_;
};

TEST_F(BrokenProfiles, PristineCopyLoads) {
  auto r = ProfileRegistry::load(dir_.string());
  EXPECT_TRUE(r) << r.error().describe();
}

TEST_F(BrokenProfiles, UnknownKey) {
  edit("STD-GEN-CD.json", [](json& j) { j["colour"] = "blue"; });
  expect_error("STD-GEN-CD.json", "$.colour", "unknown key");
}

TEST_F(BrokenProfiles, WrongType) {
  edit("STD-GEN-CD.json", [](json& j) { j["retired"] = "no"; });
  expect_error("STD-GEN-CD.json", "$.retired", "expected true or false");
}

TEST_F(BrokenProfiles, MissingRequiredKey) {
  edit("STD-CTMR-CD.json", [](json& j) { j.erase("title"); });
  expect_error("STD-CTMR-CD.json", "$", "missing required key \"title\"");
}

TEST_F(BrokenProfiles, IdDiffersFromFileName) {
  edit("STD-DEN-CD.json", [](json& j) { j["id"] = "STD-DEN-DVD"; });
  expect_error("STD-DEN-CD.json", "$.id", "differs from the file name");
}

TEST_F(BrokenProfiles, UnknownTransferSyntaxUid) {
  edit("common/transfer-syntaxes.json", [](json& j) { j["TS-JPEG"]["transfer_syntaxes"][1] = "1.2.840.10008.1.2.4.999"; });
  expect_error("transfer-syntaxes.json", "$.TS-JPEG.transfer_syntaxes[1]", "not a transfer syntax UID");
}

TEST_F(BrokenProfiles, SopClassUidThatIsATransferSyntax) {
  edit("common/SOP-CTMR.json", [](json& j) { j["sop_classes"][0]["uid"] = "1.2.840.10008.1.2.1"; });
  expect_error("SOP-CTMR.json", "$.sop_classes[0].uid", "not a SOP Class UID");
}

TEST_F(BrokenProfiles, SopClassNameNotVerbatim) {
  edit("common/SOP-CTMR.json", [](json& j) { j["sop_classes"][0]["name"] = "CT Storage"; });
  expect_error("SOP-CTMR.json", "$.sop_classes[0].name", "CT Image Storage");
}

TEST_F(BrokenProfiles, UnknownKeyword) {
  edit("keys/KEYS-CTMR.json", [](json& j) { j["keys"][3]["keyword"] = "ImagePositionPatients"; });
  expect_error("KEYS-CTMR.json", "$.keys[3].keyword", "not a PS3.6 keyword");
}

TEST_F(BrokenProfiles, RetiredKeyword) {
  edit("keys/KEYS-CTMR.json", [](json& j) { j["keys"][3]["keyword"] = "ImagePosition"; });  // (0020,0030)
  expect_error("KEYS-CTMR.json", "$.keys[3].keyword", "retired");
}

TEST_F(BrokenProfiles, UnknownRecordType) {
  edit("keys/KEYS-GEN.json", [](json& j) { j["keys"][0]["record_types"][0] = "PICTURE"; });
  expect_error("KEYS-GEN.json", "$.keys[0].record_types[0]", "Directory Record Type");
}

TEST_F(BrokenProfiles, ConditionalKeyWithoutCondition) {
  edit("keys/KEYS-GEN.json", [](json& j) { j["keys"][0].erase("condition"); });
  expect_error("KEYS-GEN.json", "$.keys[0]", "needs a \"condition\"");
}

TEST_F(BrokenProfiles, UnknownMedium) {
  edit("STD-GEN-CD.json", [](json& j) { j["medium"] = "LASERDISC"; });
  expect_error("STD-GEN-CD.json", "$.medium", "no medium");
}

TEST_F(BrokenProfiles, BadRole) {
  edit("STD-GEN-CD.json", [](json& j) { j["roles"][2] = "FSX"; });
  expect_error("STD-GEN-CD.json", "$.roles[2]", "not one of");
}

TEST_F(BrokenProfiles, IconSizeOutOfRange) {
  edit("common/icons.json", [](json& j) { j["ICON-XA"]["max_size"] = 256; });
  expect_error("icons.json", "$.ICON-XA.max_size", "64 or 128");
}

TEST_F(BrokenProfiles, ExtendsNothing) {
  edit("STD-GEN-SEC-CD.json", [](json& j) { j["extends"] = "STD-GEN-CDX"; });
  expect_error("STD-GEN-SEC-CD.json", "$.extends", "no profile");
}

TEST_F(BrokenProfiles, SecureWithoutReference) {
  edit("STD-GEN-SEC-CD.json", [](json& j) { j.erase("security_reference"); });
  expect_error("STD-GEN-SEC-CD.json", "$", "security_reference");
}

TEST_F(BrokenProfiles, NotJsonAtAll) {
  write("STD-GEN-BD.json", "{\"id\": \"STD-GEN-BD\",, }");
  auto r = ProfileRegistry::load(dir_.string());
  ASSERT_FALSE(r);
  EXPECT_EQ(fs::path(r.error().file).filename(), "STD-GEN-BD.json");
  EXPECT_NE(r.error().message.find("not valid JSON"), std::string::npos);
  EXPECT_TRUE(r.error().offset.has_value());
}

TEST_F(BrokenProfiles, RetiredIdThatIsAlsoCurrent) {
  edit("common/retired.json", [](json& j) { j["retired_profiles"][0]["id"] = "STD-GEN-CD"; });
  expect_error("retired.json", "$.retired_profiles[0].id", "also a current profile");
}

// ---- the medium table, common/media.json (the only place capacities are written) ----

TEST_F(BrokenProfiles, MediumUnknownKey) {
  edit("common/media.json", [](json& j) { j["CD-R"]["speed"] = "52x"; });
  expect_error("media.json", "$.CD-R.speed", "unknown key");
}

TEST_F(BrokenProfiles, MediumUnknownKind) {
  edit("common/media.json", [](json& j) { j["DVD"]["kind"] = "tape"; });
  expect_error("media.json", "$.DVD.kind", "not one of");
}

TEST_F(BrokenProfiles, MediumUnknownFileSystemType) {
  edit("common/media.json", [](json& j) { j["USB"]["file_system_type"] = "ntfs"; });
  expect_error("media.json", "$.USB.file_system_type", "not one of");
}

TEST_F(BrokenProfiles, MediumWithBothSizesAndCapacity) {
  edit("common/media.json", [](json& j) { j["CD-R"]["capacity_bytes"] = 681984000; });
  expect_error("media.json", "$.CD-R", "not both");
}

TEST_F(BrokenProfiles, MediumWithNeitherSizesNorCapacity) {
  edit("common/media.json", [](json& j) { j["SD"].erase("capacity_bytes"); });
  expect_error("media.json", "$.SD", "missing required key \"sizes\"");
}

TEST_F(BrokenProfiles, DiscMediumWithoutSizes) {
  edit("common/media.json", [](json& j) {
    j["BD"].erase("sizes");
    j["BD"]["capacity_bytes"] = 25025314816ull;
  });
  expect_error("media.json", "$.BD", "a disc medium needs \"sizes\"");
}

TEST_F(BrokenProfiles, MediumSizeWithoutCapacity) {
  edit("common/media.json", [](json& j) { j["DVD"]["sizes"][1]["capacity_bytes"] = 0; });
  expect_error("media.json", "$.DVD.sizes[1].capacity_bytes", "needs its capacity");
}

TEST_F(BrokenProfiles, MediumSizeNegativeCapacity) {
  edit("common/media.json", [](json& j) { j["DVD"]["sizes"][0]["capacity_bytes"] = -1; });
  expect_error("media.json", "$.DVD.sizes[0].capacity_bytes", "non-negative integer");
}

TEST_F(BrokenProfiles, MediumSizeNameUsedTwice) {
  edit("common/media.json", [](json& j) { j["DVD"]["sizes"][1]["aliases"] = json::array({"cd80"}); });
  expect_error("media.json", "$.DVD.sizes[1]", "already used by $.CD-R.sizes[1]");
}

TEST_F(BrokenProfiles, MediumSizeNamedAfterAnotherMedium) {
  edit("common/media.json", [](json& j) { j["DVD"]["sizes"][1]["name"] = "usb"; });
  expect_error("media.json", "$.DVD.sizes[1]", "is the id of medium USB");
}

TEST_F(BrokenProfiles, MediumSizeNameNotShort) {
  edit("common/media.json", [](json& j) { j["CD-R"]["sizes"][0]["name"] = "CD 74"; });
  expect_error("media.json", "$.CD-R.sizes[0].name", "not a short name");
}

TEST_F(BrokenProfiles, MediumSizesEmpty) {
  edit("common/media.json", [](json& j) { j["CD-R"]["sizes"] = json::array(); });
  expect_error("media.json", "$.CD-R.sizes", "must not be empty");
}

TEST_F(BrokenProfiles, MediaTableNotAnObject) {
  write("common/media.json", "[]");
  expect_error("media.json", "$", "expected an object");
}

TEST_F(BrokenProfiles, MissingDirectory) {
  auto r = ProfileRegistry::load((dir_ / "nope").string());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace discus::media::profile
