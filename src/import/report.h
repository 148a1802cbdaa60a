// discus::import — the import report as JSON (issue 17's interface: files_seen, outcomes with
// every bucket, files with source/outcome/reason/hold) plus the inventory, and as text for a
// person. Text from the medium passes base::to_valid_utf8 before it is written.
//   write_report(report, "out/import");   // out/import.json and out/import.txt
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "import/importer.h"

namespace discus::import {

nlohmann::ordered_json to_json(const ImportReport& report);
std::string to_text(const ImportReport& report);
// PREFIX.json and PREFIX.txt, each written atomically.
base::Status write_report(const ImportReport& report, const std::string& prefix);

}  // namespace discus::import
