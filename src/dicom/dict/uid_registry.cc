#include "dicom/dict/uid_registry.h"

#include <algorithm>

namespace discus::dicom::dict {
namespace {
#include "uid_data.inc"
}  // namespace

const UidEntry* find_uid(std::string_view uid) {
  const auto it = std::lower_bound(std::begin(kUidEntries), std::end(kUidEntries), uid,
                                   [](const UidEntry& e, std::string_view v) { return e.uid < v; });
  return (it != std::end(kUidEntries) && it->uid == uid) ? &*it : nullptr;
}

std::span<const UidEntry> all_uids() { return kUidEntries; }

std::string describe_uid(std::string_view uid) {
  if (uid.empty()) return "(none)";
  const UidEntry* e = find_uid(uid);
  if (e == nullptr || e->name.empty()) return "[" + std::string(uid) + "]";
  return std::string(e->name) + " [" + std::string(uid) + "]";
}

}  // namespace discus::dicom::dict
