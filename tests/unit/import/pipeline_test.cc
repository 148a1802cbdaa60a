// src/import's pass 2: instances read and coerced ahead of the send (a bounded pipeline), sent
// from memory with their pixel data copied verbatim (never re-encoded), one session per import;
// the ledger row before each store and after its answer. Real Part 10 reader/writer, real
// folder destination; fakes only for the demographics source and the ledger.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "base/file.h"
#include "base/sha256.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"
#include "import/destination.h"
#include "import/importer.h"
#include "import/malware.h"
#include "import_fakes.h"

namespace discus::import {
namespace {

namespace fs = std::filesystem;
namespace tags = dicom::tags;
using dicom::DataSet;
using dicom::VR;

// A private element after the pixel data (group 7FE1).
constexpr dicom::Tag kCreator{0x7FE10010u}, kAfterPixels{0x7FE11001u};

DataSet image(const std::string& uid, std::uint8_t seed) {
  DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, "1.2.840.10008.5.1.4.1.1.7");
  ds.set_string(tags::SOPInstanceUID, VR::UI, uid);
  ds.set_string(tags::StudyInstanceUID, VR::UI, "1.2.3.4.1");
  ds.set_string(tags::SeriesInstanceUID, VR::UI, "1.2.3.4.1.1");
  ds.set_string(tags::Modality, VR::CS, "OT");
  ds.set_string(tags::PatientName, VR::PN, "DOE^JOHN");
  ds.set_string(tags::PatientID, VR::LO, "EXT1");
  ds.set_string(tags::PatientBirthDate, VR::DA, "19700101");
  ds.set_string(tags::PatientSex, VR::CS, "M");
  ds.set_uint16(tags::Rows, 64);
  ds.set_uint16(tags::Columns, 64);
  ds.set_uint16(tags::BitsAllocated, 16);
  ds.set_uint16(tags::BitsStored, 12);
  ds.set_uint16(tags::HighBit, 11);
  ds.set_uint16(tags::SamplesPerPixel, 1);
  ds.set_uint16(tags::PixelRepresentation, 0);
  ds.set_string(tags::PhotometricInterpretation, VR::CS, "MONOCHROME2");
  base::Bytes pixels(64 * 64 * 2);
  for (std::size_t k = 0; k < pixels.size(); ++k) pixels[k] = static_cast<std::uint8_t>(k * 7 + seed);
  ds.set_bytes(tags::PixelData, VR::OW, pixels);
  // After the pixel data: goes out as the source's own bytes too.
  ds.set_string(kCreator, VR::LO, "DISCUS TEST");
  ds.set_bytes(kAfterPixels, VR::OB, base::Bytes{1, 2, 3, 4, 5, 6});
  return ds;
}

struct Fixture {
  testing::TempRoot tmp;
  testing::TableSource source;
  testing::MapLedger ledger;
  Medium medium;
  explicit Fixture(const std::string& name) : tmp(name) {
    source.table = {LocalIdentity{"L1", "HOSP", "DOE^JOHN", "19700101", "M", "", "", "", "", "test"}};
  }
  base::Result<ImportReport> run(Destination& d, std::size_t batch, std::uint64_t batch_bytes) {
    DISCUS_TRY(medium, open_medium(SourceKind::kDir, tmp.medium().string()));
    ImportOptions o;
    o.destination = &d;
    o.ledger = &ledger;
    o.demographics = &source;
    o.local_issuer = "HOSP";
    o.staging_dir = (tmp.root() / "staging").string();
    o.now = "20261207000000+0000";
    o.batch = batch;
    o.batch_bytes = batch_bytes;
    return run_import(medium, o);
  }
};

std::size_t count(const ImportReport& r, Outcome o) {
  return static_cast<std::size_t>(std::count_if(r.files.begin(), r.files.end(), [&](const FileResult& f) { return f.outcome == o; }));
}

// The pipeline at its tightest (one instance, one byte: each waits alone) and roomy: the same
// instances, coerced, with the source's pixel data and what follows it byte for byte, and a
// ledger whose sent SHA-256 is that of the bytes the destination got.
TEST(ImportPipeline, PixelDataGoesOutVerbatimWithACoercedHeader) {
  for (const auto& [batch, bytes] : {std::pair<std::size_t, std::uint64_t>{1, 1}, {16, 64ull << 20}}) {
    Fixture fx("pipeline-verbatim");
    for (int k = 1; k <= 6; ++k) ASSERT_TRUE(fx.tmp.write(fmt::format("DICOM/IM{}", k), image(fmt::format("1.2.3.4.1.1.{}", k), static_cast<std::uint8_t>(k))));
    FolderDestination out((fx.tmp.root() / "out").string());
    auto r = fx.run(out, batch, bytes);
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(count(*r, Outcome::kImported), 6u);
    for (int k = 1; k <= 6; ++k) {
      const std::string uid = fmt::format("1.2.3.4.1.1.{}", k);
      const std::string path = (fx.tmp.root() / "out" / (uid + ".dcm")).string();
      auto f = dicom::part10::read_file(path);
      ASSERT_TRUE(f) << f.error().describe();
      EXPECT_EQ(f->dataset.get_string(tags::PatientID).value_or(""), "L1");
      EXPECT_EQ(f->dataset.get_string(tags::IssuerOfPatientID).value_or(""), "HOSP");
      EXPECT_TRUE(f->dataset.contains(tags::OriginalAttributesSequence));
      const dicom::Element* px = f->dataset.find(tags::PixelData);
      ASSERT_NE(px, nullptr);
      const DataSet want = image(uid, static_cast<std::uint8_t>(k));
      EXPECT_TRUE(std::ranges::equal(px->value.bytes, want.find(tags::PixelData)->value.bytes)) << "pixel data changed";
      ASSERT_TRUE(f->dataset.contains(kAfterPixels));
      EXPECT_EQ(f->dataset.find(kAfterPixels)->value.bytes, (base::Bytes{1, 2, 3, 4, 5, 6}));
      auto row = fx.ledger.find(out.id(), uid);
      ASSERT_TRUE(row && *row);
      EXPECT_EQ((*row)->state, "sent");
      auto sent = base::sha256_file(path);
      ASSERT_TRUE(sent);
      EXPECT_EQ((*row)->sent_sha256, *sent);
    }
  }
}

// A deflated data set (its pixel offsets count inflated bytes) is read and written whole.
TEST(ImportPipeline, DeflatedDataSetIsRewrittenWhole) {
  Fixture fx("pipeline-deflated");
  ASSERT_TRUE(fx.tmp.write("IM1", image("1.2.3.4.1.1.1", 3), "1.2.840.10008.1.2.1.99"));
  FolderDestination out((fx.tmp.root() / "out").string());
  auto r = fx.run(out, 16, 64ull << 20);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(count(*r, Outcome::kImported), 1u) << r->files[0].reason;
  auto f = dicom::part10::read_file((fx.tmp.root() / "out" / "1.2.3.4.1.1.1.dcm").string());
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_EQ(f->transfer_syntax->uid, "1.2.840.10008.1.2.1.99");
  EXPECT_EQ(f->dataset.get_string(tags::PatientID).value_or(""), "L1");
  EXPECT_TRUE(std::ranges::equal(f->dataset.find(tags::PixelData)->value.bytes, image("1.2.3.4.1.1.1", 3).find(tags::PixelData)->value.bytes));
}

// A session that loses track of the third instance (no answer): nothing more goes out, the
// third stays "sending" in the ledger (in doubt), the rest are held to be sent by a rerun.
class LosingDestination : public Destination {
 public:
  std::vector<std::string> stored;
  int sessions = 0;
  std::string id() const override { return "pacs:LOSE@127.0.0.1:1"; }
  void send(const std::vector<Staged>&, const std::function<void(std::size_t)>&,
            const std::function<void(std::size_t, const std::string&)>&) override {}
  std::unique_ptr<DestinationSession> open_session(const std::vector<ContextNeed>& needs, const std::string&) override {
    ++sessions;
    EXPECT_EQ(needs.size(), 1u);  // one class in one syntax
    struct S : DestinationSession {
      LosingDestination& d;
      explicit S(LosingDestination& x) : d(x) {}
      std::optional<std::string> store(const Outgoing& o, const StoreHooks& h) override {
        h.before();
        d.stored.push_back(o.sop_instance_uid);
        h.in_flight();
        if (d.stored.size() == 3) return std::nullopt;
        return std::string();
      }
    };
    return std::make_unique<S>(*this);
  }
};

TEST(ImportPipeline, NoOutcomeStopsTheImportWithOneInstanceInDoubt) {
  Fixture fx("pipeline-lost");
  for (int k = 1; k <= 8; ++k) ASSERT_TRUE(fx.tmp.write(fmt::format("IM{}", k), image(fmt::format("1.2.3.4.1.1.{}", k), 1)));
  LosingDestination d;
  auto r = fx.run(d, 2, 64ull << 20);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(d.sessions, 1);
  EXPECT_EQ(d.stored.size(), 3u);
  EXPECT_EQ(count(*r, Outcome::kImported), 2u);
  EXPECT_EQ(count(*r, Outcome::kHeld), 6u);
  std::size_t sending = 0;
  for (const auto& [k, row] : fx.ledger.rows) sending += row.state == "sending" ? 1 : 0;
  EXPECT_EQ(sending, 1u);
  EXPECT_EQ(fx.ledger.rows.size(), 3u);
}

}  // namespace
}  // namespace discus::import

namespace discus::import {
namespace {

// Calls everything whose copy holds "EVIL" infected; records what it was given.
class FakeScanner : public MalwareScanner {
 public:
  std::size_t seen = 0;
  std::string describe() const override { return "fake scanner"; }
  std::vector<Verdict> scan(const std::vector<std::string>& paths) override {
    std::vector<Verdict> out;
    for (const std::string& p : paths) {
      ++seen;
      auto b = base::read_whole_file(p);
      const std::string text = b ? std::string(b->begin(), b->end()) : std::string();
      out.push_back(text.find("EVIL") != std::string::npos ? Verdict{Verdict::State::kInfected, "Fake.Evil", ""} : Verdict{Verdict::State::kClean, "", ""});
    }
    return out;
  }
};

// --scan-all: an infected DICOM file leaves the import (excluded, named), never sent; the rest go.
TEST(ImportMalware, InfectedDicomFileIsNeverSent) {
  Fixture fx("malware-all");
  ASSERT_TRUE(fx.tmp.write("IM1", image("1.2.3.4.1.1.1", 1)));
  DataSet evil = image("1.2.3.4.1.1.2", 2);
  evil.set_string(tags::ImageComments, VR::LT, "EVIL payload");
  ASSERT_TRUE(fx.tmp.write("IM2", evil));
  {
    std::ofstream junk(fx.tmp.medium() / "autorun.inf");
    junk << "[autorun] EVIL";
  }
  FakeScanner scanner;
  FolderDestination out((fx.tmp.root() / "out").string());
  auto m = open_medium(SourceKind::kDir, fx.tmp.medium().string());
  ASSERT_TRUE(m);
  ImportOptions o;
  o.destination = &out;
  o.ledger = &fx.ledger;
  o.demographics = &fx.source;
  o.local_issuer = "HOSP";
  o.now = "20261207000000+0000";
  o.scanner = &scanner;
  o.scan_all = true;
  o.scan_dir = (fx.tmp.root() / "scan").string();
  auto r = run_import(*m, o);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(scanner.seen, 3u);
  EXPECT_EQ(count(*r, Outcome::kImported), 1u);
  EXPECT_EQ(count(*r, Outcome::kExcluded), 1u);
  EXPECT_EQ(count(*r, Outcome::kNotDicom), 1u);
  for (const FileResult& f : r->files) {
    if (f.source == "IM2") {
      EXPECT_NE(f.reason.find("Fake.Evil"), std::string::npos) << f.reason;
    } else if (f.source == "autorun.inf") {
      EXPECT_EQ(f.malware, "infected: Fake.Evil");
    } else if (f.source == "IM1") {
      EXPECT_EQ(f.malware, "clean");
    }
  }
  EXPECT_FALSE(fs::exists(fx.tmp.root() / "out" / "1.2.3.4.1.1.2.dcm"));
  EXPECT_TRUE(fs::exists(fx.tmp.root() / "out" / "1.2.3.4.1.1.1.dcm"));
  EXPECT_TRUE(fs::is_empty(fx.tmp.root() / "scan"));  // the copies are gone
  EXPECT_NE(r->malware_scan.find("1 clean, 2 infected"), std::string::npos) << r->malware_scan;
}

// A scanner that cannot run says why, per file; nothing is called clean.
TEST(ImportMalware, MissingScannerIsNotScannedWithTheReason) {
  auto s = clamav_scanner({"/nonexistent/clamscan", "", std::chrono::seconds(10)});
  testing::TempRoot tmp("malware-missing");
  const std::string f = (tmp.root() / "x").string();
  { std::ofstream(f) << "x"; }
  auto v = s->scan({f});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].state, Verdict::State::kNotScanned);
  EXPECT_NE(v[0].why.find("cannot run"), std::string::npos) << v[0].why;
}

}  // namespace
}  // namespace discus::import
