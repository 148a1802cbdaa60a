// discus CLI — the closing line of `author` and `update` in plain words, counted from the outcome
// of every input file: "172 of 260 files on the disc; 77 duplicates, 7 excluded (why: 5 SOP Class
// not allowed by STD-GEN-CD, ...), 3 not DICOM, 1 unreadable — see DIR.report.txt".
//   fmt::print("{}\n", summary_line(result, profile, report + ".txt"));
#pragma once

#include <string>

#include "media/author/author.h"
#include "media/profile/profile.h"

namespace discus::cli {

std::string summary_line(const media::author::AuthorResult& result, const media::profile::ApplicationProfile& profile,
                         const std::string& report_path);

}  // namespace discus::cli
