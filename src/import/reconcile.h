// discus::import — reconciliation (IHE RAD IRWF, RAD-5 / ITI-21 as the source of local identity):
// who an outside patient is here.
//
// The foreign identity is the whole of (Patient ID, Issuer, Name, Birth Date, Sex) as the medium
// has it: two outside patients who share a Patient ID but not a name are two patients, never
// merged. A local identity is accepted only when name (PN components, case and trailing empty
// components aside), birth date and sex agree and the candidate's issuer is the station's own
// (or empty); a Patient ID alone never decides (ihe-irwf-import.md §9, §11 step 5). Anything
// less, several agreeing candidates, or no source to ask, is a hold for a person.
//   auto d = decide(foreign, source.find(foreign), "HOSP");  if (d.hold) ...; else coerce(ds, *d.local, ...);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "dicom/core/dataset.h"

namespace discus::import {

// An outside patient as the medium names it (values trimmed of padding, decoded to UTF-8).
struct PatientKey {
  std::string id, issuer, name, birth_date, sex;
  auto operator<=>(const PatientKey&) const = default;
};
PatientKey patient_key(const dicom::DataSet& ds);

// A local patient (and, from a worklist, the order) to coerce to. Text is UTF-8 (a source
// decodes what its protocol carried); coercion re-encodes it for each file.
struct LocalIdentity {
  std::string patient_id, issuer, name, birth_date, sex;
  std::string accession, requested_procedure_id, scheduled_step_id, study_uid;  // from an MWL item
  std::string source;  // "MWL WL@127.0.0.1:4242", "a person (hold H-...)"
};

// Where local identities come from: a Modality Worklist C-FIND (scheduled import) or a
// patient-level C-FIND / PDQ (unscheduled). The network implementations live with the C-FIND SCU;
// tests give a table.
class DemographicsSource {
 public:
  virtual ~DemographicsSource() = default;
  // Candidates for `foreign` (queried by name and birth date: its Patient ID means nothing here).
  virtual base::Result<std::vector<LocalIdentity>> find(const PatientKey& foreign) = 0;
  // The local patient a person named (resolve --patient-id), for its demographics.
  virtual base::Result<std::vector<LocalIdentity>> find_by_id(const std::string& patient_id, const std::string& issuer) = 0;
  virtual std::string describe() const = 0;
  // Whether find() may run for several patients at once (each call its own association): the
  // import then asks about all its outside patients together.
  virtual bool concurrent_lookups() const { return false; }
};

// PS3.5 6.2 PN: the first component group's components compared case-insensitively, trailing
// empty components and padding ignored ("DOE^JOHN^^" is "Doe^John").
bool names_agree(std::string_view a, std::string_view b);

struct Decision {
  std::optional<LocalIdentity> local;  // the one agreeing candidate
  std::string hold_reason;             // set when a person must decide
  std::vector<LocalIdentity> candidates;  // shown side by side with the foreign identity
};
Decision decide(const PatientKey& foreign, const std::vector<LocalIdentity>& candidates, const std::string& local_issuer);

}  // namespace discus::import
