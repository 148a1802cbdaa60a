#include <fmt/format.h>

#include <map>

#include "base/text.h"
#include "media/author/author.h"

namespace discus::media::author {

std::string report_text(const AuthorResult& r) {
  std::string t;
  auto add = [&](const std::string& s) { t += s + "\n"; };
  std::map<Outcome, std::size_t> counts;
  for (const FileRecord& f : r.files) ++counts[f.outcome];
  std::size_t errors = 0, warnings = 0, repaired = 0;
  for (const base::Finding& f : r.findings) {
    errors += f.severity == base::Severity::kError;
    warnings += f.severity == base::Severity::kWarning;
    repaired += f.repaired;
  }
  add(fmt::format("Discus conformance report — profile {}", r.profile_id));
  add(fmt::format("file-set: {}  (File-set UID {})", r.out_dir, r.fileset_uid));
  add(fmt::format("content: {} patient(s), {} study(ies), {} series, {} instance(s), {} bytes", r.patients, r.studies,
                  r.series, r.instances, r.total_bytes));
  std::string tally;
  for (const auto& [o, n] : counts) tally += fmt::format("{}{} {}", tally.empty() ? "" : ", ", n, to_string(o));
  add(fmt::format("input files: {} ({})", r.files.size(), tally));
  add(fmt::format("findings: {} error(s), {} warning(s), {} repaired", errors, warnings, repaired));
  add(r.complete() ? "result: every DICOM input is on the medium" : "result: INCOMPLETE — some DICOM inputs are not on the medium");
  add("");
  add("Files");
  for (const FileRecord& f : r.files) {
    if (!f.file_id.empty())
      add(fmt::format("  {:<10} {} -> {}  {} {}", to_string(f.outcome), f.source, f.file_id, f.transfer_syntax, f.sha256));
    else
      add(fmt::format("  {:<10} {}  ({})", to_string(f.outcome), f.source, f.reason));
    // A conflict side by side: this file's value, then the other's.
    for (const Difference& d : f.differences)
      add(fmt::format("             {} {}: {}  |  {}", d.tag_path, d.keyword, d.value, d.other));
  }
  add("");
  add("Findings");
  for (const base::Finding& f : r.findings)
    add(fmt::format("  {}: {}{}{}: {} [{}{}{}]", f.file.empty() ? "(file-set)" : f.file, to_string(f.severity),
                    f.repaired ? " (repaired)" : "", f.tag_path.empty() ? "" : " " + f.tag_path, f.message, f.rule,
                    f.reference.empty() ? "" : ", ", f.reference));
  return t;
}

nlohmann::ordered_json report_json(const AuthorResult& r) {
  nlohmann::ordered_json j;
  j["profile"] = r.profile_id;
  j["fileset_uid"] = r.fileset_uid;
  j["out_dir"] = r.out_dir;
  j["complete"] = r.complete();
  j["content"] = {{"patients", r.patients}, {"studies", r.studies}, {"series", r.series}, {"instances", r.instances},
                  {"bytes", r.total_bytes}};
  auto& files = j["files"] = nlohmann::ordered_json::array();
  for (const FileRecord& f : r.files) {
    nlohmann::ordered_json x{{"source", f.source}, {"outcome", std::string(to_string(f.outcome))}};
    if (!f.reason.empty()) x["reason"] = f.reason;
    if (!f.conflict_with.empty()) {
      x["conflict_with"] = f.conflict_with;
      auto& d = x["differences"] = nlohmann::ordered_json::array();
      for (const Difference& y : f.differences)
        d.push_back({{"tag", y.tag_path}, {"keyword", y.keyword}, {"value", y.value}, {"other", y.other}});
    }
    if (!f.file_id.empty()) {
      x["file_id"] = f.file_id;
      x["transfer_syntax"] = f.transfer_syntax;
      x["sha256"] = f.sha256;
      x["bytes"] = f.bytes;
    }
    files.push_back(std::move(x));
  }
  auto& findings = j["findings"] = nlohmann::ordered_json::array();
  for (const base::Finding& f : r.findings)
    findings.push_back({{"rule", f.rule}, {"severity", std::string(to_string(f.severity))}, {"file", f.file},
                        {"tag_path", f.tag_path}, {"message", f.message}, {"reference", f.reference}, {"repaired", f.repaired}});
  base::make_strings_valid_utf8(j);  // file names and quoted values come from outside (issue 12)
  return j;
}

}  // namespace discus::media::author
