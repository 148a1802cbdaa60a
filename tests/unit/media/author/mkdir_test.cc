// `discus mkdir` (make_dicomdir): the DICOMDIR written with key-only reads (ReadOptions::wanted) is the same,
// byte for byte and finding for finding, as the one written from full headers-only reads, over a
// generated file-set (plain, sequences, large private values, character sets, supplied keys,
// implicit VR, not DICOM, not a File ID, a hard link) plus pydicom's real test files; and it is a
// fixed point of the reader and writer (every record offset is where its item really is).
#include "media/author/mkdir.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "author_test_support.h"
#include "base/uid.h"
#include "dicom/part10/reader.h"

namespace discus::media::author {
namespace {

using namespace testing;  // NOLINT: the shared test helpers
namespace tags = dicom::tags;
using dicom::VR;

const fs::path kPydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

struct MkdirRun {
  base::Bytes dicomdir;
  std::vector<std::string> findings;
  std::size_t referenced = 0, skipped = 0;
};

MkdirRun run(const fs::path& root, const profile::ApplicationProfile* profile, bool key_only) {
  MkdirOptions o;
  o.root = root.string();
  o.fileset_id = "MKDIR_TEST";
  o.replace = true;
  o.key_only_reads = key_only;
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.999");
  auto r = make_dicomdir(o, profile, uids);
  EXPECT_TRUE(r) << r.error().describe();
  MkdirRun out;
  if (!r) return out;
  out.referenced = r->referenced;
  out.skipped = r->skipped;
  for (const base::Finding& f : r->findings) out.findings.push_back(f.rule + "|" + f.file + "|" + f.tag_path + "|" + f.message);
  std::ifstream in(root / "DICOMDIR", std::ios::binary);
  out.dicomdir.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return out;
}

// The file-set: generated instances covering what the walk handles and what it leaves.
void make_fileset(const fs::path& root) {
  const fs::path d = root / "DICOM";
  for (int i = 1; i <= 4; ++i) {
    dicom::DataSet ds = ct("PAT1", "1.2.3.1", "1.2.3.1.1", i);
    if (i == 2) {  // a wanted sequence, and a private block larger than the first read
      dicom::Element seq;
      seq.tag = tags::ReferencedImageSequence;
      seq.vr = VR::SQ;
      seq.kind = dicom::Element::Kind::kSequence;
      dicom::DataSet item;
      item.set_string(tags::ReferencedSOPClassUID, VR::UI, dicom::uids::CTImageStorage);
      item.set_string(tags::ReferencedSOPInstanceUID, VR::UI, "1.2.3.1.1.1");
      seq.items.push_back(item);
      ds.insert(seq);
      ds.set_string(dicom::Tag{0x0029, 0x0010}, VR::LO, "ACME 1.0");
      ds.set_bytes(dicom::Tag{0x0029, 0x1010}, VR::OB, base::Bytes(20000, 0x42));
    }
    if (i == 3) ds.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    if (i == 4) ds.set_string(tags::StudyDate, VR::DA, "2024.03.10");  // normalised in the record
    write(d / "P1" / "S1" / "E1" / fmt::format("I{}", i), ds);
  }
  dicom::DataSet no_id = ct("", "1.2.3.2", "1.2.3.2.1", 1);  // Patient ID supplied
  write(d / "P2" / "S1" / "E1" / "I1", no_id);
  write(d / "P3" / "S1" / "E1" / "I1", ct("PAT3", "1.2.3.3", "1.2.3.3.1", 1), dicom::uids::ImplicitVRLittleEndian);
  dicom::DataSet big = ct("PAT4", "1.2.3.4", "1.2.3.4.1", 1);
  big.set_string(tags::StudyDescription, VR::LO, std::string(6000, 'D'));  // unwanted, skipped by length
  write(d / "P4" / "S1" / "E1" / "I1", big);
  write_text(d / "P5" / "NOTES", "not a DICOM file\n");
  write(d / "lower" / "i1", ct("PAT6", "1.2.3.6", "1.2.3.6.1", 1));  // not a File ID
  fs::create_directories(d / "P9");
  fs::create_hard_link(d / "P1" / "S1" / "E1" / "I1", d / "P9" / "I1");  // listed once
  if (fs::is_directory(kPydicomFiles)) {
    int n = 0;
    fs::create_directories(d / "PYD");
    for (const auto& e : fs::directory_iterator(kPydicomFiles))
      if (e.is_regular_file() && e.path().extension() == ".dcm")
        fs::copy_file(e.path(), d / "PYD" / fmt::format("F{:07}", ++n));
  }
}

// Re-reading the DICOMDIR and writing it again gives the same bytes, and every record offset is
// 0 or the offset of a record item: what the former write-read-write build guaranteed.
void expect_fixed_point(const base::Bytes& bytes) {
  auto parsed = dicom::part10::read_memory(bytes);
  ASSERT_TRUE(parsed) << parsed.error().describe();
  EXPECT_TRUE(parsed->warnings.empty());
  const dicom::Element* seq = parsed->dataset.find(tags::DirectoryRecordSequence);
  ASSERT_NE(seq, nullptr);
  ASSERT_FALSE(seq->items.empty());
  const std::set<std::uint64_t> items(seq->item_offsets.begin(), seq->item_offsets.end());
  std::size_t links = 0;
  for (const dicom::DataSet& record : seq->items)
    for (dicom::Tag t : {tags::OffsetOfTheNextDirectoryRecord, tags::OffsetOfReferencedLowerLevelDirectoryEntity}) {
      const std::uint32_t v = record.get_uint32(t).value_or(1);
      if (v != 0) {
        EXPECT_TRUE(items.count(v)) << to_string(t) << " = " << v;
        ++links;
      }
    }
  EXPECT_GT(links, seq->items.size() / 2);
  EXPECT_EQ(parsed->dataset.get_uint32(tags::OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity).value_or(0),
            seq->item_offsets.front());
  dicom::part10::WriteOptions w;
  w.transfer_syntax_uid = std::string(dicom::uids::ExplicitVRLittleEndian);
  w.sequence_lengths = dicom::part10::SequenceLengths::kDefined;
  auto again = dicom::part10::write_memory(parsed->dataset, &parsed->meta, w);
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_TRUE(*again == bytes) << "re-encoding the DICOMDIR changed it";
}

void expect_same(const MkdirRun& walk, const MkdirRun& full) {
  EXPECT_GT(walk.referenced, 5u);
  EXPECT_EQ(walk.referenced, full.referenced);
  EXPECT_EQ(walk.skipped, full.skipped);
  EXPECT_EQ(walk.findings, full.findings);
  ASSERT_EQ(walk.dicomdir.size(), full.dicomdir.size());
  EXPECT_TRUE(walk.dicomdir == full.dicomdir) << "the DICOMDIRs differ";
}

TEST(Mkdir, KeyOnlyReadsGiveTheSameDicomdirAsFullReads) {
  TempDir dir("mkdir-same");
  make_fileset(dir.path());
  const MkdirRun walk = run(dir.path(), nullptr, true);
  const MkdirRun full = run(dir.path(), nullptr, false);
  expect_same(walk, full);
  expect_fixed_point(walk.dicomdir);
  // The implicit VR file is listed without a profile; the hard link only once.
  EXPECT_EQ(std::count_if(walk.findings.begin(), walk.findings.end(), [](const std::string& f) { return f.rfind("mkdir.file-id|", 0) == 0; }),
            1);
}

TEST(Mkdir, KeyOnlyReadsGiveTheSameDicomdirUnderAProfile) {
  TempDir dir("mkdir-profile");
  make_fileset(dir.path());
  const profile::ApplicationProfile& p = profile_of("STD-GEN-CD");
  const MkdirRun walk = run(dir.path(), &p, true);
  const MkdirRun full = run(dir.path(), &p, false);
  expect_same(walk, full);
  expect_fixed_point(walk.dicomdir);
  EXPECT_LT(walk.referenced, run(dir.path(), nullptr, true).referenced);  // the profile refuses some
}

TEST(Mkdir, OneThreadAndManyGiveTheSameDicomdir) {
  TempDir dir("mkdir-threads");
  make_fileset(dir.path());
  MkdirOptions o;
  o.root = dir.path().string();
  o.replace = true;
  base::Bytes first;
  for (unsigned threads : {1u, 2u, 7u}) {
    o.threads = threads;
    base::SequentialUidSource uids("1.2.3");
    ASSERT_TRUE(make_dicomdir(o, nullptr, uids));
    std::ifstream in(dir.path() / "DICOMDIR", std::ios::binary);
    const base::Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (first.empty()) first = b;
    EXPECT_TRUE(b == first) << threads << " threads";
  }
}

}  // namespace
}  // namespace discus::media::author
