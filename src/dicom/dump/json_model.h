// discus::dicom::dump — the DICOM JSON Model of PS3.18 Annex F.
//
// Attributes keyed by 8 upper-case hex digits, each with "vr" and, when it has a value,
// "Value" (strings in UTF-8, numbers as JSON numbers, PN as component-group objects, SQ items
// as nested objects), "InlineBinary" (Base64) or "BulkDataURI" for values left in the file.
//   nlohmann::ordered_json j = to_json(file.dataset, {});
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "dicom/charset/specific_character_set.h"
#include "dicom/core/dataset.h"

namespace discus::dicom::dump {

struct JsonOptions {
  // Binary values larger than this, and values left in the file, become a BulkDataURI
  // ("file://PATH?offset=N&length=M") instead of InlineBinary.
  std::uint64_t inline_binary_limit = 64 * 1024;
};

nlohmann::ordered_json to_json(const DataSet& dataset, const JsonOptions& options,
                               const charset::SpecificCharacterSet& inherited = charset::SpecificCharacterSet());

}  // namespace discus::dicom::dump
