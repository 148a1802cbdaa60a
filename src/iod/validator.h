// discus::iod — IOD validation of one instance against the PS3.3 tables, as Findings.
//
// The IOD is chosen from SOP Class UID (0008,0016). Each module the IOD uses is checked when
// mandatory, when its condition holds, or when it is present (U modules); each attribute rule
// checks Type 1/1C/2/2C presence and emptiness (PS3.5 7.4) and enumerated values, inside
// sequence items too. Every present attribute is then checked against the PS3.6 dictionary
// (VR, VM) and, for DA TM UI CS AS IS DS, against its VR's length and repertoire (PS3.5 6.2).
// In the spirit of dicom3tools' dciodvfy; rule ids are "iod.*", references "PS3.3 ...".
//
//   auto findings = validate_instance(file.dataset, "IM0001");
#pragma once

#include <string>
#include <vector>

#include "base/finding.h"
#include "dicom/core/dataset.h"

namespace discus::iod {

// Findings for one instance; an unknown SOP class gives one warning finding (then only the
// dictionary checks run).
std::vector<base::Finding> validate_instance(const dicom::DataSet& ds, const std::string& file);

}  // namespace discus::iod
