// discus::import — local identities from an IHE Patient Demographics Supplier (ITI-21 PDQ over
// HL7 v2 MLLP, net/hl7/pdq.h): the unscheduled import's source (ihe-irwf-import.md §2, §11 step 4).
//
// The outside patient is asked for by family name and birth date (its Patient ID means nothing
// here); each returned PID becomes a candidate whose Patient ID is its PID-3 identifier in our
// domain (the assigning authority `domain`, which is also the Issuer of Patient ID coercion
// writes). A patient without an identifier in our domain is still shown, with no ID, so that a
// person sees why nothing matched; reconcile.h's rule then holds it.
//   PdqSource pdq({"pdq.example", 3600}, options, "HOSP");  o.demographics = &pdq;
#pragma once

#include <string>

#include "import/reconcile.h"
#include "net/hl7/pdq.h"

namespace discus::import {

class PdqSource final : public DemographicsSource {
 public:
  PdqSource(net::hl7::Endpoint supplier, net::hl7::PdqOptions options, std::string domain)
      : supplier_(std::move(supplier)), options_(std::move(options)), domain_(std::move(domain)) {}
  base::Result<std::vector<LocalIdentity>> find(const PatientKey& foreign) override;
  base::Result<std::vector<LocalIdentity>> find_by_id(const std::string& patient_id, const std::string& issuer) override;
  std::string describe() const override;

  // A PID as a candidate: the identifier of `domain` (or the first when domain is empty).
  static LocalIdentity identity_of(const net::hl7::PdqPatient& p, const std::string& domain, const std::string& source);

 private:
  net::hl7::Endpoint supplier_;
  net::hl7::PdqOptions options_;
  std::string domain_;
};

}  // namespace discus::import
