#include "daemon/dicom/listener.h"

#include <algorithm>

#include <fmt/format.h>

#include "net/ul/pdu.h"
#include "net/ul/tls.h"

namespace discus::daemon::dicom {

using base::Error;
using base::ErrorCode;
namespace svc = net::services;

base::Result<ListenerOptions> listener_options(const app::Settings& s, const ListenerFlags& f) {
  ListenerOptions o;
  if (!s.dicom_ae_title.empty()) o.ae_title = s.dicom_ae_title;
  if (!f.ae_title.empty()) o.ae_title = f.ae_title;
  o.port = f.port >= 0 ? f.port : s.dicom_port;
  o.calling_ae_titles = s.dicom_calling_ae_titles;
  o.addresses = s.dicom_addresses;
  if (s.dicom_duplicates == "keep") o.duplicates = svc::DuplicatePolicy::kKeep;
  else if (s.dicom_duplicates == "reject") o.duplicates = svc::DuplicatePolicy::kReject;
  o.tls_key = f.tls_key.empty() ? s.dicom_tls_key : f.tls_key;
  o.tls_cert = f.tls_cert.empty() ? s.dicom_tls_cert : f.tls_cert;
  o.tls_ca = f.tls_ca.empty() ? s.dicom_tls_ca : f.tls_ca;
  o.max_associations = static_cast<unsigned>(std::max(0, s.dicom_max_associations));
  if (!net::ul::valid_ae_title(o.ae_title))
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not an AE title (1-16 characters, no backslash)", o.ae_title)};
  for (const std::string& t : o.calling_ae_titles)
    if (!net::ul::valid_ae_title(t)) return Error{ErrorCode::kInvalidArgument, fmt::format("[dicom] calling_ae_titles: '{}' is not an AE title", t)};
  if (o.tls_key.empty() != o.tls_cert.empty())
    return Error{ErrorCode::kInvalidArgument, "the DICOM listener's TLS key and certificate go together (--dicom-tls-key, --dicom-tls-cert)"};
  if (!o.tls_ca.empty() && o.tls_key.empty())
    return Error{ErrorCode::kInvalidArgument, "--dicom-tls-ca needs --dicom-tls-key and --dicom-tls-cert"};
  return o;
}

base::Result<std::unique_ptr<Listener>> Listener::start(ListenerOptions o, store::Store& store, audit::Trail* trail, base::Logger& log) {
  std::unique_ptr<Listener> l(new Listener(store, trail, log));
  svc::ScpOptions s;
  s.port = static_cast<std::uint16_t>(o.port);
  s.bind_address = o.bind_address;
  s.access.our_ae_title = o.ae_title;
  s.access.calling_ae_titles = o.calling_ae_titles;
  s.access.addresses = o.addresses;
  if (o.max_associations > 0) s.max_associations = o.max_associations;
  s.storage.out_dir = store.options().dir;
  s.storage.fsync = true;  // acknowledged means on disk (PS3.4 B.2.3: success is a promise to keep it)
  s.storage.duplicates = o.duplicates;
  s.services = std::move(o.services);
  if (!o.tls_key.empty()) {
    DISCUS_TRY(s.tls, net::ul::TlsContext::create(net::ul::TlsRole::kServer, {o.tls_key, o.tls_cert, o.tls_ca}));
  }
  Listener* self = l.get();
  s.on_stored = [self](const svc::StoredInstance& i) { self->stored(i); };
  s.on_association_end = [self](const svc::AssociationEnded& e) { self->ended(e); };
  DISCUS_TRY(l->server_, svc::Server::start(std::move(s), log));
  l->thread_ = std::thread([self] { self->server_->run(self->stop_); });
  return l;
}

Listener::~Listener() { stop(); }

void Listener::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void Listener::stored(const svc::StoredInstance& s) {
  // Indexed before the C-STORE-RSP: what the sender was told is kept is in the store. A failure
  // here (the index unwritable) leaves the durable file to Store::reconcile() at the next start;
  // an instance without a Study Instance UID is kept in the store's folder but never indexed.
  auto info = store_.add(s.path, s.association.calling_ae_title);
  if (!info) {
    log_.error("store: an instance stored but not indexed: {}", info.error().describe());
    return;
  }
  std::lock_guard lock(mutex_);
  Tally& t = tallies_[s.association.id];
  t.patients.try_emplace(info->patient_id, audit::Patient{info->patient_id, info->patients_name});
  audit::Study& study = t.studies[info->study_instance_uid];
  study.study_instance_uid = info->study_instance_uid;
  study.accession_number = info->accession_number;
  study.patient_id = info->patient_id;
  auto it = std::find_if(study.sop_classes.begin(), study.sop_classes.end(),
                         [&](const audit::SopClassCount& c) { return c.sop_class_uid == info->sop_class_uid; });
  if (it == study.sop_classes.end()) study.sop_classes.push_back({info->sop_class_uid, 1});
  else ++it->number_of_instances;
}

void Listener::ended(const svc::AssociationEnded& e) {
  Tally t;
  {
    std::lock_guard lock(mutex_);
    auto it = tallies_.find(e.association.id);
    if (it == tallies_.end()) return;  // nothing stored: nothing transferred to audit
    t = std::move(it->second);
    tallies_.erase(it);
  }
  if (trail_ == nullptr) return;
  // PS3.15 A.5.3.7: one message for the association, we the destination, the peer the source.
  audit::InstancesTransferred m;
  m.begin = false;
  m.we_send = false;
  m.remote.user_id = e.association.calling_ae_title;
  m.remote.network_access_point = e.association.peer_host;
  if (e.failed > 0 || !e.released) {
    m.when.outcome = audit::Outcome::kMinorFailure;
    m.when.outcome_description = fmt::format("{} instances stored, {} refused{}", e.stored, e.failed, e.released ? "" : ", association aborted");
  }
  for (auto& [id, p] : t.patients) m.patients.push_back(std::move(p));
  for (auto& [uid, s] : t.studies) m.studies.push_back(std::move(s));
  if (auto st = trail_->record(m); !st) log_.error("the audit trail did not record a DICOM transfer: {}", st.error().describe());
}

}  // namespace discus::daemon::dicom
