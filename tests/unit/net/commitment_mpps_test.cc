// The Storage Commitment SCU (PS3.4 J) and the MPPS SCU (PS3.4 F.7) of issue 17: their data sets
// as pure functions (every Type 1/2 attribute of N-CREATE, the final state's Performed Series
// Sequence, the commitment request and report), the report settled against what was asked, and
// both SCUs over loopback against our own SCP's registration point: N-CREATE/N-SET statuses, a
// report on the same association, a report that never comes, a report for someone else.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "base/log.h"
#include "dicom/dict/tags.h"
#include "net/dimse/n_messages.h"
#include "net/dimse/n_set_event.h"
#include "net/dimse/status.h"
#include "net/services/commitment_scu.h"
#include "net/services/mpps_scu.h"
#include "net/services/server.h"

namespace discus::net::services {
namespace {

namespace tags = dicom::tags;
constexpr const char* kExplicit = "1.2.840.10008.1.2.1";

ImportProcedureStep step() {
  ImportProcedureStep s;
  s.patient_name = "ROE^RICHARD";
  s.patient_id = "L-100";
  s.issuer_of_patient_id = "HOSP";
  s.birth_date = "19650304";
  s.sex = "M";
  s.study_instance_uid = "1.2.3.4";
  s.pps_id = "PPS1";
  s.station_ae_title = "DISCUS";
  s.start_date = "20261207";
  s.start_time = "031500";
  return s;
}

std::string str(const dicom::DataSet& ds, dicom::Tag t) { return std::string(ds.get_string(t).value_or("<absent>")); }

TEST(Mpps, InProgressHasEveryType1And2Attribute) {
  const dicom::DataSet ds = mpps_in_progress(step());
  // PS3.4 Table F.7.2-1, N-CREATE: Type 1 with values, Type 2 present (possibly empty).
  EXPECT_EQ(str(ds, tags::PerformedProcedureStepStatus), "IN PROGRESS");
  EXPECT_EQ(str(ds, tags::PerformedProcedureStepID), "PPS1");
  EXPECT_EQ(str(ds, tags::PerformedStationAETitle), "DISCUS");
  EXPECT_EQ(str(ds, tags::PerformedProcedureStepStartDate), "20261207");
  EXPECT_EQ(str(ds, tags::Modality), "OT");  // no modality known: OT
  for (dicom::Tag t : {tags::PatientName, tags::PatientID, tags::PatientBirthDate, tags::PatientSex, tags::ReferencedPatientSequence,
                       tags::PerformedStationName, tags::PerformedLocation, tags::PerformedProcedureStepDescription,
                       tags::PerformedProcedureTypeDescription, tags::ProcedureCodeSequence, tags::PerformedProcedureStepEndDate,
                       tags::PerformedProcedureStepEndTime, tags::StudyID, tags::PerformedProtocolCodeSequence, tags::PerformedSeriesSequence})
    EXPECT_TRUE(ds.contains(t)) << t.group() << "," << t.element();
  const dicom::Element* ssa = ds.find(tags::ScheduledStepAttributesSequence);
  ASSERT_TRUE(ssa != nullptr && ssa->is_sequence());
  ASSERT_EQ(ssa->items.size(), 1u);
  EXPECT_EQ(str(ssa->items[0], tags::StudyInstanceUID), "1.2.3.4");
  for (dicom::Tag t : {tags::ReferencedStudySequence, tags::AccessionNumber, tags::RequestedProcedureID, tags::RequestedProcedureDescription,
                       tags::ScheduledProcedureStepID, tags::ScheduledProcedureStepDescription, tags::ScheduledProtocolCodeSequence})
    EXPECT_TRUE(ssa->items[0].contains(t));
  EXPECT_TRUE(ds.find(tags::PerformedSeriesSequence)->items.empty());
}

TEST(Mpps, FinalStateListsSeriesAndInstances) {
  PerformedSeries s;
  s.series_instance_uid = "1.2.3.4.5";
  s.images = {{"1.2.840.10008.5.1.4.1.1.2", "1.9.1"}, {"1.2.840.10008.5.1.4.1.1.2", "1.9.2"}};
  s.non_images = {{"1.2.840.10008.5.1.4.1.1.88.11", "1.9.3"}};
  const dicom::DataSet done = mpps_final(step(), true, "20261207", "041500", {s});
  EXPECT_EQ(str(done, tags::PerformedProcedureStepStatus), "COMPLETED");
  EXPECT_EQ(str(done, tags::PerformedProcedureStepEndTime), "041500");
  const dicom::Element* pss = done.find(tags::PerformedSeriesSequence);
  ASSERT_TRUE(pss != nullptr && pss->items.size() == 1);
  const dicom::DataSet& item = pss->items[0];
  EXPECT_EQ(str(item, tags::ProtocolName), "IMPORT");  // Type 1: never empty
  EXPECT_EQ(item.find(tags::ReferencedImageSequence)->items.size(), 2u);
  EXPECT_EQ(str(item.find(tags::ReferencedImageSequence)->items[1], tags::ReferencedSOPInstanceUID), "1.9.2");
  EXPECT_EQ(item.find(tags::ReferencedNonImageCompositeSOPInstanceSequence)->items.size(), 1u);
  EXPECT_EQ(str(mpps_final(step(), false, "20261207", "041500", {}), tags::PerformedProcedureStepStatus), "DISCONTINUED");
}

TEST(Mpps, DataSetsSurviveTheWireSyntaxes) {
  for (const char* ts : {"1.2.840.10008.1.2", kExplicit}) {
    auto bytes = dimse::encode_dataset(mpps_in_progress(step()), ts);
    ASSERT_TRUE(bytes) << bytes.error().describe();
    auto back = dimse::decode_dataset(*bytes, ts);
    ASSERT_TRUE(back) << back.error().describe();
    EXPECT_EQ(str(*back, tags::PatientID), "L-100");
    EXPECT_EQ(str(back->find(tags::ScheduledStepAttributesSequence)->items.at(0), tags::StudyInstanceUID), "1.2.3.4");
  }
}

TEST(Commitment, RequestAndReportDataSets) {
  const dicom::DataSet rq = commitment_request("2.25.1", {{"1.2.840.10008.5.1.4.1.1.2", "1.9.1"}});
  EXPECT_EQ(str(rq, tags::TransactionUID), "2.25.1");
  ASSERT_EQ(rq.find(tags::ReferencedSOPSequence)->items.size(), 1u);
  dicom::DataSet report = rq;
  dicom::DataSet failed;
  failed.set_string(tags::ReferencedSOPClassUID, dicom::VR::UI, "1.2.840.10008.5.1.4.1.1.2");
  failed.set_string(tags::ReferencedSOPInstanceUID, dicom::VR::UI, "1.9.2");
  failed.set_uint16(tags::FailureReason, 0x0112);
  dicom::Element seq;
  seq.tag = tags::FailedSOPSequence;
  seq.vr = dicom::VR::SQ;
  seq.kind = dicom::Element::Kind::kSequence;
  seq.items.push_back(failed);
  report.insert(seq);
  auto r = read_commitment_report(report);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->committed.size(), 1u);
  ASSERT_EQ(r->failed.size(), 1u);
  EXPECT_EQ(r->failed[0].reason, 0x0112);
  EXPECT_FALSE(read_commitment_report(dicom::DataSet{}));  // no Transaction UID
}

TEST(Commitment, SettleHoldsTheReportAgainstWhatWasAsked) {
  const std::vector<SopRef> asked = {{"c", "1"}, {"c", "2"}, {"c", "3"}};
  CommitmentReport rep;
  rep.committed = {{"c", "1"}, {"c", "2"}, {"c", "99"}};  // 99: never asked
  rep.failed = {{{"c", "2"}, 0x0110}};                    // 2 both: failed wins
  CommitmentResult r;
  r.report_received = true;
  settle(r, asked, rep);
  ASSERT_EQ(r.committed.size(), 1u);
  EXPECT_EQ(r.committed[0].sop_instance_uid, "1");
  ASSERT_EQ(r.failed.size(), 1u);
  EXPECT_EQ(r.failed[0].ref.sop_instance_uid, "2");
  ASSERT_EQ(r.unanswered.size(), 1u);
  EXPECT_EQ(r.unanswered[0].sop_instance_uid, "3");
  EXPECT_EQ(r.not_asked, 1u);
  EXPECT_FALSE(r.all_committed());
}

// An SCP for MPPS and Storage Commitment from the Server's registration point.
class Peer final : public ServiceHandler {
 public:
  std::vector<ServiceReply> handle(const ServiceRequest& rq) noexcept override {
    std::lock_guard lock(m);
    seen.push_back(rq.command.command_field);
    auto ds = dimse::decode_dataset(rq.data_set, rq.transfer_syntax_uid);
    if (ds) data.push_back(*ds);
    if (rq.command.command_field == dimse::kNCreateRq)
      return {{dimse::n_create_rsp(rq.command, create_status, rq.command.affected_sop_instance_uid), {}}};
    if (rq.command.command_field == dimse::kNSetRq) return {{dimse::n_set_rsp(rq.command, set_status, false, "no thanks"), {}}};
    if (rq.command.command_field == dimse::kNActionRq) {
      std::vector<ServiceReply> out{{dimse::n_action_rsp(rq.command, 0x0000), {}}};
      if (report && ds) {
        // The report on the same association: one committed, one failed (or another transaction).
        auto refs = ds->find(tags::ReferencedSOPSequence)->items;
        dicom::DataSet ev;
        ev.set_string(tags::TransactionUID, dicom::VR::UI, wrong_transaction ? "2.25.999" : str(*ds, tags::TransactionUID));
        dicom::Element ok, bad;
        ok.tag = tags::ReferencedSOPSequence, bad.tag = tags::FailedSOPSequence;
        ok.vr = bad.vr = dicom::VR::SQ;
        ok.kind = bad.kind = dicom::Element::Kind::kSequence;
        ok.items.push_back(refs.at(0));
        dicom::DataSet f = refs.at(1);
        f.set_uint16(tags::FailureReason, 0x0112);
        bad.items.push_back(f);
        ev.insert(ok), ev.insert(bad);
        auto bytes = dimse::encode_dataset(ev, rq.transfer_syntax_uid);
        out.push_back({dimse::n_event_report_rq(7, std::string(kStorageCommitmentPushModel),
                                                std::string(kStorageCommitmentPushModelInstance), 2, true),
                       bytes ? *bytes : base::Bytes{}});
      }
      return out;
    }
    return {};
  }
  std::mutex m;
  std::vector<std::uint16_t> seen;
  std::vector<dicom::DataSet> data;
  std::uint16_t create_status = 0x0000, set_status = 0x0000;
  bool report = true, wrong_transaction = false;
};

struct Loopback {
  std::shared_ptr<Peer> peer = std::make_shared<Peer>();
  base::Logger log{base::LogLevel::kError};
  std::unique_ptr<Server> server;
  std::atomic<bool> stop{false};
  std::thread t;
  ScuOptions scu;
  Loopback() {
    ScpOptions o;
    o.port = 0;
    o.bind_address = "127.0.0.1";
    o.access.our_ae_title = "PACS";
    o.timeouts.artim = o.timeouts.idle = o.timeouts.pdu = std::chrono::milliseconds(3000);
    o.services.push_back({std::string(kModalityPerformedProcedureStep), peer});
    o.services.push_back({std::string(kStorageCommitmentPushModel), peer});
    auto s = Server::start(std::move(o), log);
    if (!s) throw std::runtime_error(s.error().message);
    server = std::move(*s);
    t = std::thread([this] { server->run(stop); });
    scu.calling_ae_title = "DISCUS";
    scu.peer = {"PACS", "127.0.0.1", server->port()};
    scu.timeouts.artim = scu.timeouts.idle = scu.timeouts.pdu = std::chrono::milliseconds(3000);
  }
  ~Loopback() {
    stop = true;
    t.join();
  }
};

TEST(MppsScu, CreateThenSetOverLoopback) {
  Loopback lb;
  auto c = mpps_create(lb.scu, "2.25.5", mpps_in_progress(step()));
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_TRUE(c->ok()) << c->error_comment;
  EXPECT_EQ(c->sop_instance_uid, "2.25.5");
  lb.peer->set_status = 0x0110;
  auto s = mpps_set(lb.scu, "2.25.5", mpps_final(step(), true, "20261207", "041500", {}));
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_FALSE(s->ok());
  EXPECT_EQ(s->status, 0x0110);
  EXPECT_EQ(s->error_comment, "no thanks");
  std::lock_guard lock(lb.peer->m);
  ASSERT_EQ(lb.peer->data.size(), 2u);
  EXPECT_EQ(str(lb.peer->data[0], tags::PerformedProcedureStepStatus), "IN PROGRESS");
  EXPECT_EQ(str(lb.peer->data[1], tags::PerformedProcedureStepStatus), "COMPLETED");
}

TEST(MppsScu, AnSCPWithoutMppsIsDataNotACrash) {
  Loopback lb;
  lb.scu.peer.ae_title = "NOTPACS";  // rejected: called AE not recognised
  auto c = mpps_create(lb.scu, "2.25.5", mpps_in_progress(step()));
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->ok());
  EXPECT_TRUE(c->rejected.has_value());
}

TEST(CommitmentScu, ReportOnTheSameAssociation) {
  Loopback lb;
  CommitmentOptions o;
  o.scu = lb.scu;
  o.transaction_uid = "2.25.77";
  o.wait = std::chrono::milliseconds(3000);
  auto r = request_commitment(o, {{"1.2.840.10008.5.1.4.1.1.2", "1.9.1"}, {"1.2.840.10008.5.1.4.1.1.2", "1.9.2"}});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->report_received) << r->error;
  EXPECT_EQ(r->report_via, "the same association");
  EXPECT_EQ(r->action_status, 0x0000);
  ASSERT_EQ(r->committed.size(), 1u);
  EXPECT_EQ(r->committed[0].sop_instance_uid, "1.9.1");
  ASSERT_EQ(r->failed.size(), 1u);
  EXPECT_EQ(r->failed[0].reason, 0x0112);
  EXPECT_FALSE(r->all_committed());
}

TEST(CommitmentScu, AReportForAnotherTransactionIsNotOurs) {
  Loopback lb;
  lb.peer->wrong_transaction = true;
  CommitmentOptions o;
  o.scu = lb.scu;
  o.transaction_uid = "2.25.78";
  auto r = request_commitment(o, {{"c", "1.9.1"}, {"c", "1.9.2"}});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->report_received);
  EXPECT_NE(r->error.find("not ours"), std::string::npos) << r->error;
  EXPECT_EQ(r->unanswered.size(), 2u);
}

TEST(CommitmentScu, NoReportOnTheNewAssociationTimesOut) {
  Loopback lb;
  lb.peer->report = false;
  CommitmentOptions o;
  o.scu = lb.scu;
  o.transaction_uid = "2.25.79";
  o.listen_port = 0;  // any free port: nobody will call it
  o.wait = std::chrono::milliseconds(300);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = request_commitment(o, {{"c", "1.9.1"}});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
  EXPECT_FALSE(r->report_received);
  EXPECT_NE(r->error.find("no Storage Commitment report"), std::string::npos) << r->error;
  EXPECT_EQ(r->unanswered.size(), 1u);
}

}  // namespace
}  // namespace discus::net::services
