#include "app/medium.h"

namespace discus::app::detail {

ProfileMedium medium_of(const media::profile::ApplicationProfile& p) {
  if (const media::profile::MediumType* disc = media::profile::disc_medium_of(p); disc != nullptr)
    return {MediumFamily::kDisc, disc->default_size() != nullptr ? disc->default_size()->name : disc->id};
  if (media::profile::is_flash_medium(p)) return {MediumFamily::kFlash, ""};
  return {};
}

}  // namespace discus::app::detail
