// discus::import — one import of an outside medium: read, inventory, reconcile, coerce, send,
// account (IHE RAD IRWF + PDI Portable Media Importer; ihe-irwf-import.md §11).
//
// Every entry of the medium ends in exactly one bucket (Outcome), and the sums equal the entries
// seen. Every file is read (the DICOMDIR, when there is one, is checked against what is there,
// never trusted to say what is there: its `..` File IDs and missing files are problems, not
// reads). Nothing from the medium is executed. A secure medium's files are opened in memory
// with the Decryptor given. Instances are read and coerced on a second thread while the one
// before is stored (a bounded pipeline, in memory: no temporary files), and go out one at a
// time over one association (every presentation context negotiated up front) with the Ledger
// written before and after each one; a second run over the same medium and
// destination is a resume: sent instances are "already-imported", nothing is sent twice.
//   ImportOptions o;  o.destination = &pacs;  o.ledger = &ledger;  o.demographics = &mwl;
//   DISCUS_TRY(ImportReport r, run_import(medium, o));  write_report(r, "out/import");
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "import/ledger.h"
#include "import/malware.h"
#include "import/medium.h"
#include "import/reconcile.h"

namespace discus::media::secure {
class Decryptor;
}

namespace discus::import {

enum class Outcome { kImported, kAlreadyImported, kConflict, kHeld, kNotDicom, kUnreadable, kExcluded };
inline constexpr Outcome kAllOutcomes[] = {Outcome::kImported, Outcome::kAlreadyImported, Outcome::kConflict, Outcome::kHeld,
                                           Outcome::kNotDicom, Outcome::kUnreadable,      Outcome::kExcluded};
std::string_view outcome_name(Outcome o);  // "imported", "already-imported", ... (the report's keys)

// A staged (coerced) instance ready to go out.
struct Staged {
  std::string path;  // the Part 10 file in the staging folder
  std::string sop_class_uid, sop_instance_uid;
};

// A coerced instance in memory, the unit of the import's pipeline: its Part 10 bytes are `head`
// (preamble, File Meta Information, the coerced header) followed by `tail` (the source's bytes
// from its Pixel Data element on, copied verbatim: pixel data is never decoded or re-encoded).
struct Outgoing {
  std::string sop_class_uid, sop_instance_uid, transfer_syntax_uid;
  base::Bytes head;
  std::size_t dataset_offset = 0;            // where the data set starts in `head`
  std::shared_ptr<const base::Bytes> source;  // owns the bytes `tail` points into
  base::ByteView tail;
};

// What runs around one instance's store.
struct StoreHooks {
  std::function<void()> before;     // just before it goes out (the ledger's row); again on a retry
  std::function<void()> in_flight;  // once it is out, while the destination works on it (spare time)
};

// One instance at a time, in order, over one connection (one association for a PACS).
class DestinationSession {
 public:
  virtual ~DestinationSession() = default;
  // Stores `o`. The answer: "" stored, else why not; nullopt when no outcome came back (the
  // instance is in doubt, as after a kill).
  virtual std::optional<std::string> store(const Outgoing& o, const StoreHooks& hooks) = 0;
  virtual void finish() {}  // the last instance went out: release the connection
};

// A (SOP Class UID, Transfer Syntax UID) an import will send: all are negotiated up front.
using ContextNeed = std::pair<std::string, std::string>;

// Where instances go: a PACS (C-STORE) or a folder.
class Destination {
 public:
  virtual ~Destination() = default;
  virtual std::string id() const = 0;  // the ledger's key: "pacs:AET@HOST:PORT", "dir:/abs"
  // Sends `files` in order; `before(i)` runs just before file i goes out, `after(i, error)` once
  // its outcome is known (error empty: stored).
  virtual void send(const std::vector<Staged>& files, const std::function<void(std::size_t)>& before,
                    const std::function<void(std::size_t, const std::string&)>& after) = 0;
  // The streaming interface run_import uses. `needs`: every context the import will send. The
  // default writes each instance into `staging_dir` and hands it to send() alone, for
  // destinations that have only the batch interface.
  virtual std::unique_ptr<DestinationSession> open_session(const std::vector<ContextNeed>& needs, const std::string& staging_dir);
};

struct ImportOptions {
  Destination* destination = nullptr;     // required unless dry_run
  Ledger* ledger = nullptr;               // required unless dry_run
  DemographicsSource* demographics = nullptr;  // null: every patient is held for a person
  const media::secure::Decryptor* key = nullptr;  // opens a secure medium
  std::string local_issuer;               // our Issuer of Patient ID; candidates with another are refused
  std::string modifying_system = "DISCUS";
  std::string uid_root;                   // for invalid UIDs replaced
  std::string staging_dir;                // only for a Destination without open_session (cleared per run)
  std::string import_args;                // JSON kept with holds so --resolve can run the import again
  bool dry_run = false;                   // inventory and decisions only: nothing sent, no ledger writes
  std::uint64_t max_file_bytes = 1ull << 30;
  // The pipeline (read + coerce ahead while the destination stores): at most `batch` coerced
  // instances and `batch_bytes` bytes wait in memory (one larger instance waits alone).
  std::size_t batch = 16;
  std::uint64_t batch_bytes = 64ull << 20;
  std::string now;                        // DT for coercion; empty: the clock
  // Malware scanning (malware.h): null, nothing is scanned (and the report says so). Files that
  // are not DICOM (or unreadable as DICOM) are scanned; every file with `scan_all`. Copies for
  // the scanner go in a private folder under `scan_dir` (empty: the temporary folder).
  MalwareScanner* scanner = nullptr;
  bool scan_all = false;
  std::string scan_dir;
  std::function<void(std::string_view)> notice;  // progress lines for a person
  // The operator's choice (IHE PDI: "the operator selects what to import, all by default"): when
  // `studies` is not empty only those Study Instance UIDs are imported; `excluded_studies` are
  // left out. A study left out is accounted as excluded and never reconciled, held or sent.
  std::set<std::string> studies, excluded_studies;
};

struct FileResult {
  std::string source;
  std::uint64_t size = 0;
  Outcome outcome = Outcome::kUnreadable;
  std::string reason;
  std::string hold;
  std::string sop_instance_uid;
  std::string sop_class_uid, study_instance_uid;
  int patient = -1;  // index into ImportReport::patients
  std::string malware;  // the scan's verdict ("clean", "infected: NAME", "not scanned: why"); empty: not a file to scan
};

struct SeriesSummary {
  std::string uid, modality, number;
  std::size_t instances = 0;
};
struct StudySummary {
  std::string uid, date, description, accession;
  std::vector<SeriesSummary> series;
  std::size_t instances = 0;
};
struct PatientSummary {
  PatientKey foreign;
  std::optional<LocalIdentity> local;
  std::string hold, hold_reason;
  std::vector<LocalIdentity> candidates;
  std::vector<StudySummary> studies;
  std::size_t instances = 0;
};

struct ImportReport {
  std::string import_id, medium, destination;
  bool dry_run = false;
  bool dicomdir = false;           // the medium has a root DICOMDIR
  bool secure = false;             // a Secure DICOM medium
  std::string malware_scan;        // what was done about non-DICOM files (and how many were infected)
  std::vector<std::string> problems;  // medium-level: DICOMDIR references, conformance
  std::vector<PatientSummary> patients;
  std::vector<FileResult> files;
  // PS3.15 A.5.3.5 Data Import messages, filled by the shell that can build them (src/daemon/audit
  // is layer 7), and where they went.
  std::vector<std::string> audit_messages;
  std::string audit_note;
  std::map<std::string, std::size_t> counts() const;  // outcome name -> files
  bool complete() const;           // nothing held, in conflict or unreadable
};

base::Result<ImportReport> run_import(const Medium& medium, const ImportOptions& options);

}  // namespace discus::import
