// discus CLI — the import ledger `discus import` keeps: the one of src/jobs/import_ledger.h (the
// same SQLite file layout discusd's import jobs use), named here as the CLI always did.
//   DISCUS_TRY(auto ledger, open_import_ledger(default_import_ledger_path()));
#pragma once

#include "jobs/import_ledger.h"

namespace discus::cli {

using jobs::default_import_ledger_path;
using jobs::open_import_ledger;

}  // namespace discus::cli
