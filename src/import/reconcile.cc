#include "import/reconcile.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "dicom/dict/tags.h"
#include "import/text_encoding.h"

namespace discus::import {
namespace tags = dicom::tags;

namespace {

// The value as UTF-8 (decoded with the data set's Specific Character Set: a local name and an
// outside one compare as characters, whatever repertoire each came in).
std::string value(const dicom::DataSet& ds, dicom::Tag t) {
  std::string s = decoded_text(ds, t);
  // Leading spaces are not significant in LO/PN/CS either (PS3.5 6.2).
  const auto first = s.find_first_not_of(' ');
  return first == std::string::npos ? std::string() : s.substr(first);
}

// The components of the first component group, upper-cased, trailing empty ones dropped.
std::vector<std::string> components(std::string_view pn) {
  pn = pn.substr(0, pn.find('='));
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = std::min(pn.find('^', start), pn.size());
    std::string c(pn.substr(start, end - start));
    while (!c.empty() && c.back() == ' ') c.pop_back();
    while (!c.empty() && c.front() == ' ') c.erase(c.begin());
    for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    out.push_back(std::move(c));
    if (end >= pn.size()) break;
    start = end + 1;
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

std::string upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace

PatientKey patient_key(const dicom::DataSet& ds) {
  return {value(ds, tags::PatientID), value(ds, tags::IssuerOfPatientID), value(ds, tags::PatientName),
          value(ds, tags::PatientBirthDate), value(ds, tags::PatientSex)};
}

bool names_agree(std::string_view a, std::string_view b) {
  const auto ca = components(a), cb = components(b);
  return !ca.empty() && ca == cb;
}

Decision decide(const PatientKey& foreign, const std::vector<LocalIdentity>& candidates, const std::string& local_issuer) {
  Decision d;
  d.candidates = candidates;
  std::vector<const LocalIdentity*> agreeing;
  std::vector<std::string> why_not;
  for (const LocalIdentity& c : candidates) {
    std::vector<std::string> differ;
    if (!names_agree(foreign.name, c.name)) differ.push_back("name");
    if (foreign.birth_date.empty() || foreign.birth_date != c.birth_date) differ.push_back("birth date");
    if (upper(foreign.sex) != upper(c.sex)) differ.push_back("sex");
    if (!c.issuer.empty() && !local_issuer.empty() && c.issuer != local_issuer) differ.push_back("issuer");
    if (c.patient_id.empty()) differ.push_back("patient ID (empty)");
    if (differ.empty()) {
      agreeing.push_back(&c);
    } else {
      std::string list;
      for (const std::string& x : differ) list += (list.empty() ? "" : ", ") + x;
      why_not.push_back(fmt::format("{}: {} differ", c.patient_id, list));
    }
  }
  std::set<std::string> ids;
  for (const LocalIdentity* c : agreeing) ids.insert(c->patient_id);
  if (ids.size() == 1) {
    d.local = *agreeing.front();
    if (d.local->issuer.empty()) d.local->issuer = local_issuer;
    return d;
  }
  if (ids.size() > 1) {
    d.hold_reason = fmt::format("{} local patients agree in name, birth date and sex: a person must choose", ids.size());
  } else if (candidates.empty()) {
    d.hold_reason = "no local patient found with this name and birth date";
  } else {
    std::string list;
    for (const std::string& w : why_not) list += (list.empty() ? "" : "; ") + w;
    d.hold_reason = fmt::format("no local patient agrees in name, birth date, sex and issuer ({})", list);
  }
  return d;
}

}  // namespace discus::import
