#include "daemon/audit/import_event.h"

#include <map>
#include <set>
#include <string>

#include "base/text.h"

namespace discus::daemon::audit {

MediumImported data_import_event(const import::ImportReport& r) {
  MediumImported ev;
  ev.when.outcome = r.complete() ? Outcome::kSuccess : Outcome::kMinorFailure;
  if (!r.complete()) ev.when.outcome_description = "some files held, in conflict or unreadable";
  ev.medium.media_identifier = base::to_valid_utf8(r.medium);
  ev.medium.output = base::to_valid_utf8(r.destination);
  std::map<std::string, std::map<std::string, int>> classes;  // study -> class -> instances
  std::map<std::string, std::string> study_patient;
  std::set<std::string> patients;
  for (const import::FileResult& f : r.files) {
    if (f.outcome != import::Outcome::kImported || f.patient < 0) continue;
    const import::PatientSummary& p = r.patients[static_cast<std::size_t>(f.patient)];
    if (!p.local) continue;
    ++classes[f.study_instance_uid][f.sop_class_uid];
    study_patient[f.study_instance_uid] = p.local->patient_id;
    if (patients.insert(p.local->patient_id).second)
      ev.patients.push_back({base::to_valid_utf8(p.local->patient_id), base::to_valid_utf8(p.local->name)});
  }
  for (const auto& [study, by_class] : classes) {
    Study s;
    s.study_instance_uid = study;
    s.patient_id = base::to_valid_utf8(study_patient[study]);
    for (const auto& [cls, n] : by_class) s.sop_classes.push_back({cls, n});
    ev.studies.push_back(std::move(s));
  }
  return ev;
}

}  // namespace discus::daemon::audit
