// discus::media::author — the README.TXT an IHE PDI medium carries in its root, written here only.
//
// IHE RAD TF PDI asks for a plain text file naming who made the medium and with what, how the
// medium is organised, and what a reader needs. It names no patient and no path of the creating
// computer: the file is readable by anyone who finds the disc, and the DICOM content already
// identifies the patient. Features add their own sections (what was left off, a viewer, how to
// open a secure medium) as ReadmeSection values; this writer lays them out after the standard ones.
//   ReadmeOptions o = readme_options(result, profile, "St. Elsewhere Radiology", {viewer_section(...)});
//   std::string text = pdi_readme(result, profile, o);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "media/profile/profile.h"

namespace discus::media::author {

struct AuthorResult;

// One section a feature adds: a heading and its lines (plain ASCII, at most ~76 characters each).
struct ReadmeSection {
  std::string heading;
  std::vector<std::string> lines;
};

// "0.1.0": the project version (CMake's PROJECT_VERSION), compiled in.
std::string_view discus_version();
// "Discus 0.1.0": how README.TXT names the creating application.
std::string discus_creator();

struct ReadmeOptions {
  std::string institution;                 // who made the medium; empty: said to be not configured
  std::string creator = discus_creator();  // the creating application and its version
  std::vector<ReadmeSection> sections;     // after the standard ones, in this order; empty ones are left out
};

std::string pdi_readme(const AuthorResult& r, const profile::ApplicationProfile& p, const ReadmeOptions& o);

// What was left off the medium and why, as counts (never paths or names: see the banner); no
// lines when every input is on it.
ReadmeSection exclusions_section(const AuthorResult& r);
// How a secure medium (PS3.11 "-SEC-" profiles: Secure DICOM Files, PS3.10 7.4) is opened.
ReadmeSection secure_medium_section(const profile::ApplicationProfile& p);
// Volume `n` of `total` of a study set spread over several media (`discus span`).
ReadmeSection span_volume_section(std::size_t n, std::size_t total);
// A viewer on the medium: where it is and what it needs (PDI: never started by itself).
ReadmeSection viewer_section(std::string_view how_to_start, std::string_view requirements);

// The sections author(), update() and span add from what they know: exclusions, then the secure
// medium's, then `extra` (AuthorOptions::readme_sections).
ReadmeOptions readme_options(const AuthorResult& r, const profile::ApplicationProfile& p, std::string institution,
                             const std::vector<ReadmeSection>& extra);

}  // namespace discus::media::author
