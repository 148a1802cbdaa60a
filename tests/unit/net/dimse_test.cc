// DIMSE: command sets (PS3.7 E), status classes (C), fragmentation and reassembly (PS3.8 E),
// and negotiation (PS3.8 9.3.3.2).
#include <gtest/gtest.h>

#include "net/dimse/command.h"
#include "net/dimse/message.h"
#include "net/dimse/negotiation.h"
#include "net/dimse/status.h"
#include "net/ul/association.h"

namespace discus::net::dimse {
namespace {

TEST(Command, CStoreRqRoundTripsAndIsImplicitVrLittleEndian) {
  const Command rq = c_store_rq(7, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5");
  const base::Bytes wire = encode_command(rq);
  // (0000,0000) UL 4 in implicit VR LE: 00 00 00 00 04 00 00 00 <len>
  ASSERT_GE(wire.size(), 12u);
  EXPECT_EQ(wire[4], 4);
  EXPECT_EQ(wire[8] | (wire[9] << 8), static_cast<int>(wire.size() - 12));
  auto back = decode_command(wire);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->command_field, kCStoreRq);
  EXPECT_EQ(back->affected_sop_instance_uid, "1.2.3.4.5");  // odd length: padded with NUL, trimmed back
  EXPECT_EQ(back->message_id, 7);
  EXPECT_TRUE(back->has_data_set());
  const Command rsp = c_store_rsp(*back, status::kSuccess);
  auto r = decode_command(encode_command(rsp));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message_id_being_responded_to, 7);
  EXPECT_FALSE(r->has_data_set());
  EXPECT_EQ(r->status, 0);
}

TEST(Command, HostileCommandSetsAreRefused) {
  base::Bytes wire = encode_command(c_echo_rq(1));
  base::Bytes bad = wire;
  bad[8] ^= 0x01;  // group length off by one
  EXPECT_FALSE(decode_command(bad));
  bad = wire;
  bad[16] = 0xFF;  // an element length beyond the set (second element's length, low byte)
  bad[17] = 0xFF;
  bad[18] = 0xFF;
  bad[19] = 0x7F;
  EXPECT_FALSE(decode_command(bad));
  bad = wire;
  bad[0] = 0x08;  // group 0008 in a command set
  EXPECT_FALSE(decode_command(bad));
  EXPECT_FALSE(decode_command(base::Bytes{}));  // no command field
  for (std::size_t n = 1; n < wire.size(); ++n) EXPECT_FALSE(decode_command(base::ByteView(wire.data(), n))) << n;
}

TEST(Status, ClassesFollowTheRanges) {
  EXPECT_EQ(classify(0x0000), StatusClass::kSuccess);
  EXPECT_EQ(classify(0xB000), StatusClass::kWarning);
  EXPECT_EQ(classify(0xB123), StatusClass::kWarning);
  EXPECT_EQ(classify(0xFF00), StatusClass::kPending);
  EXPECT_EQ(classify(0xFE00), StatusClass::kCancel);
  EXPECT_EQ(classify(0xA700), StatusClass::kFailure);
  EXPECT_EQ(classify(0xC123), StatusClass::kFailure);
  EXPECT_EQ(describe_status(0xA700), "A700H Refused: out of resources");
}

TEST(Negotiation, PicksAProposedSyntaxWeSupportPerContext) {
  ul::AssociateRq rq;
  rq.presentation_contexts = {
      {1, "1.2.840.10008.1.1", {"1.2.840.10008.1.2"}},
      {3, "1.2.840.10008.5.1.4.1.1.2", {"1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.1"}},
      {5, "1.2.840.10008.5.1.4.1.1.2", {"1.2.3.4.5.6"}},      // unknown syntax
      {7, "1.2.840.10008.5.1.4.31", {"1.2.840.10008.1.2"}},   // worklist FIND: not ours
      {9, "1.2.840.10008.1.20.1", {"1.2.840.10008.1.2"}},     // storage commitment: not storage
  };
  rq.user_information.async_operations = ul::AsyncOperationsWindow{10, 10};
  AcceptPolicy p;
  const ul::AssociateAc ac = negotiate(rq, p, 32768);
  ASSERT_EQ(ac.presentation_contexts.size(), 5u);
  EXPECT_EQ(ac.presentation_contexts[0].result, ul::ContextResult::kAcceptance);
  EXPECT_EQ(ac.presentation_contexts[1].transfer_syntax, "1.2.840.10008.1.2.4.70");  // compressed, as proposed first
  EXPECT_EQ(ac.presentation_contexts[2].result, ul::ContextResult::kTransferSyntaxesNotSupported);
  EXPECT_EQ(ac.presentation_contexts[3].result, ul::ContextResult::kAbstractSyntaxNotSupported);
  EXPECT_EQ(ac.presentation_contexts[4].result, ul::ContextResult::kAbstractSyntaxNotSupported);
  EXPECT_EQ(ac.user_information.async_operations->max_operations_invoked, 1);
  const auto pcs = accepted_contexts(rq, ac);
  ASSERT_EQ(pcs.size(), 2u);
  EXPECT_NE(find_context(pcs, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.4.70"), nullptr);
  EXPECT_EQ(find_context(pcs, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1"), nullptr);
  EXPECT_TRUE(is_storage_sop_class("1.2.840.10008.5.1.4.1.1.2"));
  EXPECT_FALSE(is_storage_sop_class("1.2.840.10008.1.20.1"));
}

// A handler that records what the receiver hands it.
struct Recorder final : MessageReceiver::Handler {
  base::Status on_command(std::uint8_t, const Command& c) override {
    commands.push_back(c.command_field);
    return {};
  }
  base::Status on_data(base::ByteView f) override {
    data.insert(data.end(), f.begin(), f.end());
    return {};
  }
  base::Status on_message(std::uint8_t, const Command&) override {
    ++messages;
    return {};
  }
  std::vector<std::uint16_t> commands;
  base::Bytes data;
  int messages = 0;
};

TEST(Message, FragmentsOfAnySizeReassemble) {
  const base::Bytes cmd = encode_command(c_store_rq(1, "1.2.840.10008.5.1.4.1.1.7", "1.2.3"));
  base::Bytes ds(1000);
  for (std::size_t i = 0; i < ds.size(); ++i) ds[i] = static_cast<std::uint8_t>(i);
  for (std::size_t step : {1u, 7u, 64u, 4096u}) {
    MessageReceiver r;
    Recorder rec;
    for (std::size_t at = 0; at < cmd.size(); at += step) {
      const std::size_t n = std::min(step, cmd.size() - at);
      ul::PDataTf p;
      p.pdvs = {{1, static_cast<std::uint8_t>(at + n == cmd.size() ? 0x03 : 0x01), base::ByteView(cmd).subspan(at, n)}};
      ASSERT_TRUE(r.feed(p, rec));
    }
    for (std::size_t at = 0; at < ds.size(); at += step) {
      const std::size_t n = std::min(step, ds.size() - at);
      ul::PDataTf p;
      p.pdvs = {{1, static_cast<std::uint8_t>(at + n == ds.size() ? 0x02 : 0x00), base::ByteView(ds).subspan(at, n)}};
      ASSERT_TRUE(r.feed(p, rec));
    }
    EXPECT_EQ(rec.messages, 1) << step;
    EXPECT_EQ(rec.data, ds) << step;
    EXPECT_TRUE(r.idle());
  }
}

TEST(Message, OutOfOrderFragmentsAreProtocolErrors) {
  base::Bytes some{1, 2};
  Recorder rec;
  {
    MessageReceiver r;  // data before any command
    ul::PDataTf p;
    p.pdvs = {{1, 0x02, some}};
    EXPECT_FALSE(r.feed(p, rec));
  }
  {
    MessageReceiver r;  // command on another context mid-way
    ul::PDataTf p;
    p.pdvs = {{1, 0x01, some}, {3, 0x01, some}};
    EXPECT_FALSE(r.feed(p, rec));
  }
  {
    MessageReceiver r;  // a command set beyond the cap
    base::Bytes big(kMaxCommandLength + 1);
    ul::PDataTf p;
    p.pdvs = {{1, 0x01, big}};
    EXPECT_FALSE(r.feed(p, rec));
  }
}

TEST(Message, FragmentSizeFollowsThePeersMaximum) {
  EXPECT_EQ(max_fragment(16384), 16378u);
  EXPECT_EQ(max_fragment(0), 1u << 20);
}

}  // namespace
}  // namespace discus::net::dimse
