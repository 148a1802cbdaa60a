// discus::media::profile — ApplicationProfile queries and the "any Media Storage SOP Class" rule.
#include "media/profile/application_profile.h"

#include <algorithm>

#include "dicom/dict/uid_registry.h"

namespace discus::media::profile {
namespace {

constexpr std::string_view kMediaStorageDirectoryStorage = "1.2.840.10008.1.3.10";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool storage_name(std::string_view name) {
  for (std::string_view qualifier : {" - For Presentation", " - For Processing"}) {
    if (ends_with(name, qualifier)) {
      name.remove_suffix(qualifier.size());
      break;
    }
  }
  return ends_with(name, " Storage");
}

}  // namespace

bool is_storage_sop_class_any_status(std::string_view uid) {
  const dicom::dict::UidEntry* e = dicom::dict::find_uid(uid);
  return e != nullptr && e->type == "SOP Class" && uid != kMediaStorageDirectoryStorage && storage_name(e->name);
}

bool is_media_storage_sop_class(std::string_view uid) {
  const dicom::dict::UidEntry* e = dicom::dict::find_uid(uid);
  return e != nullptr && !e->retired && is_storage_sop_class_any_status(uid);
}

const SopClassRule* ApplicationProfile::find_sop_class(std::string_view sop_class_uid) const {
  auto it = std::find_if(sop_classes.begin(), sop_classes.end(),
                         [&](const SopClassRule& r) { return r.sop_class_uid == sop_class_uid; });
  return it == sop_classes.end() ? nullptr : &*it;
}

std::vector<std::string> ApplicationProfile::transfer_syntaxes_for(std::string_view sop_class_uid) const {
  if (const SopClassRule* rule = find_sop_class(sop_class_uid)) return rule->transfer_syntaxes;
  if (!any_storage_sop_class || !is_media_storage_sop_class(sop_class_uid)) return {};
  std::vector<std::string> out = default_transfer_syntaxes;
  out.insert(out.end(), multi_frame_transfer_syntaxes.begin(), multi_frame_transfer_syntaxes.end());
  return out;
}

const MediumType* disc_medium_of(const ApplicationProfile& p) {
  return p.medium_type && p.medium_type->kind == MediumKind::kDisc ? &*p.medium_type : nullptr;
}

bool is_flash_medium(const ApplicationProfile& p) { return p.medium_type && p.medium_type->kind == MediumKind::kFlash; }

}  // namespace discus::media::profile
