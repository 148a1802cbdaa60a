// The SCP's registration point (ScpOptions::services) and host hooks (on_stored,
// on_association_end): a registered SOP class is negotiated and its requests reach the handler
// with their data sets; its replies (with and without a data set) reach the SCU; stored
// instances and ended associations are told to the host.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "base/log.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/writer.h"
#include "net/dimse/message.h"
#include "net/dimse/status.h"
#include "net/services/scu.h"
#include "net/services/server.h"
#include "net/services/storage_scu.h"

namespace discus::net::services {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kMcm = "1.2.840.10008.5.1.1.33";  // Media Creation Management (PS3.4 S)

class EchoBack final : public ServiceHandler {
 public:
  std::vector<ServiceReply> handle(const ServiceRequest& rq) noexcept override {
    std::lock_guard lock(m);
    seen.push_back(rq.command.command_field);
    calling = rq.association.calling_ae_title;
    ServiceReply r;
    r.command.command_field = static_cast<std::uint16_t>(rq.command.command_field | 0x8000);
    r.command.message_id_being_responded_to = rq.command.message_id.value_or(0);
    r.command.affected_sop_class_uid = std::string(rq.sop_class_uid);
    r.command.status = dimse::status::kSuccess;
    if (!rq.data_set.empty()) {
      r.command.data_set_type = dimse::kHasDataSet;
      r.data_set.assign(rq.data_set.begin(), rq.data_set.end());  // echoed
    }
    return {r};
  }
  void association_ended(const AssociationInfo&) noexcept override { ++ended; }
  std::mutex m;
  std::vector<std::uint16_t> seen;
  std::string calling;
  std::atomic<int> ended{0};
};

struct Collect final : dimse::MessageReceiver::Handler {
  base::Status on_command(std::uint8_t, const dimse::Command& c) override {
    command = c;
    return {};
  }
  base::Status on_data(base::ByteView f) override {
    data.insert(data.end(), f.begin(), f.end());
    return {};
  }
  base::Status on_message(std::uint8_t, const dimse::Command&) override {
    done = true;
    return {};
  }
  dimse::Command command;
  base::Bytes data;
  bool done = false;
};

TEST(ServerRegistration, RegisteredSopClassReachesItsHandler) {
  const fs::path out = fs::temp_directory_path() / fmt::format("discus-net-reg-{}", ::getpid());
  fs::remove_all(out);
  fs::create_directories(out);
  auto handler = std::make_shared<EchoBack>();
  ScpOptions o;
  o.port = 0;
  o.bind_address = "127.0.0.1";
  o.access.our_ae_title = "TESTSCP";
  o.storage.out_dir = out.string();
  o.storage.fsync = false;
  o.timeouts.artim = o.timeouts.idle = o.timeouts.pdu = std::chrono::milliseconds(2000);
  o.services.push_back({std::string(kMcm), handler, 4096});
  std::atomic<int> stored{0}, ended{0};
  std::string stored_path;
  o.on_stored = [&](const StoredInstance& s) {
    ++stored;
    stored_path = s.path;
  };
  o.on_association_end = [&](const AssociationEnded& e) {
    if (e.released && e.association.calling_ae_title == "RIS") ++ended;
  };
  base::Logger log(base::LogLevel::kError);
  auto server = Server::start(std::move(o), log);
  ASSERT_TRUE(server) << server.error().describe();
  std::atomic<bool> stop{false};
  std::thread t([&] { (*server)->run(stop); });

  ScuOptions so;
  so.calling_ae_title = "RIS";
  so.peer = Peer{"TESTSCP", "127.0.0.1", (*server)->port()};
  so.timeouts.artim = so.timeouts.idle = so.timeouts.pdu = std::chrono::milliseconds(2000);
  ul::PresentationContextRq pc{1, std::string(kMcm), {"1.2.840.10008.1.2.1"}};
  auto e = open_association(so, {pc});
  ASSERT_TRUE(e) << e.error().describe();
  ASSERT_FALSE(e->rejected);
  ASSERT_EQ(e->contexts.size(), 1u) << "the registered SOP class is accepted";
  EXPECT_EQ(e->contexts[0].transfer_syntax, "1.2.840.10008.1.2.1");

  // N-GET without a data set, then N-CREATE with one: answered by the handler, in order.
  dimse::Command get;
  get.command_field = dimse::kNGetRq;
  get.message_id = 1;
  get.requested_sop_class_uid = std::string(kMcm);
  get.requested_sop_instance_uid = "1.2.3.4";
  ASSERT_TRUE(dimse::send_message(*e->association, 1, 0, get));
  auto rsp = dimse::receive_command(*e->association);
  ASSERT_TRUE(rsp) << rsp.error().describe();
  EXPECT_EQ(rsp->second.command_field, dimse::kNGetRsp);
  EXPECT_EQ(rsp->second.message_id_being_responded_to, 1);

  dimse::Command create;
  create.command_field = dimse::kNCreateRq;
  create.message_id = 2;
  create.affected_sop_class_uid = std::string(kMcm);
  create.data_set_type = dimse::kHasDataSet;
  const base::Bytes body{0x08, 0x00, 0x18, 0x00, 0x02, 0x00, 0x00, 0x00, '1', 0};  // (0008,0018) "1"
  dimse::MemorySource ds(body);
  ASSERT_TRUE(dimse::send_message(*e->association, 1, 0, create, &ds));
  Collect got;
  dimse::MessageReceiver receiver;
  while (!got.done) {
    auto in = e->association->receive();
    ASSERT_TRUE(in) << in.error().describe();
    ASSERT_TRUE(std::holds_alternative<ul::PDataTf>(*in));
    ASSERT_TRUE(receiver.feed(std::get<ul::PDataTf>(*in), got));
  }
  EXPECT_EQ(got.command.command_field, dimse::kNCreateRsp);
  EXPECT_EQ(got.data, body) << "the reply's data set reaches the SCU";
  ASSERT_TRUE(e->association->release());

  // A storage association: on_stored is told of the file.
  const fs::path in = out / "in";
  fs::create_directories(in);
  dicom::DataSet inst;
  inst.set_string(dicom::tags::SOPClassUID, dicom::VR::UI, "1.2.840.10008.5.1.4.1.1.7");
  inst.set_string(dicom::tags::SOPInstanceUID, dicom::VR::UI, "1.2.3.77");
  inst.set_string(dicom::tags::StudyInstanceUID, dicom::VR::UI, "1.2.3.70");
  dicom::part10::WriteOptions wo;
  wo.sync = false;
  ASSERT_TRUE(dicom::part10::write_file((in / "a.dcm").string(), inst, nullptr, wo));
  SendOptions send;
  send.scu = so;
  EXPECT_EQ(send_files({(in / "a.dcm").string()}, send).failed(), 0u);

  stop = true;
  t.join();
  EXPECT_EQ(handler->seen, (std::vector<std::uint16_t>{dimse::kNGetRq, dimse::kNCreateRq}));
  EXPECT_EQ(handler->calling, "RIS");
  EXPECT_EQ(handler->ended.load(), 2) << "every association's end is told to the handler";
  EXPECT_EQ(ended.load(), 2);
  EXPECT_EQ(stored.load(), 1);
  EXPECT_EQ(stored_path, (out / "1.2.3.70" / "1.2.3.77.dcm").string());
  fs::remove_all(out);
}

}  // namespace
}  // namespace discus::net::services
