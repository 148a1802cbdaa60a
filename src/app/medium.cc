#include "app/medium.h"

namespace discus::app::detail {

ProfileMedium medium_of(const media::profile::ApplicationProfile& p) {
  const std::string& m = p.medium_id;
  if (m == "CD-R") return {MediumFamily::kDisc, "cd"};
  if (m == "DVD") return {MediumFamily::kDisc, "dvd"};
  if (m == "BD") return {MediumFamily::kDisc, "bd"};
  if (m == "DVD-RAM") return {MediumFamily::kDisc, "dvd-ram"};
  if (m == "USB" || m == "CF" || m == "SD" || m == "MMC") return {MediumFamily::kFlash, ""};
  return {};
}

}  // namespace discus::app::detail
