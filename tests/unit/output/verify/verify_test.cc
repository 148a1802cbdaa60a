// Read-back verification over a folder medium: a good file-set verifies; a changed byte, a
// missing file, a manifest line without its file and a DICOMDIR record pointing at a non-DICOM
// file each fail and name the file; manifests parse as sha256sum writes them.
#include "output/verify/verify.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/file.h"
#include "fileset_fixture.h"
#include "output/verify/directory_reader.h"

namespace discus::output {
namespace {

using testing::author_small_fileset;
using testing::flip_byte;
using testing::TempDir;
namespace fs = std::filesystem;

bool names(const VerifyReport& r, std::string_view path, std::string_view rule) {
  for (const VerifyProblem& p : r.failures)
    if (p.path == path && p.rule == rule) return true;
  return false;
}

std::string first_instance(const fs::path& set) {
  for (const auto& e : fs::recursive_directory_iterator(set / "DICOM"))
    if (e.is_regular_file()) return fs::relative(e.path(), set).generic_string();
  return "";
}

TEST(Verify, AuthoredFileSetVerifies) {
  TempDir tmp("verify-good");
  author_small_fileset(tmp / "set");
  DirectoryMediumReader medium((tmp / "set").string());
  std::uint64_t last_done = 0, last_total = 0;
  VerifyOptions opt;
  opt.progress = [&](std::uint64_t d, std::uint64_t t) { last_done = d, last_total = t; };
  auto r = verify_medium(medium, opt);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->ok()) << to_text(*r);
  EXPECT_EQ(r->records_checked, 3u);        // three instances referenced
  EXPECT_GE(r->files_checked, 5u);          // + DICOMDIR, README.TXT
  EXPECT_TRUE(r->unexpected.empty()) << r->unexpected.front();
  EXPECT_GT(last_total, 0u);
  EXPECT_EQ(last_done, last_total);
  EXPECT_NE(to_text(*r).find("VERIFIED"), std::string::npos);
}

TEST(Verify, FlippedByteFailsNamingTheFile) {
  TempDir tmp("verify-flip");
  author_small_fileset(tmp / "set");
  const std::string victim = first_instance(tmp / "set");
  flip_byte(tmp / "set" / victim, 300);
  DirectoryMediumReader medium((tmp / "set").string());
  auto r = verify_medium(medium, {});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_FALSE(r->ok());
  EXPECT_TRUE(names(*r, victim, "verify.sha256")) << to_text(*r);
  EXPECT_NE(to_text(*r).find("FAILED " + victim), std::string::npos);
}

TEST(Verify, MissingFileAndUnresolvedRecordFail) {
  TempDir tmp("verify-missing");
  author_small_fileset(tmp / "set");
  const std::string victim = first_instance(tmp / "set");
  fs::remove(tmp / "set" / victim);
  DirectoryMediumReader medium((tmp / "set").string());
  auto r = verify_medium(medium, {});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(names(*r, victim, "verify.missing")) << to_text(*r);
  EXPECT_TRUE(names(*r, victim, "verify.record-unresolved")) << to_text(*r);
}

TEST(Verify, RecordPointingAtNonDicomFails) {
  TempDir tmp("verify-notdicom");
  author_small_fileset(tmp / "set");
  const std::string victim = first_instance(tmp / "set");
  // Replace an instance by text and make the manifest agree: only the DICOM check can catch it.
  const std::string text = "not a DICOM file at all\n";
  { std::ofstream(tmp / "set" / victim, std::ios::binary) << text; }
  const fs::path manifest = tmp / "other-manifest.txt";
  {
    auto old = base::read_whole_file((tmp / "set" / "SHA256.TXT").string());
    ASSERT_TRUE(old);
    auto entries = parse_manifest(base::as_chars(*old), "SHA256.TXT");
    ASSERT_TRUE(entries);
    std::ofstream out(manifest);
    for (const ManifestEntry& e : *entries)
      out << (e.path == victim ? base::sha256_hex(base::as_bytes(text)) : e.sha256) << "  " << e.path << "\n";
  }
  DirectoryMediumReader medium((tmp / "set").string());
  VerifyOptions opt;
  opt.manifest_path = manifest.string();
  auto r = verify_medium(medium, opt);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_FALSE(names(*r, victim, "verify.sha256")) << to_text(*r);
  EXPECT_TRUE(names(*r, victim, "verify.not-dicom")) << to_text(*r);
  EXPECT_TRUE(std::find(r->unexpected.begin(), r->unexpected.end(), "SHA256.TXT") != r->unexpected.end());
}

TEST(Verify, NoManifestIsAnError) {
  TempDir tmp("verify-nomanifest");
  author_small_fileset(tmp / "set");
  fs::remove(tmp / "set" / "SHA256.TXT");
  DirectoryMediumReader medium((tmp / "set").string());
  auto r = verify_medium(medium, {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("SHA256.TXT"), std::string::npos);
}

TEST(Manifest, ParsesSha256sumFormat) {
  const std::string h(64, 'A');
  auto m = parse_manifest(h + "  DICOM/P0000001\n" + std::string(64, 'b') + " *README.TXT\r\n\n", "M");
  ASSERT_TRUE(m) << m.error().describe();
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].sha256, std::string(64, 'a'));
  EXPECT_EQ((*m)[0].path, "DICOM/P0000001");
  EXPECT_EQ((*m)[1].path, "README.TXT");
  auto bad = parse_manifest(h + "  A\nxyz  B\n", "M");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().describe().find("line 2"), std::string::npos);
}

TEST(Manifest, NormalizesIso9660Names) {
  EXPECT_EQ(normalize_medium_path("DICOMDIR.;1"), "DICOMDIR");
  EXPECT_EQ(normalize_medium_path("dicom/p0000001./i0000001;1"), "DICOM/P0000001/I0000001");
  EXPECT_EQ(normalize_medium_path("README.TXT;1"), "README.TXT");
}

TEST(DirectoryReader, RefusesPathsOutsideTheRoot) {
  TempDir tmp("verify-escape");
  author_small_fileset(tmp / "set");
  DirectoryMediumReader medium((tmp / "set").string());
  auto sink = [](base::ByteView) -> base::Status { return {}; };
  EXPECT_FALSE(medium.read_file("../set-in/a.dcm", sink));
  EXPECT_FALSE(medium.read_file("/etc/passwd", sink));
  EXPECT_TRUE(medium.read_file("DICOMDIR", sink));
}

}  // namespace
}  // namespace discus::output
