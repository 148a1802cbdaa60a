// Issue 11 items 4-5 and issue 12 item 2 in `author`: File Meta rewritten from the data set,
// invalid UIDs excluded or replaced, duplicates by identity and content, conflicts side by side,
// and our own preamble on byte copies.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "author_test_support.h"
#include "base/file.h"
#include "dicom/part10/reader.h"
#include "media/author/author.h"
#include "media/author/uid_repair.h"

namespace discus::media::author {
namespace {

using namespace testing;
namespace tags = dicom::tags;
using dicom::VR;

const std::string kStudy = "1.2.826.0.1.3680043.10.8.1";
const std::string kSeries = "1.2.826.0.1.3680043.10.8.1.1";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void spit(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

struct Authored {
  base::Result<AuthorResult> result;
  std::map<std::string, const FileRecord*> by_name;
};

Authored run(const fs::path& in, const fs::path& out, bool replace = false) {
  AuthorOptions opt;
  opt.inputs = {in.string()};
  opt.out_dir = out.string();
  opt.replace_invalid_uids = replace;
  opt.uid_root = "1.2.826.0.1.3680043.10.998";
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.999");
  Authored r{author(opt, profile_of("STD-GEN-CD"), uids), {}};
  if (r.result)
    for (const FileRecord& f : r.result->files) r.by_name[fs::path(f.source).filename().string()] = &f;
  return r;
}

TEST(AuthorRepairs, FileMetaThatDisagreesIsRewrittenFromTheDataSet) {
  TempDir tmp("meta");
  write(tmp / "in" / "a.dcm", ct("P1", kStudy, kSeries, 1));
  // The writer takes the meta from the data set: change the meta's copy of the UID afterwards.
  std::string bytes = slurp(tmp / "in" / "a.dcm");
  const std::string uid = kSeries + ".1";
  bytes.replace(bytes.find(uid), uid.size(), kSeries + ".9");
  spit(tmp / "in" / "a.dcm", bytes);
  write(tmp / "in" / "b.dcm", ct("P1", kStudy, kSeries, 2));
  Authored r = run(tmp / "in", tmp / "set");
  ASSERT_TRUE(r.result) << r.result.error().describe();
  const FileRecord& a = *r.by_name.at("a.dcm");
  EXPECT_EQ(a.outcome, Outcome::kRewritten);
  EXPECT_NE(a.reason.find("File Meta Information rewritten from the data set: Media Storage SOP Instance UID (0002,0003) was '" +
                          kSeries + ".9'"), std::string::npos) << a.reason;
  auto written = dicom::part10::read_file((tmp / "set" / a.file_id).string());
  ASSERT_TRUE(written);
  EXPECT_EQ(written->meta.get_string(tags::MediaStorageSOPInstanceUID), uid);
  EXPECT_EQ(r.by_name.at("b.dcm")->outcome, Outcome::kCopied);
}

TEST(AuthorRepairs, ByteCopiesGetOurPreamble) {
  TempDir tmp("preamble");
  write(tmp / "in" / "a.dcm", ct("P1", kStudy, kSeries, 1));
  std::string bytes = slurp(tmp / "in" / "a.dcm");
  for (int k = 0; k < 128; ++k) bytes[k] = 'X';  // e.g. a TIFF header, or anything else
  spit(tmp / "in" / "a.dcm", bytes);
  Authored r = run(tmp / "in", tmp / "set");
  ASSERT_TRUE(r.result) << r.result.error().describe();
  const FileRecord& a = *r.by_name.at("a.dcm");
  EXPECT_EQ(a.outcome, Outcome::kCopied);
  const std::string out = slurp(tmp / "set" / a.file_id);
  EXPECT_EQ(out.substr(0, 128), std::string(128, '\0'));
  EXPECT_EQ(out.substr(128), bytes.substr(128));
  EXPECT_EQ(a.sha256, base::sha256_file((tmp / "set" / a.file_id).string()).value_or(""));  // the hash is of what is written
}

TEST(AuthorRepairs, TheSameInstanceInTwoEncodingsIsOneAndTheBetterCopyStays) {
  TempDir tmp("two-encodings");
  // Name order: the implicit VR copy is met first, then gives way to the one the CD takes as is.
  write(tmp / "in" / "a.dcm", ct("P1", kStudy, kSeries, 1), dicom::uids::ImplicitVRLittleEndian);
  write(tmp / "in" / "b.dcm", ct("P1", kStudy, kSeries, 1));
  write(tmp / "in" / "c.dcm", ct("P1", kStudy, kSeries, 1), dicom::uids::ImplicitVRLittleEndian);
  Authored r = run(tmp / "in", tmp / "set");
  ASSERT_TRUE(r.result) << r.result.error().describe();
  EXPECT_EQ(r.by_name.at("a.dcm")->outcome, Outcome::kDuplicate);
  EXPECT_NE(r.by_name.at("a.dcm")->reason.find("which is on the medium instead"), std::string::npos) << r.by_name.at("a.dcm")->reason;
  EXPECT_EQ(r.by_name.at("b.dcm")->outcome, Outcome::kCopied);
  EXPECT_EQ(r.by_name.at("c.dcm")->outcome, Outcome::kDuplicate);
  EXPECT_TRUE(r.result->complete());
  EXPECT_EQ(r.result->instances, 1u);
}

TEST(AuthorRepairs, TheSameUidWithOtherContentIsAConflictShownSideBySide) {
  TempDir tmp("conflict");
  dicom::DataSet other = ct("P1", kStudy, kSeries, 1);
  other.set_string(tags::InstitutionName, VR::LO, "Elsewhere");
  write(tmp / "in" / "a.dcm", ct("P1", kStudy, kSeries, 1));
  write(tmp / "in" / "b.dcm", other);
  write(tmp / "in" / "c.dcm", ct("P1", kStudy, kSeries, 2));
  Authored r = run(tmp / "in", tmp / "set");
  ASSERT_TRUE(r.result) << r.result.error().describe();
  const FileRecord& a = *r.by_name.at("a.dcm");
  const FileRecord& b = *r.by_name.at("b.dcm");
  EXPECT_EQ(a.outcome, Outcome::kConflict);
  EXPECT_EQ(b.outcome, Outcome::kConflict);
  EXPECT_EQ(fs::path(a.conflict_with).filename(), "b.dcm");
  ASSERT_EQ(a.differences.size(), 1u);
  EXPECT_EQ(a.differences[0].tag_path, "(0008,0080)");
  EXPECT_EQ(a.differences[0].value, "(absent)");
  EXPECT_EQ(a.differences[0].other, "'Elsewhere'");
  EXPECT_EQ(b.differences[0].value, "'Elsewhere'");
  EXPECT_TRUE(a.file_id.empty());
  EXPECT_FALSE(r.result->complete());
  EXPECT_EQ(r.result->instances, 1u);
  const std::string json = report_json(*r.result).dump();
  EXPECT_NE(json.find("\"differences\""), std::string::npos);
}

TEST(AuthorRepairs, ABrokenCopyIsUnreadableNotADuplicate) {
  TempDir tmp("broken-copy");
  write(tmp / "in" / "a.dcm", ct("P1", kStudy, kSeries, 1));
  const std::string bytes = slurp(tmp / "in" / "a.dcm");
  spit(tmp / "in" / "b.dcm", bytes.substr(0, bytes.size() - 40));  // pixel data cut short
  Authored r = run(tmp / "in", tmp / "set");
  ASSERT_TRUE(r.result) << r.result.error().describe();
  EXPECT_EQ(r.by_name.at("a.dcm")->outcome, Outcome::kCopied);
  EXPECT_EQ(r.by_name.at("b.dcm")->outcome, Outcome::kUnreadable) << r.by_name.at("b.dcm")->reason;
}

TEST(AuthorRepairs, InvalidUidsAreExcludedByDefaultAndReplacedOnRequest) {
  TempDir tmp("invalid-uids");
  const std::string bad_study = "1.2.826.0.1.3680043.10.8.0ab";
  write(tmp / "in" / "a.dcm", ct("P1", bad_study, kSeries, 1));
  write(tmp / "in" / "b.dcm", ct("P1", bad_study, kSeries, 2));
  write(tmp / "in" / "c.dcm", ct("P2", kStudy, kSeries + "1", 1));
  {
    Authored r = run(tmp / "in", tmp / "set1");
    ASSERT_TRUE(r.result) << r.result.error().describe();
    const FileRecord& a = *r.by_name.at("a.dcm");
    EXPECT_EQ(a.outcome, Outcome::kExcluded);
    EXPECT_NE(a.reason.find("invalid UID (0020,000D) StudyInstanceUID '" + bad_study + "'"), std::string::npos) << a.reason;
    EXPECT_NE(a.reason.find("--replace-invalid-uids"), std::string::npos);
  }
  Authored r = run(tmp / "in", tmp / "set2", true);
  ASSERT_TRUE(r.result) << r.result.error().describe();
  const std::string fresh = derive_uid("1.2.826.0.1.3680043.10.998", bad_study);
  for (const char* name : {"a.dcm", "b.dcm"}) {
    const FileRecord& f = *r.by_name.at(name);
    EXPECT_EQ(f.outcome, Outcome::kRewritten) << f.reason;
    auto written = dicom::part10::read_file((tmp / "set2" / f.file_id).string());
    ASSERT_TRUE(written);
    EXPECT_EQ(written->dataset.get_string(tags::StudyInstanceUID), fresh);
    EXPECT_TRUE(written->dataset.contains(tags::OriginalAttributesSequence));
  }
  EXPECT_EQ(r.result->studies, 2u);  // both files in one (new) study
}

}  // namespace
}  // namespace discus::media::author
