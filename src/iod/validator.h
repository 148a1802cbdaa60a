// discus::iod — IOD validation of one instance against the PS3.3 tables, as Findings.
//
// The IOD is chosen from SOP Class UID (0008,0016). Each module the IOD uses is checked when
// mandatory, when its condition holds, or when it is present (U modules); each attribute rule
// checks Type 1/1C/2/2C presence and emptiness (PS3.5 7.4) and enumerated values, inside
// sequence items too. Every present attribute is then checked against the PS3.6 dictionary
// (VR, VM) and, for DA TM UI CS AS IS DS, against its VR's length and repertoire (PS3.5 6.2).
// Whole-instance rules (frames, Pixel Data length, UIDs) are in instance_checks.h. In the spirit of
// dicom3tools' dciodvfy, and held to agree with it both ways (tests/oracle/iod_oracle.py).
//
//   auto findings = validate_instance(file.dataset, "IM0001");
#pragma once

#include <string>
#include <vector>

#include "base/finding.h"
#include "dicom/core/dataset.h"
#include "dicom/part10/reader.h"

namespace discus::iod {

// Findings for one instance; an unknown SOP class gives one warning finding (then only the
// dictionary checks run). With `meta` (the file's group 0002), the File Meta Information is
// checked against the data set too (PS3.10 7.1).
std::vector<base::Finding> validate_instance(const dicom::DataSet& ds, const std::string& file,
                                             const dicom::DataSet* meta = nullptr);

// A whole file as read (headers only is enough): validate_instance with its File Meta
// Information, plus what the reader tolerated (warnings: the file breaks PS3.10 or PS3.5 but
// could be read) and Pixel Data that runs past the end of the file (an error).
std::vector<base::Finding> validate_file(const dicom::part10::DicomFile& f, const std::string& file);

}  // namespace discus::iod
