// discus::media::profile — the non-DICOM content a medium may carry beside its file-set, as data:
// profiles/common/allowed-content.json (README.TXT, SHA256.TXT, INDEX.HTM, IHE_PDI/, VIEWER/, ...).
//
// `verify` and `dir --check` report every file no DICOMDIR record references (PS3.10 8.6): a DICOM
// file so found is an error, a file this list names is fine, any other file is a warning. The
// list is shared by every profile (PS3.12 and IHE PDI allow the same extras on all media).
//   DISCUS_TRY(AllowedContent allowed, AllowedContent::load(default_profile_directory()));
//   if (!allowed.allows("IHE_PDI/INDEX.HTM;1")) warn(...);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace discus::media::profile {

class AllowedContent {
 public:
  struct Entry {
    std::string name;  // "README.TXT", or "IHE_PDI/" for a folder and what is under it
    std::string why;
  };

  // `profile_directory`/common/allowed-content.json, checked strictly; errors name the JSON path.
  static base::Result<AllowedContent> load(const std::string& profile_directory);
  // A list given directly (tests, the daemon's configuration).
  explicit AllowedContent(std::vector<Entry> entries = {}) : entries_(std::move(entries)) {}

  // Whether `path` (relative to the file-set root, '/'-separated) is named by the list.
  bool allows(std::string_view path) const;
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
};

// A path on a medium as names on it are compared: upper case, each component without an ISO 9660
// version (";1") or a trailing "." ("dicom/a.;1" and "DICOM/A" are one file).
std::string comparable_medium_path(std::string_view path);

}  // namespace discus::media::profile
