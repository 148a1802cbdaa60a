#include "media/author/pdi_readme.h"

#include <fmt/format.h>

#include <ctime>

#include "dicom/part10/writer.h"

namespace discus::media::author {

std::string pdi_readme(const AuthorResult& r, const profile::ApplicationProfile& p, const std::string& institution) {
  std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  // CRLF line ends: the file is read on every kind of computer (PS3.12 media are cross-platform).
  std::string t;
  auto line = [&](const std::string& s) { t += s + "\r\n"; };
  line("DICOM MEDIUM - README");
  line("======================");
  line("");
  line(fmt::format("Created by:      {}", institution.empty() ? std::string("(institution not configured)") : institution));
  line(fmt::format("Created on:      {} (UTC)", date));
  line(fmt::format("Created with:    Discus {} (Implementation Class UID {})", dicom::part10::kImplementationVersionName,
                   dicom::part10::kImplementationClassUID));
  line(fmt::format("Media profile:   {} - {} ({})", p.id, p.title, p.reference));
  line(fmt::format("File-set UID:    {}", r.fileset_uid));
  line(fmt::format("Content:         {} patient(s), {} study(ies), {} series, {} instance(s)", r.patients, r.studies, r.series,
                   r.instances));
  line("Content type:    DICOM ONLY");
  line("");
  line("Organisation of this medium");
  line("---------------------------");
  line("DICOMDIR        the DICOM directory (PS3.10, PS3.3 Annex F) listing every DICOM file on");
  line("                this medium by patient, study and series. Open it with any DICOM viewer.");
  line("DICOM\\          the DICOM files (PS3.10 Part 10 format, no file name extensions).");
  line("                Folder and file names carry no meaning; use the DICOMDIR to find them.");
  line("README.TXT      this file.");
  line("SHA256.TXT      a SHA-256 checksum of every file, to verify the medium was read intact");
  line("                (for example: sha256sum -c SHA256.TXT).");
  line("");
  line("Reading this medium");
  line("-------------------");
  line("Any DICOM viewer that reads DICOMDIR media (IHE PDI Image Display actor) can open it.");
  line("No program on this medium starts by itself, and none is needed to read the images.");
  line("The images are for use by healthcare professionals. Diagnostic use requires suitable");
  line("display equipment.");
  return t;
}

}  // namespace discus::media::author
