// audit_probe: drives src/daemon/audit for the Python tests (no daemon needed).
//   audit_probe samples DIR        one XML message per event type into DIR (for jing, PS3.15 A.5.1)
//   audit_probe send --state-dir D [--repository URL] [--ca F] [--cert F --key F] [--count N]
//                    [--wait-ms T]  records N events, then waits up to T ms until the repository has
//                    them all; prints "recorded N ms=..." and "sent SEQ"; exit 0 all sent, 3 not;
//                    --print-each yes: "ack SEQ" as each record is acknowledged (the crash test)
//   audit_probe read --state-dir D  prints the log's records (sequence kind messages release?)
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "daemon/audit/log_store.h"
#include "daemon/audit/message.h"
#include "daemon/audit/service_trail.h"

namespace audit = discus::daemon::audit;

namespace {

// Hostile text on purpose: markup, quotes, a control character, Latin-1 bytes, a bidi override.
const std::string kHostileName = "O'Brien^<Evil attr=\"x\"/>&amp;\x01 \xE9 \xE2\x80\xAE";

std::vector<audit::Patient> patients() { return {{"PID-1", kHostileName}, {"PID 2", ""}}; }

std::vector<audit::Study> studies() {
  return {{"1.2.826.0.1.3680043.10.999.1", {{"1.2.840.10008.5.1.4.1.1.2", 120}, {"1.2.840.10008.5.1.4.1.1.7", 1}}, "ACC-77", "PID-1"},
          {"1.2.826.0.1.3680043.10.999.2", {{"1.2.840.10008.5.1.4.1.1.4", 30}}, "", "PID 2"}};
}

std::vector<std::pair<std::string, audit::AuditEvent>> sample_events() {
  std::vector<std::pair<std::string, audit::AuditEvent>> out;
  audit::MediumExported ex;
  ex.requestor = {"alice", "Alice Operator", "localhost"};
  ex.medium = {"1.2.826.0.1.3680043.10.999.77", 12, 2, "/srv/out/job12-copy2.iso", "110032"};
  ex.patients = patients();
  ex.studies = studies();
  ex.recipient = "Dr. Who, St. Elsewhere";
  ex.purpose = "referral";
  out.emplace_back("export", ex);
  audit::MediumImported im;
  im.requestor = {"bob", "", "10.0.0.5"};
  im.medium = {"VOLUME_1", 0, 0, "/dev/sr0", "110033"};
  im.patients = patients();
  im.studies = studies();
  out.emplace_back("import", im);
  audit::InstancesTransferred tr;
  tr.remote = {"PACS_AE", "", "192.168.1.5"};
  tr.requestor = {"alice", "", ""};
  tr.patients = patients();
  tr.studies = studies();
  out.emplace_back("transfer", tr);
  tr.begin = true;
  out.emplace_back("begin-transfer", tr);
  audit::InstancesTransferred received;
  received.we_send = false;
  received.remote = {"MODALITY_AE", "", "fe80::1"};
  received.patients = {patients()[0]};
  received.studies = {studies()[0]};
  out.emplace_back("transfer-received", received);
  audit::InstancesPurged pu;
  pu.job_id = 12;
  pu.patients = {patients()[0]};
  pu.studies = {studies()[0]};
  pu.paths = {"/var/lib/discus/jobs/12/fileset", "/var/lib/discus/jobs/12/images"};
  out.emplace_back("purge", pu);
  audit::AccessRefused ar;
  ar.who = {"uid=1001", "", "localhost"};
  ar.what = "POST /v1/jobs over /run/discus/discusd.sock";
  out.emplace_back("security-alert", ar);
  audit::UserAuthenticated au;
  au.user = {"alice", "", ""};
  out.emplace_back("authentication", au);
  au.login = false;
  au.when.outcome = audit::Outcome::kMinorFailure;
  au.when.outcome_description = "session expired";
  out.emplace_back("authentication-logout", au);
  audit::AuditLogUsed lu;
  lu.reader = {"auditor", "", "localhost"};
  lu.log_uri = "file:///var/lib/discus/audit/messages.log";
  out.emplace_back("audit-log-used", lu);
  audit::ConfigurationChanged cc;  // PATCH /v1/config (service)
  cc.who = {"admin", "", "localhost"};
  cc.what = "kiosk.language, pacs.PACS1.port";
  out.emplace_back("configuration-changed", cc);
  audit::PatientRecordUpdated pr;  // issue 17 item 6: an import hold decided by a person
  pr.user = {"alice", "", "localhost"};
  pr.patient = patients()[0];
  pr.job_id = 31;
  pr.details = {{"Hold", "H-3f09a1c2b4d5"}, {"Decision", "patient"}, {"Subject", kHostileName}};
  out.emplace_back("patient-record", pr);
  return out;
}

std::string arg(int argc, char** argv, const char* name, const char* fallback = "") {
  for (int i = 2; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  return fallback;
}

int samples(const std::string& dir) {
  audit::Source src{"burn1", "General Hospital", "discusd", "4242", "burn1.example.org"};
  for (const auto& [name, event] : sample_events()) {
    const auto messages = audit::audit_messages(event, src, {1796000000123, 7});
    for (std::size_t i = 0; i < messages.size(); ++i) {
      std::ofstream(dir + "/" + name + "-" + std::to_string(i + 1) + ".xml") << messages[i];
    }
  }
  return 0;
}

int send(int argc, char** argv) {
  audit::TrailOptions o;
  o.repository = arg(argc, argv, "--repository");
  o.ca_file = arg(argc, argv, "--ca");
  o.cert_file = arg(argc, argv, "--cert");
  o.key_file = arg(argc, argv, "--key");
  o.source_id = "probe";
  audit::ServiceTrail::Tuning tuning;
  tuning.timeout_ms = 2000;
  tuning.min_backoff_ms = 50;
  tuning.max_backoff_ms = 400;
  auto trail = audit::ServiceTrail::open(o, arg(argc, argv, "--state-dir"), tuning);
  if (!trail) {
    std::fprintf(stderr, "%s\n", trail.error().describe().c_str());
    return 2;
  }
  const int count = std::stoi(arg(argc, argv, "--count", "1"));
  const bool print_each = arg(argc, argv, "--print-each") == "yes";  // "ack SEQ" once each record is durable
  const auto events = sample_events();
  const auto t0 = std::chrono::steady_clock::now();
  std::uint64_t last = (*trail)->sent_sequence();
  for (int i = 0; i < count; ++i) {
    auto seq = (*trail)->record_numbered(events[static_cast<std::size_t>(i) % events.size()].second);
    if (!seq) {
      std::fprintf(stderr, "%s\n", seq.error().describe().c_str());
      return 2;
    }
    last = *seq;
    if (print_each) std::printf("ack %llu\n", static_cast<unsigned long long>(*seq)), std::fflush(stdout);
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  std::printf("recorded %d ms=%lld\n", count, static_cast<long long>(ms));
  std::fflush(stdout);
  // With count 0: everything already in the log (a backlog from an earlier run).
  if (count == 0) {
    auto page = audit::read_audit_log(arg(argc, argv, "--state-dir"), {0, 1000000, "", false});
    if (page && !page->records.empty()) last = page->records.back().sequence;
  }
  const bool sent = (*trail)->wait_sent(last, std::chrono::milliseconds(std::stoi(arg(argc, argv, "--wait-ms", "10000"))));
  std::printf("sent %llu of %llu\n", static_cast<unsigned long long>((*trail)->sent_sequence()),
              static_cast<unsigned long long>(last));
  return sent ? 0 : 3;
}

int read(int argc, char** argv) {
  auto page = audit::read_audit_log(arg(argc, argv, "--state-dir"), {0, 1000000, "", false});
  if (!page) return 2;
  for (const auto& r : page->records) std::printf("%s", audit::to_json_line(r).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "samples") == 0) return samples(argv[2]);
  if (argc >= 2 && std::strcmp(argv[1], "send") == 0) return send(argc, argv);
  if (argc >= 2 && std::strcmp(argv[1], "read") == 0) return read(argc, argv);
  std::fprintf(stderr, "usage: audit_probe samples DIR | send --state-dir D ... | read --state-dir D\n");
  return 2;
}
