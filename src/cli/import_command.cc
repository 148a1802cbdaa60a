// `discus import (--iso FILE | --dir DIR | --drive DRIVE) (--pacs AET@HOST:PORT | --out DIR)
// [--mwl AET@HOST:PORT] [--password-file F] [--report PREFIX] [--dry-run] [--json]` and
// `discus import --resolve HOLD-ID (--patient-id ID [--issuer ISSUER] | --reject | --resend)`:
// issue 17, the shell around import::run_import (src/import). The ledger (what was sent where,
// and the holds) is a SQLite file (--ledger, default in the state folder); a resolve records the
// person's decision there and runs the held import again with the options it was started with.
// Exit 0 when everything on the medium is accounted for and nothing is held, in conflict or
// unreadable; 1 otherwise; 2 for a usage error.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "base/file.h"
#include "base/text.h"
#include "base/uid.h"
#include "cli/command.h"
#include "cli/import_ledger.h"
#include "cli/net_options.h"
#include "codec/codec.h"
#include "daemon/audit/import_event.h"
#include "daemon/audit/message.h"
#include "import/destination.h"
#include "import/importer.h"
#include "import/irwf_services.h"
#include "import/cfind_source.h"
#include "import/malware.h"
#include "import/mwl_source.h"
#include "import/pdq_source.h"
#include "import/report.h"
#include "media/secure/secure.h"
#include "net/services/scu.h"

namespace discus::cli {
namespace {

namespace fs = std::filesystem;

struct ImportArgs {
  std::string iso, dir, drive, pacs, out, mwl, password_file, report, ledger, local_issuer, calling_aet = "DISCUS", staging;
  bool dry_run = false, json = false;
  // --resolve
  std::string resolve, patient_id, issuer;
  bool reject = false, resend = false;
  NetOptions net;
  // Unscheduled import sources, Storage Commitment, Import MPPS (issue 17 items 3-4).
  std::string pdq, pdq_application, pdq_facility, pdq_domain, patient_source;
  double pdq_timeout = 30;
  std::string mpps, mpps_record;
  bool commit = false;
  int commit_port = -1;  // -1: the report on the same association
  double commit_timeout = 60;
  std::string clamav, clamav_database;  // importfast: malware scanning (flags win over [import])
  bool scan_all = false;
  std::vector<std::string> studies, exclude_studies;  // the operator's choice (Study Instance UIDs)
};

// What a hold keeps to run the import again (never the password: only the file naming it).
nlohmann::json args_json(const ImportArgs& a) {
  return nlohmann::json{{"iso", a.iso}, {"dir", a.dir}, {"drive", a.drive}, {"pacs", a.pacs}, {"out", a.out}, {"mwl", a.mwl},
                        {"password_file", a.password_file}, {"report", a.report}, {"local_issuer", a.local_issuer},
                        {"calling_aet", a.calling_aet}, {"pdq", a.pdq}, {"pdq_application", a.pdq_application},
                        {"pdq_facility", a.pdq_facility}, {"pdq_domain", a.pdq_domain}, {"patient_source", a.patient_source},
                        {"mpps", a.mpps}, {"mpps_record", a.mpps_record}, {"commit", a.commit}, {"commit_port", a.commit_port},
                        {"commit_timeout", a.commit_timeout}, {"clamav", a.clamav}, {"clamav_database", a.clamav_database},
                        {"scan_all", a.scan_all}, {"studies", a.studies}, {"exclude_studies", a.exclude_studies}};
}
void from_json(const nlohmann::json& j, ImportArgs& a) {
  auto get = [&](const char* k, std::string& v) {
    if (j.contains(k) && j[k].is_string()) v = j[k].get<std::string>();
  };
  get("iso", a.iso), get("dir", a.dir), get("drive", a.drive), get("pacs", a.pacs), get("out", a.out), get("mwl", a.mwl);
  get("password_file", a.password_file), get("report", a.report), get("local_issuer", a.local_issuer), get("calling_aet", a.calling_aet);
  get("pdq", a.pdq), get("pdq_application", a.pdq_application), get("pdq_facility", a.pdq_facility), get("pdq_domain", a.pdq_domain);
  get("patient_source", a.patient_source), get("mpps", a.mpps), get("mpps_record", a.mpps_record);
  if (j.contains("commit") && j["commit"].is_boolean()) a.commit = j["commit"].get<bool>();
  if (j.contains("commit_port") && j["commit_port"].is_number_integer()) a.commit_port = j["commit_port"].get<int>();
  if (j.contains("commit_timeout") && j["commit_timeout"].is_number()) a.commit_timeout = j["commit_timeout"].get<double>();
  get("clamav", a.clamav), get("clamav_database", a.clamav_database);  // a resolved import scans as the first run did
  if (j.contains("scan_all") && j["scan_all"].is_boolean()) a.scan_all = j["scan_all"].get<bool>();
  for (auto [k, v] : {std::pair{"studies", &a.studies}, std::pair{"exclude_studies", &a.exclude_studies}})
    if (j.contains(k) && j[k].is_array())
      for (const auto& u : j[k])
        if (u.is_string()) v->push_back(u.get<std::string>());
}

std::string absolute(const std::string& p) {
  if (p.empty() || p.find(':') != std::string::npos) return p;  // a drive name (stdio:..., /dev/sr0 is absolute already)
  std::error_code ec;
  const fs::path a = fs::absolute(p, ec);
  return ec ? p : a.lexically_normal().string();
}

int run_import(ImportArgs a, Context& ctx);

// PREFIX.json and PREFIX.txt with the Import PPS and Storage Commitment results added to the
// import's report (import::write_report writes the report alone).
base::Status write_extended_report(const nlohmann::ordered_json& json, const std::string& text, const std::string& prefix) {
  for (const auto& [path, body] : {std::pair{prefix + ".json", json.dump(2) + "\n"}, std::pair{prefix + ".txt", text}}) {
    DISCUS_TRY(base::AtomicOutputFile out, base::AtomicOutputFile::create(path));
    DISCUS_CHECK(out.write(base::as_bytes(body)));
    DISCUS_CHECK(out.commit(true));
  }
  return {};
}

// Coerced files wait for their C-STORE in memory (/dev/shm, as secure media's plaintext does:
// nothing of a patient's data stays on a disk, and a reboot clears it), one folder per process,
// at most one batch (import::ImportOptions::batch_bytes). Folders of processes that died (a
// killed import) are removed here first: crash-only.
std::string default_staging() {
  std::error_code ec;
  const std::string base = fs::is_directory("/dev/shm", ec) ? "/dev/shm" : fs::temp_directory_path(ec).string();
  for (const fs::directory_entry& e : fs::directory_iterator(base, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("discus-import-", 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + 14, nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(e.path(), ec);
  }
  return fmt::format("{}/discus-import-{}", base, ::getpid());
}

// PS3.15 A.5.3.5 Data Import (EventID 110107 "Import") for what this run imported, built by
// src/daemon/audit. The trail itself is discusd's (its state folder, its process): a CLI run
// keeps the message in its report instead.
void add_audit(import::ImportReport& r, const std::string& medium_name) {
  namespace audit = daemon::audit;
  audit::MediumImported ev = audit::data_import_event(r);
  const char* user = std::getenv("USER");
  ev.requestor.user_id = user != nullptr ? user : "unknown";
  ev.requestor.network_access_point = "localhost";
  ev.medium.media_identifier = medium_name;
  audit::Source src;
  char host[256] = {};
  (void)::gethostname(host, sizeof host - 1);
  src.audit_source_id = host;
  src.host = host;
  src.process_name = "discus import";
  src.process_id = std::to_string(::getpid());
  r.audit_messages = audit::audit_messages(ev, src, {});
  r.audit_note = "PS3.15 A.5.3.5 Data Import (110107) message built for this run; discus import runs outside discusd, "
                 "so it is kept in this report, not in the service's audit trail";
}

int run_resolve(const ImportArgs& a, Context& ctx) {
  const int choices = (a.patient_id.empty() ? 0 : 1) + (a.reject ? 1 : 0) + (a.resend ? 1 : 0);
  if (choices != 1) return usage_error("import", "--resolve needs exactly one of --patient-id ID, --reject or --resend");
  if (!a.issuer.empty() && a.patient_id.empty()) return usage_error("import", "--issuer goes with --patient-id");
  const std::string ledger_path = a.ledger.empty() ? default_import_ledger_path() : a.ledger;
  auto ledger = open_import_ledger(ledger_path);
  if (!ledger) {
    fmt::print(stderr, "discus import: {}\n", ledger.error().describe());
    return kExitFailed;
  }
  auto hold = (*ledger)->find_hold(a.resolve);
  if (!hold) {
    fmt::print(stderr, "discus import: {}\n", hold.error().describe());
    return kExitFailed;
  }
  if (!*hold) return usage_error("import", fmt::format("no hold '{}' in the ledger {}", a.resolve, ledger_path));
  const import::Hold& h = **hold;
  if (h.kind == "identity" && a.resend) return usage_error("import", fmt::format("{} holds a patient: answer with --patient-id or --reject", h.id));
  if (h.kind == "instance" && !a.patient_id.empty()) return usage_error("import", fmt::format("{} holds an instance: answer with --resend or --reject", h.id));
  const std::string decision = a.reject ? "reject" : a.resend ? "resend" : "patient";
  if (auto st = (*ledger)->decide(h.id, decision, a.patient_id, a.issuer); !st) {
    fmt::print(stderr, "discus import: {}\n", st.error().describe());
    return kExitFailed;
  }
  if (!ctx.quiet) fmt::print(stderr, "discus import: {} decided ({}); the import continues\n", h.id, decision);
  // The import continues: run again with the options it was started with. What was sent is
  // already-imported by the ledger; the decided patient now goes out.
  ImportArgs again;
  again.ledger = ledger_path;
  again.json = a.json;
  again.net = a.net;
  try {
    from_json(nlohmann::json::parse(h.import_args), again);
  } catch (const nlohmann::json::exception& e) {
    fmt::print(stderr, "discus import: the hold keeps no usable import options: {}\n", e.what());
    return kExitFailed;
  }
  (*ledger).reset();
  return run_import(std::move(again), ctx);
}

int run_import(ImportArgs a, Context& ctx) {
  if (!a.resolve.empty()) return run_resolve(a, ctx);
  if (!a.patient_id.empty() || a.reject || a.resend) return usage_error("import", "--patient-id, --reject and --resend answer a hold: use them with --resolve HOLD-ID");
  const int sources = (a.iso.empty() ? 0 : 1) + (a.dir.empty() ? 0 : 1) + (a.drive.empty() ? 0 : 1);
  if (sources != 1) return usage_error("import", "give exactly one of --iso FILE, --dir DIR or --drive DRIVE");
  if (!a.pacs.empty() && !a.out.empty()) return usage_error("import", "give --pacs or --out, not both");
  if (a.pacs.empty() && a.out.empty() && !a.dry_run) return usage_error("import", "give --pacs AET@HOST:PORT or --out DIR (or --dry-run)");
  install_net_signals(nullptr);
  a.iso = absolute(a.iso), a.dir = absolute(a.dir), a.drive = absolute(a.drive), a.out = absolute(a.out);
  if (!a.password_file.empty()) a.password_file = absolute(a.password_file);
  if (!a.report.empty()) a.report = absolute(a.report);

  int status = kExitOk;
  net::services::ScuOptions scu;
  scu.calling_ae_title = a.calling_aet;
  scu.timeouts = timeouts_of(a.net);
  scu.max_pdu_length = a.net.max_pdu;
  scu.tls = make_tls(a.net, false, "import", status);
  if (status != kExitOk) return status;

  std::optional<media::secure::Decryptor> key;
  if (!a.password_file.empty()) {
    auto pw = media::secure::read_password_file(a.password_file);
    if (!pw) {
      fmt::print(stderr, "discus import: {}\n", pw.error().describe());
      return kExitFailed;
    }
    media::secure::DecryptOptions d;
    d.password = *pw;
    auto made = media::secure::Decryptor::create(d);
    if (!made) {
      fmt::print(stderr, "discus import: {}\n", made.error().describe());
      return kExitFailed;
    }
    key.emplace(std::move(*made));
  }

  const import::SourceKind kind = !a.iso.empty() ? import::SourceKind::kIso : !a.dir.empty() ? import::SourceKind::kDir : import::SourceKind::kDrive;
  const std::string target = !a.iso.empty() ? a.iso : !a.dir.empty() ? a.dir : a.drive;
  auto medium = import::open_medium(kind, target);
  if (!medium) {
    fmt::print(stderr, "discus import: {}\n", medium.error().describe());
    return kExitFailed;
  }

  const codec::CodecRegistry codecs = codec::all_codecs();
  std::unique_ptr<import::Destination> destination;
  if (!a.pacs.empty()) {
    auto peer = net::services::parse_peer(a.pacs);
    if (!peer) return usage_error("import", peer.error().message);
    net::services::SendOptions so;
    so.scu = scu;
    so.scu.peer = *peer;
    so.codecs = &codecs;
    destination = std::make_unique<import::PacsDestination>(so, a.pacs);
  } else if (!a.out.empty()) {
    destination = std::make_unique<import::FolderDestination>(a.out);
  }
  if ((a.mwl.empty() ? 0 : 1) + (a.pdq.empty() ? 0 : 1) + (a.patient_source.empty() ? 0 : 1) > 1)
    return usage_error("import", "give one demographics source: --mwl, --pdq or --patient-source");
  std::unique_ptr<import::DemographicsSource> mwl;
  if (!a.mwl.empty()) {
    auto peer = net::services::parse_peer(a.mwl);
    if (!peer) return usage_error("import", peer.error().message);
    net::services::ScuOptions wl = scu;
    wl.peer = *peer;
    mwl = std::make_unique<import::MwlSource>(wl, a.mwl);
  } else if (!a.patient_source.empty()) {
    auto peer = net::services::parse_peer(a.patient_source);
    if (!peer) return usage_error("import", peer.error().message);
    net::services::ScuOptions ps = scu;
    ps.peer = *peer;
    mwl = std::make_unique<import::CFindSource>(ps, a.patient_source);
  } else if (!a.pdq.empty()) {
    auto supplier = net::hl7::parse_endpoint(a.pdq);
    if (!supplier) return usage_error("import", supplier.error().message);
    net::hl7::PdqOptions po;
    po.sending_application = a.calling_aet;
    po.receiving_application = a.pdq_application;
    po.receiving_facility = a.pdq_facility;
    po.exchange.connect = std::chrono::milliseconds(static_cast<long>(a.net.connect_timeout * 1000));
    po.exchange.response = std::chrono::milliseconds(static_cast<long>(a.pdq_timeout * 1000));
    mwl = std::make_unique<import::PdqSource>(*supplier, po, a.pdq_domain.empty() ? a.local_issuer : a.pdq_domain);
  }

  // Import PPS and Storage Commitment (issue 17 item 4): a tracking wrapper around the destination
  // sees what goes out (N-CREATE before a study's first instance) and what was stored.
  if (a.commit && a.pacs.empty()) return usage_error("import", "--commit asks the --pacs for Storage Commitment: give --pacs");
  if (a.commit_port > 65535) return usage_error("import", "--commit-port is a port number");
  std::optional<base::RandomUidSource> uids;
  {
    auto made = ctx.settings.uid_root.empty() ? base::Result<base::RandomUidSource>(base::RandomUidSource{})
                                              : base::RandomUidSource::with_root(ctx.settings.uid_root);
    if (!made) return usage_error("import", made.error().message);
    uids.emplace(std::move(*made));
  }
  std::unique_ptr<import::ImportPps> pps;
  if (!a.mpps.empty()) {
    auto peer = net::services::parse_peer(a.mpps);
    if (!peer) return usage_error("import", peer.error().message);
    net::services::ScuOptions mp = scu;
    mp.peer = *peer;
    pps = std::make_unique<import::ImportPps>(mp, *uids, a.mpps_record.empty() ? std::string() : absolute(a.mpps_record));
  }
  std::unique_ptr<import::TrackingDestination> tracking;
  if (destination && (pps || a.commit)) {
    tracking = std::make_unique<import::TrackingDestination>(*destination, [&pps](const import::SentInstance& s) {
      if (pps) pps->begin(s);
    });
  }

  std::unique_ptr<import::Ledger> ledger;
  const std::string ledger_path = a.ledger.empty() ? default_import_ledger_path() : a.ledger;
  if (!a.dry_run || fs::exists(ledger_path)) {
    auto opened = open_import_ledger(ledger_path);
    if (!opened) {
      fmt::print(stderr, "discus import: {}\n", opened.error().describe());
      return kExitFailed;
    }
    ledger = std::move(*opened);
  }

  import::ImportOptions o;
  o.destination = tracking ? static_cast<import::Destination*>(tracking.get()) : destination.get();
  o.ledger = ledger.get();
  o.demographics = mwl.get();
  o.key = key ? &*key : nullptr;
  o.local_issuer = a.local_issuer;
  o.uid_root = ctx.settings.uid_root;
  o.dry_run = a.dry_run;
  o.import_args = args_json(a).dump();
  o.staging_dir = !a.staging.empty() ? a.staging : default_staging();
  if (!ctx.quiet && !a.json) o.notice = [](std::string_view s) { fmt::print(stderr, "discus import: {}\n", s); };

  // Malware scanning (import/malware.h): a flag wins over [import] in the configuration.
  const std::string clamav = !a.clamav.empty() ? a.clamav : ctx.settings.import_clamav;
  std::unique_ptr<import::MalwareScanner> scanner;
  if (!clamav.empty() && clamav != "none") {
    if (clamav != "clamscan" && clamav != "clamdscan" && fs::path(clamav).filename() != "clamscan" && fs::path(clamav).filename() != "clamdscan")
      return usage_error("import", fmt::format("--clamav: '{}' is neither clamscan nor clamdscan", clamav));
    scanner = import::clamav_scanner({clamav, !a.clamav_database.empty() ? a.clamav_database : ctx.settings.import_clamav_database});
  }
  o.scanner = scanner.get();
  if (!ctx.settings.import_scan.empty() && ctx.settings.import_scan != "all" && ctx.settings.import_scan != "not-dicom")
    return usage_error("import", fmt::format("[import] scan = '{}': use \"not-dicom\" or \"all\"", ctx.settings.import_scan));
  o.scan_all = a.scan_all || ctx.settings.import_scan == "all";
  o.studies.insert(a.studies.begin(), a.studies.end());
  o.excluded_studies.insert(a.exclude_studies.begin(), a.exclude_studies.end());

  auto report = import::run_import(*medium, o);
  if (!report) {
    fmt::print(stderr, "discus import: {}\n", report.error().describe());
    return kExitFailed;
  }
  if (!a.dry_run) add_audit(*report, medium->description);
  // After the last instance: the PPS ends, the PACS is asked to commit what it stored.
  std::optional<import::CommitSummary> committed;
  if (pps && tracking && !a.dry_run) pps->finish(*report, tracking->stored(), tracking->failed_studies());
  if (a.commit && tracking && !a.dry_run) {
    net::services::CommitmentOptions co;
    co.scu = scu;
    co.scu.peer = *net::services::parse_peer(a.pacs);
    if (a.commit_port >= 0) co.listen_port = static_cast<std::uint16_t>(a.commit_port);
    co.wait = std::chrono::milliseconds(static_cast<long>(a.commit_timeout * 1000));
    co.transaction_uid = uids->next();
    if (o.notice) o.notice(fmt::format("asking {} to commit {} instances (Storage Commitment)", a.pacs, tracking->stored().size()));
    committed = import::commit(co, tracking->stored());
  }
  nlohmann::ordered_json json = import::to_json(*report);
  std::string text = import::to_text(*report);
  if (pps) {
    json["mpps"] = pps->to_json();
    text += pps->to_text();
  }
  if (committed) {
    json["commitment"] = import::to_json(*committed);
    text += import::to_text(*committed);
    const auto states = import::commitment_by_uid(*committed);
    for (auto& f : json["files"])
      if (f.contains("sop_instance_uid"))
        if (auto it = states.find(f["sop_instance_uid"].get<std::string>()); it != states.end()) f["commitment"] = it->second;
  }
  if (!a.report.empty()) {
    base::Status st = (pps || committed) ? write_extended_report(json, text, a.report) : import::write_report(*report, a.report);
    if (!st) {
      fmt::print(stderr, "discus import: cannot write the report: {}\n", st.error().describe());
      return kExitFailed;
    }
  }
  if (a.json) {
    fmt::print("{}\n", json_text(json));
  } else if (!ctx.quiet) {
    fmt::print("{}", base::for_terminal(text));
  }
  const bool commit_ok = !committed || committed->requested == 0 || (committed->result && committed->result->all_committed());
  return report->complete() && commit_ok ? kExitOk : kExitFailed;
}

}  // namespace

void add_import(CLI::App& root, Context& ctx) {
  auto a = std::make_shared<ImportArgs>();
  CLI::App* c = root.add_subcommand(
      "import", "import an outside disc, stick or image: inventory, reconcile to the local patient (IHE IRWF), coerce, send to the PACS");
  c->add_option("--iso", a->iso, "an ISO 9660 or UDF image, read in place");
  c->add_option("--dir", a->dir, "a folder: a USB stick or a mounted disc");
  c->add_option("--drive", a->drive, "a drive (/dev/sr0, stdio:FILE) read through libburn, or its mount point");
  c->add_option("--pacs", a->pacs, "send to this PACS (C-STORE), AET@HOST:PORT");
  c->add_option("--out", a->out, "write the coerced instances into this folder instead");
  c->add_option("--mwl", a->mwl, "the Modality Worklist (C-FIND) that names local patients, AET@HOST:PORT");
  c->add_option("--password-file", a->password_file, "secure media (STD-GEN-SEC-*): the password in F (its first line)");
  c->add_option("--report", a->report, "write PREFIX.json and PREFIX.txt");
  c->add_flag("--dry-run", a->dry_run, "inventory and decisions only: nothing sent, nothing recorded");
  c->add_flag("--json", a->json, "print the report as JSON");
  c->add_option("--resolve", a->resolve, "answer the hold HOLD-ID, then continue its import");
  c->add_option("--patient-id", a->patient_id, "with --resolve: the local patient the held outside patient is");
  c->add_option("--issuer", a->issuer, "with --patient-id: its Issuer of Patient ID (default: --local-issuer of the import)");
  c->add_flag("--reject", a->reject, "with --resolve: import nothing of what is held");
  c->add_flag("--resend", a->resend, "with --resolve: send an instance held in doubt again");
  c->add_option("--ledger", a->ledger, "the import ledger (SQLite); default: $DISCUS_STATE_DIR/import-ledger.sqlite");
  c->add_option("--local-issuer", a->local_issuer, "our Issuer of Patient ID: candidates with another issuer are refused, coerced IDs get it");
  c->add_option("--calling-aet", a->calling_aet, "our AE title")->capture_default_str();
  c->add_option("--staging", a->staging, "where coerced files wait to be sent (default: /dev/shm/discus-import-PID, else the temporary folder)");
  // Unscheduled import (IHE ITI-21 PDQ, or a Patient Root C-FIND to the PACS).
  c->add_option("--pdq", a->pdq, "the IHE PDQ supplier (HL7 v2.5 over MLLP) that names local patients, HOST:PORT");
  c->add_option("--pdq-application", a->pdq_application, "with --pdq: the supplier's application (MSH-5)");
  c->add_option("--pdq-facility", a->pdq_facility, "with --pdq: the supplier's facility (MSH-6)");
  c->add_option("--pdq-domain", a->pdq_domain, "with --pdq: the assigning authority of local IDs in PID-3 (default: --local-issuer)");
  c->add_option("--pdq-timeout", a->pdq_timeout, "with --pdq: seconds for the supplier's answer")->capture_default_str();
  // Import PPS (IHE RAD-59/60) and Storage Commitment (RAD-10).
  c->add_option("--mpps", a->mpps, "report the import as an Import Performed Procedure Step (MPPS N-CREATE/N-SET) to AET@HOST:PORT");
  c->add_option("--mpps-record", a->mpps_record, "with --mpps: keep a Part 10 copy of every MPPS data set sent in DIR");
  c->add_flag("--commit", a->commit, "after sending, ask the --pacs for Storage Commitment of what it stored");
  c->add_option("--commit-port", a->commit_port, "with --commit: receive the report on a new association on this port (0: any); "
                "default: wait for it on the same association");
  c->add_option("--commit-timeout", a->commit_timeout, "with --commit: seconds to wait for the report")->capture_default_str();
  c->add_option("--patient-source", a->patient_source, "a PACS asked by patient-level C-FIND (Patient Root) for local patients, AET@HOST:PORT");
  c->add_option("--clamav", a->clamav, "scan what is not DICOM with ClamAV: clamscan or clamdscan (none: no scanning; default: [import] clamav)");
  c->add_option("--clamav-database", a->clamav_database, "clamscan -d: a signature folder or file (default: [import] clamav_database, else ClamAV's)");
  c->add_flag("--scan-all", a->scan_all, "scan every file, DICOM too (infected ones are never sent)");
  c->add_option("--study", a->studies, "import only this study (Study Instance UID, repeatable; --dry-run --json lists them); "
                "the others are accounted as excluded");
  c->add_option("--exclude-study", a->exclude_studies, "leave this study out (repeatable): accounted as excluded, never sent");
  add_net_options(*c, a->net, false);
  on_run(*c, ctx, [a](Context& context) { return run_import(*a, context); });
}

}  // namespace discus::cli
