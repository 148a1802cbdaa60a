// discus::import — local identities from the PACS itself: a Patient Root C-FIND at PATIENT level
// (PS3.4 C.6.1, C.4.1) through net/services/find_scu, for unscheduled import when no PDQ supplier
// is configured (ihe-irwf-import.md §11 step 4: "PDQ (or a local C-FIND Patient Root query)").
//
// Asked by family name (wild card, PS3.4 C.2.2.2.4), then, when the SCP matched nothing (case-
// sensitive PN matching), by birth date; the reconcile.h rule decides among the answers. An SCP
// that returns no Issuer of Patient ID (Orthanc keeps none at patient level) gives candidates with
// an empty issuer, which the rule accepts as the station's own.
//   CFindSource pacs(scu_options_with_peer, "ORTHANC@127.0.0.1:4242");  o.demographics = &pacs;
#pragma once

#include <string>

#include "import/reconcile.h"
#include "net/services/scu.h"

namespace discus::import {

class CFindSource final : public DemographicsSource {
 public:
  CFindSource(net::services::ScuOptions scu, std::string peer_text) : scu_(std::move(scu)), peer_(std::move(peer_text)) {}
  base::Result<std::vector<LocalIdentity>> find(const PatientKey& foreign) override;
  base::Result<std::vector<LocalIdentity>> find_by_id(const std::string& patient_id, const std::string& issuer) override;
  std::string describe() const override { return "C-FIND " + peer_; }

 private:
  net::services::ScuOptions scu_;
  std::string peer_;
};

}  // namespace discus::import
