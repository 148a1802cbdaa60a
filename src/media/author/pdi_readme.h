// discus::media::author — the README.TXT an IHE PDI medium carries in its root.
//
// IHE RAD TF PDI asks for a plain text file naming who made the medium and with what, how the
// medium is organised, and what a reader needs. It names no patient: the file is readable by
// anyone who finds the disc, and the DICOM content already identifies the patient.
#pragma once

#include <string>

#include "media/author/author.h"

namespace discus::media::author {

std::string pdi_readme(const AuthorResult& r, const profile::ApplicationProfile& p, const std::string& institution);

}  // namespace discus::media::author
