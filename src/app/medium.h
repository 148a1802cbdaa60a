// discus::app (internal) — which kind of medium a PS3.11 application profile is written to.
//
// `author --iso/--burn` needs a disc profile (PS3.12 F: CD-R, P: DVD as ISO 9660; X: BD and J:
// DVD-RAM as UDF, output/udf), `author --usb` a flash profile (PS3.12 R).
// The answer comes from profiles/common/media.json, the only medium table (disc_medium_of,
// is_flash_medium of src/media/profile); this is the one place src/app asks.
#pragma once

#include <string>

#include "media/profile/profile.h"

namespace discus::app::detail {

enum class MediumFamily { kDisc, kFlash, kOther };

struct ProfileMedium {
  MediumFamily family = MediumFamily::kOther;
  std::string iso_medium;  // for a disc: the size name write_iso and burn take ("cd", "dvd", "bd", ...)
};

ProfileMedium medium_of(const media::profile::ApplicationProfile& profile);

}  // namespace discus::app::detail
