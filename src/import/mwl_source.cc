#include "import/mwl_source.h"

#include <algorithm>

#include "base/text.h"
#include "dicom/dict/tags.h"
#include "import/text_encoding.h"
#include "net/services/worklist_scu.h"

namespace discus::import {
namespace tags = dicom::tags;

namespace {

// UTF-8, decoded with the item's own Specific Character Set (the SCP answers in the repertoire it
// has). Worklist SCPs often declare none (dcmtk's wlmscpfs by default) while their values are not
// ASCII: then bytes that are valid UTF-8 are read as UTF-8, others as ISO-IR 100 (Latin-1), the
// commonest undeclared repertoire. The matching rule still needs name, birth date and sex to agree.
std::string text(const dicom::DataSet& ds, dicom::Tag t) {
  const auto raw = ds.get_string(t);
  if (ds.contains(tags::SpecificCharacterSet) || !raw || std::all_of(raw->begin(), raw->end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return decoded_text(ds, t);
  if (base::to_valid_utf8(*raw) == *raw) return std::string(*raw);
  std::string out;
  for (char c : *raw) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) out.push_back(c);
    else out.push_back(static_cast<char>(0xC0 | (b >> 6))), out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
  }
  return out;
}

LocalIdentity identity_of(const dicom::DataSet& item, const std::string& source) {
  LocalIdentity l;
  l.patient_id = text(item, tags::PatientID);
  l.issuer = text(item, tags::IssuerOfPatientID);
  l.name = text(item, tags::PatientName);
  l.birth_date = text(item, tags::PatientBirthDate);
  l.sex = text(item, tags::PatientSex);
  l.accession = text(item, tags::AccessionNumber);
  l.requested_procedure_id = text(item, tags::RequestedProcedureID);
  l.study_uid = text(item, tags::StudyInstanceUID);
  if (const dicom::Element* sps = item.find(tags::ScheduledProcedureStepSequence); sps != nullptr && sps->is_sequence() && !sps->items.empty())
    l.scheduled_step_id = text(sps->items.front(), tags::ScheduledProcedureStepID);
  l.source = source;
  return l;
}

}  // namespace

base::Result<std::vector<LocalIdentity>> MwlSource::find(const PatientKey& foreign) {
  // By family name (wild card: PS3.4 C.2.2.2.4) and nothing else: a worklist SCP matches PN
  // case-sensitively, so the rule of reconcile.h (case-insensitive, by component) decides after.
  net::services::WorklistQuery q;
  const std::string family_name = foreign.name.substr(0, foreign.name.find_first_of("^="));
  std::string family = family_name;
  // A wild card in the name, or characters our query (which declares the default repertoire)
  // cannot carry: ask for every item.
  if (family.find_first_of("*?\\") != std::string::npos ||
      std::any_of(family.begin(), family.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
    family.clear();
  q.patient_name = family.empty() ? std::string() : family + "*";
  DISCUS_TRY(std::vector<dicom::DataSet> items, net::services::query_worklist(scu_, q));
  if (items.empty() && !q.patient_name.empty()) {
    // The SCP matched the family name with its case (dcmtk's wlmscpfs does: "ROE*" misses
    // "Roe^Richard"): ask for every item and let the rule compare.
    q.patient_name.clear();
    DISCUS_TRY(items, net::services::query_worklist(scu_, q));
  }
  std::vector<LocalIdentity> out;
  for (const dicom::DataSet& item : items) {
    LocalIdentity l = identity_of(item, describe());
    // Only candidates that could be this patient are shown beside it: same family name (any
    // case) or same birth date.
    if (!names_agree(l.name.substr(0, l.name.find_first_of("^=")), family_name) && l.birth_date != foreign.birth_date) continue;
    out.push_back(std::move(l));
  }
  return out;
}

base::Result<std::vector<LocalIdentity>> MwlSource::find_by_id(const std::string& patient_id, const std::string& issuer) {
  net::services::WorklistQuery q;
  q.patient_id = patient_id;
  DISCUS_TRY(std::vector<dicom::DataSet> items, net::services::query_worklist(scu_, q));
  std::vector<LocalIdentity> out;
  for (const dicom::DataSet& item : items) {
    LocalIdentity l = identity_of(item, describe());
    if (!issuer.empty() && !l.issuer.empty() && l.issuer != issuer) continue;
    // One patient: the person named the patient, not an order; keep the first order's keys.
    if (!out.empty() && out.front().patient_id == l.patient_id) continue;
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace discus::import
