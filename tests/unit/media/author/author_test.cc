// `discus author` (the FSC): every input is accounted for, an implicit VR input is rewritten as
// explicit VR little endian, copies are byte for byte, sources stay untouched, the manifest checks.
#include "media/author/author.h"

#include <gtest/gtest.h>

#include <set>

#include "author_test_support.h"
#include "base/file.h"
#include "dicom/part10/reader.h"
#include "media/dicomdir/reader.h"
#include "media/dicomdir/resolver.h"

namespace discus::media::author {
namespace {

using namespace testing;
namespace tags = dicom::tags;

TEST(Author, EveryInputAccountedForAndSourcesUntouched) {
  TempDir tmp("every-input");
  const fs::path in = tmp / "in";
  write(in / "a.dcm", ct("P1", "1.2.826.0.1.3680043.10.7.1", "1.2.826.0.1.3680043.10.7.1.1", 1));
  write(in / "b.dcm", ct("P1", "1.2.826.0.1.3680043.10.7.1", "1.2.826.0.1.3680043.10.7.1.1", 2), dicom::uids::ImplicitVRLittleEndian);
  fs::copy_file(in / "a.dcm", in / "c.dcm");  // the same instance twice
  // Storage Commitment has no DICOMDIR record type: not allowed on a medium.
  write(in / "d.dcm", ct("P1", "1.2.826.0.1.3680043.10.7.1", "1.2.826.0.1.3680043.10.7.1.1", 3, "1.2.840.10008.1.20.1"));
  write_text(in / "notes.txt", "not a DICOM file\n");
  std::string broken(128, '\0');
  broken += "DICM";
  broken += std::string("\x02\x00\x10\x00UI\xf0\x00", 8) + "1.2.840";  // declares 240 bytes, has 7
  write_text(in / "e.dcm", broken);
  const auto sources_before = hash_tree(in);

  AuthorOptions opt;
  opt.inputs = {in.string()};
  opt.out_dir = (tmp / "set").string();
  opt.fileset_id = "TEST";
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.999");
  auto r = author(opt, profile_of("STD-GEN-CD"), uids);
  ASSERT_TRUE(r) << r.error().describe();

  std::map<std::string, const FileRecord*> by_name;
  for (const FileRecord& f : r->files) by_name[fs::path(f.source).filename().string()] = &f;
  ASSERT_EQ(by_name.size(), 6u);
  ASSERT_EQ(r->files.size(), 6u);
  EXPECT_EQ(by_name["a.dcm"]->outcome, Outcome::kCopied);
  EXPECT_EQ(by_name["b.dcm"]->outcome, Outcome::kRewritten);
  EXPECT_EQ(by_name["c.dcm"]->outcome, Outcome::kDuplicate);
  EXPECT_EQ(by_name["d.dcm"]->outcome, Outcome::kExcluded);
  EXPECT_EQ(by_name["e.dcm"]->outcome, Outcome::kUnreadable);
  EXPECT_EQ(by_name["notes.txt"]->outcome, Outcome::kNotDicom);
  EXPECT_FALSE(r->complete());  // an excluded and an unreadable input
  EXPECT_EQ(r->instances, 2u);
  EXPECT_EQ(r->patients, 1u);

  // Copied byte for byte.
  const fs::path set = opt.out_dir;
  EXPECT_EQ(base::sha256_file((set / by_name["a.dcm"]->file_id).string()).value_or(""), sources_before.at("a.dcm"));
  EXPECT_EQ(by_name["a.dcm"]->sha256, sources_before.at("a.dcm"));
  // Implicit VR rewritten as explicit VR little endian, every element kept.
  EXPECT_EQ(by_name["b.dcm"]->transfer_syntax, dicom::uids::ExplicitVRLittleEndian);
  auto rewritten = dicom::part10::read_file((set / by_name["b.dcm"]->file_id).string());
  ASSERT_TRUE(rewritten) << rewritten.error().describe();
  EXPECT_EQ(rewritten->transfer_syntax->uid, dicom::uids::ExplicitVRLittleEndian);
  auto source = dicom::part10::read_file((in / "b.dcm").string());
  ASSERT_TRUE(source);
  EXPECT_EQ(rewritten->dataset.size(), source->dataset.size());
  EXPECT_EQ(rewritten->dataset.get_string(tags::SOPInstanceUID), source->dataset.get_string(tags::SOPInstanceUID));

  // Sources untouched; the DICOMDIR references exactly what is there; the manifest checks.
  EXPECT_EQ(hash_tree(in), sources_before);
  auto dir = dicomdir::read_dicomdir((set / "DICOMDIR").string());
  ASSERT_TRUE(dir) << dir.error().describe();
  EXPECT_TRUE(dir->findings.empty());
  EXPECT_EQ(dir->fileset_id, "TEST");
  EXPECT_EQ(dir->fileset_uid, r->fileset_uid);
  EXPECT_TRUE(dicomdir::check_references(*dir, set.string()).empty());
  expect_manifest_matches(set);
  EXPECT_TRUE(fs::exists(set / "README.TXT"));
}

TEST(Author, RefusesANonEmptyOutputFolder) {
  TempDir tmp("non-empty");
  write(tmp / "in/a.dcm", ct("P1", "1.2.3", "1.2.3.1", 1));
  write_text(tmp / "set/keep.txt", "x");
  AuthorOptions opt;
  opt.inputs = {(tmp / "in").string()};
  opt.out_dir = (tmp / "set").string();
  base::SequentialUidSource uids("1.2.3.999");
  auto r = author(opt, profile_of("STD-GEN-CD"), uids);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not empty"), std::string::npos);
}

}  // namespace
}  // namespace discus::media::author
