// The study store's index over real files and a real SQLite file: instances indexed with their
// study keys, studies complete once quiet (by a test clock) with a content digest that does not
// change when a study is re-sent unchanged and does when it changes, reconcile after a crash,
// listing with filters, purge.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include "dicom/dict/tags.h"
#include "dicom/part10/writer.h"
#include "store/store.h"

namespace discus::store {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  fs::path p = fs::temp_directory_path() / fmt::format("discus-store-{}-{}", name, ::getpid());
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

// An instance as the SCP leaves it: DIR/<study>/<sop>.dcm, Source AE Title in its meta.
std::string put(const fs::path& dir, const std::string& study, const std::string& sop, const std::string& name = "DOE^JOHN",
                const std::string& desc = "CT HEAD", std::uint8_t pixel = 1) {
  using namespace dicom;
  DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, "1.2.840.10008.5.1.4.1.1.2");
  ds.set_string(tags::SOPInstanceUID, VR::UI, sop);
  ds.set_string(tags::StudyInstanceUID, VR::UI, study);
  ds.set_string(tags::SeriesInstanceUID, VR::UI, study + ".1");
  ds.set_string(tags::PatientID, VR::LO, "P1");
  ds.set_string(tags::PatientName, VR::PN, name);
  ds.set_string(tags::StudyDate, VR::DA, "20260101");
  ds.set_string(tags::StudyDescription, VR::LO, desc);
  ds.set_string(tags::Modality, VR::CS, "CT");
  ds.set_bytes(tags::PixelData, VR::OB, base::Bytes{pixel, 2, 3, 4});
  part10::WriteOptions wo;
  wo.sync = false;
  wo.source_ae_title = "CT1";
  fs::create_directories(dir / study);
  const std::string path = (dir / study / (sop + ".dcm")).string();
  EXPECT_TRUE(part10::write_file(path, ds, nullptr, wo));
  return path;
}

struct Fixture {
  explicit Fixture(const std::string& name) : root(temp_dir(name)) {
    StoreOptions o;
    o.dir = (root / "store").string();
    o.database = (root / "store.db").string();
    o.quiet_ms = 1000;
    o.retention_days = 2;
    o.clock = [this] { return now; };
    auto s = Store::open(o);
    EXPECT_TRUE(s) << s.error().describe();
    store = std::move(*s);
  }
  ~Fixture() { fs::remove_all(root); }
  fs::path dir() const { return root / "store"; }
  fs::path root;
  std::int64_t now = 1'000'000;
  std::unique_ptr<Store> store;
};

TEST(Store, IndexesInstancesAndCompletesQuietStudies) {
  Fixture f("index");
  ASSERT_TRUE(f.store->add(put(f.dir(), "1.2.3", "1.2.3.1")));
  ASSERT_TRUE(f.store->add(put(f.dir(), "1.2.3", "1.2.3.2")));
  auto s = f.store->show("1.2.3");
  ASSERT_TRUE(s && *s);
  EXPECT_EQ((*s)->instances, 2);
  EXPECT_EQ((*s)->patients_name, "DOE^JOHN");
  EXPECT_EQ((*s)->calling_ae_titles, std::vector<std::string>{"CT1"});
  EXPECT_EQ((*s)->modalities, std::vector<std::string>{"CT"});
  ASSERT_EQ((*s)->series.size(), 1u);
  EXPECT_EQ((*s)->series[0].instances, 2);
  EXPECT_EQ((*s)->state, StudyState::kReceiving);
  EXPECT_EQ((*s)->folder, (f.dir() / "1.2.3").string());

  f.now += 999;
  EXPECT_TRUE(f.store->complete_quiet_studies()->empty()) << "not quiet for quiet_ms yet";
  f.now += 1;
  auto done = f.store->complete_quiet_studies();
  ASSERT_TRUE(done);
  ASSERT_EQ(done->size(), 1u);
  const std::string digest = done->front().digest;
  EXPECT_EQ(digest.size(), 64u);
  EXPECT_TRUE(f.store->complete_quiet_studies()->empty()) << "reported once";
  ASSERT_EQ(f.store->studies_awaiting_rules()->size(), 1u);
  ASSERT_TRUE(f.store->rules_done("1.2.3", digest));
  EXPECT_TRUE(f.store->studies_awaiting_rules()->empty());

  // Re-sent unchanged: receiving again, then the same digest.
  ASSERT_TRUE(f.store->add(put(f.dir(), "1.2.3", "1.2.3.1")));
  EXPECT_EQ((*f.store->show("1.2.3"))->state, StudyState::kReceiving);
  f.now += 1000;
  done = f.store->complete_quiet_studies();
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ(done->front().digest, digest);
  // Changed content (same UIDs, other pixels): another digest.
  ASSERT_TRUE(f.store->add(put(f.dir(), "1.2.3", "1.2.3.2", "DOE^JOHN", "CT HEAD", 9)));
  f.now += 1000;
  done = f.store->complete_quiet_studies();
  ASSERT_EQ(done->size(), 1u);
  EXPECT_NE(done->front().digest, digest);
}

TEST(Store, ListsWithFiltersAndPaging) {
  Fixture f("list");
  ASSERT_TRUE(f.store->add(put(f.dir(), "1.2.5", "1.2.5.1", "SMITH^ANN")));
  ASSERT_TRUE(f.store->add(put(f.dir(), "1.2.4", "1.2.4.1", "DOE^JOHN")));
  auto all = f.store->list({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->front().study_instance_uid, "1.2.4") << "ordered by Study Instance UID";
  StudyQuery q;
  q.patient_name = "smi*";
  EXPECT_EQ(f.store->list(q)->size(), 1u);
  q.patient_name = "?OE^J*";
  EXPECT_EQ(f.store->list(q)->front().study_instance_uid, "1.2.4");
  q = {};
  q.after = "1.2.4";
  EXPECT_EQ(f.store->list(q)->front().study_instance_uid, "1.2.5");
  q = {};
  q.limit = 1;
  EXPECT_EQ(f.store->list(q)->size(), 1u);
  q = {};
  q.patient_id = "NOPE";
  EXPECT_TRUE(f.store->list(q)->empty());
}

TEST(Store, ReconcileIndexesWhatACrashLeftAndForgetsWhatIsGone) {
  Fixture f("reconcile");
  const std::string kept = put(f.dir(), "1.2.6", "1.2.6.1");
  ASSERT_TRUE(f.store->add(kept));
  const std::string gone = put(f.dir(), "1.2.6", "1.2.6.2");
  ASSERT_TRUE(f.store->add(gone));
  fs::remove(gone);
  put(f.dir(), "1.2.7", "1.2.7.1");  // renamed into place, never indexed (killed in between)
  auto n = f.store->reconcile();
  ASSERT_TRUE(n) << n.error().describe();
  EXPECT_EQ(*n, 1u);
  EXPECT_EQ((*f.store->show("1.2.6"))->instances, 1);
  EXPECT_TRUE(*f.store->show("1.2.7"));
}

TEST(Store, PurgeRemovesFilesAndRowsButRemembersFires) {
  Fixture f("purge");
  ASSERT_TRUE(f.store->add(put(f.dir(), "1.2.8", "1.2.8.1")));
  EXPECT_TRUE(*f.store->claim_fire("r", "1.2.8", "d", nullptr));
  Fire previous;
  EXPECT_FALSE(*f.store->claim_fire("r", "1.2.8", "d", &previous));
  EXPECT_EQ(previous.job, 0);
  ASSERT_TRUE(f.store->set_fire_job("r", "1.2.8", "d", 7));
  EXPECT_EQ((*f.store->show("1.2.8"))->jobs, std::vector<std::int64_t>{7});
  EXPECT_TRUE(f.store->older_than(2)->empty());
  f.now += 2 * 86400000LL;
  EXPECT_EQ(f.store->older_than(2)->size(), 1u);
  auto purged = f.store->purge("1.2.8");
  ASSERT_TRUE(purged && *purged);
  EXPECT_GT(**purged, 0u);
  EXPECT_FALSE(fs::exists(f.dir() / "1.2.8"));
  EXPECT_FALSE(*f.store->show("1.2.8"));
  EXPECT_FALSE(*f.store->purge("1.2.8")) << "nothing left to purge";
  EXPECT_FALSE(*f.store->claim_fire("r", "1.2.8", "d", &previous)) << "fires outlive a purge";
  EXPECT_EQ(previous.job, 7);
}

}  // namespace
}  // namespace discus::store
