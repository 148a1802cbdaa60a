// Services over loopback in-process: our SCU against our SCP (echo, store, duplicates, refusals),
// access control, and an association over an in-memory peer.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <filesystem>
#include <thread>

#include "base/log.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"
#include "net/services/access.h"
#include "net/services/server.h"
#include "net/services/storage_scu.h"

namespace discus::net::services {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  fs::path p = fs::temp_directory_path() / fmt::format("discus-net-{}-{}", name, ::getpid());
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

std::string write_instance(const fs::path& dir, const std::string& uid, std::string_view ts = "1.2.840.10008.1.2.1") {
  using namespace dicom;
  DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, "1.2.840.10008.5.1.4.1.1.7");
  ds.set_string(tags::SOPInstanceUID, VR::UI, uid);
  ds.set_string(tags::StudyInstanceUID, VR::UI, "1.2.826.0.1.3680043.2.1");
  ds.set_string(tags::PatientID, VR::LO, "ID1");
  ds.set_uint16(tags::Rows, 2);
  ds.set_uint16(tags::Columns, 2);
  ds.set_uint16(tags::BitsAllocated, 8);
  ds.set_uint16(tags::BitsStored, 8);
  ds.set_uint16(tags::HighBit, 7);
  ds.set_uint16(tags::SamplesPerPixel, 1);
  ds.set_uint16(tags::PixelRepresentation, 0);
  ds.set_string(tags::PhotometricInterpretation, VR::CS, "MONOCHROME2");
  ds.set_bytes(tags::PixelData, VR::OB, base::Bytes{1, 2, 3, 4});
  part10::WriteOptions wo;
  wo.transfer_syntax_uid = std::string(ts);
  wo.sync = false;
  const std::string path = (dir / (uid + ".dcm")).string();
  EXPECT_TRUE(part10::write_file(path, ds, nullptr, wo));
  return path;
}

struct RunningServer {
  explicit RunningServer(ScpOptions o) : log(base::LogLevel::kError) {
    auto s = Server::start(std::move(o), log);
    EXPECT_TRUE(s) << s.error().describe();
    server = std::move(*s);
    thread = std::thread([this] { server->run(stop); });
  }
  ~RunningServer() {
    stop = true;
    thread.join();
  }
  base::Logger log;
  std::unique_ptr<Server> server;
  std::atomic<bool> stop{false};
  std::thread thread;
};

ScpOptions scp_options(const fs::path& out) {
  ScpOptions o;
  o.port = 0;
  o.bind_address = "127.0.0.1";
  o.access.our_ae_title = "TESTSCP";
  o.storage.out_dir = out.string();
  o.storage.fsync = false;
  o.timeouts.artim = o.timeouts.idle = o.timeouts.pdu = std::chrono::milliseconds(2000);
  return o;
}

ScuOptions scu_to(const RunningServer& s, const std::string& aet = "TESTSCP") {
  ScuOptions o;
  o.peer = Peer{aet, "127.0.0.1", s.server->port()};
  o.timeouts.artim = o.timeouts.idle = o.timeouts.pdu = std::chrono::milliseconds(2000);
  return o;
}

TEST(Services, EchoAndStoreOverLoopback) {
  const fs::path in = temp_dir("in"), out = temp_dir("out");
  const std::string a = write_instance(in, "1.2.3.1"), b = write_instance(in, "1.2.3.2", "1.2.840.10008.1.2");
  RunningServer s(scp_options(out));
  auto e = echo(scu_to(s));
  ASSERT_TRUE(e) << e.error().describe();
  EXPECT_EQ(e->status, 0);
  SendOptions so;
  so.scu = scu_to(s);
  so.scu.max_pdu_length = 4096;
  const SendResult r = send_files({in.string()}, so);
  ASSERT_EQ(r.files.size(), 2u);
  EXPECT_EQ(r.failed(), 0u) << r.files[0].error << r.files[1].error;
  const fs::path stored = out / "1.2.826.0.1.3680043.2.1" / "1.2.3.2.dcm";
  ASSERT_TRUE(fs::exists(stored));
  auto f = dicom::part10::read_file(stored.string());
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_EQ(f->transfer_syntax->uid, "1.2.840.10008.1.2");
  EXPECT_EQ(f->meta.get_string(dicom::tags::SourceApplicationEntityTitle), "DISCUS");
  EXPECT_EQ(f->dataset.get_string(dicom::tags::PatientID), "ID1");
}

TEST(Services, DuplicatesFollowThePolicy) {
  const fs::path in = temp_dir("dup-in"), out = temp_dir("dup-out");
  write_instance(in, "1.2.3.9");
  ScpOptions o = scp_options(out);
  o.storage.duplicates = DuplicatePolicy::kReject;
  RunningServer s(o);
  SendOptions so;
  so.scu = scu_to(s);
  EXPECT_EQ(send_files({in.string()}, so).failed(), 0u);
  const SendResult again = send_files({in.string()}, so);
  ASSERT_EQ(again.files.size(), 1u);
  EXPECT_EQ(again.files[0].status, 0x0111);
}

TEST(Services, WrongCalledAeIsRejected) {
  const fs::path out = temp_dir("rj");
  RunningServer s(scp_options(out));
  auto e = echo(scu_to(s, "SOMEONEELSE"));
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->rejected);
  EXPECT_EQ(e->rejected->reason, ul::reject_reason::kCalledAeNotRecognized);
}

TEST(Services, NoIncomingFilesAreLeftBehind) {
  const fs::path out = temp_dir("sweep");
  std::ofstream(out / ".discus-incoming-abc123") << "half";
  EXPECT_EQ(sweep_incoming(out.string()), 1u);
  EXPECT_FALSE(valid_uid("../etc/passwd"));
  EXPECT_FALSE(valid_uid("1..2"));
  EXPECT_TRUE(valid_uid("1.2.840.10008.1.1"));
}

TEST(Access, AddressesAndTitles) {
  EXPECT_TRUE(address_matches("10.0.0.0/8", "10.1.2.3"));
  EXPECT_FALSE(address_matches("10.0.0.0/8", "11.1.2.3"));
  EXPECT_TRUE(address_matches("127.0.0.1", "::ffff:127.0.0.1"));
  EXPECT_TRUE(address_matches("::1", "::1"));
  EXPECT_FALSE(address_matches("garbage", "::1"));
  AccessPolicy p;
  p.our_ae_title = "ME";
  p.calling_ae_titles = {"MODALITY"};
  p.addresses = {"192.0.2.0/24"};
  ul::AssociateRq rq;
  rq.called_ae_title = "ME";
  rq.calling_ae_title = "MODALITY";
  EXPECT_FALSE(check_access(p, rq, "192.0.2.9"));
  EXPECT_TRUE(check_access(p, rq, "198.51.100.1"));
  rq.calling_ae_title = "OTHER";
  EXPECT_EQ(check_access(p, rq, "192.0.2.9")->reason, ul::reject_reason::kCallingAeNotRecognized);
}

}  // namespace
}  // namespace discus::net::services
