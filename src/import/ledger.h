// discus::import — the station's import ledger: what was sent where, and the holds waiting for a
// person. The interface is here; the SQLite file behind it is built by the composition root
// (src/cli/import_ledger.cc over jobs' SQL adapter: import, layer 5, may not link jobs).
//
// Crash-only sending: a row is written *before* each C-STORE (state "sending") and updated after
// the answer ("sent", with the SHA-256 of the bytes sent). An import killed between the two
// leaves exactly one row in "sending" per association: that instance is *in doubt* (the PACS may
// have stored it and answered after we died). A resumed import never re-sends an in-doubt
// instance on its own: it is held for a person (`--resolve H --resend` or `--reject`), so no
// instance is ever sent twice without someone deciding it.
//   DISCUS_TRY(auto row, ledger.find(dest, uid));  if (!row) { ledger.begin_send(...); ...; ledger.end_send(...); }
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace discus::import {

struct LedgerEntry {
  std::string destination;       // "pacs:PACS@host:104" or "dir:/abs/path"
  std::string sop_instance_uid;  // as sent (after any UID repair)
  std::string source_sha256;     // of the file as read from the medium
  std::string sent_sha256;       // of the bytes sent (coerced); empty while in doubt
  std::string state;             // "sending" or "sent"
  std::string import_id;
};

// A decision waiting for a person. kind "identity": an outside patient not reconciled (resolve
// with a patient ID, or reject); kind "instance": an instance in doubt or not stored (resolve
// with resend, or reject).
struct Hold {
  std::string id;          // "H-" + 12 hex, stable for the same medium, destination and subject
  std::string import_id;
  std::string kind;        // "identity" | "instance"
  std::string subject;     // JSON: the foreign identity or the instance
  std::string reason;
  std::string import_args; // JSON: how to run the import again once decided
  std::string decision;    // "" (open), "patient", "reject", "resend"
  std::string patient_id, issuer;  // with decision "patient"
};

class Ledger {
 public:
  virtual ~Ledger() = default;
  virtual base::Result<std::optional<LedgerEntry>> find(const std::string& destination, const std::string& sop_instance_uid) = 0;
  virtual base::Status begin_send(const LedgerEntry& entry) = 0;  // state "sending", durable on return
  // `ok`: state "sent" with sent_sha256; else the row is removed (the PACS answered with a failure,
  // so nothing is in doubt).
  virtual base::Status end_send(const std::string& destination, const std::string& sop_instance_uid, bool ok,
                                const std::string& sent_sha256) = 0;
  virtual base::Result<std::optional<Hold>> find_hold(const std::string& id) = 0;
  // Inserts the hold, or refreshes reason/subject/import_args of an open one; a decision is kept.
  virtual base::Status save_hold(const Hold& hold) = 0;
  virtual base::Status decide(const std::string& id, const std::string& decision, const std::string& patient_id,
                              const std::string& issuer) = 0;
  virtual base::Result<std::vector<Hold>> holds() = 0;
};

}  // namespace discus::import
