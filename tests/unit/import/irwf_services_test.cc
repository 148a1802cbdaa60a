// What goes around an import's sending (issue 17 item 4): the tracking destination announces a
// study before its first instance goes out and records what was stored; a staged file's header
// gives the Import PPS its local identity and order; a PPS that cannot be created never stops
// anything; a commitment result becomes one state per instance.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include <mutex>
#include <thread>

#include "base/log.h"
#include "base/uid.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/writer.h"
#include "import/irwf_services.h"
#include "net/dimse/n_messages.h"
#include "net/dimse/n_set_event.h"
#include "net/services/server.h"

namespace discus::import {
namespace {

namespace fs = std::filesystem;
namespace tags = dicom::tags;
using dicom::VR;

std::string staged(const fs::path& dir, const std::string& uid, const std::string& study, const std::string& series, bool order) {
  dicom::DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, "1.2.840.10008.5.1.4.1.1.2");
  ds.set_string(tags::SOPInstanceUID, VR::UI, uid);
  ds.set_string(tags::StudyInstanceUID, VR::UI, study);
  ds.set_string(tags::SeriesInstanceUID, VR::UI, series);
  ds.set_string(tags::Modality, VR::CS, "MR");
  ds.set_string(tags::PatientName, VR::PN, "ROE^RICHARD");
  ds.set_string(tags::PatientID, VR::LO, "L-100");
  ds.set_string(tags::IssuerOfPatientID, VR::LO, "HOSP");
  ds.set_string(tags::AccessionNumber, VR::SH, order ? "A-7" : "");
  if (order) {
    dicom::DataSet item;
    item.set_string(tags::RequestedProcedureID, VR::SH, "RP-7");
    item.set_string(tags::ScheduledProcedureStepID, VR::SH, "SPS-7");
    dicom::Element seq;
    seq.tag = tags::RequestAttributesSequence;
    seq.vr = VR::SQ;
    seq.kind = dicom::Element::Kind::kSequence;
    seq.items.push_back(item);
    ds.insert(seq);
  }
  const std::string path = (dir / (uid + ".dcm")).string();
  dicom::part10::WriteOptions o;
  o.sync = false;
  EXPECT_TRUE(dicom::part10::write_file(path, ds, nullptr, o));
  return path;
}

class Recorder final : public Destination {
 public:
  std::string id() const override { return "test"; }
  void send(const std::vector<Staged>& files, const std::function<void(std::size_t)>& before,
            const std::function<void(std::size_t, const std::string&)>& after) override {
    for (std::size_t i = 0; i < files.size(); ++i) {
      before(i);
      events->push_back("store " + files[i].sop_instance_uid);
      after(i, files[i].sop_instance_uid == refuse ? "refused" : "");
    }
  }
  std::vector<std::string>* events = nullptr;
  std::string refuse;
};

struct Tmp {
  fs::path dir = fs::temp_directory_path() / fmt::format("discus-irwf-{}-{}", ::getpid(), reinterpret_cast<std::uintptr_t>(this));
  Tmp() { fs::create_directories(dir); }
  ~Tmp() { fs::remove_all(dir); }
};

TEST(IrwfServices, ReadsTheLocalIdentityAndOrderFromAStagedFile) {
  Tmp t;
  auto s = read_sent_instance(staged(t.dir, "1.9.1", "1.8", "1.8.1", true));
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->patient_id, "L-100");
  EXPECT_EQ(s->issuer_of_patient_id, "HOSP");
  EXPECT_EQ(s->accession_number, "A-7");
  EXPECT_EQ(s->requested_procedure_id, "RP-7");
  EXPECT_EQ(s->scheduled_procedure_step_id, "SPS-7");
  EXPECT_EQ(s->series_instance_uid, "1.8.1");
  EXPECT_EQ(s->modality, "MR");
}

TEST(IrwfServices, AStudyIsAnnouncedBeforeItsFirstInstanceAndStoredOnesAreKept) {
  Tmp t;
  std::vector<std::string> events;
  Recorder inner;
  inner.events = &events;
  inner.refuse = "1.9.3";
  TrackingDestination d(inner, [&](const SentInstance& s) { events.push_back("study " + s.study_instance_uid); });
  std::vector<Staged> batch1 = {{staged(t.dir, "1.9.1", "1.8", "1.8.1", false), "1.2.840.10008.5.1.4.1.1.2", "1.9.1"},
                                {staged(t.dir, "1.9.2", "1.8", "1.8.1", false), "1.2.840.10008.5.1.4.1.1.2", "1.9.2"}};
  std::vector<Staged> batch2 = {{staged(t.dir, "1.9.3", "1.7", "1.7.1", false), "1.2.840.10008.5.1.4.1.1.2", "1.9.3"},
                                {staged(t.dir, "1.9.4", "1.8", "1.8.2", false), "1.2.840.10008.5.1.4.1.1.2", "1.9.4"},
                                {(t.dir / "missing.dcm").string(), "1.2.840.10008.5.1.4.1.1.4", "1.9.5"}};
  std::size_t after_calls = 0;
  auto after = [&](std::size_t, const std::string&) { ++after_calls; };
  d.send(batch1, [](std::size_t) {}, after);
  d.send(batch2, [](std::size_t) {}, after);
  const std::vector<std::string> expected = {"study 1.8", "store 1.9.1", "store 1.9.2", "study 1.7", "store 1.9.3", "store 1.9.4", "store 1.9.5"};
  EXPECT_EQ(events, expected);
  EXPECT_EQ(after_calls, 5u);  // the caller still hears every outcome
  ASSERT_EQ(d.stored().size(), 4u);  // 1.9.3 refused
  EXPECT_EQ(d.stored()[3].sop_instance_uid, "1.9.5");  // unreadable here: committed by its UIDs
  EXPECT_EQ(d.stored()[3].sop_class_uid, "1.2.840.10008.5.1.4.1.1.4");
  EXPECT_EQ(d.failed_studies(), std::set<std::string>{"1.7"});
}

TEST(IrwfServices, APpsThatCannotBeCreatedIsReportedNotThrown) {
  Tmp t;
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.543.7");
  net::services::ScuOptions scu;
  scu.peer = {"MPPS", "127.0.0.1", 1};  // nobody listens on port 1
  scu.timeouts.connect = std::chrono::milliseconds(500);
  ImportPps pps(scu, uids, (t.dir / "record").string());
  auto s = read_sent_instance(staged(t.dir, "1.9.1", "1.8", "1.8.1", true));
  ASSERT_TRUE(s);
  pps.begin(*s);
  pps.begin(*s);  // the same study: one PPS
  ImportReport report;
  pps.finish(report, {*s}, {});
  const auto j = pps.to_json();
  ASSERT_EQ(j.size(), 1u);
  EXPECT_FALSE(j[0]["created"].get<bool>());
  EXPECT_EQ(j[0]["n_set"], "not sent");  // no PPS exists to complete
  EXPECT_TRUE(fs::exists(t.dir / "record" / "1.2.826.0.1.3680043.10.543.7.1-n-create.dcm"));
}

// An MPPS SCP from the Server's registration point: records each data set, answers success.
class MppsPeer final : public net::services::ServiceHandler {
 public:
  std::vector<net::services::ServiceReply> handle(const net::services::ServiceRequest& rq) noexcept override {
    std::lock_guard lock(m);
    if (auto ds = net::dimse::decode_dataset(rq.data_set, rq.transfer_syntax_uid)) data.push_back(*ds);
    if (rq.command.command_field == net::dimse::kNCreateRq)
      return {{net::dimse::n_create_rsp(rq.command, 0, rq.command.affected_sop_instance_uid), {}}};
    return {{net::dimse::n_set_rsp(rq.command, 0), {}}};
  }
  std::mutex m;
  std::vector<dicom::DataSet> data;
};

TEST(IrwfServices, AStudyWithAFileNotImportedIsDiscontinued) {
  Tmp t;
  auto peer = std::make_shared<MppsPeer>();
  net::services::ScpOptions o;
  o.port = 0;
  o.bind_address = "127.0.0.1";
  o.access.our_ae_title = "MPPS";
  o.timeouts.artim = o.timeouts.idle = o.timeouts.pdu = std::chrono::milliseconds(3000);
  o.services.push_back({std::string(net::services::kModalityPerformedProcedureStep), peer});
  base::Logger log(base::LogLevel::kError);
  auto server = net::services::Server::start(std::move(o), log);
  ASSERT_TRUE(server) << server.error().describe();
  std::atomic<bool> stop{false};
  std::thread th([&] { (*server)->run(stop); });
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.543.8");
  net::services::ScuOptions scu;
  scu.peer = {"MPPS", "127.0.0.1", (*server)->port()};
  ImportPps pps(scu, uids);
  auto a = read_sent_instance(staged(t.dir, "1.9.1", "1.8", "1.8.1", true));
  auto b = read_sent_instance(staged(t.dir, "1.9.2", "1.7", "1.7.1", false));
  ASSERT_TRUE(a && b);
  pps.begin(*a);
  pps.begin(*b);
  ImportReport report;
  FileResult ok, bad;
  ok.study_instance_uid = "1.8", ok.outcome = Outcome::kImported;
  bad.study_instance_uid = "1.7", bad.outcome = Outcome::kUnreadable;
  report.files = {ok, bad};
  pps.finish(report, {*a}, {});
  stop = true;
  th.join();
  const auto j = pps.to_json();
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["final_status"], "COMPLETED");
  EXPECT_EQ(j[1]["final_status"], "DISCONTINUED");
  EXPECT_TRUE(j[0]["set"].get<bool>() && j[1]["set"].get<bool>());
  std::lock_guard lock(peer->m);
  ASSERT_EQ(peer->data.size(), 4u);
  // The scheduled study's N-CREATE names its order; the N-SET lists the one stored instance.
  const dicom::DataSet& create = peer->data[0];
  const dicom::DataSet& item = create.find(tags::ScheduledStepAttributesSequence)->items.at(0);
  EXPECT_EQ(item.get_string(tags::AccessionNumber).value_or(""), "A-7");
  EXPECT_EQ(item.get_string(tags::RequestedProcedureID).value_or(""), "RP-7");
  EXPECT_EQ(item.get_string(tags::ScheduledProcedureStepID).value_or(""), "SPS-7");
  EXPECT_EQ(create.get_string(tags::Modality).value_or(""), "MR");
  const dicom::DataSet& set = peer->data[3];  // the N-SETs go in study order: 1.7, then 1.8
  const dicom::Element* pss = set.find(tags::PerformedSeriesSequence);
  ASSERT_TRUE(pss != nullptr && pss->items.size() == 1);
  EXPECT_EQ(pss->items[0].find(tags::ReferencedImageSequence)->items.size(), 1u);
  EXPECT_EQ(set.get_string(tags::PerformedProcedureStepStatus).value_or(""), "COMPLETED");
  EXPECT_EQ(peer->data[2].get_string(tags::PerformedProcedureStepStatus).value_or(""), "DISCONTINUED");
  EXPECT_TRUE(peer->data[2].find(tags::PerformedSeriesSequence)->items.empty());  // nothing of 1.7 stored
}

TEST(IrwfServices, CommitmentStatesPerInstance) {
  CommitSummary c;
  c.requested = 3;
  net::services::CommitmentResult r;
  r.committed = {{"c", "1"}};
  r.failed = {{{"c", "2"}, 0x0112}};
  r.unanswered = {{"c", "3"}};
  c.result = r;
  const auto m = commitment_by_uid(c);
  EXPECT_EQ(m.at("1"), "committed");
  EXPECT_EQ(m.at("2"), "failed (0112H)");
  EXPECT_EQ(m.at("3"), "unanswered");
  EXPECT_EQ(to_json(c)["unanswered"], 1);
  EXPECT_EQ(to_json(CommitSummary{})["committed"], 0);
}

}  // namespace
}  // namespace discus::import
