// `discus update` (the FSU, PS3.10 8.3): new studies join an existing file-set; what was there is
// byte for byte untouched; the DICOMDIR lists old + new under the same File-set UID; duplicates
// are skipped; a profile without the FSU role is refused; damage on the medium is reported.
#include "media/author/update.h"

#include <gtest/gtest.h>

#include <set>

#include "author_test_support.h"
#include "media/author/author.h"
#include "media/dicomdir/reader.h"
#include "media/dicomdir/resolver.h"

namespace discus::media::author {
namespace {

using namespace testing;

constexpr const char* kStudyA = "1.2.826.0.1.3680043.10.7.10";
constexpr const char* kStudyB = "1.2.826.0.1.3680043.10.7.20";
constexpr const char* kStudyC = "1.2.826.0.1.3680043.10.7.30";

// An authored file-set of patient P1, one study, two series, three instances; returns its UID.
std::string make_set(const TempDir& tmp) {
  const fs::path old = tmp / "old";
  write(old / "a1.dcm", ct("P1", kStudyA, std::string(kStudyA) + ".1", 1));
  write(old / "a2.dcm", ct("P1", kStudyA, std::string(kStudyA) + ".1", 2));
  write(old / "a3.dcm", ct("P1", kStudyA, std::string(kStudyA) + ".2", 1));
  AuthorOptions opt;
  opt.inputs = {old.string()};
  opt.out_dir = (tmp / "set").string();
  opt.fileset_id = "OLDSET";
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.998");
  auto r = author(opt, profile_of("STD-GEN-CD"), uids);
  EXPECT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r ? r->instances : 0u, 3u);
  return r ? r->fileset_uid : "";
}

bool is_rewritten_root_file(const std::string& rel) { return rel == "DICOMDIR" || rel == "README.TXT" || rel == "SHA256.TXT"; }

std::size_t count_instance_records(const dicomdir::RecordList& records) {
  std::size_t n = 0;
  for (const auto& r : records) n += (r.has_file_id ? 1 : 0) + count_instance_records(r.children);
  return n;
}

bool has_finding(const AuthorResult& r, const std::string& rule) {
  return std::any_of(r.findings.begin(), r.findings.end(), [&](const base::Finding& f) { return f.rule == rule; });
}

base::Result<AuthorResult> run_update(const TempDir& tmp, std::vector<std::string> inputs, std::string_view profile = "STD-GEN-CD") {
  UpdateOptions opt;
  opt.root = (tmp / "set").string();
  opt.inputs = std::move(inputs);
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.997");
  return update(opt, profile_of(profile), uids);
}

TEST(Update, AddsStudiesAndLeavesEveryExistingFileUntouched) {
  TempDir tmp("adds");
  const std::string uid = make_set(tmp);
  const fs::path set = tmp / "set";
  write_text(set / "DICOM/P0000002/NOTE", "a stray file where the next patient folder would go\n");
  const auto before = hash_tree(set);

  const fs::path in = tmp / "new";
  write(in / "b1.dcm", ct("P1", kStudyB, std::string(kStudyB) + ".1", 1));  // a new study of a known patient
  write(in / "b2.dcm", ct("P1", kStudyB, std::string(kStudyB) + ".1", 2), dicom::uids::ImplicitVRLittleEndian);
  write(in / "c1.dcm", ct("P2", kStudyC, std::string(kStudyC) + ".1", 1));  // a new patient
  fs::copy_file(tmp / "old/a1.dcm", in / "dup.dcm");                       // already on the medium, same bytes
  dicom::DataSet changed = ct("P1", kStudyA, std::string(kStudyA) + ".1", 2);
  changed.set_string(dicom::tags::StudyDescription, dicom::VR::LO, "edited");
  write(in / "same_uid.dcm", changed);  // already on the medium, other bytes

  auto r = run_update(tmp, {in.string()});
  ASSERT_TRUE(r) << r.error().describe();
  std::map<std::string, const FileRecord*> by_name;
  std::size_t kept = 0;
  for (const FileRecord& f : r->files) {
    if (f.outcome == Outcome::kOnMedium) ++kept;
    else by_name[fs::path(f.source).filename().string()] = &f;
  }
  EXPECT_EQ(kept, 3u);
  ASSERT_EQ(by_name.size(), 5u);
  EXPECT_EQ(by_name["b1.dcm"]->outcome, Outcome::kCopied);
  EXPECT_EQ(by_name["b2.dcm"]->outcome, Outcome::kRewritten);
  EXPECT_EQ(by_name["b2.dcm"]->transfer_syntax, dicom::uids::ExplicitVRLittleEndian);
  EXPECT_EQ(by_name["c1.dcm"]->outcome, Outcome::kCopied);
  EXPECT_EQ(by_name["dup.dcm"]->outcome, Outcome::kDuplicate);
  EXPECT_EQ(by_name["same_uid.dcm"]->outcome, Outcome::kDuplicate);
  EXPECT_TRUE(has_finding(*r, "update.already-on-medium"));
  EXPECT_TRUE(has_finding(*r, "update.unreferenced"));  // the stray NOTE
  EXPECT_TRUE(r->complete());
  EXPECT_EQ(r->fileset_uid, uid);
  EXPECT_EQ(r->instances, 6u);
  EXPECT_EQ(r->patients, 2u);
  EXPECT_EQ(r->studies, 3u);

  // Every existing file but the three the update owns is byte for byte what it was.
  const auto after = hash_tree(set);
  for (const auto& [rel, hash] : before) {
    if (is_rewritten_root_file(rel)) continue;
    ASSERT_TRUE(after.count(rel)) << rel << " disappeared";
    EXPECT_EQ(after.at(rel), hash) << rel << " changed";
  }
  // New files are where the result says, in folders no existing file used.
  for (const char* name : {"b1.dcm", "b2.dcm", "c1.dcm"}) {
    const std::string& id = by_name[name]->file_id;
    EXPECT_EQ(before.count(id), 0u) << id;
    EXPECT_TRUE(fs::exists(set / id)) << id;
    EXPECT_FALSE(id.starts_with("DICOM/P0000001/")) << id;
    EXPECT_FALSE(id.starts_with("DICOM/P0000002/")) << id;
  }

  auto dir = dicomdir::read_dicomdir((set / "DICOMDIR").string());
  ASSERT_TRUE(dir) << dir.error().describe();
  EXPECT_TRUE(dir->findings.empty()) << dir->findings.front().message;
  EXPECT_EQ(dir->fileset_uid, uid);
  EXPECT_EQ(dir->fileset_id, "OLDSET");
  EXPECT_EQ(count_instance_records(dir->roots), 6u);
  EXPECT_EQ(dir->roots.size(), 2u);  // P1 once (old and new studies together), P2
  EXPECT_TRUE(dicomdir::check_references(*dir, set.string()).empty());
  expect_manifest_matches(set);  // old, new, stray and root files, all verified
}

TEST(Update, RefusedWhenTheProfileHasNoFsuRole) {
  TempDir tmp("no-fsu");
  make_set(tmp);
  write(tmp / "new/b1.dcm", ct("P1", kStudyB, std::string(kStudyB) + ".1", 1));
  const auto before = hash_tree(tmp / "set");
  auto r = run_update(tmp, {(tmp / "new").string()}, "STD-GEN-DVD-JPEG");  // roles FSC, FSR
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("STD-GEN-DVD-JPEG"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("PS3.11 Annex H"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("FSU"), std::string::npos) << r.error().message;
  EXPECT_EQ(hash_tree(tmp / "set"), before);
}

TEST(Update, MissingAndChangedFilesOnTheMediumAreReported) {
  TempDir tmp("damage");
  make_set(tmp);
  const fs::path set = tmp / "set";
  fs::remove(set / "DICOM/P0000001/S0000001/E0000002/I0000001");
  {
    std::fstream f(set / "DICOM/P0000001/S0000001/E0000001/I0000002", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-1, std::ios::end);
    f.put('\x7f');  // the last pixel byte
  }
  write(tmp / "new/c1.dcm", ct("P2", kStudyC, std::string(kStudyC) + ".1", 1));
  auto r = run_update(tmp, {(tmp / "new").string()});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(has_finding(*r, "update.missing"));
  EXPECT_TRUE(has_finding(*r, "update.manifest-mismatch"));
  EXPECT_EQ(r->instances, 3u);  // two kept, one new
  auto dir = dicomdir::read_dicomdir((set / "DICOMDIR").string());
  ASSERT_TRUE(dir);
  EXPECT_EQ(count_instance_records(dir->roots), 3u);
  EXPECT_TRUE(dicomdir::check_references(*dir, set.string()).empty());
  expect_manifest_matches(set);  // lists what is there now
}

TEST(Update, NothingToAddLeavesTheFileSetAsItWas) {
  TempDir tmp("nothing");
  make_set(tmp);
  fs::create_directories(tmp / "new");
  fs::copy_file(tmp / "old/a3.dcm", tmp / "new/again.dcm");
  const auto before = hash_tree(tmp / "set");
  auto r = run_update(tmp, {(tmp / "new").string()});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(has_finding(*r, "update.nothing-to-add"));
  EXPECT_EQ(r->files.front().outcome, Outcome::kDuplicate);
  EXPECT_EQ(hash_tree(tmp / "set"), before);
}

TEST(Update, RefusesAFolderWithoutDicomdir) {
  TempDir tmp("no-dicomdir");
  write(tmp / "set/DICOM/I1", ct("P1", kStudyA, std::string(kStudyA) + ".1", 1));
  write(tmp / "new/b1.dcm", ct("P1", kStudyB, std::string(kStudyB) + ".1", 1));
  auto r = run_update(tmp, {(tmp / "new").string()});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no DICOMDIR"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace discus::media::author
