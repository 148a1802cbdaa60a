#include "import/mwl_source.h"

#include <algorithm>

#include "dicom/dict/tags.h"
#include "import/text_encoding.h"
#include "net/services/worklist_scu.h"

namespace discus::import {
namespace tags = dicom::tags;

namespace {

// UTF-8 (text_encoding.h: an answer that declares no repertoire is read as UTF-8 or Latin-1).
std::string text(const dicom::DataSet& ds, dicom::Tag t) { return answer_text(ds, t); }

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
