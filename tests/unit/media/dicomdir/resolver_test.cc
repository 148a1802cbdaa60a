// File ID resolution on import: traversal refused ("..", absolute, symbolic links out of the
// root, invalid components), case-insensitive matching with ISO 9660 suffixes, and the check of
// referenced files against their records.
#include "media/dicomdir/resolver.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "reader_test_support.h"

namespace discus::media::dicomdir {
namespace {

using namespace testing;  // NOLINT
using base::ErrorCode;

void touch(const fs::path& p) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << "x";
}

::testing::AssertionResult refused(const base::Result<std::string>& r, std::string_view why) {
  if (r) return ::testing::AssertionFailure() << "resolved to " << *r;
  if (r.error().code != ErrorCode::kInvalidArgument)
    return ::testing::AssertionFailure() << "wrong code: " << r.error().describe();
  if (r.error().message.find(why) == std::string::npos)
    return ::testing::AssertionFailure() << "message lacks '" << why << "': " << r.error().message;
  return ::testing::AssertionSuccess();
}

TEST(ResolveFileId, RefusesParentDirectoryComponents) {
  TempDir t;
  touch(t.path() / "ROOT" / "A" / "IM1");
  touch(t.path() / "SECRET");
  EXPECT_TRUE(refused(resolve_file_id(t.file("ROOT"), {"..", "SECRET"}), "'..' component"));
  EXPECT_TRUE(refused(resolve_file_id(t.file("ROOT"), {"A", "..", "..", "SECRET"}), "'..' component"));
  EXPECT_TRUE(refused(resolve_file_id(t.file("ROOT"), {".", "A"}), "'.' component"));
}

TEST(ResolveFileId, RefusesAbsolutePaths) {
  TempDir t;
  EXPECT_TRUE(refused(resolve_file_id(t.str(), {"/etc/passwd"}), "absolute path"));
  EXPECT_TRUE(refused(resolve_file_id(t.str(), {"/ETC"}), "absolute path"));
  EXPECT_TRUE(refused(resolve_file_id(t.str(), {"ETC/PASSWD"}), "contains '/'"));
}

TEST(ResolveFileId, RefusesInvalidComponents) {
  TempDir t;
  EXPECT_TRUE(refused(resolve_file_id(t.str(), {}), "no components"));
  EXPECT_TRUE(refused(resolve_file_id(t.str(), {"ABCDEFGHI"}), "9 characters"));
  EXPECT_TRUE(refused(resolve_file_id(t.str(), {"A", "B", "C", "D", "E", "F", "G", "H", "I"}), "9 components"));
  EXPECT_TRUE(refused(resolve_file_id(t.str(), {"A", ""}), "empty component"));
  EXPECT_TRUE(refused(resolve_file_id(t.str(), {"IM1.DCM"}), "0x2E"));
  EXPECT_TRUE(refused(resolve_file_id(t.str(), {"IM 1"}), "0x20"));
  EXPECT_TRUE(refused(resolve_file_id(t.str(), {std::string("IM\0", 3)}), "0x00"));
}

TEST(ResolveFileId, RefusesSymbolicLinksLeadingOutOfTheRoot) {
  TempDir t;
  touch(t.path() / "OUTSIDE" / "IM1");
  fs::create_directories(t.path() / "ROOT");
  fs::create_directory_symlink(t.path() / "OUTSIDE", t.path() / "ROOT" / "LINKDIR");
  fs::create_symlink(t.path() / "OUTSIDE" / "IM1", t.path() / "ROOT" / "LINKFILE");
  fs::create_symlink("../OUTSIDE/IM1", t.path() / "ROOT" / "RELLINK");
  EXPECT_TRUE(refused(resolve_file_id(t.file("ROOT"), {"LINKDIR", "IM1"}), "symbolic link leading out"));
  EXPECT_TRUE(refused(resolve_file_id(t.file("ROOT"), {"LINKFILE"}), "symbolic link leading out"));
  EXPECT_TRUE(refused(resolve_file_id(t.file("ROOT"), {"rellink"}), "symbolic link leading out"));
}

TEST(ResolveFileId, FollowsSymbolicLinksThatStayInside) {
  TempDir t;
  touch(t.path() / "ROOT" / "REAL" / "IM1");
  fs::create_directory_symlink("REAL", t.path() / "ROOT" / "ALIAS");
  auto r = resolve_file_id(t.file("ROOT"), {"ALIAS", "IM1"});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(*r, fs::canonical(t.path() / "ROOT" / "REAL" / "IM1").string());
}

TEST(ResolveFileId, MatchesCaseInsensitively) {
  TempDir t;
  touch(t.path() / "dicom" / "st000001" / "im000001");
  auto r = resolve_file_id(t.str(), {"DICOM", "ST000001", "IM000001"});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(*r, fs::canonical(t.path()).string() + "/dicom/st000001/im000001");
  bool lower = false;
  EXPECT_TRUE(check_file_id({"dicom", "IM1"}, &lower));
  EXPECT_TRUE(lower);
  EXPECT_TRUE(resolve_file_id(t.str(), {"dicom", "St000001", "im000001"}));
}

TEST(ResolveFileId, ToleratesIso9660VersionSuffixes) {
  TempDir t;
  touch(t.path() / "DICOM" / "IM1.;1");
  touch(t.path() / "DICOM" / "IM2;1");
  touch(t.path() / "DICOM" / "IM3.");
  for (const char* name : {"IM1", "IM2", "IM3"}) {
    auto r = resolve_file_id(t.str(), {"DICOM", name});
    EXPECT_TRUE(r) << name << ": " << r.error().describe();
  }
}

TEST(ResolveFileId, MissingAmbiguousAndWrongKindAreNotFound) {
  TempDir t;
  touch(t.path() / "A" / "im1");
  touch(t.path() / "A" / "Im1");
  touch(t.path() / "A" / "IM2");
  auto missing = resolve_file_id(t.str(), {"A", "IM9"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto ambiguous = resolve_file_id(t.str(), {"A", "IM1"});
  ASSERT_FALSE(ambiguous);
  EXPECT_NE(ambiguous.error().message.find("ambiguous"), std::string::npos) << ambiguous.error().message;
  auto dir = resolve_file_id(t.str(), {"A"});
  ASSERT_FALSE(dir);
  EXPECT_NE(dir.error().message.find("not a regular file"), std::string::npos);
  auto through_file = resolve_file_id(t.str(), {"A", "IM2", "X"});
  ASSERT_FALSE(through_file);
  EXPECT_NE(through_file.error().message.find("not a directory"), std::string::npos);
}

void write_instance(const std::string& path, const std::string& sop_instance) {
  dicom::DataSet ds;
  ds.set_string(tags::SOPClassUID, dicom::VR::UI, dicom::uids::SecondaryCaptureImageStorage);
  ds.set_string(tags::SOPInstanceUID, dicom::VR::UI, sop_instance);
  dicom::part10::WriteOptions opt;
  opt.sync = false;
  fs::create_directories(fs::path(path).parent_path());
  ASSERT_TRUE(dicom::part10::write_file(path, ds, nullptr, opt));
}

TEST(CheckReferences, ReportsMissingForeignAndMismatchedFiles) {
  TempDir t;
  write_instance(t.file("A/IM1"), "1.2.3.1");
  write_instance(t.file("A/IM2"), "1.2.3.2");
  touch(t.path() / "A" / "TEXT");
  const DirSpec spec{{"PATIENT"}, {"STUDY"}, {"SERIES"},
                     {"IMAGE", "A\\IM1", 0xFFFF, "1.2.3.1"},     // good
                     {"IMAGE", "A\\IM2", 0xFFFF, "1.2.3.999"},   // wrong instance UID
                     {"IMAGE", "A\\IM3", 0xFFFF, "1.2.3.3"},     // missing
                     {"IMAGE", "A\\TEXT", 0xFFFF, "1.2.3.4"},    // not DICOM
                     {"IMAGE", "..\\A\\IM1", 0xFFFF, "1.2.3.1"}, // refused
                     {"IMAGE", "a\\im1", 0xFFFF, "1.2.3.1"}};    // same file again
  write_dicomdir(t.file("DICOMDIR"), spec, tree_wiring({-1, 0, 1, 2, 2, 2, 2, 2, 2}));
  auto d = read_dicomdir(t.file("DICOMDIR"));
  ASSERT_TRUE(d);
  std::map<std::string, int> rules;
  for (const base::Finding& f : check_references(*d, t.str())) ++rules[f.rule];
  EXPECT_EQ(rules["dicomdir.ref-sop-instance-uid"], 1);
  EXPECT_EQ(rules["dicomdir.ref-missing"], 1);
  EXPECT_EQ(rules["dicomdir.ref-not-dicom"], 1);
  EXPECT_EQ(rules["dicomdir.ref-refused"], 1);
  EXPECT_EQ(rules["dicomdir.ref-duplicate"], 1);
  EXPECT_EQ(rules["dicomdir.ref-sop-class-uid"], 0);
  EXPECT_EQ(rules["dicomdir.ref-transfer-syntax-uid"], 0);
}

}  // namespace
}  // namespace discus::media::dicomdir
