// discus::net::services — the C-GET SCU (PS3.4 C.4.3): the SCP sends the matching instances back
// on the same association as C-STORE sub-operations, which this SCU answers as a Storage SCP
// (PS3.4 C.4.3.1: SCP/SCU Role Selection negotiated for each storage SOP class, PS3.7 D.3.3.4).
//
// Each instance is streamed to disk by the Storage SCP's receiver (StorageReceiver: a temporary
// file, fsync'd, header read back, renamed to OUT/<Study Instance UID>/<SOP Instance UID>.dcm)
// before its C-STORE-RSP says Success. The storage SOP classes proposed are a table of the common
// ones (get_scu.cc) unless the caller names its own; each is proposed in the caller's transfer
// syntaxes (default Explicit then Implicit VR Little Endian), at most 127 contexts.
//
//   GetOptions o;  o.scu = scu;  o.storage.out_dir = "study/";
//   DISCUS_TRY(GetResult r, get(o, id));   // r.instances: what arrived, r.status: the final status
#pragma once

#include <string>
#include <vector>

#include "net/services/move_scu.h"
#include "net/services/storage_scp.h"

namespace discus::net::services {

struct ReceivedInstance {
  std::string sop_class_uid, sop_instance_uid, transfer_syntax;
  StoreOutcome outcome;  // status we answered; path when stored
};

struct GetOptions {
  ScuOptions scu;
  QueryModel model = QueryModel::kStudyRoot;
  std::uint16_t priority = dimse::kMedium;
  StorageOptions storage;                       // out_dir must exist
  std::vector<std::string> storage_classes;     // empty: the common storage SOP classes
  std::vector<std::string> transfer_syntaxes;   // empty: Explicit, Implicit VR Little Endian
  const std::atomic<bool>* cancel = nullptr;
  ProgressCallback on_progress;
  std::function<void(const ReceivedInstance&)> on_instance;
};

struct GetResult : RetrieveResult {
  std::vector<ReceivedInstance> instances;
  std::size_t stored() const;  // instances answered with Success or Warning
};

base::Result<GetResult> get(const GetOptions& options, const dicom::DataSet& identifier);

// The storage SOP classes proposed by default (for the conformance statement and tests).
std::vector<std::string> default_get_storage_classes();

}  // namespace discus::net::services
