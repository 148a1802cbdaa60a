// discus::media::profile — does one instance fit a Media Storage Application Profile?
//
// PS3.11 X.3.1 (SOP Classes and Transfer Syntaxes), the profile's pixel limits (e.g. A.3.4.1,
// B.3.4.1) and its security parameters (X.3.5). Reads only the header: the data set without
// pixel data and the transfer syntax the file is (or will be) written in. Results are Findings:
//   "profile.sop-class"        SOP Class not allowed (or absent)           error
//   "profile.transfer-syntax"  transfer syntax not allowed for that class  error (names the allowed ones)
//   "profile.pixel-limit"      Rows/Columns beyond the profile's limit     error
//   "profile.retired"          the profile is retired                      warning
//   "profile.secure"           the file must become a Secure DICOM File    info
//   auto findings = check_instance(*reg.find("STD-GEN-CD"), ds, uids::JPEGBaseline8Bit, "IM1");
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/finding.h"
#include "dicom/core/dataset.h"
#include "media/profile/application_profile.h"

namespace discus::media::profile {

std::vector<base::Finding> check_instance(const ApplicationProfile& p, const dicom::DataSet& ds,
                                          std::string_view transfer_syntax_uid, const std::string& file);

}  // namespace discus::media::profile
