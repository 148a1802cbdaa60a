// discus::jobs — the robot's fast path: an input that is already an authored medium (issue 18 "Speed").
//
// A robot job whose one input is a file-set folder Discus authored (DICOMDIR and SHA256.TXT at its
// root) or an ISO 9660 image of one goes to the robot as it is: no authoring, no image written,
// the image (or the folder, where the vendor takes folders) linked into the spool. The check is
// cheap on purpose: the DICOMDIR parsed (PS3.3 F, PS3.10 8), every file SHA256.TXT lists and every
// file a record references present with a plausible size (the listing of the folder or of the
// image's directory, no file content read), each referenced instance's SOP class and transfer
// syntax ((0004,1510), (0004,1512)) allowed by the job's profile (PS3.11), the total within the
// profile's capacity. Contents and SHA-256 are trusted for the moment: the job runner reads the
// input in full while the robot works (jobs/robot_runner.h), the robot verifies each disc against
// the image (PTBurn VerifyDisc), the tower reads each disc back; `trusted` says so in the events.
//   AuthoredInput a = authored_input(job.spec.author, profile, {.image = true, .folder = true});
//   if (a.taken) d.image = a.path;  else record(a.why_not), stage();
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/bytes.h"
#include "jobs/job.h"
#include "media/label/label.h"
#include "media/profile/application_profile.h"

namespace discus::jobs {

// What the robot takes as its data: an ISO image (PTBurn ImageFile, Rimage IMAGE, the tower), a
// folder (PTBurn Data, TD Bridge DATA, Rimage PARENT).
struct RobotTakes {
  bool image = true;
  bool folder = true;
};

struct AuthoredInput {
  bool taken = false;      // the fast path applies: `path` goes to the robot as it is
  bool candidate = false;  // the input looks authored (a DICOMDIR at its root, or an ISO 9660 image)
  std::string why_not;     // a candidate not taken: why (recorded in the job's events; then staged)
  bool image = false;      // an ISO image; else a file-set folder
  std::filesystem::path path;
  std::size_t records = 0, referenced = 0, files = 0;
  std::uint64_t bytes = 0;
  std::string trusted;           // what was checked and what was trusted, for the job's events
  base::Bytes dicomdir;          // the input's DICOMDIR (the audit trail's inventory reads a copy)
  // The label's data from the DICOMDIR's PATIENT, STUDY and SERIES records (PS3.3 F.5: name, id,
  // birth date where present, study date, time, description, accession, modality), text through
  // each record's Specific Character Set. A DICOMDIR does not name the institution: not shown.
  media::label::LabelData label;
};

// Never an error: anything that keeps an input off the fast path is `why_not`, and the job is
// then staged as any other. `profile` may be null (no profile check: not taken).
AuthoredInput authored_input(const AuthorMedium& medium, const media::profile::ApplicationProfile* profile, RobotTakes takes);

}  // namespace discus::jobs
