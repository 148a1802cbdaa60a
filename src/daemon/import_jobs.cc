#include "daemon/import_jobs.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "base/file.h"
#include "base/text.h"
#include "daemon/audit/import_event.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"
#include "import/destination.h"
#include "import/mwl_source.h"
#include "net/services/scu.h"
#include "net/services/storage_scu.h"

namespace discus::daemon {
namespace {

namespace fs = std::filesystem;
namespace svc = net::services;
using base::Error;
using base::ErrorCode;

// The station's study store as an import destination: each instance where the Storage SCP would
// have put it (STORE/<Study Instance UID>/<SOP Instance UID>.dcm, renamed into place after fsync)
// and indexed, so /v1/store shows it and its study can be burnt like a received one.
class StoreDestination final : public import::Destination {
 public:
  explicit StoreDestination(store::Store& store) : store_(store) {}
  std::string id() const override { return "store:" + store_.options().dir; }
  void send(const std::vector<import::Staged>& files, const std::function<void(std::size_t)>& before,
            const std::function<void(std::size_t, const std::string&)>& after) override {
    for (std::size_t i = 0; i < files.size(); ++i) {
      before(i);
      auto st = put(files[i]);
      after(i, st ? std::string() : st.error().describe());
    }
  }

 private:
  base::Status put(const import::Staged& f) {
    dicom::part10::ReadOptions ro;
    ro.stop_before_pixels = true;
    DISCUS_TRY(dicom::part10::DicomFile head, dicom::part10::read_file(f.path, ro));
    const std::string study(head.dataset.get_string(dicom::tags::StudyInstanceUID).value_or(""));
    if (study.empty() || study.find('/') != std::string::npos || f.sop_instance_uid.find('/') != std::string::npos)
      return Error{ErrorCode::kInvalidArgument, "no usable Study or SOP Instance UID for the store"};
    const fs::path dir = store_.folder_of(study);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create {}: {}", dir.string(), ec.message())};
    const std::string target = (dir / (f.sop_instance_uid + ".dcm")).string();
    DISCUS_TRY(base::Bytes bytes, base::read_whole_file(f.path));
    DISCUS_TRY(base::AtomicOutputFile out, base::AtomicOutputFile::create(target));
    DISCUS_CHECK(out.write(bytes));
    DISCUS_CHECK(out.commit(true));
    DISCUS_TRY(store::InstanceInfo info, store_.add(target, "IMPORT"));
    (void)info;
    return {};
  }

  store::Store& store_;
};

const app::PacsNode* node_named(const std::vector<app::PacsNode>& nodes, const std::string& name) {
  for (const app::PacsNode& n : nodes)
    if (n.name == name) return &n;
  return nullptr;
}
const app::PacsNode* node_with_role(const std::vector<app::PacsNode>& nodes, std::string_view role) {
  for (const app::PacsNode& n : nodes)
    for (const std::string& r : n.roles)
      if (r == role) return &n;
  return nullptr;
}

base::Result<svc::ScuOptions> scu_for(const app::PacsNode& n, const std::string& our_aet) {
  svc::ScuOptions o;
  o.peer = svc::Peer{n.ae_title, n.host, static_cast<std::uint16_t>(n.port)};
  o.calling_ae_title = n.calling_ae_title.empty() ? our_aet : n.calling_ae_title;
  o.timeouts.connect = std::chrono::seconds(10);
  o.timeouts.artim = std::chrono::seconds(15);
  o.timeouts.idle = std::chrono::seconds(60);
  o.timeouts.pdu = std::chrono::seconds(60);
  if (!n.tls_ca_file.empty() || !n.tls_cert_file.empty() || !n.tls_key_file.empty()) {
    DISCUS_TRY(o.tls, net::ul::TlsContext::create(net::ul::TlsRole::kClient, {n.tls_key_file, n.tls_cert_file, n.tls_ca_file}));
  }
  return o;
}

std::string peer_text(const app::PacsNode& n) { return fmt::format("{}@{}:{}", n.ae_title, n.host, n.port); }

// PS3.15 A.5.3.5 Data Import (110107) for what a run imported: its local patients and studies.
void audit_import(const ImportJobsOptions& o, const jobs::Job& job, import::ImportReport& r) {
  if (o.trail == nullptr) return;
  audit::MediumImported ev = audit::data_import_event(r);
  if (ev.studies.empty()) return;  // nothing imported by this run: nothing to report as imported
  ev.requestor.user_id = job.spec.submitted_by.empty() ? "discusd" : job.spec.submitted_by;
  ev.requestor.network_access_point = "localhost";
  ev.medium.job_id = job.id;
  if (auto st = o.trail->record(ev); st) r.audit_note = "PS3.15 A.5.3.5 Data Import recorded in discusd's audit trail";
  else r.audit_note = "the Data Import message could not be recorded: " + st.error().describe();
}

}  // namespace

base::Status record_hold_decision(audit::Trail& trail, const jobs::HoldRecord& h, const std::string& user) {
  audit::PatientRecordUpdated ev;
  ev.user.user_id = user;
  ev.user.network_access_point = "localhost";
  ev.job_id = h.job;
  if (h.hold.decision == "patient") ev.patient = {base::to_valid_utf8(h.hold.patient_id), ""};
  ev.details = {{"Hold", h.hold.id}, {"Decision", h.hold.decision}, {"Issuer", h.hold.issuer}, {"Subject", h.hold.subject}, {"Note", h.note}};
  return trail.record(ev);
}

bool known_import_destination(const app::Settings& settings, const std::string& name) {
  return name.empty() || name == "store" || node_named(settings.pacs, name) != nullptr;
}

std::unique_ptr<jobs::ImportDesk> make_import_desk(ImportJobsOptions options) {
  jobs::ImportDeskOptions d;
  d.state_dir = options.state_dir;
  d.uid_root = options.settings != nullptr ? options.settings->uid_root : std::string();
  auto shared = std::make_shared<ImportJobsOptions>(std::move(options));
  d.setup = [shared](const jobs::Job& job) -> base::Result<jobs::ImportSetup> {
    const ImportJobsOptions& o = *shared;
    const std::vector<app::PacsNode> s = o.nodes ? o.nodes() : o.settings != nullptr ? o.settings->pacs : std::vector<app::PacsNode>();
    jobs::ImportSetup setup;
    std::string dest = job.spec.import.destination;
    if (dest.empty()) {  // the node whose role says so, else the store
      const app::PacsNode* n = node_with_role(s, "import-destination");
      dest = n != nullptr ? n->name : "store";
    }
    if (dest == "store") {
      store::Store* st = o.store ? o.store() : nullptr;
      // A job recovered at start-up may be claimed before the DICOM side opened the store.
      for (int i = 0; st == nullptr && o.store && i < 100; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        st = o.store();
      }
      if (st == nullptr) return Error{ErrorCode::kUnsupported, "the station's study store is not open"};
      setup.destination = std::make_unique<StoreDestination>(*st);
    } else {
      const app::PacsNode* n = node_named(s, dest);
      if (n == nullptr) return Error{ErrorCode::kInvalidArgument, fmt::format("no configured node [pacs.{}]", dest)};
      svc::SendOptions so;
      DISCUS_TRY(so.scu, scu_for(*n, o.ae_title));
      so.codecs = o.codecs;
      setup.destination = std::make_unique<import::PacsDestination>(so, peer_text(*n));
    }
    if (const app::PacsNode* wl = node_with_role(s, "worklist")) {
      DISCUS_TRY(svc::ScuOptions scu, scu_for(*wl, o.ae_title));
      setup.demographics = std::make_unique<import::MwlSource>(scu, peer_text(*wl));
    }
    return setup;
  };
  d.audit = [shared](const jobs::Job& job, import::ImportReport& r) { audit_import(*shared, job, r); };
  return std::make_unique<jobs::ImportDesk>(std::move(d));
}

std::function<base::Result<jobs::JobOutcome>(const jobs::Job&, app::Progress&)> import_job_runner(jobs::ImportDesk& desk) {
  return [&desk](const jobs::Job& job, app::Progress& progress) -> base::Result<jobs::JobOutcome> {
    DISCUS_TRY(jobs::ImportEnd end, desk.run(job, progress));
    return jobs::JobOutcome{end.to, end.reason};
  };
}

}  // namespace discus::daemon
