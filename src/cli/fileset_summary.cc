#include "cli/fileset_summary.h"


#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

namespace discus::cli {
namespace {

using media::author::Outcome;

// The place the files went, as a person says it.
std::string_view medium_word(const media::profile::ApplicationProfile& p) {
  if (p.medium_id == "CD-R" || p.medium_id == "DVD" || p.medium_id == "BD" || p.medium_id == "DVD-RAM") return "disc";
  if (p.medium_id == "USB" || p.medium_id == "CF" || p.medium_id == "SD" || p.medium_id == "MMC") return "stick";
  return "file-set";
}

// An exclusion reason without what differs from file to file (details after ';'), so
// that the same rule counts once: "SOP Class X is not allowed by P" stays whole.
std::string reason_key(const std::string& reason) {
  std::string key = reason;
  if (const auto semicolon = key.find("; "); semicolon != std::string::npos) key.resize(semicolon);
  if (key.size() > 120) key = key.substr(0, 117) + "...";
  return key;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::string summary_line(const media::author::AuthorResult& r, const media::profile::ApplicationProfile& profile,
                         const std::string& report_path) {
  std::size_t inputs = 0, on = 0, duplicates = 0, excluded = 0, not_dicom = 0, unreadable = 0, dicomdirs = 0, kept = 0,
              conflicts = 0;
  std::map<std::string, std::size_t> why;
  std::vector<std::string> why_order;
  for (const auto& f : r.files) {
    if (f.outcome == Outcome::kOnMedium) {
      ++kept;
      continue;
    }
    ++inputs;
    switch (f.outcome) {
      case Outcome::kCopied:
      case Outcome::kRewritten: ++on; break;
      case Outcome::kDuplicate: ++duplicates; break;
      case Outcome::kConflict: ++conflicts; break;
      case Outcome::kExcluded: {
        ++excluded;
        const std::string key = reason_key(f.reason);
        if (why[key]++ == 0) why_order.push_back(key);
        break;
      }
      case Outcome::kNotDicom: ++not_dicom; break;
      case Outcome::kUnreadable: ++unreadable; break;
      case Outcome::kDicomdir: ++dicomdirs; break;
      case Outcome::kOnMedium: break;
    }
  }
  std::string line = fmt::format("{} of {} on the {}", on, plural(inputs, "file", "files"), medium_word(profile));
  std::vector<std::string> parts;
  if (duplicates) parts.push_back(plural(duplicates, "duplicate", "duplicates"));
  if (excluded) {
    std::string reasons;
    for (std::size_t i = 0; i < why_order.size() && i < 3; ++i)
      reasons += fmt::format("{}{}{}", i ? "; " : "", why_order.size() > 1 ? fmt::format("{} ", why[why_order[i]]) : "", why_order[i]);
    if (why_order.size() > 3) reasons += fmt::format("; {} other reasons", why_order.size() - 3);
    parts.push_back(fmt::format("{} excluded (why: {})", excluded, reasons));
  }
  if (conflicts) parts.push_back(fmt::format("{} in conflict (same SOP Instance UID, different content)", conflicts));
  if (not_dicom) parts.push_back(fmt::format("{} not DICOM", not_dicom));
  if (unreadable) parts.push_back(fmt::format("{} unreadable", unreadable));
  if (dicomdirs) parts.push_back(plural(dicomdirs, "old DICOMDIR left out", "old DICOMDIRs left out"));
  if (kept) parts.push_back(fmt::format("{} already there", kept));
  for (std::size_t i = 0; i < parts.size(); ++i) line += (i == 0 ? "; " : ", ") + parts[i];
  return line + " — see " + report_path;
}

}  // namespace discus::cli
