// discus::media::author — README.TXT (IHE PDI) and the sections features add (see pdi_readme.h).
#include "media/author/pdi_readme.h"

#include <fmt/format.h>

#include <ctime>

#include "dicom/part10/writer.h"
#include "media/author/author.h"

#ifndef DISCUS_VERSION
#error "DISCUS_VERSION (CMake's PROJECT_VERSION) must be defined for pdi_readme.cc"
#endif

namespace discus::media::author {
namespace {

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::string_view discus_version() { return DISCUS_VERSION; }

std::string discus_creator() { return fmt::format("Discus {}", discus_version()); }

std::string pdi_readme(const AuthorResult& r, const profile::ApplicationProfile& p, const ReadmeOptions& o) {
  std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  // CRLF line ends: the file is read on every kind of computer (PS3.12 media are cross-platform).
  std::string t;
  auto line = [&](const std::string& s) { t += s + "\r\n"; };
  auto heading = [&](const std::string& s) {
    line("");
    line(s);
    line(std::string(s.size(), '-'));
  };
  line("DICOM MEDIUM - README");  // update() recognises its own README.TXT by this line
  line("======================");
  line("");
  line(fmt::format("Created by:      {}", o.institution.empty() ? std::string("(institution not configured)") : o.institution));
  line(fmt::format("Created on:      {} (UTC)", date));
  line(fmt::format("Created with:    {} (Implementation Class UID {})", o.creator, dicom::part10::kImplementationClassUID));
  line(fmt::format("Media profile:   {} - {} ({})", p.id, p.title, p.reference));
  line(fmt::format("File-set UID:    {}", r.fileset_uid));
  line(fmt::format("Content:         {} patient(s), {} study(ies), {} series, {} instance(s)", r.patients, r.studies, r.series,
                   r.instances));
  line("Content type:    DICOM ONLY");
  heading("Organisation of this medium");
  line("DICOMDIR        the DICOM directory (PS3.10, PS3.3 Annex F) listing every DICOM file on");
  line("                this medium by patient, study and series. Open it with any DICOM viewer.");
  line("DICOM\\          the DICOM files (PS3.10 Part 10 format, no file name extensions).");
  line("                Folder and file names carry no meaning; use the DICOMDIR to find them.");
  line("README.TXT      this file.");
  line("SHA256.TXT      a SHA-256 checksum of every file, to verify the medium was read intact");
  line("                (for example: sha256sum -c SHA256.TXT).");
  heading("Reading this medium");
  line("Any DICOM viewer that reads DICOMDIR media (IHE PDI Image Display actor) can open it.");
  line("No program on this medium starts by itself, and none is needed to read the images.");
  line("The images are for use by healthcare professionals. Diagnostic use requires suitable");
  line("display equipment.");
  for (const ReadmeSection& s : o.sections) {
    if (s.lines.empty()) continue;
    heading(s.heading);
    for (const std::string& l : s.lines) line(l);
  }
  return t;
}

ReadmeSection exclusions_section(const AuthorResult& r) {
  std::size_t excluded = 0, unreadable = 0, not_dicom = 0, duplicates = 0, conflicts = 0;
  for (const FileRecord& f : r.files) {
    switch (f.outcome) {
      case Outcome::kExcluded: ++excluded; break;
      case Outcome::kUnreadable: ++unreadable; break;
      case Outcome::kNotDicom: ++not_dicom; break;
      case Outcome::kDuplicate: ++duplicates; break;
      case Outcome::kConflict: ++conflicts; break;
      default: break;
    }
  }
  ReadmeSection s{"What was left off this medium", {}};
  if (excluded + unreadable + not_dicom + duplicates + conflicts == 0) return s;
  if (excluded != 0) {
    s.lines.push_back(fmt::format("{} not allowed by the media profile {}",
                                  plural(excluded, "DICOM instance", "DICOM instances"), r.profile_id));
    s.lines.push_back("    (SOP Class or encoding not in the profile; no conformant copy could be made).");
  }
  if (unreadable != 0)
    s.lines.push_back(fmt::format("{} that could not be read as DICOM (damaged or cut short).",
                                  plural(unreadable, "file", "files")));
  if (conflicts != 0)
    s.lines.push_back(fmt::format("{} that share an identifier (SOP Instance UID) with another file but differ from it.",
                                  plural(conflicts, "file", "files")));
  if (not_dicom != 0) s.lines.push_back(fmt::format("{} that {} not DICOM.", plural(not_dicom, "file", "files"), not_dicom == 1 ? "is" : "are"));
  if (duplicates != 0)
    s.lines.push_back(fmt::format("{} of instances that are on this medium (nothing is missing).",
                                  plural(duplicates, "duplicate copy", "duplicate copies")));
  s.lines.push_back("The report kept by the creator of this medium names each file and the reason.");
  return s;
}

ReadmeSection secure_medium_section(const profile::ApplicationProfile& p) {
  ReadmeSection s{"Opening this secure medium", {}};
  if (!p.secure) return s;
  s.lines = {
      "Every DICOM file on this medium, the DICOMDIR included, is a Secure DICOM File",
      "(PS3.10 7.4): the DICOM file sealed in a CMS envelope (RFC 5652), as the media",
      fmt::format("profile {} asks ({}).", p.id, p.security_reference),
      "README.TXT and SHA256.TXT are not sealed, and name no one.",
      "To open it you need what the sender gave you separately: a password, or the private",
      "key that belongs to the certificate it was sealed for.",
      "A viewer that supports secure DICOM media opens it directly. Otherwise copy the",
      "medium to a folder and open every envelope, for example with Discus:",
      "    discus decrypt --password-file FILE MEDIUM FOLDER",
      "    discus decrypt --key KEY.pem --cert CERT.pem MEDIUM FOLDER",
      "or file by file with any CMS tool (openssl cms -decrypt -inform DER ...).",
  };
  return s;
}

ReadmeSection span_volume_section(std::size_t n, std::size_t total) {
  ReadmeSection s{"Part of a set of media", {}};
  if (total <= 1) return s;
  s.lines = {
      fmt::format("This is medium {} of {}. The studies did not fit on one medium, so each", n, total),
      "medium holds a complete DICOMDIR of its own part (PS3.11 allows no file-set that",
      "spans media); a study larger than one medium is split between series.",
  };
  return s;
}

ReadmeSection viewer_section(std::string_view how_to_start, std::string_view requirements) {
  return ReadmeSection{"Viewer on this medium",
                       {"A viewer is included for convenience. It does not start by itself (IHE PDI):",
                        fmt::format("start it with {}.", how_to_start),
                        fmt::format("It needs {}.", requirements),
                        "Any other DICOM viewer can read this medium as well."}};
}

ReadmeOptions readme_options(const AuthorResult& r, const profile::ApplicationProfile& p, std::string institution,
                             const std::vector<ReadmeSection>& extra) {
  ReadmeOptions o;
  o.institution = std::move(institution);
  o.sections.push_back(exclusions_section(r));
  o.sections.push_back(secure_medium_section(p));
  o.sections.insert(o.sections.end(), extra.begin(), extra.end());
  return o;
}

}  // namespace discus::media::author
