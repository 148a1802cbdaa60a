// discus::net::hl7 — IHE Patient Demographics Query, the Consumer side (IHE ITI TF-2a 3.21,
// ITI-21): a QBP^Q22 with the demographics in QPD-3 ("@PID.5.1.1^DOE~@PID.7^19700101"), and the
// RSP^K22 answer read into patients (PID-3 identifiers with their assigning authority, PID-5 name,
// PID-7 birth date, PID-8 sex), over MLLP (mllp.h).
//
// The answer is checked, not trusted: it must be an RSP (or an ACK carrying an error) whose MSA-2
// names our message control ID; MSA-1 AE/AR/CE/CR and QAK-2 AE/AR are errors carrying MSA-3 and
// the ERR segments' text; QAK-2 NF is zero patients. A supplier's 8859/1 answer (MSH-18) is
// turned into UTF-8; other character sets are refused rather than misread.
//   PdqQuery q;  q.family = "DOE";  q.birth_date = "19700101";
//   DISCUS_TRY(PdqResponse r, query({"pdq.example", 3600}, q, options));   for (auto& p : r.patients) ...
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "net/hl7/mllp.h"

namespace discus::net::hl7 {

struct PdqQuery {
  std::string family, given, birth_date, sex;  // birth date YYYYMMDD; any may be empty
  std::string patient_id, assigning_authority;  // @PID.3.1 / @PID.3.4.1
  std::string what_domains_returned;  // QPD-8: the assigning authority whose IDs we want ("" all)
};

struct PdqOptions {
  std::string sending_application = "DISCUS", sending_facility;
  std::string receiving_application, receiving_facility;
  int quantity_limit = 50;  // RCP-2 (records)
  ExchangeOptions exchange;
};

// HL7 CX (PID-3): the ID and its assigning authority (HD: namespace, universal ID, its type).
struct PatientIdentifier {
  std::string id, authority, universal_id, universal_id_type, type_code;
};

struct PdqPatient {
  std::vector<PatientIdentifier> identifiers;
  std::string family, given, middle, suffix, prefix;  // the first (legal, when marked) name
  std::string birth_date;  // YYYYMMDD (PID-7 cut to the date)
  std::string sex;         // PID-8 as sent (M, F, O, U, A, N)
  // The DICOM Person Name (PS3.5 6.2: family^given^middle^prefix^suffix, trailing ^ dropped).
  std::string dicom_name() const;
};

struct PdqResponse {
  std::string acknowledgment_code;  // MSA-1
  std::string query_status;         // QAK-2 (OK, NF, AE, AR)
  std::string text;                 // MSA-3 and the ERR segments, for a person
  std::vector<PdqPatient> patients;
  bool more = false;                // a DSC segment: the supplier holds more (continuation not asked)
};

// The QBP^Q22 text. `control_id` is MSH-10 (and the answer's MSA-2), `now` MSH-7 (DTM).
std::string build_query(const PdqQuery& q, const PdqOptions& o, std::string_view control_id, std::string_view query_tag,
                        std::string_view now);
// Reads a supplier's answer to the message `control_id`.
base::Result<PdqResponse> parse_response(std::string_view text, std::string_view control_id);

// Build, exchange over MLLP, parse. An error status from the supplier is an error.
base::Result<PdqResponse> query(const Endpoint& supplier, const PdqQuery& q, const PdqOptions& o);

}  // namespace discus::net::hl7
