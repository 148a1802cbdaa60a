// discus::import — local identities from a Modality Worklist (IHE RAD-5, PS3.4 K.6: scheduled
// import) through the worklist C-FIND SCU of net/services.
//
// The outside patient is looked up by name and birth date (its Patient ID means nothing here);
// each worklist item becomes a candidate with the order's Accession Number, Requested Procedure
// ID and Scheduled Procedure Step ID, which coercion then writes into the imported objects.
//   MwlSource mwl(scu_options_with_peer, "WL@127.0.0.1:4242");  o.demographics = &mwl;
#pragma once

#include <string>

#include "import/reconcile.h"
#include "net/services/scu.h"

namespace discus::import {

class MwlSource final : public DemographicsSource {
 public:
  MwlSource(net::services::ScuOptions scu, std::string peer_text) : scu_(std::move(scu)), peer_(std::move(peer_text)) {}
  base::Result<std::vector<LocalIdentity>> find(const PatientKey& foreign) override;
  base::Result<std::vector<LocalIdentity>> find_by_id(const std::string& patient_id, const std::string& issuer) override;
  std::string describe() const override { return "MWL " + peer_; }
  bool concurrent_lookups() const override { return true; }  // one association per C-FIND

 private:
  net::services::ScuOptions scu_;
  std::string peer_;
};

}  // namespace discus::import
