// discus::net::services — the Media Creation Management SCP as a service class of the Server
// (server.h ServiceRegistration for 1.2.840.10008.5.1.1.33): decodes each request's data set in
// its presentation context's transfer syntax, runs MediaCreationScp (mcm_scp.h), encodes the
// reply's data set back into that syntax.
//
// The station behind it is attached late: discusd starts its DICOM listener before the API that
// submits the jobs exists. Until attach() (and after detach()) a request is answered 0213H
// (resource limitation) instead of waiting; detach() waits for requests in progress, so the
// backend may be destroyed right after it.
//   auto mcm = std::make_shared<McmService>(uids);   options.services.push_back({uid, mcm});
//   mcm->attach(&backend);  ...  mcm->detach();
#pragma once

#include <memory>
#include <shared_mutex>

#include "base/log.h"
#include "net/services/mcm_scp.h"
#include "net/services/server.h"

namespace discus::net::services {

class McmService final : public ServiceHandler {
 public:
  explicit McmService(base::UidSource& uids, base::Logger* log = nullptr) : uids_(uids), log_(log) {}
  void attach(MediaCreationBackend* backend);
  void detach() { attach(nullptr); }

  std::vector<ServiceReply> handle(const ServiceRequest& request) noexcept override;

 private:
  std::vector<ServiceReply> serve(const ServiceRequest& request);

  base::UidSource& uids_;
  base::Logger* log_;
  std::shared_mutex mutex_;  // shared: a request in progress; exclusive: attach/detach
  std::unique_ptr<MediaCreationScp> scp_;  // null until attached
};

}  // namespace discus::net::services
