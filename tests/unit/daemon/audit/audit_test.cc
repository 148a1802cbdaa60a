// src/daemon/audit: XML escaping, syslog framing (RFC 5424/5425), repository URLs, the local log
// (append, reopen, a torn last line, paging, release records), the DICOMDIR inventory and the
// record of a verified copy. Schema validity is audit_schema_test.py's (jing); the network is
// audit_syslog_test.py's.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "daemon/audit/inventory.h"
#include "daemon/audit/log_store.h"
#include "daemon/audit/message.h"
#include "daemon/audit/release.h"
#include "daemon/audit/service_trail.h"
#include "daemon/audit/syslog.h"
#include "daemon/audit/xml.h"

namespace audit = discus::daemon::audit;
namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() {
    std::string t = (fs::temp_directory_path() / "discus-audit-XXXXXX").string();
    path_ = ::mkdtemp(t.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

const char* kPydicomDicomdir = "/usr/lib/python3/dist-packages/pydicom/data/test_files/dicomdirtests/DICOMDIR";

}  // namespace

TEST(AuditXml, EscapesMarkupControlsAndBadUtf8) {
  EXPECT_EQ(audit::xml_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
  EXPECT_EQ(audit::xml_escape("x\x01y\tz\n"), "x\\x01y&#9;z&#10;");
  EXPECT_EQ(audit::xml_escape("\xE9"), "\\xE9");  // Latin-1 byte: visible, never raw
  EXPECT_EQ(audit::xml_escape("\xEF\xBF\xBF"), "\\u{FFFF}");
  audit::Xml x;
  x.open("A").attr("v", "</A><B/>").text("<C>").close();
  EXPECT_EQ(x.str(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><A v=\"&lt;/A&gt;&lt;B/&gt;\">&lt;C&gt;</A>");
}

TEST(AuditMessage, EventDateTimeIsUtcWithMilliseconds) {
  EXPECT_EQ(audit::event_date_time(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(audit::event_date_time(1796000000123), "2026-11-30T00:53:20.123Z");
}

TEST(AuditMessage, ExportNamesItsReleaseRecordAndMedium) {
  audit::MediumExported e;
  e.requestor.user_id = "alice";
  e.medium.media_identifier = "1.2.3";
  e.medium.job_id = 9;
  e.medium.copy = 2;
  e.recipient = "Dr. X";
  e.purpose = "referral";
  const auto m = audit::audit_messages(e, audit::Source{"st", "", "discusd", "1", "h"}, {5, 42});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(m[0].find("csd-code=\"110106\""), std::string::npos);
  EXPECT_NE(m[0].find("UserID=\"1.2.3\""), std::string::npos);
  EXPECT_NE(m[0].find("<MediaIdentifier><MediaType csd-code=\"110037\""), std::string::npos);  // no type: URI
  // ReleaseRecord = base64("42") = "NDI="
  EXPECT_NE(m[0].find("type=\"ReleaseRecord\" value=\"NDI=\""), std::string::npos);
  EXPECT_NE(m[0].find("ParticipantObjectID=\"9/2\""), std::string::npos);
}

TEST(AuditMessage, SinglePatientMessagesAreSplit) {
  audit::InstancesPurged e;
  e.patients = {{"P1", ""}, {"P2", ""}};
  e.studies = {{"1.1", {}, "", "P1"}, {"2.2", {}, "", "P2"}, {"3.3", {}, "", "P2"}};
  const auto m = audit::audit_messages(e, audit::Source{}, {1, 1});
  ASSERT_EQ(m.size(), 2u);
  EXPECT_NE(m[0].find("ParticipantObjectID=\"1.1\""), std::string::npos);
  EXPECT_EQ(m[0].find("ParticipantObjectID=\"2.2\""), std::string::npos);
  EXPECT_NE(m[1].find("ParticipantObjectID=\"3.3\""), std::string::npos);
}

TEST(AuditSyslog, Rfc5424HeaderAndRfc5425OctetCounting) {
  const std::string m = audit::syslog_message("<AuditMessage/>", 0, {"burn 1", "discusd", "77"});
  EXPECT_EQ(m, "<85>1 1970-01-01T00:00:00.000Z burn_1 discusd 77 IHE+RFC-3881 - \xEF\xBB\xBF<AuditMessage/>");
  EXPECT_EQ(audit::octet_counted("abc"), "3 abc");
  EXPECT_EQ(audit::syslog_message("x", 0, {"", "", ""}).substr(0, 40), "<85>1 1970-01-01T00:00:00.000Z - - - IHE");
}

TEST(AuditSyslog, RepositoryUrls) {
  auto a = audit::parse_repository("tls://audit.example.org");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->protocol, audit::RepositoryAddress::Protocol::kTls);
  EXPECT_EQ(a->port, 6514);
  a = audit::parse_repository("udp://[::1]:5140");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 5140);
  EXPECT_EQ(audit::parse_repository("udp://10.0.0.1")->port, 514);
  EXPECT_FALSE(audit::parse_repository("tcp://x:1"));
  EXPECT_FALSE(audit::parse_repository("tls://x:0"));
  EXPECT_FALSE(audit::parse_repository("tls://x:65536"));
  EXPECT_FALSE(audit::parse_repository("udp://:514"));
  EXPECT_FALSE(audit::parse_repository("udp://[::1"));
}

TEST(AuditLog, AppendsNumbersAndReopensAfterATornLine) {
  TempDir dir;
  {
    auto log = audit::LogStore::open(dir.path());
    ASSERT_TRUE(log);
    for (int i = 0; i < 3; ++i) {
      audit::LogRecord r;
      r.kind = "export";
      r.messages = {"<m" + std::to_string(i) + "/>"};
      auto seq = log->append(r);
      ASSERT_TRUE(seq);
      EXPECT_EQ(*seq, static_cast<std::uint64_t>(i + 1));
    }
  }
  // A crash in the middle of an append leaves a torn line.
  { std::ofstream(audit::log_path(dir.path()), std::ios::app) << "{\"seq\":4,\"kind\":\"ex"; }
  {
    auto log = audit::LogStore::open(dir.path());
    ASSERT_TRUE(log);
    EXPECT_EQ(log->last_sequence(), 3u);
    auto seq = log->append(audit::LogRecord{0, 7, "purge", {"<p/>"}, std::nullopt});
    ASSERT_TRUE(seq);
    EXPECT_EQ(*seq, 4u);
  }
  auto page = audit::read_audit_log(dir.path(), {0, 2, "", false});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->records.size(), 2u);
  EXPECT_EQ(page->next_after, 2u);
  page = audit::read_audit_log(dir.path(), {page->next_after, 10, "", false});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->records.size(), 2u);
  EXPECT_EQ(page->records[1].kind, "purge");
  EXPECT_EQ(page->records[1].messages[0], "<p/>");
  EXPECT_EQ(page->next_after, 0u);
  // The log is append-only: the torn line is still there, ended, not rewritten.
  std::ifstream in(audit::log_path(dir.path()));
  std::string all((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(all.find("\"kind\":\"ex\n"), std::string::npos);
}

TEST(AuditLog, MissingLogIsAnEmptyPage) {
  TempDir dir;
  auto page = audit::read_audit_log(dir.path(), {});
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->records.empty());
}

TEST(AuditInventory, PatientsStudiesAndSopClassCountsFromADicomdir) {
  if (!fs::exists(kPydicomDicomdir)) GTEST_SKIP() << "python3-pydicom's test files are not installed";
  auto inv = audit::inventory_of_fileset(kPydicomDicomdir);
  ASSERT_TRUE(inv) << inv.error().describe();
  EXPECT_EQ(inv->fileset_uid, "1.2.276.0.7230010.3.1.4.0.31906.1359940846.78187");
  ASSERT_EQ(inv->patients.size(), 2u);
  EXPECT_EQ(inv->patients[0].patient_id, "77654033");
  EXPECT_EQ(inv->studies.size(), 6u);
  std::map<std::string, int> total;  // pydicom counts 17 MR, 11 CT, 3 CR in this DICOMDIR
  for (const auto& s : inv->studies)
    for (const auto& c : s.sop_classes) total[c.sop_class_uid] += c.number_of_instances;
  EXPECT_EQ(total["1.2.840.10008.5.1.4.1.1.4"], 17);
  EXPECT_EQ(total["1.2.840.10008.5.1.4.1.1.2"], 11);
  EXPECT_EQ(total["1.2.840.10008.5.1.4.1.1.1"], 3);
}

TEST(AuditRelease, VerifiedCopyIsAReleaseRecordTiedToItsExportMessage) {
  if (!fs::exists(kPydicomDicomdir)) GTEST_SKIP() << "python3-pydicom's test files are not installed";
  TempDir dir;
  auto trail = audit::ServiceTrail::open({}, dir.path(), {});
  ASSERT_TRUE(trail) << trail.error().describe();
  discus::jobs::Job job;
  job.id = 12;
  job.spec.kind = discus::jobs::JobKind::kAuthor;
  job.spec.submitted_by = "alice";
  job.spec.release.recipient = "Dr. Who";
  job.spec.release.purpose = "second opinion";
  job.spec.author.target.kind = discus::jobs::TargetKind::kDrive;
  job.spec.author.target.where = "/dev/sr0";
  discus::jobs::Copy copy;
  copy.n = 2;
  copy.output = "/dev/sr0";
  copy.verified = true;
  ASSERT_TRUE(audit::record_verified_copy(**trail, job, copy, kPydicomDicomdir));
  auto page = audit::read_audit_log(dir.path(), {0, 10, "", true});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->records.size(), 1u);
  const auto& rec = page->records[0];
  ASSERT_TRUE(rec.release);
  EXPECT_EQ(rec.kind, "export");
  EXPECT_EQ(rec.release->user, "alice");
  EXPECT_EQ(rec.release->recipient, "Dr. Who");
  EXPECT_EQ(rec.release->purpose, "second opinion");
  EXPECT_EQ(rec.release->job_id, 12);
  EXPECT_EQ(rec.release->copy, 2);
  EXPECT_EQ(rec.release->studies.size(), 6u);
  EXPECT_EQ(rec.release->media_identifier, "1.2.276.0.7230010.3.1.4.0.31906.1359940846.78187");
  ASSERT_EQ(rec.messages.size(), 1u);
  EXPECT_NE(rec.messages[0].find("csd-code=\"110032\""), std::string::npos);  // CD
  // The message names its record: base64 of the sequence number "1".
  EXPECT_NE(rec.messages[0].find("type=\"ReleaseRecord\" value=\"MQ==\""), std::string::npos);
  EXPECT_EQ(rec.sequence, 1u);
}

TEST(AuditTrail, RecordWithoutARepositoryIsLocalOnly) {
  TempDir dir;
  auto trail = audit::ServiceTrail::open({}, dir.path(), {});
  ASSERT_TRUE(trail);
  audit::AccessRefused e;
  e.who.user_id = "uid=1001";
  e.what = "GET /v1/jobs";
  ASSERT_TRUE((*trail)->record(e));
  EXPECT_TRUE((*trail)->wait_sent(1, std::chrono::milliseconds(0)));
  auto page = audit::read_audit_log(dir.path(), {0, 10, "security-alert", false});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->records.size(), 1u);
  EXPECT_FALSE(fs::exists(dir.path() + "/audit/sent"));
}

TEST(AuditTrail, BadRepositoryOrCaFileIsRefusedAtOpen) {
  TempDir dir;
  audit::TrailOptions o;
  o.repository = "smtp://x";
  EXPECT_FALSE(audit::ServiceTrail::open(o, dir.path(), {}));
  o.repository = "tls://127.0.0.1:6514";
  o.ca_file = dir.path() + "/missing.pem";
  EXPECT_FALSE(audit::ServiceTrail::open(o, dir.path(), {}));
}

TEST(AuditTrail, ReadingTheTrailIsItselfAudited) {
  TempDir dir;
  auto trail = audit::ServiceTrail::open({}, dir.path(), {});
  ASSERT_TRUE(trail);
  audit::AccessRefused e;
  e.who.user_id = "uid=1001";
  ASSERT_TRUE((*trail)->record(e));
  auto json = audit::read_audit_for(**trail, dir.path(), {"auditor", "", "localhost"}, 0, 10, "", false);
  ASSERT_TRUE(json) << json.error().describe();
  const auto j = nlohmann::json::parse(*json);
  ASSERT_EQ(j["records"].size(), 2u);  // the alert, then the Audit Log Used of this very read
  EXPECT_EQ(j["records"][1]["kind"], "audit-log-used");
  EXPECT_NE(j["records"][1]["messages"][0].get<std::string>().find("csd-code=\"110101\""), std::string::npos);
  EXPECT_EQ(j["next_after"], 0);
}
