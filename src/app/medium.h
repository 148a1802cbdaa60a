// discus::app (internal) — which kind of medium a PS3.11 application profile is written to.
//
// `author --iso/--burn` needs a disc profile (PS3.12 F: CD-R, P: DVD; BD and DVD-RAM are named
// so write_iso can refuse them with the reason, UDF), `author --usb` a flash profile (PS3.12 R).
// TODO(branch infra): profiles/common/media.json becomes the only medium table, with a lookup in
// src/media/profile; this function then reads the family and ISO medium from there.
#pragma once

#include <string>

#include "media/profile/profile.h"

namespace discus::app::detail {

enum class MediumFamily { kDisc, kFlash, kOther };

struct ProfileMedium {
  MediumFamily family = MediumFamily::kOther;
  std::string iso_medium;  // for a disc: the output::iso::iso_medium() name ("cd", "dvd", "bd", "dvd-ram")
};

ProfileMedium medium_of(const media::profile::ApplicationProfile& profile);

}  // namespace discus::app::detail
