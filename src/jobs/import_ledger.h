// discus::jobs — the station's import ledger (import::Ledger) in a SQLite file, through the queue's
// SQL adapter (jobs/sqlite: WAL, so a row is durable before the C-STORE it announces goes out).
// Built here, in layer 6, because src/import (layer 5) may not link src/jobs; used by `discus
// import` (its own file) and by discusd's import jobs (STATE/import-ledger.sqlite, one connection
// per job: SQLite's busy timeout serialises the writers of concurrent jobs).
//   DISCUS_TRY(auto ledger, open_import_ledger("/var/lib/discus/import-ledger.sqlite"));
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "import/ledger.h"

namespace discus::jobs {

base::Result<std::unique_ptr<import::Ledger>> open_import_ledger(const std::string& path);
// $DISCUS_STATE_DIR, else $XDG_STATE_HOME/discus, else ~/.local/state/discus; + /import-ledger.sqlite
std::string default_import_ledger_path();

}  // namespace discus::jobs
