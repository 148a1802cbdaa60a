#include "import/report.h"

#include <fmt/format.h>

#include "base/file.h"
#include "base/text.h"

namespace discus::import {
namespace {

using Json = nlohmann::ordered_json;

std::string u(const std::string& s) { return base::to_valid_utf8(s); }

Json identity(const PatientKey& k) {
  return Json{{"patient_id", u(k.id)}, {"issuer", u(k.issuer)}, {"name", u(k.name)}, {"birth_date", u(k.birth_date)}, {"sex", u(k.sex)}};
}
Json identity(const LocalIdentity& l) {
  Json j{{"patient_id", u(l.patient_id)}, {"issuer", u(l.issuer)}, {"name", u(l.name)}, {"birth_date", u(l.birth_date)},
         {"sex", u(l.sex)}, {"accession", u(l.accession)}};
  if (!l.requested_procedure_id.empty()) j["requested_procedure_id"] = u(l.requested_procedure_id);
  if (!l.scheduled_step_id.empty()) j["scheduled_step_id"] = u(l.scheduled_step_id);
  j["source"] = u(l.source);
  return j;
}

base::Status write_text_file(const std::string& path, const std::string& text) {
  DISCUS_TRY(base::AtomicOutputFile out, base::AtomicOutputFile::create(path));
  DISCUS_CHECK(out.write(base::as_bytes(text)));
  return out.commit(true);
}

}  // namespace

Json to_json(const ImportReport& r) {
  Json outcomes = Json::object();
  for (const auto& [name, n] : r.counts()) outcomes[name] = n;
  Json ordered = Json::object();
  for (Outcome o : kAllOutcomes) ordered[std::string(outcome_name(o))] = outcomes[std::string(outcome_name(o))];
  Json files = Json::array();
  for (const FileResult& f : r.files) {
    Json j{{"source", u(f.source)}, {"outcome", std::string(outcome_name(f.outcome))}, {"reason", u(f.reason)}};
    if (!f.hold.empty()) j["hold"] = f.hold;
    if (!f.sop_instance_uid.empty()) j["sop_instance_uid"] = u(f.sop_instance_uid);
    if (!f.malware.empty()) j["malware"] = u(f.malware);
    j["size"] = f.size;
    files.push_back(std::move(j));
  }
  Json patients = Json::array();
  for (const PatientSummary& p : r.patients) {
    Json studies = Json::array();
    for (const StudySummary& s : p.studies) {
      Json series = Json::array();
      std::string modalities;
      for (const SeriesSummary& se : s.series) {
        series.push_back(Json{{"series_instance_uid", u(se.uid)}, {"modality", u(se.modality)}, {"series_number", u(se.number)},
                              {"instances", se.instances}});
        if (!se.modality.empty() && modalities.find(se.modality) == std::string::npos)
          modalities += (modalities.empty() ? "" : "\\") + se.modality;
      }
      studies.push_back(Json{{"study_instance_uid", u(s.uid)}, {"date", u(s.date)}, {"description", u(s.description)},
                             {"accession", u(s.accession)}, {"modalities", u(modalities)}, {"instances", s.instances},
                             {"series", std::move(series)}});
    }
    Json j{{"foreign", identity(p.foreign)}, {"local", p.local ? identity(*p.local) : Json(nullptr)}};
    if (!p.hold.empty()) j["hold"] = p.hold;
    if (!p.hold_reason.empty()) j["hold_reason"] = u(p.hold_reason);
    if (!p.candidates.empty()) {
      Json c = Json::array();
      for (const LocalIdentity& l : p.candidates) c.push_back(identity(l));
      j["candidates"] = std::move(c);
    }
    j["instances"] = p.instances;
    j["studies"] = std::move(studies);
    patients.push_back(std::move(j));
  }
  Json problems = Json::array();
  for (const std::string& p : r.problems) problems.push_back(u(p));
  return Json{{"files_seen", r.files.size()}, {"outcomes", std::move(ordered)}, {"files", std::move(files)},
              {"import_id", r.import_id}, {"medium", u(r.medium)}, {"destination", u(r.destination)}, {"dry_run", r.dry_run},
              {"dicomdir", r.dicomdir}, {"secure", r.secure}, {"malware_scan", r.malware_scan},
              {"complete", r.complete()}, {"problems", std::move(problems)}, {"patients", std::move(patients)},
              {"audit", Json{{"note", r.audit_note}, {"messages", r.audit_messages}}}};
}

std::string to_text(const ImportReport& r) {
  std::string t = fmt::format("Import {} of {}{}\n", r.import_id, u(r.medium), r.dry_run ? " (dry run: nothing sent)" : "");
  if (!r.destination.empty()) t += fmt::format("Destination: {}\n", u(r.destination));
  t += fmt::format("Files seen: {}\n", r.files.size());
  for (const auto& [name, n] : r.counts()) t += fmt::format("  {:<17} {}\n", name, n);
  for (const PatientSummary& p : r.patients) {
    t += fmt::format("\nPatient on the medium: {} (ID {}{}), born {}, sex {}: {} instances\n", u(p.foreign.name), u(p.foreign.id),
                     p.foreign.issuer.empty() ? "" : " issuer " + u(p.foreign.issuer), u(p.foreign.birth_date), u(p.foreign.sex), p.instances);
    if (p.local)
      t += fmt::format("  local patient:        {} (ID {} issuer {}), born {}, sex {} [{}]\n", u(p.local->name), u(p.local->patient_id),
                       u(p.local->issuer), u(p.local->birth_date), u(p.local->sex), u(p.local->source));
    if (!p.hold.empty()) t += fmt::format("  hold {}: {}\n", p.hold, u(p.hold_reason));
    for (const LocalIdentity& c : p.candidates)
      t += fmt::format("  candidate:            {} (ID {} issuer {}), born {}, sex {}\n", u(c.name), u(c.patient_id), u(c.issuer),
                       u(c.birth_date), u(c.sex));
    for (const StudySummary& s : p.studies) {
      t += fmt::format("  study {} {} \"{}\" accession {}: {} instances\n", u(s.date), u(s.uid), u(s.description), u(s.accession), s.instances);
      for (const SeriesSummary& se : s.series) t += fmt::format("    series {} {} {}: {} instances\n", u(se.number), u(se.modality), u(se.uid), se.instances);
    }
  }
  if (!r.problems.empty()) {
    t += "\nProblems:\n";
    for (const std::string& p : r.problems) t += fmt::format("  {}\n", u(p));
  }
  t += fmt::format("\nMalware scan: {}\n", u(r.malware_scan));
  for (const FileResult& f : r.files)
    if (f.malware.starts_with("infected")) t += fmt::format("  {}: {}\n", u(f.source), u(f.malware));
  if (!r.audit_note.empty()) t += fmt::format("Audit: {}\n", r.audit_note);
  t += "\nFiles:\n";
  for (const FileResult& f : r.files)
    t += fmt::format("  {:<17} {}{}: {}\n", outcome_name(f.outcome), u(f.source), f.hold.empty() ? "" : " [" + f.hold + "]", u(f.reason));
  return t;
}

base::Status write_report(const ImportReport& report, const std::string& prefix) {
  DISCUS_CHECK(write_text_file(prefix + ".json", to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"));
  return write_text_file(prefix + ".txt", to_text(report));
}

}  // namespace discus::import
