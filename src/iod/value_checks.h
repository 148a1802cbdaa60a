// discus::iod — dictionary and value-format checks of every attribute in a data set.
//
// VR against the PS3.6 dictionary (explicit VR files), VM against the dictionary's VM, and for
// the simple VRs DA TM UI CS AS IS DS the maximum length and character repertoire of PS3.5 6.2
// (UI also 9.1: no leading zeros in components, a root arc of 0, 1 or 2); control characters
// in string values (PS3.5 6.1.3: only ESC, and CR LF FF TAB in texts). Private and unknown tags are skipped.
//   check_values(ds, "IM1", findings);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/finding.h"
#include "dicom/core/dataset.h"

namespace discus::iod {

void check_values(const dicom::DataSet& ds, const std::string& file, std::vector<base::Finding>& out);

// The values of a primitive element as text: strings split on '\' (padding and, for numbers and
// codes, surrounding spaces trimmed), binary numbers (US SS UL SL FL FD) formatted in decimal.
std::vector<std::string> value_strings(const dicom::Element& e);
// Number of values (VM) of a primitive element; 0 when empty.
std::size_t value_count(const dicom::Element& e);
// Whether `count` values satisfy a PS3.6 VM such as "1", "1-3", "2-n", "3-3n".
bool vm_allows(std::string_view vm, std::size_t count);
// A decimal number written as text ("1", " 1.0", "+1e0", "-5"), surrounding spaces and NUL
// padding ignored; nullopt when it is not one.
std::optional<double> as_number(std::string_view text);
// Why `value` is not valid for `vr` (DA TM UI CS AS IS DS), or empty when it is.
std::string value_format_problem(dicom::VR vr, std::string_view value);

}  // namespace discus::iod
