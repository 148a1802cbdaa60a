#include "import/pdq_source.h"

#include <fmt/format.h>

namespace discus::import {

namespace {

// HL7 Table 0001 to DICOM (PS3.3 C.7.1.1 Patient's Sex: M, F, O). U (unknown), A (ambiguous) and
// N (not applicable) have no DICOM equivalent: left empty, so they never agree with a medium's sex.
std::string dicom_sex(const std::string& hl7) {
  if (hl7 == "M" || hl7 == "F" || hl7 == "O") return hl7;
  return {};
}

// PS3.5 6.2 LO: at most 64 characters, no backslash, no control characters.
bool usable_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  return true;
}

// PN components of a DICOM name: family, given.
std::pair<std::string, std::string> family_given(const std::string& pn) {
  const std::string first_group = pn.substr(0, pn.find('='));
  const auto caret = first_group.find('^');
  if (caret == std::string::npos) return {first_group, {}};
  const auto next = first_group.find('^', caret + 1);
  return {first_group.substr(0, caret), first_group.substr(caret + 1, next == std::string::npos ? std::string::npos : next - caret - 1)};
}

}  // namespace

std::string PdqSource::describe() const { return fmt::format("PDQ {}:{}", supplier_.host, supplier_.port); }

LocalIdentity PdqSource::identity_of(const net::hl7::PdqPatient& p, const std::string& domain, const std::string& source) {
  LocalIdentity l;
  for (const net::hl7::PatientIdentifier& id : p.identifiers) {
    const bool ours = domain.empty() || id.authority == domain || id.universal_id == domain;
    if (!ours || !usable_id(id.id)) continue;
    l.patient_id = id.id;
    l.issuer = !id.authority.empty() ? id.authority : id.universal_id;
    break;
  }
  l.name = p.dicom_name();
  l.birth_date = p.birth_date.find_first_not_of("0123456789") == std::string::npos ? p.birth_date : std::string();
  l.sex = dicom_sex(p.sex);
  l.source = source;
  return l;
}

base::Result<std::vector<LocalIdentity>> PdqSource::find(const PatientKey& foreign) {
  net::hl7::PdqQuery q;
  auto [family, given] = family_given(foreign.name);
  while (!family.empty() && family.back() == ' ') family.pop_back();
  q.family = family;
  q.birth_date = foreign.birth_date.size() == 8 ? foreign.birth_date : std::string();
  // Nothing to ask with: a supplier would answer with everyone (or refuse); a person decides.
  if (q.family.empty() && q.birth_date.empty()) return std::vector<LocalIdentity>{};
  q.what_domains_returned = domain_;
  DISCUS_TRY(net::hl7::PdqResponse r, net::hl7::query(supplier_, q, options_));
  std::vector<LocalIdentity> out;
  for (const net::hl7::PdqPatient& p : r.patients) out.push_back(identity_of(p, domain_, describe()));
  return out;
}

base::Result<std::vector<LocalIdentity>> PdqSource::find_by_id(const std::string& patient_id, const std::string& issuer) {
  net::hl7::PdqQuery q;
  q.patient_id = patient_id;
  q.assigning_authority = !issuer.empty() ? issuer : domain_;
  q.what_domains_returned = domain_;
  DISCUS_TRY(net::hl7::PdqResponse r, net::hl7::query(supplier_, q, options_));
  std::vector<LocalIdentity> out;
  for (const net::hl7::PdqPatient& p : r.patients) {
    LocalIdentity l = identity_of(p, q.assigning_authority, describe());
    if (l.patient_id == patient_id) out.push_back(std::move(l));
  }
  return out;
}

}  // namespace discus::import
