// discus::daemon::audit — who and what is on a file-set, for the audit messages about it.
//
// Read from the file-set's DICOMDIR (PS3.3 F.5): PATIENT records give Patient ID and Name,
// STUDY records the Study Instance UID and Accession Number, the leaf records under them
// (0004,1510) Referenced SOP Class UID in File, counted per SOP Class: exactly the patients and
// the studies with SOP classes and instance counts that PS3.15 A.5.3 messages list.
//   DISCUS_TRY(Inventory inv, inventory_of_fileset("/var/lib/discus/jobs/12/fileset"));
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "daemon/audit/trail.h"

namespace discus::daemon::audit {

struct Inventory {
  std::string fileset_uid;  // the DICOMDIR's Media Storage SOP Instance UID (0002,0003): the File-set UID
  std::vector<Patient> patients;
  std::vector<Study> studies;  // each with its patient_id
};

// `path` is a file-set folder (its DICOMDIR is read) or a DICOMDIR file.
base::Result<Inventory> inventory_of_fileset(const std::string& path);

}  // namespace discus::daemon::audit
