// README.TXT (IHE PDI) from its one writer: institution and human version as given, the sections
// features add, plain ASCII with CRLF, and never a path or a name of the creating site's files.
#include "media/author/pdi_readme.h"

#include <gtest/gtest.h>

#include "author_test_support.h"
#include "media/author/author.h"

namespace discus::media::author {
namespace {

using testing::profile_of;

AuthorResult result_with_left_offs() {
  AuthorResult r;
  r.profile_id = "STD-GEN-CD";
  r.fileset_uid = "1.2.826.0.1.3680043.10.999.1";
  r.patients = r.studies = r.series = 1;
  r.instances = 2;
  auto add = [&](Outcome o, const std::string& source, const std::string& reason) {
    r.files.push_back(FileRecord{source, o, reason, "", "", "", 0, "", {}});
  };
  add(Outcome::kCopied, "/home/site/in/DOE_JOHN/a.dcm", "");
  add(Outcome::kCopied, "/home/site/in/DOE_JOHN/b.dcm", "");
  add(Outcome::kExcluded, "/home/site/in/DOE_JOHN/c.dcm", "SOP Class '1.2.840.10008.1.20.1' is not allowed");
  add(Outcome::kExcluded, "/home/site/in/DOE_JOHN/d.dcm", "SOP Class '1.2.840.10008.1.20.1' is not allowed");
  add(Outcome::kUnreadable, "/home/site/in/DOE_JOHN/e.dcm", "/home/site/in/DOE_JOHN/e.dcm: cut short at offset 140");
  add(Outcome::kNotDicom, "/home/site/in/DOE_JOHN/notes.txt", "not DICOM");
  add(Outcome::kDuplicate, "/home/site/in/DOE_JOHN/copy.dcm", "identical to /home/site/in/DOE_JOHN/a.dcm");
  return r;
}

TEST(PdiReadme, NamesTheInstitutionAndTheHumanVersion) {
  const AuthorResult r = result_with_left_offs();
  ReadmeOptions o;
  o.institution = "St. Elsewhere Radiology";
  const std::string t = pdi_readme(r, profile_of("STD-GEN-CD"), o);
  EXPECT_EQ(t.rfind("DICOM MEDIUM - README\r\n", 0), 0u);  // update() recognises its README by this line
  EXPECT_NE(t.find("Created by:      St. Elsewhere Radiology\r\n"), std::string::npos) << t;
  EXPECT_NE(t.find("Created with:    Discus " + std::string(discus_version()) + " ("), std::string::npos) << t;
  EXPECT_EQ(t.find("DISCUS_"), std::string::npos) << "the DICOM Implementation Version Name is no human version";
  EXPECT_EQ(t.find("not configured"), std::string::npos);
  EXPECT_NE(pdi_readme(r, profile_of("STD-GEN-CD"), {}).find("(institution not configured)"), std::string::npos);
}

TEST(PdiReadme, VersionComesFromTheProject) {
  EXPECT_EQ(discus_creator(), "Discus " + std::string(discus_version()));
  EXPECT_FALSE(discus_version().empty());
  EXPECT_NE(discus_version().find('.'), std::string_view::npos);  // "0.1.0"
}

TEST(PdiReadme, PlainAsciiWithCrlfLineEnds) {
  const std::string t = pdi_readme(result_with_left_offs(), profile_of("STD-GEN-SEC-CD"),
                                   readme_options(result_with_left_offs(), profile_of("STD-GEN-SEC-CD"), "X", {}));
  for (std::size_t i = 0; i < t.size(); ++i) {
    ASSERT_LT(static_cast<unsigned char>(t[i]), 0x80u) << "at " << i;
    if (t[i] == '\n') {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(t[i - 1], '\r') << "line ending at " << i;
    } else {
      EXPECT_TRUE(t[i] == '\r' || t[i] >= ' ') << "control byte at " << i;
    }
  }
  EXPECT_EQ(t.back(), '\n');
}

TEST(PdiReadme, ExclusionsAreCountedWithoutPathsOrNames) {
  const AuthorResult r = result_with_left_offs();
  const std::string t = pdi_readme(r, profile_of("STD-GEN-CD"), readme_options(r, profile_of("STD-GEN-CD"), "", {}));
  EXPECT_NE(t.find("What was left off this medium\r\n"), std::string::npos) << t;
  EXPECT_NE(t.find("2 DICOM instances not allowed by the media profile STD-GEN-CD"), std::string::npos) << t;
  EXPECT_NE(t.find("1 file that could not be read as DICOM"), std::string::npos) << t;
  EXPECT_NE(t.find("1 file that is not DICOM"), std::string::npos) << t;
  EXPECT_NE(t.find("1 duplicate copy of instances that are on this medium"), std::string::npos) << t;
  EXPECT_EQ(t.find("/home"), std::string::npos) << "a path of the creating computer leaked";
  EXPECT_EQ(t.find("DOE"), std::string::npos) << "a patient's name leaked";
}

TEST(PdiReadme, NothingLeftOffNoSection) {
  AuthorResult r = result_with_left_offs();
  r.files.resize(2);
  EXPECT_TRUE(exclusions_section(r).lines.empty());
  const std::string t = pdi_readme(r, profile_of("STD-GEN-CD"), readme_options(r, profile_of("STD-GEN-CD"), "", {}));
  EXPECT_EQ(t.find("left off"), std::string::npos) << t;
}

TEST(PdiReadme, SecureProfileSaysHowToOpenTheMedium) {
  const AuthorResult r = result_with_left_offs();
  const std::string sec = pdi_readme(r, profile_of("STD-GEN-SEC-CD"), readme_options(r, profile_of("STD-GEN-SEC-CD"), "", {}));
  EXPECT_NE(sec.find("Opening this secure medium"), std::string::npos) << sec;
  EXPECT_NE(sec.find("discus decrypt"), std::string::npos);
  EXPECT_NE(sec.find("PS3.11 D.3.5"), std::string::npos);
  const std::string plain = pdi_readme(r, profile_of("STD-GEN-CD"), readme_options(r, profile_of("STD-GEN-CD"), "", {}));
  EXPECT_EQ(plain.find("secure"), std::string::npos);
}

TEST(PdiReadme, FeatureSectionsFollowTheStandardOnesInOrder) {
  const AuthorResult r = result_with_left_offs();
  const std::string t = pdi_readme(
      r, profile_of("STD-GEN-CD"),
      readme_options(r, profile_of("STD-GEN-CD"), "", {span_volume_section(2, 3), viewer_section("VIEWER.EXE", "Windows 10")}));
  const std::size_t reading = t.find("Reading this medium");
  const std::size_t left_off = t.find("What was left off");
  const std::size_t volume = t.find("This is medium 2 of 3.");
  const std::size_t viewer = t.find("start it with VIEWER.EXE.");
  ASSERT_NE(volume, std::string::npos) << t;
  ASSERT_NE(viewer, std::string::npos) << t;
  EXPECT_LT(reading, left_off);
  EXPECT_LT(left_off, volume);
  EXPECT_LT(volume, viewer);
  EXPECT_TRUE(span_volume_section(1, 1).lines.empty());  // a single medium is no set
}

}  // namespace
}  // namespace discus::media::author
