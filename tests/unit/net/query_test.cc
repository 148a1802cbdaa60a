// Query/Retrieve (issue 16): identifiers from KEY=VALUE text (PS3.4 C.2.2.2 matching keys,
// sequence paths), Q/R messages (PS3.7 9.3.2-9.3.4), identifier encoding and hostile decoding.
#include <gtest/gtest.h>

#include "dicom/dict/tags.h"
#include "net/dimse/query_retrieve.h"
#include "net/services/query_keys.h"
#include "net/services/worklist_scu.h"

namespace discus::net {
namespace {

using dicom::tags::PatientID;
using dicom::tags::ScheduledProcedureStepSequence;

TEST(QueryKeys, KeywordsTagsAndPathsBuildOneIdentifier) {
  auto id = services::build_identifier({"PatientID=12*", "(0008,0020)=20260101-20261231", "0010,0010",
                                        "ScheduledProcedureStepSequence.Modality=CT",
                                        "ScheduledProcedureStepSequence.ScheduledStationAETitle=CT1", "StudyInstanceUID=1.2\\1.3"},
                                       services::QueryLevel::kStudy);
  ASSERT_TRUE(id) << id.error().describe();
  EXPECT_EQ(id->get_string(PatientID), "12*");
  EXPECT_EQ(id->get_string(dicom::tags::StudyDate), "20260101-20261231");
  ASSERT_NE(id->find(dicom::tags::PatientName), nullptr);
  EXPECT_EQ(id->find(dicom::tags::PatientName)->value.size(), 0u);  // a return key
  EXPECT_EQ(id->get_string(dicom::tags::QueryRetrieveLevel), "STUDY");
  EXPECT_EQ(id->get_strings(dicom::tags::StudyInstanceUID).size(), 2u);  // a list of UIDs
  const auto* sps = id->find(ScheduledProcedureStepSequence);
  ASSERT_NE(sps, nullptr);
  ASSERT_EQ(sps->items.size(), 1u);  // both keys in the one item (sequence matching)
  EXPECT_EQ(sps->items[0].get_string(dicom::tags::Modality), "CT");
  EXPECT_EQ(sps->items[0].get_string(dicom::tags::ScheduledStationAETitle), "CT1");
  EXPECT_TRUE(id->contains(dicom::tags::SpecificCharacterSet));
}

TEST(QueryKeys, TheLevelsUniqueKeyIsAskedForAndUtf8IsDeclared) {
  auto id = services::build_identifier({"PatientName=MÜLLER*"}, services::QueryLevel::kSeries);
  ASSERT_TRUE(id);
  EXPECT_TRUE(id->contains(dicom::tags::SeriesInstanceUID));
  EXPECT_EQ(id->get_string(dicom::tags::SpecificCharacterSet), "ISO_IR 192");
}

TEST(QueryKeys, BadKeysAreRefusedWithTheReason) {
  for (const char* bad : {"NoSuchKeyword=1", "=1", "PatientID.Modality=1", "(0002,0010)=1", "ReferencedSeriesSequence=1",
                          "(0009,0010)=x", "Rows=abc", "(ZZZZ,0010)"}) {
    auto id = services::build_identifier({bad}, std::nullopt);
    EXPECT_FALSE(id) << bad;
  }
  auto rows = services::build_identifier({"Rows=512"}, std::nullopt);
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->get_uint16(dicom::tags::Rows), 512);
}

TEST(QueryKeys, WorklistIdentifierHasTheReconcilersReturnKeys) {
  services::WorklistQuery q;
  q.patient_id = "P1";
  q.modality = "CT";
  q.sps_start_date = "20261206";
  auto id = services::worklist_identifier(q);
  ASSERT_TRUE(id);
  EXPECT_EQ(id->get_string(PatientID), "P1");
  EXPECT_FALSE(id->contains(dicom::tags::QueryRetrieveLevel));  // PS3.4 K.6: no level in MWL
  const auto* sps = id->find(ScheduledProcedureStepSequence);
  ASSERT_TRUE(sps != nullptr && sps->items.size() == 1);
  EXPECT_EQ(sps->items[0].get_string(dicom::tags::Modality), "CT");
  EXPECT_TRUE(sps->items[0].contains(dicom::tags::ScheduledProcedureStepID));
  EXPECT_TRUE(id->contains(dicom::tags::AccessionNumber));
}

TEST(QueryRetrieve, IdentifiersRoundTripInBothNativeSyntaxes) {
  auto id = services::build_identifier({"PatientID=12345", "ScheduledProcedureStepSequence.Modality=MR", "PatientName"},
                                       services::QueryLevel::kPatient);
  ASSERT_TRUE(id);
  for (const char* ts : {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1"}) {
    auto bytes = dimse::encode_identifier(*id, ts);
    ASSERT_TRUE(bytes) << bytes.error().describe();
    auto back = dimse::decode_identifier(*bytes, ts);
    ASSERT_TRUE(back) << back.error().describe();
    EXPECT_EQ(back->get_string(PatientID), "12345");
    EXPECT_TRUE(back->contains(dicom::tags::PatientName));
    const auto* sps = back->find(ScheduledProcedureStepSequence);
    ASSERT_TRUE(sps != nullptr && sps->items.size() == 1);
    EXPECT_EQ(sps->items[0].get_string(dicom::tags::Modality), "MR");
  }
  EXPECT_FALSE(dimse::encode_identifier(*id, "1.2.840.10008.1.2.4.50"));  // not for identifiers
}

TEST(QueryRetrieve, HostileIdentifiersAreErrorsNamingTheOffset) {
  auto bytes = dimse::encode_identifier(*services::build_identifier({"PatientID=12345"}, std::nullopt), "1.2.840.10008.1.2.1");
  ASSERT_TRUE(bytes);
  for (std::size_t cut = 1; cut < bytes->size(); ++cut) {
    base::Bytes b(bytes->begin(), bytes->begin() + static_cast<std::ptrdiff_t>(cut));
    auto r = dimse::decode_identifier(b, "1.2.840.10008.1.2.1");
    if (!r) {
      EXPECT_NE(r.error().message.find("malformed identifier"), std::string::npos);
    }
  }
  base::Bytes huge = *bytes;
  huge[6] = 0xFF;  // the first element's length far beyond the bytes
  huge[7] = 0x7F;
  auto r = dimse::decode_identifier(huge, "1.2.840.10008.1.2.1");
  ASSERT_FALSE(r);
  EXPECT_LT(r.error().offset.value_or(0), bytes->size());  // offsets count from the identifier
  EXPECT_FALSE(dimse::decode_identifier(*bytes, "1.2.3.4.5"));  // an unknown syntax
}

TEST(QueryRetrieve, MessagesAndStatuses) {
  const auto move = dimse::decode_command(dimse::encode_command(dimse::c_move_rq(3, "1.2.840.10008.5.1.4.1.2.2.2", "DEST")));
  ASSERT_TRUE(move);
  EXPECT_EQ(move->command_field, dimse::kCMoveRq);
  EXPECT_EQ(move->move_destination, "DEST");
  EXPECT_TRUE(move->has_data_set());
  const auto cancel = dimse::decode_command(dimse::encode_command(dimse::c_cancel_rq(3)));
  ASSERT_TRUE(cancel);
  EXPECT_EQ(cancel->command_field, dimse::kCCancelRq);
  EXPECT_EQ(cancel->message_id_being_responded_to, 3);
  EXPECT_FALSE(cancel->has_data_set());
  EXPECT_EQ(dimse::describe_qr_status(0xA801), "A801H Refused: Move Destination unknown");
  EXPECT_EQ(dimse::describe_qr_status(0xB000), "B000H Warning: sub-operations complete, one or more failures or warnings");
  EXPECT_EQ(dimse::describe_qr_status(0xA9F3).substr(0, 12), "A9F3H Failed");
}

}  // namespace
}  // namespace discus::net
