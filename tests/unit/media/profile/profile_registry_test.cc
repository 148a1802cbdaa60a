// ProfileRegistry against the source tree's profiles/: every file loads, every PS3.11 id of the
// digest is there, and spot checks against the standard's tables.
#include "media/profile/profile_registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "dicom/dict/uid_registry.h"
#include "test_registry.h"

namespace discus::media::profile {
namespace {

using testing::profile;
using testing::source_registry;

constexpr const char* kLE = "1.2.840.10008.1.2.1";
constexpr const char* kCT = "1.2.840.10008.5.1.4.1.1.2";
constexpr const char* kXA = "1.2.840.10008.5.1.4.1.1.12.1";
using Strings = std::vector<std::string>;

// PS3.11 identifiers, digest table 1 (58 fixed ids + 24 US ids).
const std::vector<std::string>& digest_ids() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> v = {
        "STD-GEN-CD", "STD-GEN-SEC-CD", "STD-GEN-DVD-RAM", "STD-GEN-SEC-DVD-RAM", "STD-GEN-BD", "STD-GEN-SEC-BD",
        "STD-GEN-DVD-JPEG", "STD-GEN-DVD-J2K", "STD-GEN-SEC-DVD-JPEG", "STD-GEN-SEC-DVD-J2K",
        "STD-GEN-BD-JPEG", "STD-GEN-BD-J2K", "STD-GEN-BD-MPEG2-MPML", "STD-GEN-BD-MPEG2-MPHL",
        "STD-GEN-BD-MPEG4-HPLV41", "STD-GEN-BD-MPEG4-HPLV41BD", "STD-GEN-SEC-BD-JPEG", "STD-GEN-SEC-BD-J2K",
        "STD-GEN-SEC-BD-MPEG2-MPML", "STD-GEN-SEC-BD-MPEG2-MPHL", "STD-GEN-SEC-BD-MPEG4-HPLV41",
        "STD-GEN-SEC-BD-MPEG4-HPLV41BD", "STD-GEN-BD-MPEG4-HPLV42-2D", "STD-GEN-BD-MPEG4-HPLV42-3D",
        "STD-GEN-BD-MPEG4-SHPLV42", "STD-GEN-SEC-BD-MPEG4-HPLV42-2D", "STD-GEN-SEC-BD-MPEG4-HPLV42-3D",
        "STD-GEN-SEC-BD-MPEG4-SHPLV42", "STD-DVD-MPEG2-MPML", "STD-DVD-SEC-MPEG2-MPML", "STD-GEN-MIME",
        "STD-GEN-ZIP-MAIL", "STD-GEN-SEC-ZIP-MAIL", "STD-DTL-SEC-ZIP-MAIL", "STD-XABC-CD", "STD-XA1K-CD",
        "STD-XA1K-DVD", "STD-CTMR-CD", "STD-CTMR-DVD-RAM", "STD-CTMR-DVD", "STD-CTMR-MOD41", "STD-DEN-CD"};
    for (const char* dev : {"USB", "MMC", "CF", "SD"})
      for (const char* c : {"JPEG", "J2K"}) {
        v.push_back(std::string("STD-GEN-") + dev + "-" + c);
        v.push_back(std::string("STD-GEN-SEC-") + dev + "-" + c);
      }
    for (const char* cls : {"ID", "SC", "CC"})
      for (const char* fr : {"SF", "MF"})
        for (const char* m : {"MOD23-90", "CDR", "DVD-RAM", "DVD"})
          v.push_back(std::string("STD-US-") + cls + "-" + fr + "-" + m);
    return v;
  }();
  return ids;
}

TEST(ProfileRegistry, EveryFileOfProfilesLoads) {
  auto reg = ProfileRegistry::load(DISCUS_TEST_PROFILES);
  ASSERT_TRUE(reg) << reg.error().describe();
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(DISCUS_TEST_PROFILES))
    if (e.path().extension() == ".json" && e.path().filename() != "schema.json") ++files;
  const auto current = std::count_if(reg->all().begin(), reg->all().end(), [](const auto& p) { return !p.retired; });
  EXPECT_EQ(static_cast<std::size_t>(current), files);
  EXPECT_TRUE(std::is_sorted(reg->all().begin(), reg->all().end(),
                             [](const auto& a, const auto& b) { return a.id < b.id; }));
}

TEST(ProfileRegistry, EveryDigestIdIsPresentAndCurrent) {
  EXPECT_EQ(digest_ids().size(), 82u);
  std::set<std::string> seen;
  for (const std::string& id : digest_ids()) {
    EXPECT_TRUE(seen.insert(id).second) << "listed twice: " << id;
    const ApplicationProfile* p = source_registry().find(id);
    ASSERT_NE(p, nullptr) << id;
    EXPECT_FALSE(p->retired) << id;
    EXPECT_FALSE(p->title.empty()) << id;
    EXPECT_EQ(p->reference.rfind("PS3.11 Annex ", 0), 0u) << id;
    EXPECT_FALSE(p->sop_class_reference.empty()) << id;
  }
  // Nothing current beyond the digest's list.
  for (const ApplicationProfile& p : source_registry().all()) {
    if (!p.retired) {
      EXPECT_TRUE(seen.count(p.id)) << "not in the digest: " << p.id;
    }
  }
}

TEST(ProfileRegistry, RetiredIdsAreRecognisedAsRetired) {
  for (const char* id : {"STD-CTMR-MOD650", "STD-CTMR-MOD12", "STD-CTMR-MOD23", "STD-WVFM-ECG-FD",
                         "STD-WVFM-HD-FD", "STD-US-ID-SF-FLOP", "STD-US-CC-MF-MOD23"}) {
    const ApplicationProfile* p = source_registry().find(id);
    ASSERT_NE(p, nullptr) << id;
    EXPECT_TRUE(p->retired) << id;
  }
  EXPECT_EQ(profile("STD-CTMR-MOD650").transfer_syntaxes_for(kCT), (Strings{kLE, "1.2.840.10008.1.2.4.70"}));
  EXPECT_EQ(source_registry().find("STD-NO-SUCH"), nullptr);
}

TEST(ProfileRegistry, AplIsTheDeprecatedSynonymOfStdForUltrasound) {
  EXPECT_EQ(source_registry().find("APL-US-ID-SF-CDR"), source_registry().find("STD-US-ID-SF-CDR"));
  EXPECT_NE(source_registry().find("APL-US-ID-SF-CDR"), nullptr);
}

TEST(ProfileSpotCheck, StdGenCdAllowsOnlyExplicitLittleEndian) {
  const ApplicationProfile& p = profile("STD-GEN-CD");
  EXPECT_TRUE(p.any_storage_sop_class);
  EXPECT_EQ(p.default_transfer_syntaxes, Strings{kLE});
  EXPECT_EQ(p.transfer_syntaxes_for(kCT), Strings{kLE});
  EXPECT_TRUE(p.transfer_syntaxes_for("1.2.840.10008.1.3.10").empty());  // the DICOMDIR class itself
  EXPECT_EQ(p.medium_id, "CD-R");
  EXPECT_EQ(p.medium_reference, "PS3.12 Annex F");
  EXPECT_EQ(p.file_system, "ISO 9660 Level 1");
  EXPECT_EQ(p.capacity_bytes, 681984000u);  // 74 min / 650 MB
  EXPECT_TRUE(p.fsu_allowed);
  EXPECT_FALSE(p.secure);
  EXPECT_EQ(p.icons.level, IconRule::Level::kOptional);
  EXPECT_EQ(p.directory_keys_reference, "PS3.11 Table D.3-2");
  ASSERT_FALSE(p.directory_keys.empty());
  EXPECT_EQ(p.directory_keys[0].keyword, "ImageType");
  EXPECT_EQ(p.directory_keys[0].record_type, "IMAGE");
  EXPECT_EQ(p.directory_keys[0].type, "1C");
}

TEST(ProfileSpotCheck, DvdJpegAllowsJpegLosslessBaselineAndExtended) {
  const ApplicationProfile& p = profile("STD-GEN-DVD-JPEG");
  EXPECT_EQ(p.transfer_syntaxes_for(kCT),
            (Strings{kLE, "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"}));
  EXPECT_FALSE(p.fsu_allowed);  // PS3.11 H.2.1.3: FSU not defined
  EXPECT_EQ(profile("STD-GEN-DVD-J2K").transfer_syntaxes_for(kCT),
            (Strings{kLE, "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"}));
  EXPECT_EQ(profile("STD-GEN-USB-JPEG").directory_keys_reference, "PS3.11 Table H.3-2");
  EXPECT_EQ(profile("STD-GEN-USB-JPEG").file_system, "FAT16 or FAT32");
}

TEST(ProfileSpotCheck, XabcRequires128By128IconsAndJpegLossless) {
  const ApplicationProfile& p = profile("STD-XABC-CD");
  EXPECT_EQ(p.icons.level, IconRule::Level::kRequired);
  EXPECT_EQ(p.icons.max_size, 128u);
  EXPECT_EQ(p.icons.bits, 8u);
  EXPECT_EQ(p.icons.record_types, Strings{"IMAGE"});
  EXPECT_EQ(p.transfer_syntaxes_for(kXA), Strings{"1.2.840.10008.1.2.4.70"});
  EXPECT_TRUE(p.transfer_syntaxes_for(kCT).empty());
  EXPECT_EQ(p.max_rows, 512u);
  EXPECT_EQ(profile("STD-XA1K-CD").max_rows, 1024u);
  EXPECT_EQ(profile("STD-XA1K-CD").max_columns, 1024u);
  ASSERT_NE(profile("STD-XA1K-CD").find_sop_class("1.2.840.10008.5.1.4.1.1.7"), nullptr);
  EXPECT_EQ(profile("STD-XA1K-CD").find_sop_class("1.2.840.10008.5.1.4.1.1.7")->fsc, "O");
  EXPECT_EQ(profile("STD-XA1K-DVD").transfer_syntaxes_for(kXA).size(), 3u);
}

TEST(ProfileSpotCheck, CtmrKeysAndIcons) {
  struct K { const char* record; const char* keyword; const char* type; bool nested; };
  const std::vector<K> expected = {
      {"IMAGE", "ReferencedImageSequence", "1C", false}, {"IMAGE", "ReferencedSOPClassUID", "1C", true},
      {"IMAGE", "ReferencedSOPInstanceUID", "1C", true}, {"IMAGE", "ImagePositionPatient", "1C", false},
      {"IMAGE", "ImageOrientationPatient", "1C", false}, {"IMAGE", "FrameOfReferenceUID", "1C", false},
      {"IMAGE", "Rows", "1", false}, {"IMAGE", "Columns", "1", false}, {"IMAGE", "PixelSpacing", "1C", false}};
  for (const char* id : {"STD-CTMR-CD", "STD-CTMR-DVD-RAM", "STD-CTMR-DVD", "STD-CTMR-MOD41"}) {
    const ApplicationProfile& p = profile(id);
    ASSERT_EQ(p.directory_keys.size(), expected.size()) << id;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(p.directory_keys[i].record_type, expected[i].record);
      EXPECT_EQ(p.directory_keys[i].keyword, expected[i].keyword);
      EXPECT_EQ(p.directory_keys[i].type, expected[i].type);
      EXPECT_EQ(p.directory_keys[i].in_sequence.has_value(), expected[i].nested) << expected[i].keyword;
    }
    EXPECT_EQ(p.directory_keys[6].tag, (dicom::Tag{0x0028, 0x0010}));
    EXPECT_EQ(p.icons.max_size, 64u);
    EXPECT_EQ(p.icons.photometric, (Strings{"MONOCHROME2", "PALETTE COLOR"}));
    EXPECT_EQ(p.transfer_syntaxes_for(kCT), (Strings{kLE, "1.2.840.10008.1.2.4.70"}));
    EXPECT_EQ(p.transfer_syntaxes_for("1.2.840.10008.5.1.4.1.1.88.67"), Strings{kLE});
  }
  EXPECT_FALSE(profile("STD-CTMR-DVD").fsu_allowed);  // PS3.11 E.2.1.3
  EXPECT_TRUE(profile("STD-CTMR-CD").fsu_allowed);
  EXPECT_EQ(profile("STD-CTMR-MOD41").medium_reference, "PS3.12 Annex M");
}

TEST(ProfileSpotCheck, SecureVariantsEqualTheirBasePlusSecurity) {
  int compared = 0;
  for (const ApplicationProfile& p : source_registry().all()) {
    const auto at = p.id.find("-SEC-");
    if (at == std::string::npos || p.retired) continue;
    EXPECT_TRUE(p.secure) << p.id;
    EXPECT_FALSE(p.security_reference.empty()) << p.id;
    const ApplicationProfile* base = source_registry().find(p.id.substr(0, at) + "-" + p.id.substr(at + 5));
    if (base == nullptr) continue;  // STD-DTL-SEC-ZIP-MAIL has no non-secure twin
    ++compared;
    EXPECT_FALSE(base->secure) << base->id;
    EXPECT_EQ(p.reference, base->reference) << p.id;
    EXPECT_EQ(p.medium_id, base->medium_id) << p.id;
    EXPECT_EQ(p.roles, base->roles) << p.id;
    EXPECT_EQ(p.any_storage_sop_class, base->any_storage_sop_class) << p.id;
    EXPECT_EQ(p.default_transfer_syntaxes, base->default_transfer_syntaxes) << p.id;
    EXPECT_EQ(p.multi_frame_transfer_syntaxes, base->multi_frame_transfer_syntaxes) << p.id;
    EXPECT_EQ(p.sop_classes.size(), base->sop_classes.size()) << p.id;
    EXPECT_EQ(p.directory_keys.size(), base->directory_keys.size()) << p.id;
    EXPECT_EQ(p.icons.level, base->icons.level) << p.id;
    EXPECT_EQ(p.capacity_bytes, base->capacity_bytes) << p.id;
  }
  EXPECT_EQ(compared, 24);  // D 3, H 2, J 8, M 6, N 3, I 1, L 1
  EXPECT_EQ(profile("STD-GEN-SEC-CD").security, "secure-dicom-files");
  EXPECT_EQ(profile("STD-GEN-SEC-ZIP-MAIL").security, "secure-email");
}

TEST(ProfileSpotCheck, VideoSyntaxesOnlyOnTheirProfiles) {
  EXPECT_EQ(profile("STD-GEN-BD-MPEG2-MPML").transfer_syntaxes_for(kCT), (Strings{kLE, "1.2.840.10008.1.2.4.100"}));
  EXPECT_EQ(profile("STD-GEN-BD-MPEG4-SHPLV42").multi_frame_transfer_syntaxes, Strings{"1.2.840.10008.1.2.4.106"});
  // Table I.3-1 has no uncompressed row.
  EXPECT_EQ(profile("STD-DVD-MPEG2-MPML").transfer_syntaxes_for(kCT), Strings{"1.2.840.10008.1.2.4.100"});
}

TEST(ProfileSpotCheck, MimeAndZipLeaveTheTransferSyntaxToTheConformanceStatement) {
  const ApplicationProfile& mime = profile("STD-GEN-MIME");
  EXPECT_TRUE(mime.any_transfer_syntax);
  const auto ts = mime.transfer_syntaxes_for(kCT);
  EXPECT_NE(std::find(ts.begin(), ts.end(), "1.2.840.10008.1.2.4.50"), ts.end());
  EXPECT_EQ(std::find(ts.begin(), ts.end(), "1.2.840.10008.1.2.2"), ts.end());  // retired big endian
  const ApplicationProfile& dtl = profile("STD-DTL-SEC-ZIP-MAIL");
  EXPECT_FALSE(dtl.any_storage_sop_class);
  EXPECT_EQ(dtl.sop_classes.size(), 2u);
  EXPECT_TRUE(dtl.transfer_syntaxes_for(kCT).empty());
  EXPECT_EQ(profile("STD-US-ID-SF-CDR").transfer_syntaxes_for("1.2.840.10008.5.1.4.1.1.6.1"),
            (Strings{kLE, "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50"}));
  EXPECT_TRUE(profile("STD-US-ID-SF-CDR").transfer_syntaxes_for("1.2.840.10008.5.1.4.1.1.3.1").empty());
  EXPECT_FALSE(profile("STD-US-ID-MF-CDR").transfer_syntaxes_for("1.2.840.10008.5.1.4.1.1.3.1").empty());
  EXPECT_FALSE(profile("STD-US-CC-MF-DVD").fsu_allowed);
}

TEST(MediaStorageSopClass, TheRuleIsExplicit) {
  EXPECT_TRUE(is_media_storage_sop_class(kCT));
  EXPECT_TRUE(is_media_storage_sop_class("1.2.840.10008.5.1.4.1.1.1.1"));    // DX - For Presentation
  EXPECT_TRUE(is_media_storage_sop_class("1.2.840.10008.5.1.4.1.1.1.1.1"));  // DX - For Processing
  EXPECT_TRUE(is_media_storage_sop_class("1.2.840.10008.5.1.4.1.1.104.1"));  // Encapsulated PDF
  EXPECT_TRUE(is_media_storage_sop_class("1.2.840.10008.5.1.4.38.1"));       // Hanging Protocol
  EXPECT_FALSE(is_media_storage_sop_class("1.2.840.10008.1.3.10"));          // Media Storage Directory
  EXPECT_FALSE(is_media_storage_sop_class("1.2.840.10008.1.20.1"));          // Storage Commitment Push
  EXPECT_FALSE(is_media_storage_sop_class("1.2.840.10008.1.1"));             // Verification
  EXPECT_FALSE(is_media_storage_sop_class("1.2.840.10008.5.1.4.1.2.1.1"));   // Patient Root FIND
  EXPECT_FALSE(is_media_storage_sop_class("1.2.840.10008.1.2.1"));           // a transfer syntax
  EXPECT_FALSE(is_media_storage_sop_class("1.2.3.4"));
  // Retired storage classes: recognised by name, not allowed on current profiles.
  EXPECT_FALSE(is_media_storage_sop_class("1.2.840.10008.5.1.4.1.1.6"));
  EXPECT_TRUE(is_storage_sop_class_any_status("1.2.840.10008.5.1.4.1.1.6"));
  std::size_t n = 0;
  for (const auto& u : dicom::dict::all_uids()) {
    if (!is_media_storage_sop_class(u.uid)) continue;
    ++n;
    EXPECT_NE(u.name.find("Storage"), std::string_view::npos) << u.uid;
  }
  EXPECT_GT(n, 150u);
}

TEST(ProfileSchema, SchemaJsonDocumentsExactlyTheKeysTheLoaderAccepts) {
  std::ifstream in(std::string(DISCUS_TEST_PROFILES) + "/schema.json");
  const nlohmann::json schema = nlohmann::json::parse(in);
  std::set<std::string> documented;
  for (const auto& [key, value] : schema["$defs"]["profile"]["properties"].items()) documented.insert(key);
  std::set<std::string> accepted;
  for (std::string_view k : profile_file_keys()) accepted.emplace(k);
  EXPECT_EQ(documented, accepted);
}

TEST(ProfileSchema, SchemaJsonDocumentsExactlyTheMediumKeysTheLoaderAccepts) {
  std::ifstream in(std::string(DISCUS_TEST_PROFILES) + "/schema.json");
  const nlohmann::json schema = nlohmann::json::parse(in);
  const nlohmann::json& medium = schema["$defs"]["media_table"]["additionalProperties"];
  std::set<std::string> documented, accepted, documented_size, accepted_size;
  for (const auto& [key, value] : medium["properties"].items()) documented.insert(key);
  for (std::string_view k : medium_keys()) accepted.emplace(k);
  EXPECT_EQ(documented, accepted);
  for (const auto& [key, value] : schema["$defs"]["medium_size"]["properties"].items()) documented_size.insert(key);
  for (std::string_view k : medium_size_keys()) accepted_size.emplace(k);
  EXPECT_EQ(documented_size, accepted_size);
}

TEST(MediumTable, LoadedWithTheProfiles) {
  const MediumTable& media = source_registry().media();
  const MediumType* cd = media.find("CD-R");
  ASSERT_NE(cd, nullptr);
  EXPECT_EQ(cd->kind, MediumKind::kDisc);
  EXPECT_EQ(cd->file_system_type, FileSystemType::kIso9660);
  EXPECT_EQ(cd->reference, "PS3.12 Annex F");
  ASSERT_EQ(cd->sizes.size(), 2u);
  EXPECT_EQ(cd->capacity_bytes, cd->sizes[0].capacity_bytes);  // the first size is the nominal one
  EXPECT_EQ(media.find("cd"), nullptr);                          // find() takes ids only
  EXPECT_EQ(media.find("USB")->kind, MediumKind::kFlash);
  EXPECT_EQ(media.find("USB")->capacity_bytes, 0u);
  EXPECT_EQ(media.find("BD")->file_system_type, FileSystemType::kUdf);
  EXPECT_EQ(media.find("MOD-4.1GB")->kind, MediumKind::kMagnetoOptical);
  EXPECT_EQ(media.find("ZIP-EMAIL")->kind, MediumKind::kTransfer);
}

TEST(MediumTable, ShortNamesAliasesAndIds) {
  const MediumTable& media = source_registry().media();
  auto cd80 = media.find_size("cd80");
  ASSERT_TRUE(cd80);
  EXPECT_EQ(cd80->type->id, "CD-R");
  EXPECT_EQ(cd80->size->capacity_bytes, 360000ull * 2048);
  EXPECT_EQ(media.find_size("CD74")->size->name, "cd");      // alias, any case
  EXPECT_EQ(media.find_size("dvd+r")->size->name, "dvd");
  EXPECT_EQ(media.find_size("DVD")->size->name, "dvd");      // an id: its first size
  EXPECT_EQ(media.find_size("dvd-dl")->size->capacity_bytes, 4171712ull * 2048);
  auto usb = media.find_size("usb");
  ASSERT_TRUE(usb);
  EXPECT_EQ(usb->size, nullptr);  // device-dependent: no size
  EXPECT_FALSE(media.find_size("floppy"));
  EXPECT_EQ(media.size_names(FileSystemType::kIso9660), (Strings{"cd", "cd80", "dvd", "dvd-dl"}));
  EXPECT_EQ(media.size_names(FileSystemType::kUdf), (Strings{"bd", "bd-re", "bd-dl", "dvd-ram"}));
}

TEST(MediumTable, ProfilesCarryTheirMedium) {
  const ApplicationProfile& cd = profile("STD-GEN-CD");
  ASSERT_TRUE(cd.medium_type);
  EXPECT_EQ(cd.medium_type->id, "CD-R");
  EXPECT_EQ(cd.capacity_bytes, cd.medium_type->capacity_bytes);
  EXPECT_EQ(cd.medium, cd.medium_type->title);
}

TEST(MediumTable, DiscMediumOfAProfile) {
  // What the CLI and src/app call instead of a ladder over medium ids.
  ASSERT_NE(disc_medium_of(profile("STD-GEN-CD")), nullptr);
  EXPECT_EQ(disc_medium_of(profile("STD-GEN-CD"))->default_size()->name, "cd");
  EXPECT_EQ(disc_medium_of(profile("STD-GEN-DVD-JPEG"))->default_size()->name, "dvd");
  EXPECT_EQ(disc_medium_of(profile("STD-GEN-SEC-BD"))->file_system_type, FileSystemType::kUdf);
  EXPECT_EQ(disc_medium_of(profile("STD-CTMR-DVD-RAM"))->id, "DVD-RAM");
  EXPECT_EQ(disc_medium_of(profile("STD-GEN-USB-JPEG")), nullptr);
  EXPECT_EQ(disc_medium_of(profile("STD-CTMR-MOD41")), nullptr);
  EXPECT_EQ(disc_medium_of(profile("STD-GEN-ZIP-MAIL")), nullptr);
  EXPECT_TRUE(is_flash_medium(profile("STD-GEN-SD-J2K")));
  EXPECT_TRUE(is_flash_medium(profile("STD-GEN-SEC-USB-JPEG")));
  EXPECT_FALSE(is_flash_medium(profile("STD-GEN-CD")));
  for (const ApplicationProfile& p : source_registry().all()) {
    if (p.retired) {
      EXPECT_EQ(disc_medium_of(p), nullptr) << p.id;  // retired media are free text
    }
  }
}

TEST(ProfileDirectory, EnvironmentWinsOverTheCompiledDefault) {
  ::setenv("DISCUS_PROFILE_DIR", "/tmp/elsewhere", 1);
  EXPECT_EQ(default_profile_directory(), "/tmp/elsewhere");
  ::unsetenv("DISCUS_PROFILE_DIR");
  EXPECT_EQ(std::filesystem::path(default_profile_directory()), std::filesystem::path(DISCUS_TEST_PROFILES));
}

}  // namespace
}  // namespace discus::media::profile
