// PDU encode/decode (PS3.8 9.3): round trips of every PDU and sub-item, and hostile lengths.
#include <gtest/gtest.h>

#include "base/endian.h"
#include "net/ul/pdu.h"

namespace discus::net::ul {
namespace {

AssociateRq full_rq() {
  AssociateRq rq;
  rq.called_ae_title = "STORESCP";
  rq.calling_ae_title = "DISCUS";
  rq.presentation_contexts = {{1, "1.2.840.10008.1.1", {"1.2.840.10008.1.2"}},
                              {3, "1.2.840.10008.5.1.4.1.1.2", {"1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.1"}}};
  UserInformation& ui = rq.user_information;
  ui.max_pdu_length = 16384;
  ui.implementation_class_uid = "1.2.3.4";
  ui.implementation_version_name = "TEST_1";
  ui.async_operations = AsyncOperationsWindow{5, 0};
  ui.role_selections = {{"1.2.840.10008.5.1.4.1.1.2", true, true}};
  ui.extended_negotiations = {{"1.2.840.10008.5.1.4.1.2.2.1", {1, 1, 0, 1}}};
  ui.common_extended_negotiations = {{"1.2.840.10008.5.1.4.1.1.88.22", "1.2.840.10008.4.2", {"1.2.840.10008.5.1.4.1.1.88.11"}}};
  ui.user_identity_rq = UserIdentityRq{2, true, {'u', 's', 'r'}, {'p', 'w'}};
  ui.unknown = {{0x5A, {1, 2, 3}}};
  return rq;
}

TEST(Pdu, AssociateRqRoundTripsEverySubItem) {
  const AssociateRq rq = full_rq();
  const base::Bytes wire = encode(Pdu{rq});
  auto back = decode_pdu(wire, 16384);
  ASSERT_TRUE(back) << back.error().describe();
  const auto& b = std::get<AssociateRq>(*back);
  EXPECT_EQ(b.called_ae_title, "STORESCP");
  EXPECT_EQ(b.calling_ae_title, "DISCUS");
  ASSERT_EQ(b.presentation_contexts.size(), 2u);
  EXPECT_EQ(b.presentation_contexts[1].transfer_syntaxes.size(), 2u);
  EXPECT_EQ(b.user_information.max_pdu_length, 16384u);
  EXPECT_EQ(b.user_information.implementation_version_name, "TEST_1");
  ASSERT_TRUE(b.user_information.async_operations);
  EXPECT_EQ(b.user_information.async_operations->max_operations_invoked, 5);
  ASSERT_EQ(b.user_information.role_selections.size(), 1u);
  EXPECT_TRUE(b.user_information.role_selections[0].scp_role);
  ASSERT_EQ(b.user_information.extended_negotiations.size(), 1u);
  EXPECT_EQ(b.user_information.extended_negotiations[0].service_class_application_information, (base::Bytes{1, 1, 0, 1}));
  ASSERT_EQ(b.user_information.common_extended_negotiations.size(), 1u);
  EXPECT_EQ(b.user_information.common_extended_negotiations[0].related_general_sop_classes.size(), 1u);
  ASSERT_TRUE(b.user_information.user_identity_rq);
  EXPECT_EQ(b.user_information.user_identity_rq->secondary_field, (base::Bytes{'p', 'w'}));
  ASSERT_EQ(b.user_information.unknown.size(), 1u);
  EXPECT_EQ(encode(Pdu{b}), wire);
}

TEST(Pdu, AssociateAcRjReleaseAbortRoundTrip) {
  AssociateAc ac;
  ac.called_ae_title = "A";
  ac.calling_ae_title = "B";
  ac.presentation_contexts = {{1, ContextResult::kAcceptance, "1.2.840.10008.1.2"},
                              {3, ContextResult::kTransferSyntaxesNotSupported, "1.2.840.10008.1.2"}};
  ac.user_information.max_pdu_length = 0;
  ac.user_information.implementation_class_uid = "1.2";
  ac.user_information.user_identity_ac = base::Bytes{'o', 'k'};
  for (const Pdu& p : {Pdu{ac}, Pdu{AssociateRj{RejectResult::kTransient, RejectSource::kServiceProviderPresentation, 2}},
                       Pdu{ReleaseRq{}}, Pdu{ReleaseRp{}}, Pdu{Abort{AbortSource::kServiceProvider, 6}}}) {
    const base::Bytes wire = encode(p);
    auto back = decode_pdu(wire, 1 << 20);
    ASSERT_TRUE(back) << back.error().describe();
    EXPECT_EQ(back->index(), p.index());
    EXPECT_EQ(encode(*back), wire);
  }
}

TEST(Pdu, PDataCarriesSeveralPdvsAsViews) {
  base::Bytes a{1, 2, 3}, b{4};
  PDataTf p;
  p.pdvs = {{1, 0x01, a}, {1, 0x03, b}};
  const base::Bytes wire = encode(Pdu{p});
  auto back = decode_pdu(wire, 1 << 16);
  ASSERT_TRUE(back);
  const auto& d = std::get<PDataTf>(*back);
  ASSERT_EQ(d.pdvs.size(), 2u);
  EXPECT_TRUE(d.pdvs[1].is_command());
  EXPECT_TRUE(d.pdvs[1].is_last());
  EXPECT_EQ(d.pdvs[0].data.size(), 3u);
  base::Bytes one;
  encode_p_data(one, 5, 0x02, a);
  auto single = decode_pdu(one, 1 << 16);
  ASSERT_TRUE(single);
  EXPECT_EQ(std::get<PDataTf>(*single).pdvs[0].context_id, 5);
}

TEST(Pdu, LengthAboveTheMaximumIsRefusedFromTheHeader) {
  // A 4 GB P-DATA-TF header: refused before anything is allocated.
  const base::Bytes h{0x04, 0x00, 0xFF, 0xFF, 0xFF, 0xFF};
  auto r = decode_header(h, 16384);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kLimitExceeded);
  const base::Bytes rq{0x01, 0x00, 0x10, 0x00, 0x00, 0x00};  // 256 MiB A-ASSOCIATE-RQ
  EXPECT_FALSE(decode_header(rq, 16384));
  const base::Bytes unknown{0x09, 0x00, 0x00, 0x00, 0x00, 0x04};
  auto u = decode_header(unknown, 16384);
  ASSERT_FALSE(u);
  EXPECT_NE(u.error().message.find("unknown PDU type"), std::string::npos);
}

TEST(Pdu, ItemLengthsPastTheirContainerAreRefused) {
  base::Bytes wire = encode(Pdu{full_rq()});
  // The first item (application context, at offset 74) claims 0xFFFF bytes.
  wire[74 + 2] = 0xFF;
  wire[74 + 3] = 0xFF;
  auto r = decode_pdu(wire, 1 << 20);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kBadLength);
}

TEST(Pdu, PdvLengthsAreChecked) {
  base::Bytes wire;
  encode_p_data(wire, 1, 0x02, base::Bytes{1, 2, 3, 4});
  base::store_le<std::uint32_t>(wire.data() + 6, 0);  // any nonzero BE value > remaining
  wire[6] = 0x7F;
  EXPECT_FALSE(decode_pdu(wire, 1 << 20));
  encode_p_data(wire, 1, 0x02, base::Bytes{});
  wire[9] = 1;  // item length 1 (< 2)
  EXPECT_FALSE(decode_pdu(wire, 1 << 20));
  encode_p_data(wire, 1, 0x80, base::Bytes{1, 2});  // reserved control bits set
  EXPECT_FALSE(decode_pdu(wire, 1 << 20));
}

TEST(Pdu, EveryTruncationOfAnAssociateRqFails) {
  const base::Bytes wire = encode(Pdu{full_rq()});
  for (std::size_t n = 0; n < wire.size(); ++n) {
    auto r = decode_pdu(base::ByteView(wire.data(), n), 1 << 20);
    EXPECT_FALSE(r) << n;
  }
}

TEST(Pdu, AeTitles) {
  EXPECT_TRUE(valid_ae_title("STORESCP"));
  EXPECT_FALSE(valid_ae_title(""));
  EXPECT_FALSE(valid_ae_title("                "));
  EXPECT_FALSE(valid_ae_title("A\\B"));
  EXPECT_FALSE(valid_ae_title("SEVENTEEN_CHARS_X"));
  EXPECT_EQ(trim_ae_title("  AE   "), "AE");
}

}  // namespace
}  // namespace discus::net::ul
