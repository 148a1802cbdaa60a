#include "import/cfind_source.h"

#include "dicom/dict/tags.h"
#include "net/services/find_scu.h"
#include "net/services/query_keys.h"

namespace discus::import {
namespace tags = dicom::tags;

namespace {

std::string text(const dicom::DataSet& ds, dicom::Tag t) {
  std::string s(ds.get_string(t).value_or(""));
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

// PS3.4 C.6.1.1.2 Patient level keys: the matching ones given, the rest returned (empty).
base::Result<std::vector<dicom::DataSet>> query(const net::services::ScuOptions& scu, const std::string& name,
                                                const std::string& id, const std::string& birth_date) {
  DISCUS_TRY(dicom::DataSet identifier,
             net::services::build_identifier({"PatientName=" + name, "PatientID=" + id, "IssuerOfPatientID",
                                              "PatientBirthDate=" + birth_date, "PatientSex"},
                                             net::services::QueryLevel::kPatient));
  return net::services::find_matches(scu, net::services::QueryModel::kPatientRoot, identifier);
}

std::vector<LocalIdentity> identities(const std::vector<dicom::DataSet>& matches, const std::string& source) {
  std::vector<LocalIdentity> out;
  for (const dicom::DataSet& m : matches) {
    LocalIdentity l;
    l.patient_id = text(m, tags::PatientID);
    l.issuer = text(m, tags::IssuerOfPatientID);
    l.name = text(m, tags::PatientName);
    l.birth_date = text(m, tags::PatientBirthDate);
    l.sex = text(m, tags::PatientSex);
    l.source = source;
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

base::Result<std::vector<LocalIdentity>> CFindSource::find(const PatientKey& foreign) {
  std::string family = foreign.name.substr(0, foreign.name.find_first_of("^="));
  while (!family.empty() && family.back() == ' ') family.pop_back();
  // A wild card or a backslash from the medium would widen or split the key: not asked with.
  if (family.find_first_of("*?\\") != std::string::npos) family.clear();
  const std::string birth = foreign.birth_date.size() == 8 && foreign.birth_date.find_first_not_of("0123456789") == std::string::npos
                                ? foreign.birth_date : std::string();
  std::vector<dicom::DataSet> matches;
  if (!family.empty()) {
    DISCUS_TRY(matches, query(scu_, family + "*", "", ""));
  }
  if (matches.empty() && !birth.empty()) {
    DISCUS_TRY(matches, query(scu_, "", "", birth));
  }
  std::vector<LocalIdentity> out;
  for (LocalIdentity& l : identities(matches, describe())) {
    // Only who could be this patient is shown beside it: same family name (any case) or birth date.
    if (!names_agree(l.name.substr(0, l.name.find_first_of("^=")), family) && l.birth_date != birth) continue;
    out.push_back(std::move(l));
  }
  return out;
}

base::Result<std::vector<LocalIdentity>> CFindSource::find_by_id(const std::string& patient_id, const std::string& issuer) {
  if (patient_id.empty() || patient_id.find_first_of("*?\\") != std::string::npos) return std::vector<LocalIdentity>{};
  DISCUS_TRY(std::vector<dicom::DataSet> matches, query(scu_, "", patient_id, ""));
  std::vector<LocalIdentity> out;
  for (LocalIdentity& l : identities(matches, describe())) {
    if (l.patient_id != patient_id) continue;
    if (!issuer.empty() && !l.issuer.empty() && l.issuer != issuer) continue;
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace discus::import
