// discus::media::profile — ProfileRegistry: every PS3.11 profile of profiles/, checked on load.
//
// load() reads profiles/*.json (one Media Storage Application Profile per file, PS3.11 annexes
// A-N) and the shared tables they name (keys/, common/, the media of common/media.json), checks each field strictly against
// profiles/schema.json's rules and PS3.6 (UIDs, transfer syntaxes, keywords), and returns the
// first problem as an Error naming the file and the JSON path. No globals: build one registry in
// the composition root and pass it down.
//   DISCUS_TRY(auto reg, ProfileRegistry::load(default_profile_directory()));
//   const ApplicationProfile* p = reg.find("STD-GEN-DVD-JPEG");
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "media/profile/application_profile.h"
#include "media/profile/medium_table.h"

namespace discus::media::profile {

class ProfileRegistry {
 public:
  // Every profiles/*.json of `directory`, plus the retired ids of common/retired.json.
  static base::Result<ProfileRegistry> load(const std::string& directory);

  // By PS3.11 id; "APL-" (the deprecated synonym of "STD-" for US profiles) is accepted too.
  const ApplicationProfile* find(std::string_view id) const;
  const std::vector<ApplicationProfile>& all() const { return profiles_; }
  // The media the profiles name (common/media.json): capacities, sizes, file systems.
  const MediumTable& media() const { return media_; }

 private:
  std::vector<ApplicationProfile> profiles_;  // sorted by id
  MediumTable media_;
};

// Where the profiles live: $DISCUS_PROFILE_DIR, else the compile-time default (the source tree's
// profiles/ for a build tree; configure with -DDISCUS_PROFILE_DIR=/usr/share/discus/profiles for
// an installed package).
std::string default_profile_directory();

// The keys a profile file may hold (for the schema.json consistency test).
std::vector<std::string_view> profile_file_keys();

}  // namespace discus::media::profile
