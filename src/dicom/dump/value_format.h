// discus::dicom::dump — turning element values into text for people and for JSON.
//
// Shared by the text dump and the PS3.18 JSON model so both agree on what a value says:
// numbers from binary VRs (little endian in memory), strings decoded to UTF-8 with the
// Specific Character Set in force, VM counted as PS3.5 6.4 defines it.
//   std::size_t vm = value_multiplicity(element);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dicom/charset/specific_character_set.h"
#include "dicom/core/dataset.h"

namespace discus::dicom::dump {

// Number of values: strings split on '\' (LT, ST, UT, UR single-valued), binaries by width.
std::size_t value_multiplicity(const Element& e);

// The string values of a text element, decoded to UTF-8 (invalid bytes become U+FFFD and are
// reported in `issues`).
std::vector<std::string> decoded_strings(const Element& e, const charset::SpecificCharacterSet& cs,
                                         std::vector<charset::CharsetIssue>* issues);

// Binary numbers as doubles/integers for AT, US, SS, UL, SL, UV, SV, FL, FD (and OF/OD/OL/OV/OW
// when asked). `limit` caps how many are decoded.
std::vector<std::string> binary_values_as_text(const Element& e, std::size_t limit);

// The charset a data set declares, or `inherited` when it declares none (sequence items inherit
// their parent's, PS3.5 6.1.2.2). An unparsable declaration falls back leniently.
charset::SpecificCharacterSet charset_of(const DataSet& ds, const charset::SpecificCharacterSet& inherited);

}  // namespace discus::dicom::dump
