// The Media Creation Management SCP (PS3.4 Annex S) against a fake backend: which status and
// which Execution Status / Info at each step; and the DIMSE-N messages' data sets on the wire.
#include <gtest/gtest.h>

#include "dicom/dict/tags.h"
#include "net/dimse/n_messages.h"
#include "net/dimse/status.h"
#include "net/services/mcm_scp.h"

namespace discus::net::services {
namespace {

namespace tags = dicom::tags;
using dicom::DataSet;
using dicom::VR;

constexpr const char* kCt = "1.2.840.10008.5.1.4.1.1.2";
constexpr const char* kExplicit = "1.2.840.10008.1.2.1";
constexpr const char* kImplicit = "1.2.840.10008.1.2";
constexpr const char* kDeflated = "1.2.840.10008.1.2.1.99";

class FakeBackend final : public MediaCreationBackend {
 public:
  MediaCreationState initiate(const MediaCreationRequest& r, const InitiateAction& a) override {
    last_request = r;
    last_action = a;
    if (refuse) {
      MediaCreationState s{ExecutionStatus::kFailure, std::string(execution_status_info::kNotSupported), 0, {}, "no such profile"};
      for (const auto& i : r.instances) s.failed.push_back({i.sop_class_uid, i.sop_instance_uid, 0x0110});
      return s;
    }
    known[r.sop_instance_uid] = {ExecutionStatus::kPending, std::string(execution_status_info::kQueued), 0, {}, {}};
    return known[r.sop_instance_uid];
  }
  std::optional<MediaCreationState> status(const std::string& uid) override {
    auto it = known.find(uid);
    if (it == known.end()) return std::nullopt;
    return it->second;
  }
  CancelResult cancel(const std::string& uid) override {
    if (!known.count(uid)) return CancelResult::kUnknown;
    if (cancel_answer == CancelResult::kCancelled) known.erase(uid);
    return cancel_answer;
  }
  bool refuse = false;
  CancelResult cancel_answer = CancelResult::kCancelled;
  std::map<std::string, MediaCreationState> known;
  MediaCreationRequest last_request;
  InitiateAction last_action;
};

DataSet request(const std::string& profile = "STD-GEN-CD", int instances = 2) {
  DataSet ds;
  ds.set_string(tags::LabelText, VR::UT, "CT of the chest");
  ds.set_string(tags::IncludeDisplayApplication, VR::CS, "NO");
  ds.set_string(tags::PreserveCompositeInstancesAfterMediaCreation, VR::CS, "YES");
  ds.set_string(tags::StorageMediaFileSetID, VR::SH, "REFERRAL");
  dicom::Element seq;
  seq.tag = tags::ReferencedSOPSequence;
  seq.vr = VR::SQ;
  seq.kind = dicom::Element::Kind::kSequence;
  for (int i = 0; i < instances; ++i) {
    DataSet item;
    item.set_string(tags::ReferencedSOPClassUID, VR::UI, kCt);
    item.set_string(tags::ReferencedSOPInstanceUID, VR::UI, "1.2.3.4." + std::to_string(i + 1));
    if (!profile.empty()) item.set_string(tags::RequestedMediaApplicationProfile, VR::LO, profile);
    seq.items.push_back(std::move(item));
  }
  ds.insert(std::move(seq));
  return ds;
}

struct Scp {
  FakeBackend backend;
  base::SequentialUidSource uids{"1.2.826.0.1.3680043.10.1"};
  MediaCreationScp scp{backend, uids};
  std::uint16_t next_id = 1;

  NReply create(const DataSet& ds, const std::string& uid = {}) {
    return scp.handle(dimse::n_create_rq(next_id++, std::string(kMediaCreationManagementSopClass), uid), ds, "RIS");
  }
  NReply action(const std::string& uid, std::uint16_t type, const DataSet& info = {}) {
    return scp.handle(dimse::n_action_rq(next_id++, std::string(kMediaCreationManagementSopClass), uid, type, !info.empty()), info, "RIS");
  }
  NReply get(const std::string& uid) {
    return scp.handle(dimse::n_get_rq(next_id++, std::string(kMediaCreationManagementSopClass), uid), {}, "RIS");
  }
};

std::string status_of(const NReply& r) { return std::string(*r.dataset->get_string(tags::ExecutionStatus)); }
std::string info_of(const NReply& r) { return std::string(*r.dataset->get_string(tags::ExecutionStatusInfo)); }

TEST(McmScp, CreateAnswersSuccessAndIdleWithoutCheckingProfiles) {
  Scp s;
  // An unknown profile is not refused at N-CREATE (S.3.2.1.3 Note 1): only after the initiate.
  NReply r = s.create(request("NO-SUCH-PROFILE"), "1.2.3.99");
  EXPECT_EQ(r.command.command_field, dimse::kNCreateRsp);
  EXPECT_EQ(*r.command.status, 0x0000);
  EXPECT_EQ(r.command.affected_sop_instance_uid, "1.2.3.99");
  EXPECT_EQ(*r.command.message_id_being_responded_to, 1);
  NReply g = s.get("1.2.3.99");
  EXPECT_EQ(*g.command.status, 0x0000);
  ASSERT_TRUE(g.dataset);
  EXPECT_EQ(status_of(g), "IDLE");
  EXPECT_EQ(info_of(g), "NORMAL");
  EXPECT_EQ(*g.dataset->get_string(tags::LabelText), "CT of the chest");
  EXPECT_EQ(g.dataset->find(tags::ReferencedSOPSequence)->items.size(), 2u);
}

TEST(McmScp, CreateWithoutUidGetsOneFromTheScp) {
  Scp s;
  NReply r = s.create(request());
  EXPECT_EQ(*r.command.status, 0x0000);
  EXPECT_TRUE(r.command.affected_sop_instance_uid.starts_with("1.2.826.0.1.3680043.10.1."));
  EXPECT_EQ(*s.get(r.command.affected_sop_instance_uid).command.status, 0x0000);
}

TEST(McmScp, CreateRefusesWhatCannotBeARequest) {
  Scp s;
  DataSet no_refs;
  no_refs.set_string(tags::LabelText, VR::UT, "x");
  EXPECT_EQ(*s.create(no_refs).command.status, mcm_status::kMissingAttribute);
  DataSet bad_flag = request();
  bad_flag.set_string(tags::IncludeDisplayApplication, VR::CS, "MAYBE");
  EXPECT_EQ(*s.create(bad_flag).command.status, mcm_status::kInvalidAttributeValue);
  DataSet empty_item = request();
  empty_item.find(tags::ReferencedSOPSequence)->items[1].erase(tags::ReferencedSOPInstanceUID);
  EXPECT_EQ(*s.create(empty_item).command.status, mcm_status::kMissingAttributeValue);
}

TEST(McmScp, InitiatePassesTheRequestAndCopiesToTheBackend) {
  Scp s;
  ASSERT_EQ(*s.create(request(), "1.2.3.100").command.status, 0);
  DataSet info;
  info.set_string(tags::NumberOfCopies, VR::IS, "2");
  info.set_string(tags::RequestPriority, VR::CS, "HIGH");
  NReply a = s.action("1.2.3.100", 1, info);
  EXPECT_EQ(a.command.command_field, dimse::kNActionRsp);
  EXPECT_EQ(*a.command.status, 0x0000);
  EXPECT_EQ(*a.command.action_type_id, 1);
  EXPECT_EQ(s.backend.last_action.copies, 2);
  EXPECT_EQ(queue_priority(s.backend.last_action.priority), 1);
  EXPECT_EQ(s.backend.last_request.instances[0].requested_profile, "STD-GEN-CD");
  EXPECT_EQ(s.backend.last_request.include_display_application, std::optional<bool>(false));
  EXPECT_EQ(s.backend.last_request.preserve_composite_instances, std::optional<bool>(true));
  EXPECT_EQ(s.backend.last_request.calling_ae_title, "RIS");
  NReply g = s.get("1.2.3.100");
  EXPECT_EQ(status_of(g), "PENDING");
  EXPECT_EQ(info_of(g), "QUEUED");
  // Progress from the backend: one of two copies made.
  s.backend.known["1.2.3.100"] = {ExecutionStatus::kCreating, "NORMAL", 1, {}, {}};
  g = s.get("1.2.3.100");
  EXPECT_EQ(status_of(g), "CREATING");
  EXPECT_EQ(*g.dataset->get_uint16(tags::TotalNumberOfPiecesOfMediaCreated), 1);
  EXPECT_EQ(g.dataset->find(tags::ReferencedStorageMediaSequence)->items.size(), 1u);
  s.backend.known["1.2.3.100"] = {ExecutionStatus::kDone, "NORMAL", 2, {}, {}};
  g = s.get("1.2.3.100");
  EXPECT_EQ(status_of(g), "DONE");
  EXPECT_EQ(*g.dataset->get_uint16(tags::TotalNumberOfPiecesOfMediaCreated), 2);
  EXPECT_TRUE(g.dataset->find(tags::FailedSOPSequence)->items.empty());
}

TEST(McmScp, ARefusedProfileIsSuccessThenFailureNotSupported) {
  Scp s;
  s.backend.refuse = true;
  ASSERT_EQ(*s.create(request("STD-XYZ-CD"), "1.2.3.101").command.status, 0);
  NReply a = s.action("1.2.3.101", 1);
  EXPECT_EQ(*a.command.status, 0x0000);  // scheduled: S.3.2.2.3 lets the request fail afterwards
  NReply g = s.get("1.2.3.101");
  EXPECT_EQ(status_of(g), "FAILURE");
  EXPECT_EQ(info_of(g), "NOT_SUPPORTED");
  const dicom::Element* failed = g.dataset->find(tags::FailedSOPSequence);
  ASSERT_EQ(failed->items.size(), 2u);
  EXPECT_EQ(*failed->items[0].get_string(tags::ReferencedSOPInstanceUID), "1.2.3.4.1");
  EXPECT_EQ(*failed->items[0].get_uint16(tags::FailureReason), 0x0110);
  EXPECT_EQ(*g.dataset->get_uint16(tags::TotalNumberOfPiecesOfMediaCreated), 0);
}

TEST(McmScp, DuplicatesAtEachStep) {
  Scp s;
  ASSERT_EQ(*s.create(request(), "1.2.3.102").command.status, 0);
  EXPECT_EQ(*s.create(request(), "1.2.3.102").command.status, dimse::status::kDuplicateSopInstance);
  ASSERT_EQ(*s.action("1.2.3.102", 1).command.status, 0);
  EXPECT_EQ(*s.action("1.2.3.102", 1).command.status, dimse::status::kDuplicateInvocation);
  // S.3.2.1.4: an N-CREATE of an instance whose Initiate was received.
  EXPECT_EQ(*s.create(request(), "1.2.3.102").command.status, mcm_status::kInitiateAlreadyReceived);
}

TEST(McmScp, CancelStatuses) {
  Scp s;
  ASSERT_EQ(*s.create(request(), "1.2.3.103").command.status, 0);
  ASSERT_EQ(*s.action("1.2.3.103", 1).command.status, 0);
  s.backend.cancel_answer = MediaCreationBackend::CancelResult::kInProgress;
  EXPECT_EQ(*s.action("1.2.3.103", 2).command.status, mcm_status::kInProgressCannotInterrupt);
  s.backend.cancel_answer = MediaCreationBackend::CancelResult::kAlreadyCompleted;
  EXPECT_EQ(*s.action("1.2.3.103", 2).command.status, mcm_status::kAlreadyCompleted);
  s.backend.cancel_answer = MediaCreationBackend::CancelResult::kDenied;
  EXPECT_EQ(*s.action("1.2.3.103", 2).command.status, mcm_status::kCancellationDenied);
  s.backend.cancel_answer = MediaCreationBackend::CancelResult::kCancelled;
  EXPECT_EQ(*s.action("1.2.3.103", 2).command.status, 0x0000);
  // Cancelled = deleted: a later N-GET fails (S.3.2.3.3).
  EXPECT_EQ(*s.get("1.2.3.103").command.status, mcm_status::kNoSuchSopInstance);
  // A request never initiated is deleted at once.
  ASSERT_EQ(*s.create(request(), "1.2.3.104").command.status, 0);
  EXPECT_EQ(*s.action("1.2.3.104", 2).command.status, 0x0000);
  EXPECT_EQ(*s.get("1.2.3.104").command.status, mcm_status::kNoSuchSopInstance);
}

TEST(McmScp, UnknownInstancesActionsAndOperations) {
  Scp s;
  EXPECT_EQ(*s.get("9.9.9").command.status, mcm_status::kNoSuchSopInstance);
  EXPECT_FALSE(s.get("9.9.9").dataset);
  EXPECT_EQ(*s.action("9.9.9", 1).command.status, mcm_status::kNoSuchSopInstance);
  ASSERT_EQ(*s.create(request(), "1.2.3.105").command.status, 0);
  EXPECT_EQ(*s.action("1.2.3.105", 3).command.status, mcm_status::kNoSuchAction);
  DataSet bad;
  bad.set_string(tags::NumberOfCopies, VR::IS, "0");
  EXPECT_EQ(*s.action("1.2.3.105", 1, bad).command.status, mcm_status::kInvalidArgumentValue);
  dimse::Command set;
  set.command_field = dimse::kNSetRq;
  set.message_id = 77;
  set.requested_sop_class_uid = std::string(kMediaCreationManagementSopClass);
  set.requested_sop_instance_uid = "1.2.3.105";
  NReply r = s.scp.handle(set, {}, "RIS");
  EXPECT_EQ(r.command.command_field, dimse::kNSetRsp);
  EXPECT_EQ(*r.command.status, dimse::status::kUnrecognizedOperation);
  NReply other = s.scp.handle(dimse::n_get_rq(5, "1.2.840.10008.5.1.1.1", "1.2.3.105"), {}, "RIS");
  EXPECT_EQ(*other.command.status, mcm_status::kNoSuchSopClass);
}

TEST(NMessages, DataSetsRoundTripInEverySyntaxANetworkUses) {
  const DataSet ds = request();
  for (const char* ts : {kImplicit, kExplicit, kDeflated}) {
    SCOPED_TRACE(ts);
    auto bytes = dimse::encode_dataset(ds, ts);
    ASSERT_TRUE(bytes) << bytes.error().describe();
    auto back = dimse::decode_dataset(*bytes, ts);
    ASSERT_TRUE(back) << back.error().describe();
    EXPECT_EQ(*back->get_string(tags::LabelText), "CT of the chest");
    ASSERT_NE(back->find(tags::ReferencedSOPSequence), nullptr);
    const auto& items = back->find(tags::ReferencedSOPSequence)->items;
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(*items[1].get_string(tags::ReferencedSOPInstanceUID), "1.2.3.4.2");
    EXPECT_EQ(*items[1].get_string(tags::RequestedMediaApplicationProfile), "STD-GEN-CD");
  }
}

TEST(NMessages, ActionInformationStartingInGroup2000Decodes) {
  // Regression guard: a raw data set whose first tag is (2000,0010) is outside the groups the
  // reader's headerless guess accepts; decode_dataset must not depend on guessing.
  DataSet info;
  info.set_string(tags::NumberOfCopies, VR::IS, "2");
  for (const char* ts : {kImplicit, kExplicit}) {
    auto bytes = dimse::encode_dataset(info, ts);
    ASSERT_TRUE(bytes);
    auto back = dimse::decode_dataset(*bytes, ts);
    ASSERT_TRUE(back) << back.error().describe();
    EXPECT_EQ(back->get_int(tags::NumberOfCopies), 2);
  }
  EXPECT_TRUE(dimse::decode_dataset({}, kImplicit)->empty());
  EXPECT_FALSE(dimse::decode_dataset(*dimse::encode_dataset(info, kImplicit), "1.2.3.4.5"));
  EXPECT_FALSE(dimse::encode_dataset(info, "1.2.840.10008.1.2.2"));  // big endian: read only
}

TEST(NMessages, ResponsesCarryTheMandatoryElements) {
  dimse::Command rq = dimse::n_action_rq(9, "1.2.840.10008.5.1.1.33", "1.2.3", 2, false);
  dimse::Command rsp = dimse::n_action_rsp(rq, 0xC201, false, "already completed");
  auto decoded = dimse::decode_command(dimse::encode_command(rsp));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->command_field, dimse::kNActionRsp);
  EXPECT_EQ(*decoded->message_id_being_responded_to, 9);
  EXPECT_EQ(*decoded->status, 0xC201);
  EXPECT_EQ(decoded->affected_sop_class_uid, "1.2.840.10008.5.1.1.33");
  EXPECT_EQ(decoded->affected_sop_instance_uid, "1.2.3");
  EXPECT_EQ(*decoded->action_type_id, 2);
  EXPECT_FALSE(decoded->has_data_set());
  EXPECT_TRUE(dimse::n_get_rsp(dimse::n_get_rq(1, "1.2.840.10008.5.1.1.33", "1.2.3"), 0, true).has_data_set());
}

}  // namespace
}  // namespace discus::net::services
