// discus::import — what goes around the sending of an import (IHE RAD IRWF, ihe-irwf-import.md
// §11 step 8): the Import Procedure Step (RAD-59 N-CREATE IN PROGRESS before the first instance of
// a study goes out, RAD-60 N-SET COMPLETED/DISCONTINUED with the Performed Series Sequence at the
// end; one PPS per study) and Storage Commitment (RAD-10) of what was stored.
//
// TrackingDestination wraps the real Destination without changing the importer: it reads each
// staged (coerced) file's header before the batch goes out (so the N-CREATE carries the local
// identity and the order coercion wrote) and records every instance the destination stored.
//   TrackingDestination t(pacs, [&](const SentInstance& s) { pps.begin(s); });   o.destination = &t;
//   run_import(...);   pps.finish(report, t.stored());   auto c = commit(options, t.stored());
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/uid.h"
#include "import/importer.h"
#include "net/services/commitment_scu.h"
#include "net/services/mpps_scu.h"

namespace discus::import {

// What a staged instance says about itself (after coercion), read from its header.
struct SentInstance {
  std::string sop_class_uid, sop_instance_uid, study_instance_uid, series_instance_uid;
  std::string modality, series_description, protocol_name, study_id, specific_character_set;
  std::string patient_name, patient_id, issuer_of_patient_id, birth_date, sex;
  std::string accession_number, requested_procedure_id, scheduled_procedure_step_id, requested_procedure_description;
};
base::Result<SentInstance> read_sent_instance(const std::string& staged_path);
// The same from Part 10 bytes in memory (at least up to the Pixel Data element).
base::Result<SentInstance> read_sent_instance(base::ByteView part10_bytes);

class TrackingDestination final : public Destination {
 public:
  // `on_new_study` runs once per Study Instance UID, before its first instance is sent.
  TrackingDestination(Destination& inner, std::function<void(const SentInstance&)> on_new_study)
      : inner_(inner), on_new_study_(std::move(on_new_study)) {}
  std::string id() const override { return inner_.id(); }
  void send(const std::vector<Staged>& files, const std::function<void(std::size_t)>& before,
            const std::function<void(std::size_t, const std::string&)>& after) override;
  const std::vector<SentInstance>& stored() const { return stored_; }
  const std::set<std::string>& failed_studies() const { return failed_studies_; }
  // The two events, for any way of sending (a batch here, or a streaming session wrapped the
  // same way): an instance about to go out, and its outcome ("" stored, else why not).
  void will_send(const SentInstance& s);
  void sent(const SentInstance& s, const std::string& error);

 private:
  Destination& inner_;
  std::function<void(const SentInstance&)> on_new_study_;
  std::set<std::string> studies_;
  std::set<std::string> failed_studies_;
  std::vector<SentInstance> stored_;
};

// One Import PPS per study, against the MPPS SCP in `scu.peer`. Failures of the PPS never stop
// the import: they are recorded and reported.
class ImportPps {
 public:
  ImportPps(net::services::ScuOptions scu, base::UidSource& uids, std::string record_dir = {})
      : scu_(std::move(scu)), uids_(uids), record_dir_(std::move(record_dir)) {}
  void begin(const SentInstance& first);
  // COMPLETED for a study whose every file in the report was imported (or already was) and none
  // failed to send; DISCONTINUED otherwise.
  void finish(const ImportReport& report, const std::vector<SentInstance>& stored, const std::set<std::string>& failed_studies);
  nlohmann::ordered_json to_json() const;
  std::string to_text() const;

 private:
  struct Step {
    net::services::ImportProcedureStep step;
    std::string uid;
    std::optional<net::services::MppsResult> created, set;
    std::string create_error, set_error, final_status;
    std::size_t series = 0, instances = 0;
  };
  void record(const std::string& what, const std::string& uid, const dicom::DataSet& ds);
  net::services::ScuOptions scu_;
  base::UidSource& uids_;
  std::string record_dir_;
  std::vector<Step> steps_;
  std::map<std::string, std::size_t> by_study_;
};

// Storage Commitment of every stored instance, settled against the report's files.
struct CommitSummary {
  std::optional<net::services::CommitmentResult> result;
  std::string error;  // nothing could be asked
  std::size_t requested = 0;
};
CommitSummary commit(const net::services::CommitmentOptions& options, const std::vector<SentInstance>& stored);
nlohmann::ordered_json to_json(const CommitSummary& c);
std::string to_text(const CommitSummary& c);
// SOP Instance UID -> "committed", "failed (0112H)" or "unanswered", for every instance asked about.
std::map<std::string, std::string> commitment_by_uid(const CommitSummary& c);

}  // namespace discus::import
