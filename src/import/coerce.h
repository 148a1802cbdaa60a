// discus::import — coercion of an imported instance to the local identity (IHE RAD-61, PS3.3
// C.12.1.1.9 Original Attributes Macro), a pure function over a data set.
//
// Patient ID with the local Issuer, Patient's Name, Birth Date and Sex from the local identity;
// Accession Number from the order, else emptied (a foreign accession must not pass for a local
// one); the foreign Patient ID and issuer appended to the Other Patient IDs Sequence (0010,1002)
// (Type of Patient ID TEXT; never the retired (0010,1000)); Request Attributes Sequence from a
// worklist item; Instance Origin Status (0400,0600) IMPORTED, Instance Coercion DateTime
// (0008,0015) now. Every previous value (an absent one with zero length) goes into one new item
// of the Original Attributes Sequence (0400,0561), Reason COERCE; items already there are kept.
// UIDs are not touched (coercion is not a new instance). The local identity's text is UTF-8;
// the Specific Character Set (0008,0005) is recomputed to hold it (text_encoding.h), every text
// value re-encoded when the repertoire changes.
//   CoercionContext c{.now = "20261207003000+0000", .modifying_system = "DISCUS", .source = "CD from X"};
//   coerce(file.dataset, local, c);
#pragma once

#include <string>

#include "dicom/core/dataset.h"
#include "import/reconcile.h"

namespace discus::import {

struct CoercionContext {
  std::string now;               // DT, (0400,0562) and (0008,0015)
  std::string modifying_system;  // (0400,0563)
  std::string source;            // (0400,0564) Source of Previous Values: the medium, its institution
};

void coerce(dicom::DataSet& ds, const LocalIdentity& local, const CoercionContext& context);

}  // namespace discus::import
